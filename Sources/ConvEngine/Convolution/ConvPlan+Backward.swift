extension ConvPlan {
    /// The plan's gradients for `gradOutput` (shaped as the output, unbatched when the
    /// caller's input was): the fast kernels in the plan's geometry, where the input's
    /// gradient is the other direction's kernel writing an image of the input's own size.
    func gradients(
        _ gradOutput: Tensor, hasBias: Bool, mask: ConvGradientMask, cancellation: CancellationFlag?
    ) throws(EngineError) -> ConvGradients {
        let expected = batched ? outputShape : TensorShape(Array(outputShape.dimensions.dropFirst()))
        guard gradOutput.shape == expected else {
            throw .shape("convolution_backward: grad_output has shape \(gradOutput.shape) but the output has shape \(expected)")
        }
        let gy = batched ? gradOutput : gradOutput.withShape(outputShape)
        // The bias has the weight's output channels (an input of no channels has an
        // output of none, `calc_output_size`, and still a bias).
        let biasShape = TensorShape([operation.isTransposed ? weight.shape[1] * groups : weight.shape[0]])
        if gy.count == 0 || input.count == 0 || weight.count == 0 {
            // No products: every gradient is zeros (PyTorch's for an empty convolution).
            func zeros(_ shape: TensorShape) throws(EngineError) -> Tensor { try Tensor.zeros(shape.dimensions, dtype: input.dtype) }
            return ConvGradients(input: mask.contains(.input) ? unbatched(try zeros(input.shape)) : nil,
                                 weight: mask.contains(.weight) ? try zeros(weight.shape) : nil,
                                 bias: mask.contains(.bias) && hasBias ? try zeros(biasShape) : nil)
        }
        let dtype = input.dtype
        let raw: (input: TensorStorage?, weight: TensorStorage?, bias: TensorStorage?)
        if dtype == .float64 {
            let g = try Self.gradients(gy.elements(as: Double.self), input.elements(as: Double.self),
                                       weight.elements(as: Double.self), geometry: geometry,
                                       transposed: operation.isTransposed, mask: mask, hasBias: hasBias,
                                       routes: ConvRoutes(), cancellation: cancellation)
            raw = (g.input.map { .float64($0) }, g.weight.map { .float64($0) }, g.bias.map { .float64($0) })
        } else {
            // float32, and bfloat16 computed in float32 as the forward does.
            let g = try Self.gradients(gy.elements(as: Float.self), input.elements(as: Float.self),
                                       weight.elements(as: Float.self), geometry: geometry,
                                       transposed: operation.isTransposed, mask: mask, hasBias: hasBias,
                                       routes: routes, cancellation: cancellation)
            raw = (g.input.map { TensorStorage.float32($0).converted(to: dtype) },
                   g.weight.map { TensorStorage.float32($0).converted(to: dtype) },
                   g.bias.map { TensorStorage.float32($0).converted(to: dtype) })
        }
        return ConvGradients(input: raw.input.map { unbatched(Tensor(shape: input.shape, storage: $0)) },
                             weight: raw.weight.map { Tensor(shape: weight.shape, storage: $0) },
                             bias: raw.bias.map { Tensor(shape: biasShape, storage: $0) })
    }

    /// The three gradients as flat arrays. In the geometry's terms a convolution's output
    /// gradient is on the column side and a transposed convolution's on the image side.
    /// Each follows the forward's `routes`: the direct depthwise kernels for the input's
    /// and weight's gradients where the forward took it; the input gradient (the other
    /// direction's forward) on Winograd's or the sub-pixel route where they apply to it;
    /// a transposed convolution's two gradients from one lowering where PyTorch runs
    /// oneDNN (or, in float32 on AVX2 where ``ConvKernels/prefersPhasePlanes(_:)``, from
    /// the output gradient's phase planes with no lowering), its input's gradient on its
    /// own where ``ConvRoutes/subPixelWinogradConvolution`` takes it; elsewhere the
    /// weight's gradient added sample by sample, as PyTorch's matrix route adds it.
    private static func gradients<T: BLASScalar>(
        _ gy: [T], _ x: [T], _ w: [T], geometry g: ConvGeometry, transposed: Bool, mask: ConvGradientMask,
        hasBias: Bool, routes: ConvRoutes, cancellation: CancellationFlag?
    ) throws(EngineError) -> (input: [T]?, weight: [T]?, bias: [T]?) {
        let resources = ComputeResources()
        let directDepthwise = routes.directDepthwise, winograd = routes.winograd
        // A transposed convolution's input and weight gradients from one lowering of the
        // output gradient, where PyTorch takes oneDNN (another order of sums); taken for
        // either alone too, so that each comes out the same whatever else is asked for.
        let wantsInput = mask.contains(.input), wantsWeight = mask.contains(.weight)
        if routes.oneDNN, transposed, wantsInput || wantsWeight, !directDepthwise, !winograd,
           ConvKernels.sharesTransposedLowering(g) {
            // The input's gradient on its own where the convolution direction takes Winograd's
            // products (fewer than the lowered patches' even shared with the weight's).
            let separateInput = wantsInput && routes.subPixelWinogradConvolution
            let lowersInput = wantsInput && !separateInput
            // Both routes overwrite what they are asked for.
            var gradInput = [T](unsafeUninitializedCapacity: lowersInput ? x.count : 0) { $1 = $0.count }
            var gradWeight = [T](unsafeUninitializedCapacity: wantsWeight ? w.count : 0) { $1 = $0.count }
            try gy.withUnsafeBufferPointer { (gys) throws(EngineError) in
                try x.withUnsafeBufferPointer { (xs) throws(EngineError) in
                    try w.withUnsafeBufferPointer { (ws) throws(EngineError) in
                        try gradInput.withUnsafeMutableBufferPointer { (gi) throws(EngineError) in
                            try gradWeight.withUnsafeMutableBufferPointer { (gw) throws(EngineError) in
                                if T.self == Float.self, ConvKernels.prefersPhasePlanes(g) {
                                    try ConvKernels.phasePlaneGradients(gradOutput: gys.floats, input: xs.floats,
                                                                        weight: ws.floats,
                                                                        gradInput: lowersInput ? gi.floats : nil,
                                                                        gradWeight: wantsWeight ? gw.floats : nil,
                                                                        geometry: g, resources: resources,
                                                                        cancellation: cancellation)
                                } else {
                                    try ConvKernels.transposedGradients(gradOutput: gys, input: xs, weight: ws,
                                                                        gradInput: lowersInput ? gi : nil,
                                                                        gradWeight: wantsWeight ? gw : nil, geometry: g,
                                                                        resources: resources, cancellation: cancellation)
                                }
                            }
                        }
                    }
                }
            }
            if separateInput {
                gradInput = try compute(gy, w, nil, count: x.count, geometry: g, transposed: false, routes: routes,
                                        cancellation: cancellation)
            }
            let gradBias = mask.contains(.bias) && hasBias
                ? try biasGradient(gy, geometry: g, transposed: transposed, resources: resources, cancellation: cancellation)
                : nil
            return (wantsInput ? gradInput : nil, wantsWeight ? gradWeight : nil, gradBias)
        }
        let direct = directDepthwise
            ? try DepthwiseConvolution.gradients(gy, x, w, geometry: g, mask: mask, resources: resources, cancellation: cancellation)
            : nil
        var gradWeight = direct?.weight, gradBias: [T]?
        // The input's gradient is the other direction's forward, into an image (or
        // columns) of the input's own size, on the forward's route when it is Winograd's.
        var gradInput = direct?.input
        if mask.contains(.input), direct == nil {
            var inputRoutes = routes
            inputRoutes.directDepthwise = false
            gradInput = try compute(gy, w, nil, count: x.count, geometry: g, transposed: !transposed, routes: inputRoutes,
                                    cancellation: cancellation)
        }
        try gy.withUnsafeBufferPointer { (gys) throws(EngineError) in
            try x.withUnsafeBufferPointer { (xs) throws(EngineError) in
                if mask.contains(.weight), direct == nil {
                    var result = [T](repeating: 0, count: w.count)
                    let (columns, image) = transposed ? (xs, gys) : (gys, xs)
                    try result.withUnsafeMutableBufferPointer { (out) throws(EngineError) in
                        // Where PyTorch stays on its matrix route, its order: sample by sample.
                        // One sample has no order to follow: the batched route's shares
                        // stay (OptimFixtureTests pin their bits against PyTorch).
                        if routes.oneDNN || g.batch == 1 {
                            try ConvKernels.weightGradient(columns: columns, image: image, gradWeight: out, geometry: g,
                                                           resources: resources, cancellation: cancellation)
                        } else {
                            try ConvKernels.weightGradientInSampleOrder(columns: columns, image: image, gradWeight: out,
                                                                        geometry: g, resources: resources,
                                                                        cancellation: cancellation)
                        }
                    }
                    gradWeight = result
                }
                if mask.contains(.bias), hasBias {
                    gradBias = try biasGradient(gy, geometry: g, transposed: transposed, resources: resources,
                                                cancellation: cancellation)
                }
            }
        }
        return (gradInput, gradWeight, gradBias)
    }

    /// The bias's gradient: the output gradient summed per channel.
    private static func biasGradient<T: BLASScalar>(
        _ gy: [T], geometry g: ConvGeometry, transposed: Bool, resources: ComputeResources, cancellation: CancellationFlag?
    ) throws(EngineError) -> [T] {
        let channels = g.groups * (transposed ? g.imageChannelsPerGroup : g.columnChannelsPerGroup)
        return try gy.withUnsafeBufferPointer { (gys) throws(EngineError) in
            try ConvKernels.channelSums(gys, batch: g.batch, channels: channels, plane: transposed ? g.imagePlane : g.columnPlane,
                                        threads: resources.threads, cancellation: cancellation)
        }
    }
}

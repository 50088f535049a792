/// A convolution whose arguments have passed PyTorch's checks: the batched input, the
/// weight and bias, every parameter resolved per spatial dimension, the output shape,
/// and the geometry the compute kernels and the teaching formulations share.
///
/// Making a plan is where refusals happen; running it only computes.
public struct ConvPlan: Sendable {
    /// The input with a batch dimension (added when the caller's had none), and already
    /// padded when `padding_mode` is not zeros.
    public let input: Tensor
    public let weight: Tensor
    public let bias: Tensor?
    public let operation: ConvOperation
    public let stride: [Int]
    public let paddingBefore: [Int]
    public let paddingAfter: [Int]
    public let dilation: [Int]
    public let outputPadding: [Int]
    public let groups: Int
    /// Whether the caller's input had a batch dimension.
    public let batched: Bool
    /// The input as the caller gave it.
    let callerInput: Tensor
    /// The input the convolution proper receives, before a batch dimension is added:
    /// the caller's, or its padded copy when `padding_mode` is not zeros.
    let sourceInput: Tensor
    /// `nn.ConvNd`'s `padding_mode` (zeros for the functional forms).
    let paddingMode: ConvPaddingMode
    /// The output shape, batched.
    public let outputShape: TensorShape
    let geometry: ConvGeometry

    /// The spatial sizes of the (batched) input.
    public var inputSpatial: [Int] { Array(input.shape.dimensions.dropFirst(2)) }
    /// The spatial sizes of the output.
    public var outputSpatial: [Int] { Array(outputShape.dimensions.dropFirst(2)) }
    /// The kernel's spatial sizes.
    public var kernelSize: [Int] { Array(weight.shape.dimensions.dropFirst(2)) }

    /// The numbers of spatial dimension `d`.
    public func dimension(_ d: Int) -> ConvDimension {
        ConvDimension(inputSize: inputSpatial[d], kernelSize: kernelSize[d], stride: stride[d],
                      paddingBefore: paddingBefore[d], paddingAfter: paddingAfter[d],
                      dilation: dilation[d], outputPadding: outputPadding[d])
    }

    /// Whether PyTorch computes this plan's operation through oneDNN when it is float32,
    /// with the calling context's threads: where fast routes that add in another order
    /// than its matrix route may go. Its backward runs the same backend.
    var usesOneDNN: Bool {
        Self.oneDNN(geometry, operation, outputPadding: outputPadding, threads: EngineContext.current.computeThreads)
    }

    /// Whether PyTorch computes a float32 `operation` of `geometry` through oneDNN on
    /// `threads` threads (``PyTorchBackend/usesOneDNN(_:spatialRank:transposed:outputPadding:threads:)``).
    private static func oneDNN(_ geometry: ConvGeometry, _ operation: ConvOperation, outputPadding: [Int],
                               threads: Int) -> Bool {
        PyTorchBackend.usesOneDNN(geometry, spatialRank: operation.spatialRank, transposed: operation.isTransposed,
                                  outputPadding: outputPadding, threads: threads)
    }

    /// Whether the plan's transposed direction (its output if it is a transposed
    /// convolution, else its input's gradient) takes ``SubPixelTransposedConvolution``:
    /// float32 only, where PyTorch runs the operation through oneDNN.
    var transposedDirectionIsSubPixel: Bool { routes.subPixel }

    /// Whether this plan runs on ``WinogradConvolution`` (float32, a stride-1 3x3 2-D
    /// operation PyTorch computes with oneDNN, where the kernel pays); its input
    /// gradient then does too, as PyTorch's backward runs on its forward's backend.
    var takesWinograd: Bool { routes.winograd }

    /// The fast routes of the plan's forward and backward, decided together: the
    /// context's threads read once and PyTorch's backend worked out once.
    var routes: ConvRoutes {
        guard input.dtype == .float32 else { return ConvRoutes() }
        let threads = EngineContext.current.computeThreads
        let oneDNN = Self.oneDNN(geometry, operation, outputPadding: outputPadding, threads: threads)
        let rank = operation.spatialRank
        return ConvRoutes(
            oneDNN: oneDNN,
            subPixel: SubPixelTransposedConvolution.routes(geometry, spatialRank: rank, oneDNN: oneDNN),
            subPixelWinograd: SubPixelWinograd.routes(geometry, spatialRank: rank, oneDNN: oneDNN),
            subPixelWinogradConvolution: SubPixelWinograd.routesConvolution(geometry, spatialRank: rank, oneDNN: oneDNN),
            winograd: WinogradConvolution.routes(geometry, spatialRank: rank, oneDNN: oneDNN),
            directConvolution: DirectConvolution.routes(geometry, spatialRank: rank, oneDNN: oneDNN),
            directDepthwise: DepthwiseConvolution.routes(geometry, spatialRank: rank, transposed: operation.isTransposed,
                                                         threads: threads))
    }

    /// Computes the output with the fast kernels, without the batch dimension if the
    /// caller's input had none; recorded for autograd (`ConvolutionBackward0`) when an
    /// operand requires a gradient and grad mode is on.
    /// - Throws: NotImplementedError when recording would need a gradient ConvLab does
    ///   not compute yet (see ``recorded(_:cancellation:)``).
    public func run(cancellation: CancellationFlag? = nil) throws(EngineError) -> Tensor {
        try recorded(try computed(cancellation: cancellation), cancellation: cancellation)
    }

    /// The output (batched) from the fast kernels, recorded nowhere.
    func computed(cancellation: CancellationFlag?) throws(EngineError) -> Tensor {
        try EngineLimits.checkAllocation(outputShape, dtype: input.dtype)
        // No output elements (no samples, an input of no channels, or a transposed
        // convolution's size 0 on oneDNN's route): nothing to compute.
        if outputShape.elementCount == 0 { return try Tensor.zeros(outputShape.dimensions, dtype: input.dtype) }
        let result: Tensor
        switch input.dtype {
        case .float16 where operation.isTransposed:
            // PyTorch rounds each column to float16 and adds the columns in float16.
            let out = try Float16TransposedConvolution.compute(input.elements(as: Float.self), weight.elements(as: Float.self),
                                                               bias?.elements(as: Float.self), geometry: geometry,
                                                               cancellation: cancellation)
            result = Tensor(shape: outputShape, storage: .float16(out))
        case .int64, .int32, .int16, .int8, .uint8:
            let out = try IntegerConvolution.compute(input.elements(as: Int64.self), weight.elements(as: Int64.self),
                                                     bias?.elements(as: Int64.self), count: outputShape.elementCount,
                                                     geometry: geometry, transposed: operation.isTransposed,
                                                     cancellation: cancellation)
            result = Tensor(shape: outputShape, storage: TensorStorage.int64(out).converted(to: input.dtype))
        case .float64:
            let out = try Self.compute(input.elements(as: Double.self), weight.elements(as: Double.self),
                                       bias?.elements(as: Double.self), count: outputShape.elementCount,
                                       geometry: geometry, transposed: operation.isTransposed, routes: ConvRoutes(),
                                       cancellation: cancellation)
            result = Tensor(shape: outputShape, storage: .float64(out))
        default:
            // float16 and bfloat16 accumulate in float32, as PyTorch's CPU kernels do.
            let out = try Self.compute(input.elements(as: Float.self), weight.elements(as: Float.self),
                                       bias?.elements(as: Float.self), count: outputShape.elementCount,
                                       geometry: geometry, transposed: operation.isTransposed, routes: routes,
                                       cancellation: cancellation)
            result = Tensor(shape: outputShape, storage: TensorStorage.float32(out).converted(to: input.dtype))
        }
        return result
    }

    /// `tensor` without its batch dimension if the caller's input had none.
    public func unbatched(_ tensor: Tensor) -> Tensor {
        batched ? tensor : tensor.withShape(TensorShape(Array(tensor.shape.dimensions.dropFirst())))
    }

    /// Checks a convolution's arguments as PyTorch does and plans it.
    public static func convolution(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, spatialRank: Int,
        stride: SpatialParameter = 1, padding: ConvPadding = 0, dilation: SpatialParameter = 1,
        groups: Int = 1, paddingMode: ConvPaddingMode = .zeros
    ) throws(EngineError) -> ConvPlan {
        let operation = ConvOperation.convolution(spatialRank: spatialRank)
        let callerInput = input
        let explicitPadding = if case .explicit(let p) = padding { p } else { [Int]() }
        try ConvValidation.checkMagnitudes(input: input, weight: weight, groups: groups,
                                           ["stride": stride.values, "padding": explicitPadding, "dilation": dilation.values])
        try ConvValidation.checkBiasDType(input, bias)
        var padding = padding
        var input = input
        if paddingMode != .zeros {
            // nn.ConvNd: F.pad(input, _reversed_padding_repeated_twice, mode), then padding 0.
            let pairs = try paddingPairs(padding, weight: weight, dilation: dilation)
            let pads = pairs.reversed().flatMap { [$0.before, $0.after] }
            input = try input.padded(pads, mode: PaddingMode(paddingMode))
            padding = 0
        }
        let batched = try ConvValidation.checkInputRank(input, operation)
        let x = batched ? input : input.withShape(TensorShape([1] + input.shape.dimensions))

        let before: [Int], after: [Int], strides: [Int]
        switch padding {
        case .same:
            try ConvValidation.checkSamePadding(input: x, weight: weight, stride: stride, dilation: dilation, groups: groups)
            let pairs = try paddingPairs(.same, weight: weight, dilation: dilation)
            strides = try stride.expanded(to: weight.rank - 2, name: "stride")
            before = pairs.map(\.before)
            after = pairs.map(\.after)
        case .valid, .explicit:
            try checkWeightAndGroups(weight, groups)
            // _convolution expands stride, padding, dilation, output_padding in that order.
            strides = try stride.expanded(to: weight.rank - 2, name: "stride")
            let values: SpatialParameter = if case .explicit(let p) = padding { SpatialParameter(p) } else { 0 }
            before = try values.expanded(to: weight.rank - 2, name: "padding")
            after = before
        }
        let conv = ResolvedConv(
            operation: operation,
            stride: strides,
            paddingBefore: before, paddingAfter: after,
            dilation: try dilation.expanded(to: weight.rank - 2, name: "dilation"),
            outputPadding: Array(repeating: 0, count: weight.rank - 2),
            groups: groups, batched: batched)
        try ConvValidation.checkShapeForward(input: x, weight: weight, bias: bias, conv: conv)
        try ConvValidation.checkEmptyInput(x, operation)
        let empty = ConvValidation.takesEmptyBackend(x)
        if !empty { try ConvValidation.checkKernelSize(weight) }

        let spatialIn = Array(x.shape.dimensions.dropFirst(2))
        let kernel = Array(weight.shape.dimensions.dropFirst(2))
        let spatialOut = spatialIn.indices.map {
            ShapeArithmetic.convolution(conv.dimension($0, inputSize: spatialIn[$0], kernelSize: kernel[$0])).outputSize
        }
        // An input of no channels has an output of none (`calc_output_size`), whatever
        // the weight's output channels.
        let outputChannels = x.shape[1] == 0 ? 0 : weight.shape[0]
        let geometry = ConvGeometry(
            batch: x.shape[0], groups: groups,
            imageChannelsPerGroup: weight.shape[1], columnChannelsPerGroup: weight.shape[0] / groups,
            imageSize: spatialIn, columnSize: spatialOut, kernel: kernel,
            stride: conv.stride, paddingBefore: conv.paddingBefore, dilation: conv.dilation)
        let outputShape = [x.shape[0], outputChannels] + spatialOut
        if empty {
            try ConvValidation.checkEmptyBackend(input: x, weight: weight, outputShape: outputShape, spatialRank: spatialRank)
        } else {
            try ConvValidation.checkZeroDilation(conv, oneDNN: usesOneDNN(x.dtype, geometry, conv))
        }
        try ConvValidation.checkDTypes(x, weight, conv)
        return ConvPlan(input: x, weight: weight, bias: bias, operation: operation, stride: conv.stride,
                        paddingBefore: before, paddingAfter: after, dilation: conv.dilation,
                        outputPadding: conv.outputPadding, groups: groups, batched: batched,
                        callerInput: callerInput, sourceInput: input, paddingMode: paddingMode,
                        outputShape: TensorShape(outputShape), geometry: geometry)
    }

    /// Checks a transposed convolution's arguments as PyTorch does and plans it.
    public static func transposed(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, spatialRank: Int,
        stride: SpatialParameter = 1, padding: SpatialParameter = 0, outputPadding: SpatialParameter = 0,
        groups: Int = 1, dilation: SpatialParameter = 1
    ) throws(EngineError) -> ConvPlan {
        let operation = ConvOperation.transposed(spatialRank: spatialRank)
        try ConvValidation.checkMagnitudes(input: input, weight: weight, groups: groups,
                                           ["stride": stride.values, "padding": padding.values,
                                            "output_padding": outputPadding.values, "dilation": dilation.values])
        let batched = try ConvValidation.checkInputRank(input, operation)
        let x = batched ? input : input.withShape(TensorShape([1] + input.shape.dimensions))
        try checkWeightAndGroups(weight, groups)
        let dims = weight.rank - 2
        // _convolution expands stride, padding, dilation, output_padding in that order.
        let strides = try stride.expanded(to: dims, name: "stride")
        let paddingValues = try padding.expanded(to: dims, name: "padding")
        let conv = ResolvedConv(
            operation: operation,
            stride: strides,
            paddingBefore: paddingValues, paddingAfter: paddingValues,
            dilation: try dilation.expanded(to: dims, name: "dilation"),
            outputPadding: try outputPadding.expanded(to: dims, name: "output_padding"),
            groups: groups, batched: batched)
        try ConvValidation.checkShapeForward(input: x, weight: weight, bias: bias, conv: conv)
        try ConvValidation.checkEmptyInput(x, operation)

        let spatialIn = Array(x.shape.dimensions.dropFirst(2))
        let kernel = Array(weight.shape.dimensions.dropFirst(2))
        let spatialOut = spatialIn.indices.map {
            ShapeArithmetic.transposed(conv.dimension($0, inputSize: spatialIn[$0], kernelSize: kernel[$0])).outputSize
        }
        let outChannelsPerGroup = weight.shape[1]
        let geometry = ConvGeometry(
            batch: x.shape[0], groups: groups,
            imageChannelsPerGroup: outChannelsPerGroup, columnChannelsPerGroup: weight.shape[0] / groups,
            imageSize: spatialOut, columnSize: spatialIn, kernel: kernel,
            stride: conv.stride, paddingBefore: conv.paddingBefore, dilation: conv.dilation)
        // PyTorch checks the output's size on its matrix route only; oneDNN makes an
        // empty output of a size 0 and refuses a negative one in words of its own.
        let outputShape = [x.shape[0], outChannelsPerGroup * groups] + spatialOut
        if ConvValidation.takesEmptyBackend(x) {
            try ConvValidation.checkEmptyBackend(input: x, weight: weight, outputShape: outputShape, spatialRank: dims)
        } else {
            try ConvValidation.checkTransposedOutput(input: x, weight: weight, conv: conv,
                                                     oneDNN: usesOneDNN(x.dtype, geometry, conv))
        }
        try ConvValidation.checkDTypes(x, weight, conv)
        return ConvPlan(input: x, weight: weight, bias: bias, operation: operation, stride: conv.stride,
                        paddingBefore: paddingValues, paddingAfter: paddingValues, dilation: conv.dilation,
                        outputPadding: conv.outputPadding, groups: groups, batched: batched,
                        callerInput: input, sourceInput: input, paddingMode: .zeros,
                        outputShape: TensorShape(outputShape),
                        geometry: geometry)
    }

    /// Whether PyTorch runs the planned operation through oneDNN (float32, as the plan's
    /// ``routes`` take it), for the checks whose words depend on the route.
    private static func usesOneDNN(_ dtype: DType, _ geometry: ConvGeometry, _ conv: ResolvedConv) -> Bool {
        dtype == .float32
            && oneDNN(geometry, conv.operation, outputPadding: conv.outputPadding,
                      threads: EngineContext.current.computeThreads)
    }

    /// `_convolution`'s first checks.
    private static func checkWeightAndGroups(_ weight: Tensor, _ groups: Int) throws(EngineError) {
        guard weight.rank > 2 else { throw .shape("weight should have at least three dimensions") }
        guard groups > 0 else { throw .argument("non-positive groups is not supported") }
    }

    /// The padding before and after each spatial dimension, with `"same"` worked out
    /// from the kernel and dilation (the extra zero goes after).
    static func paddingPairs(_ padding: ConvPadding, weight: Tensor, dilation: SpatialParameter) throws(EngineError) -> [(before: Int, after: Int)] {
        guard weight.rank > 2 else { throw .shape("weight should have at least three dimensions") }
        let dims = weight.rank - 2
        switch padding {
        case .explicit(let p):
            return try SpatialParameter(p).expanded(to: dims, name: "padding").map { ($0, $0) }
        case .valid:
            return Array(repeating: (0, 0), count: dims)
        case .same:
            let d = try dilation.expanded(to: dims, name: "dilation")
            return (0..<dims).map { ShapeArithmetic.samePadding(kernelSize: weight.shape[$0 + 2], dilation: d[$0]) }
        }
    }

    /// The forward kernels' output for flat operands: the lowered route
    /// (``ConvKernels``) unless `routes` takes a fast one for the direction computed, or,
    /// for a transposed direction with one input channel per group,
    /// ``DirectTransposedConvolution`` (the lowered route's bits without its column matrix).
    /// - Parameters:
    ///   - transposed: the direction computed (a convolution's input gradient is a
    ///     transposed convolution in the same geometry).
    ///   - routes: the plan's routes; ``ConvRoutes/directDepthwise``,
    ///     ``ConvRoutes/subPixelWinogradConvolution`` and ``ConvRoutes/directConvolution``
    ///     apply to a convolution, ``ConvRoutes/subPixel`` and ``ConvRoutes/subPixelWinograd``
    ///     to a transposed direction, and ``ConvRoutes/winograd`` to either.
    static func compute<T: BLASScalar>(
        _ x: [T], _ w: [T], _ b: [T]?, count: Int, geometry: ConvGeometry, transposed: Bool, routes: ConvRoutes,
        cancellation: CancellationFlag?
    ) throws(EngineError) -> [T] {
        let depthwise = routes.directDepthwise && !transposed
        let subPixelWinograd = routes.subPixelWinograd && transposed
        let subPixel = routes.subPixel && transposed && !subPixelWinograd
        let winograd = routes.winograd
        let winogradConvolution = routes.subPixelWinogradConvolution && !transposed && !winograd && !depthwise
        let directConvolution = routes.directConvolution && !transposed && !winograd && !depthwise && !winogradConvolution
        // One input channel per group: the direct kernel, the lowered route's exact sums.
        let direct = transposed && !subPixel && !subPixelWinograd && !winograd
            && DirectTransposedConvolution.applies(to: geometry)
        // Every route overwrites its output (the lowered transposed route writes each
        // thread's part from its columns, or zeroes it before its col2im adds into it),
        // so it is not zeroed first.
        var output = [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        let resources = ComputeResources()
        try output.withUnsafeMutableBufferPointer { (out) throws(EngineError) in
            try x.withUnsafeBufferPointer { (xs) throws(EngineError) in
                try w.withUnsafeBufferPointer { (ws) throws(EngineError) in
                    try withOptionalBuffer(b) { (bs) throws(EngineError) in
                        if winograd {
                            try WinogradConvolution.compute(input: xs, weight: ws, bias: bs, output: out,
                                                            geometry: geometry, transposed: transposed,
                                                            resources: resources, cancellation: cancellation)
                        } else if subPixelWinograd {
                            try SubPixelWinograd.forward(input: xs, weight: ws, bias: bs, output: out, geometry: geometry,
                                                         resources: resources, cancellation: cancellation)
                        } else if winogradConvolution {
                            try SubPixelWinograd.convolution(input: xs, weight: ws, bias: bs, output: out, geometry: geometry,
                                                             resources: resources, cancellation: cancellation)
                        } else if subPixel {
                            try SubPixelTransposedConvolution.forward(input: xs, weight: ws, bias: bs, output: out,
                                                                      geometry: geometry, resources: resources,
                                                                      cancellation: cancellation)
                        } else if direct {
                            try DirectTransposedConvolution.forward(input: xs, weight: ws, bias: bs, output: out,
                                                                    geometry: geometry, resources: resources,
                                                                    cancellation: cancellation)
                        } else if transposed {
                            try ConvKernels.transposedConvolution(input: xs, weight: ws, bias: bs, output: out,
                                                                  geometry: geometry, resources: resources,
                                                                  cancellation: cancellation)
                        } else if directConvolution,
                                  try DirectConvolution.forward(input: xs.floats, weight: ws.floats, bias: bs?.floats,
                                                                output: out.floats, geometry: geometry,
                                                                resources: resources, cancellation: cancellation) {
                            // Computed; a non-finite weight over padding keeps the lowered route.
                        } else if depthwise {
                            try DepthwiseConvolution.forward(input: xs, weight: ws, bias: bs, output: out,
                                                             geometry: geometry, resources: resources,
                                                             cancellation: cancellation)
                        } else {
                            try ConvKernels.convolution(input: xs, weight: ws, bias: bs, output: out,
                                                        geometry: geometry, resources: resources, cancellation: cancellation)
                        }
                    }
                }
            }
        }
        return output
    }

    private static func withOptionalBuffer<T>(
        _ array: [T]?, _ body: (UnsafeBufferPointer<T>?) throws(EngineError) -> Void
    ) throws(EngineError) {
        if let array {
            try array.withUnsafeBufferPointer { (buffer) throws(EngineError) in try body(buffer) }
        } else {
            try body(nil)
        }
    }
}

/// The fast routes a float32 plan takes (none for other dtypes): ``ConvPlan/routes``,
/// decided once for the forward and its gradients, which follow the forward's backend
/// as PyTorch's backward does.
struct ConvRoutes {
    /// Whether PyTorch runs the operation through oneDNN (``ConvPlan/usesOneDNN``).
    var oneDNN = false
    /// The transposed direction on ``SubPixelTransposedConvolution``.
    var subPixel = false
    /// The transposed direction on ``SubPixelWinograd`` (taken before ``subPixel``).
    var subPixelWinograd = false
    /// The convolution direction on ``SubPixelWinograd`` (taken before
    /// ``directConvolution``).
    var subPixelWinogradConvolution = false
    /// Either direction on ``WinogradConvolution``.
    var winograd = false
    /// The convolution direction (taken after ``winograd`` and ``directDepthwise``) on
    /// ``DirectConvolution``.
    var directConvolution = false
    /// The forward and its gradients on ``DepthwiseConvolution``'s direct kernels.
    var directDepthwise = false
}

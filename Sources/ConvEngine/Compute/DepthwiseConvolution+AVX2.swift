import ConvSIMD

/// The float32 depthwise convolution and its input and weight gradients on ConvSIMD's
/// AVX2 + FMA kernels (``DepthwiseAVX2``), for 2-D geometries with stride 1 and one
/// output channel per group, on a CPU that runs them (``SIMDSupport/haswell``).
///
/// Each sum adds its kernel taps in order with one rounding per tap (a fused
/// multiply-add), taps over the padding adding nothing (multiplied by zeros while the
/// other operand is finite, left out otherwise, as oneDNN leaves them), so these routes
/// are taken only where PyTorch runs oneDNN
/// (``DepthwiseConvolution/routes(_:spatialRank:transposed:threads:)``). The input's
/// gradient is a correlation of the output's gradient with the flipped kernel, padded
/// by the kernel's reach less the forward padding; the weight's sums, per channel, the
/// products of input windows with the output's gradient over samples and positions.
///
/// Threads: planes (forward, input gradient) or channels (weight gradient) are split
/// evenly, each thread writing only its own, so the results do not depend on the thread
/// count. Memory: each thread takes a ring of padded rows
/// (``DepthwisePlane/scratchCount`` floats) from the workspace pool; a geometry needing
/// more than its share of ``ConvKernels/workspaceLimit`` keeps the other routes.
/// Cancellation is seen between bounded slices of rows.
extension DepthwiseConvolution {
    /// The forward plane (and, for the input gradient, the adjoint plane) of a geometry
    /// the AVX2 kernels compute; made only on a CPU that runs them.
    struct AVX2Planes {
        let forward: DepthwisePlane
        let inputGradient: DepthwisePlane

        /// Nil unless `g` is 2-D with stride 1 and one output channel per group, the CPU runs
        /// ConvSIMD and each of `threads` threads' scratch fits the workspace bound.
        init?(_ g: ConvGeometry, threads: Int) {
            guard SIMDSupport.haswell, applies(to: g), g.columnChannelsPerGroup == 1, g.stride.allSatisfy({ $0 == 1 }),
                  g.kernel[0] == 1, g.imageSize[0] == 1, g.columnSize[0] == 1 else { return nil }
            let (kh, kw, dh, dw) = (g.kernel[1], g.kernel[2], g.dilation[1], g.dilation[2])
            forward = DepthwisePlane(sourceHeight: g.imageSize[1], sourceWidth: g.imageSize[2],
                                     height: g.columnSize[1], width: g.columnSize[2], kernelHeight: kh, kernelWidth: kw,
                                     dilationHeight: dh, dilationWidth: dw,
                                     paddingTop: g.paddingBefore[1], paddingLeft: g.paddingBefore[2])
            inputGradient = DepthwisePlane(sourceHeight: g.columnSize[1], sourceWidth: g.columnSize[2],
                                           height: g.imageSize[1], width: g.imageSize[2], kernelHeight: kh, kernelWidth: kw,
                                           dilationHeight: dh, dilationWidth: dw,
                                           paddingTop: (kh - 1) * dh - g.paddingBefore[1],
                                           paddingLeft: (kw - 1) * dw - g.paddingBefore[2])
            let scratch = max(forward.scratchCount, inputGradient.scratchCount) + 8 * kh * kw
            guard scratch <= ConvKernels.workspaceLimit / max(threads, 1) else { return nil }
        }
    }

    /// `output = conv(input, weight) + bias` on the AVX2 kernels.
    static func forwardAVX2(
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, geometry g: ConvGeometry, planes: AVX2Planes, resources: ComputeResources,
        cancellation: CancellationFlag?, rowSlice: Int = defaultRowSlice, alwaysSkipPadding: Bool = false
    ) throws(EngineError) {
        try correlatePlanes(source: input, sourcePlane: g.imagePlane, weight: weight, bias: bias, output: output,
                            outputPlane: g.columnPlane, plane: planes.forward, g, resources, cancellation, rowSlice,
                            alwaysSkipPadding)
    }

    /// The input's and weight's gradients (where `mask` asks) of a float32 depthwise
    /// convolution on the AVX2 kernels, or nil where they do not run (another element type,
    /// another geometry, a CPU without AVX2, too much scratch).
    /// - Parameters:
    ///   - gradOutput, input, weight: `[batch, channels, outHeight, outWidth]`,
    ///     `[batch, channels, height, width]`, `[channels, 1, kernelHeight, kernelWidth]`.
    static func gradients<T: BLASScalar>(
        _ gradOutput: [T], _ input: [T], _ weight: [T], geometry g: ConvGeometry, mask: ConvGradientMask,
        resources: ComputeResources, cancellation: CancellationFlag?, rowSlice: Int = defaultRowSlice,
        alwaysSkipPadding: Bool = false
    ) throws(EngineError) -> (input: [T]?, weight: [T]?)? {
        guard T.self == Float.self, let planes = AVX2Planes(g, threads: resources.threads) else { return nil }
        let gy = unsafeBitCast(gradOutput, to: [Float].self), x = unsafeBitCast(input, to: [Float].self)
        let w = unsafeBitCast(weight, to: [Float].self)
        let taps = g.kernelVolume
        var gradInput: [Float]?, gradWeight: [Float]?
        try gy.withUnsafeBufferPointer { (gys) throws(EngineError) in
            if mask.contains(.input) {
                // gradInput = correlate(gradOutput, flipped weight), every element written.
                let flipped = (0..<w.count).map { i in w[i / taps * taps + taps - 1 - i % taps] }
                gradInput = try [Float](unsafeUninitializedCapacity: x.count) { (out, initialized) throws(EngineError) in
                    initialized = x.count
                    guard g.batch > 0, g.imagePlane > 0 else { return }
                    try flipped.withUnsafeBufferPointer { (ws) throws(EngineError) in
                        try correlatePlanes(source: gys.baseAddress!, sourcePlane: g.columnPlane, weight: ws.baseAddress!,
                                            bias: nil, output: out.baseAddress!, outputPlane: g.imagePlane,
                                            plane: planes.inputGradient, g, resources, cancellation, rowSlice,
                                            alwaysSkipPadding)
                    }
                }
            }
            if mask.contains(.weight) {
                var result = [Float](repeating: 0, count: w.count)
                try x.withUnsafeBufferPointer { (xs) throws(EngineError) in
                    try result.withUnsafeMutableBufferPointer { (out) throws(EngineError) in
                        try weightGradientAVX2(image: xs, gradOutput: gys, gradWeight: out, geometry: g,
                                               plane: planes.forward, resources: resources, cancellation: cancellation,
                                               rowSlice: rowSlice, alwaysSkipPadding: alwaysSkipPadding)
                    }
                }
                gradWeight = result
            }
        }
        return (gradInput.map { unsafeBitCast($0, to: [T].self) }, gradWeight.map { unsafeBitCast($0, to: [T].self) })
    }

    /// Every plane `(n, c)` of `output` as `correlate(source plane (n, c), weight[c]) + bias[c]`.
    private static func correlatePlanes(
        source: UnsafePointer<Float>, sourcePlane: Int, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, outputPlane: Int, plane: DepthwisePlane, _ g: ConvGeometry,
        _ resources: ComputeResources, _ cancellation: CancellationFlag?, _ rowSlice: Int, _ alwaysSkipPadding: Bool
    ) throws(EngineError) {
        let pointers = UncheckedBox((source, weight, bias, output))
        let rowsPerCall = max(1, rowSlice / max(plane.width, 1))
        let (taps, channels, pool) = (g.kernelVolume, g.groups, resources.pool)
        Lowering.parallelChunks(g.batch * channels, threads: resources.threads, grain: max(1, 4096 / max(outputPlane, 1))) { jobs in
            let (source, weight, bias, output) = pointers.value
            pool.withBuffer(Float.self, count: plane.scratchCount) { scratch in
                for job in jobs {
                    let c = job % channels
                    // Zero padding times finite weights adds nothing; other weights skip it.
                    var plane = plane
                    plane.skipsPadding = alwaysSkipPadding
                        || UnsafeBufferPointer(start: weight + c * taps, count: taps).contains { !$0.isFinite }
                    var row = 0
                    while row < plane.height {
                        if cancellation?.isCancelled == true { return }
                        let end = min(plane.height, row + rowsPerCall)
                        DepthwiseAVX2.correlate(source: source + job * sourcePlane, weight: weight + c * taps,
                                                bias: bias?[c] ?? 0, output: output + job * outputPlane, plane: plane,
                                                rows: row..<end, scratch: scratch)
                        row = end
                    }
                }
            }
        }
        try cancellation.check()
    }

    /// `gradWeight[c] = sum over n, positions of input window * gradOutput`, each thread
    /// summing its own channels in full.
    private static func weightGradientAVX2(
        image: UnsafeBufferPointer<Float>, gradOutput: UnsafeBufferPointer<Float>,
        gradWeight: UnsafeMutableBufferPointer<Float>, geometry g: ConvGeometry, plane: DepthwisePlane,
        resources: ComputeResources, cancellation: CancellationFlag?, rowSlice: Int, alwaysSkipPadding: Bool
    ) throws(EngineError) {
        guard g.batch > 0, g.columnPlane > 0, g.imagePlane > 0, let result = gradWeight.baseAddress else { return }
        let pointers = UncheckedBox((image.baseAddress!, gradOutput.baseAddress!, result))
        let rowsPerCall = max(1, rowSlice / max(plane.width, 1))
        let (taps, channels, pool) = (g.kernelVolume, g.groups, resources.pool)
        Lowering.parallelChunks(channels, threads: resources.threads) { range in
            let (image, gradOutput, result) = pointers.value
            pool.withBuffer(Float.self, count: plane.scratchCount + 8 * taps) { scratch in
                let lanes = scratch + plane.scratchCount
                for c in range {
                    // Zero padding times a finite output gradient adds nothing; a channel whose
                    // gradient comes out infinite or NaN is summed again skipping the padding.
                    for skipsPadding in alwaysSkipPadding ? [true] : [false, true] {
                        var plane = plane
                        plane.skipsPadding = skipsPadding
                        lanes.update(repeating: 0, count: 8 * taps)
                        for n in 0..<g.batch {
                            let job = n * channels + c
                            var row = 0
                            while row < plane.height {
                                if cancellation?.isCancelled == true { return }
                                let end = min(plane.height, row + rowsPerCall)
                                DepthwiseAVX2.accumulateWeightGradient(
                                    image: image + job * g.imagePlane, gradOutput: gradOutput + job * g.columnPlane,
                                    plane: plane, rows: row..<end, scratch: scratch, lanes: lanes)
                                row = end
                            }
                        }
                        DepthwiseAVX2.sumLanes(lanes, taps: taps, into: result + c * taps)
                        if UnsafeBufferPointer(start: result + c * taps, count: taps).allSatisfy(\.isFinite) { break }
                    }
                }
            }
        }
        try cancellation.check()
    }

    // `alwaysSkipPadding` (tests): mask the padding's taps even where zeros would do.

    /// Output elements per call of a ConvSIMD kernel, between looks at the cancellation
    /// flag (by default; tests take slices of a row or two, so that calls start mid-plane).
    static let defaultRowSlice = 1 << 14
}

import Testing
@testable import ConvEngine

/// The fast path's ways of cutting the work: threads by output channels or by samples,
/// samples batched into one product, position slices when a block does not fit the
/// workspace, a single sample lowered and multiplied in parallel. Each is checked
/// against an independent computation (scatter-add for transposed convolutions, the
/// direct definition for convolutions) with one thread and with two.
@Suite struct ConvKernelsTests {
    /// Runs `body` once in a context of each thread count.
    func withThreads(_ counts: [Int], _ body: () throws -> Void) throws {
        for count in counts {
            try EngineContext(computeThreads: count).run { try body() }
        }
    }

    @Test func transposedBlocksAndSlicesMatchScatterAdd() throws {
        let random = RandomGenerator(seed: 7)
        // Kernel 16, stride 8 over 48x48: 1,024 column rows and 2,304 positions, more
        // than one thread's block holds, so positions are sliced; batch 1 splits
        // channels over threads, batch 2 splits samples.
        for batch in [1, 2] {
            let x = try random.rand([batch, 4, 48, 48], dtype: .float64)
            let w = try random.rand([4, 4, 16, 16], dtype: .float64)
            let bias = try random.rand([4], dtype: .float64)
            let plan = try ConvPlan.transposed(x, weight: w, bias: bias, spatialRank: 2, stride: 8, padding: 4,
                                               outputPadding: 3)
            let expected = try Formulation.scatterAdd(plan).output
            try withThreads([1, 2]) {
                let fast = try plan.run()
                #expect(closeness(fast, expected, rtol: 1e-10, atol: 1e-10) == nil, "batch \(batch)")
            }
        }
        // Small images batched into one product (DCGAN-like), groups, float32.
        let x = try random.rand([5, 6, 4, 4])
        let w = try random.rand([6, 4, 4, 4])
        let plan = try ConvPlan.transposed(x, weight: w, spatialRank: 2, stride: 2, padding: 1, groups: 2)
        let expected = try Formulation.scatterAdd(plan).output
        try withThreads([1, 2]) {
            let fast = try plan.run()
            #expect(closeness(fast, expected, rtol: 1e-5, atol: 1e-5) == nil)
        }
    }

    /// A sample whose columns exceed the workspace (2 to 64 channels, 3x3, 64x64: 2.4M
    /// column entries) takes fewer output channels per product, never slices of its
    /// positions, so each image element gets its taps in the order of PyTorch's col2im
    /// over the whole sample: the same bits as one product and one col2im over all of it.
    @Test func aLargeSampleIsNotSlicedSoTapsAddInWholeSampleOrder() throws {
        let g = ConvGeometry(batch: 1, groups: 1, imageChannelsPerGroup: 64, columnChannelsPerGroup: 2,
                             imageSize: [66, 66], columnSize: [64, 64], kernel: [3, 3], stride: [1, 1],
                             paddingBefore: [0, 0], dilation: [1, 1])
        let rows = 64 * g.kernelVolume, positions = g.columnPlane
        #expect(rows * positions > ConvKernels.blockTarget)
        var random = TestRandom(seed: 21)
        let x = (0..<2 * positions).map { _ in Float.random(in: -1...1, using: &random) }
        let w = (0..<2 * rows).map { _ in Float.random(in: -1...1, using: &random) }
        var expected = [Float](repeating: 0, count: 64 * g.imagePlane)
        var columns = [Float](repeating: 0, count: rows * positions)
        x.withUnsafeBufferPointer { xs in
            w.withUnsafeBufferPointer { ws in
                columns.withUnsafeMutableBufferPointer { cols in
                    Float.gemm(m: rows, n: positions, k: 2, transposeA: true, a: ws.baseAddress!, lda: rows,
                               b: xs.baseAddress!, ldb: positions, c: cols.baseAddress!, ldc: positions, accumulate: false)
                }
            }
        }
        columns.withUnsafeBufferPointer { cols in
            expected.withUnsafeMutableBufferPointer { out in
                Lowering.col2im(columns: cols.baseAddress!, ldc: positions, image: out.baseAddress!, geometry: g,
                                start: 0, count: positions, channels: 0..<64)
            }
        }
        try withThreads([1, 2]) {
            var output = [Float](repeating: 0, count: expected.count)
            try x.withUnsafeBufferPointer { xs in
                try w.withUnsafeBufferPointer { ws in
                    try output.withUnsafeMutableBufferPointer { out in
                        try ConvKernels.transposedConvolution(input: xs, weight: ws, bias: nil, output: out, geometry: g,
                                                              resources: ComputeResources(), cancellation: nil)
                    }
                }
            }
            let differing = zip(output, expected).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(differing == 0, "\(differing) of \(expected.count) elements differ")
        }
    }

    /// The lowered transposed route overwrites its output (each thread zeroes its part
    /// before its col2im adds into it): started from NaN it gives what it gives started
    /// from zeros, and scatter-add's sums, on every way of cutting the work: positions
    /// nobody's taps reach (stride 3, kernel 2), sliced positions, samples batched into
    /// one product, shares of channels (one sample) and of samples, groups.
    @Test func theTransposedRouteOverwritesItsOutput() throws {
        var random = TestRandom(seed: 5)
        let cases: [(x: [Int], w: [Int], stride: Int, padding: Int, groups: Int)] = [
            ([1, 3, 5, 5], [3, 2, 2, 2], 3, 0, 1), ([2, 4, 48, 48], [4, 4, 16, 16], 8, 4, 1),
            ([5, 6, 4, 4], [6, 4, 4, 4], 2, 1, 2), ([4, 8, 6, 6], [8, 3, 3, 3], 2, 1, 1),
        ]
        for c in cases {
            let plan = try ConvPlan.transposed(random.integers(c.x, dtype: .float64),
                                               weight: random.integers(c.w, dtype: .float64),
                                               bias: random.integers([c.w[1] * c.groups], dtype: .float64),
                                               spatialRank: 2, stride: SpatialParameter([c.stride, c.stride]),
                                               padding: SpatialParameter([c.padding, c.padding]), groups: c.groups)
            let expected = try Formulation.scatterAdd(plan).output.elements(as: Double.self)
            try withThreads([1, 2]) {
                let resources = ComputeResources()
                let lowered: RouteComparison.Kernel<Double> = { xs, ws, bs, out in
                    try ConvKernels.transposedConvolution(input: xs, weight: ws, bias: bs, output: out,
                                                          geometry: plan.geometry, resources: resources, cancellation: nil)
                }
                let (fromZeros, fromNaN) = try RouteComparison.outputs(plan, Double.self, referenceFill: 0, fastFill: .nan,
                                                                       reference: lowered, fast: lowered)
                #expect(RouteComparison.differing(fromZeros, expected) == 0, "\(c)")
                #expect(RouteComparison.differing(fromNaN, expected) == 0, "\(c)")
            }
        }
        // No input positions: the output is the bias alone.
        let g = ConvGeometry(batch: 2, groups: 1, imageChannelsPerGroup: 3, columnChannelsPerGroup: 2,
                             imageSize: [2, 2], columnSize: [0, 0], kernel: [3, 3], stride: [1, 1],
                             paddingBefore: [0, 0], dilation: [1, 1])
        let bias: [Float] = [1, 2, 3]
        var output = [Float](repeating: .nan, count: 2 * 3 * 4)
        try bias.withUnsafeBufferPointer { bs in
            try output.withUnsafeMutableBufferPointer { out in
                try ConvKernels.transposedConvolution(input: UnsafeBufferPointer(start: nil, count: 0),
                                                      weight: UnsafeBufferPointer(start: nil, count: 0), bias: bs,
                                                      output: out, geometry: g, resources: ComputeResources(),
                                                      cancellation: nil)
            }
        }
        #expect(output == (0..<2).flatMap { _ in bias.flatMap { Array(repeating: $0, count: 4) } })
    }

    @Test func convolutionBlocksSlicesAndSingleSamplesMatchTheDefinition() throws {
        let random = RandomGenerator(seed: 8)
        // 32 channels x 9 taps over 96x96 positions: sliced. Batch 1 takes the
        // single-sample path (lowering by channel shares, product by column shares).
        for (batch, size) in [(1, 96), (2, 96), (5, 6)] {
            let x = try random.rand([batch, 32, size, size], dtype: .float64)
            let w = try random.rand([3, 32, 3, 3], dtype: .float64)
            let bias = try random.rand([3], dtype: .float64)
            let expected = try directConvolution(x, w, bias, padding: 1)
            try withThreads([1, 2]) {
                let fast = try Convolution.convolution(x, weight: w, bias: bias, spatialRank: 2, padding: 1)
                #expect(closeness(fast, expected, rtol: 1e-10, atol: 1e-10) == nil, "batch \(batch)")
            }
        }
    }

    @Test func aRaisedFlagStopsEveryPath() throws {
        let flag = CancellationFlag()
        flag.cancel()
        let x = try Tensor.zeros([2, 8, 32, 32]), w = try Tensor.zeros([8, 8, 3, 3])
        let single = try Tensor.zeros([1, 8, 32, 32])
        try withThreads([1, 2]) {
            #expect(throws: EngineError.self) {
                _ = try Convolution.transposedConvolution(x, weight: w, spatialRank: 2, cancellation: flag)
            }
            #expect(throws: EngineError.self) {
                _ = try Convolution.convolution(single, weight: w, spatialRank: 2, cancellation: flag)
            }
        }
    }

    /// `y[n, o, i, j] = bias[o] + sum x[n, c, i + a - p, j + b - p] * w[o, c, a, b]`.
    func directConvolution(_ x: Tensor, _ w: Tensor, _ bias: Tensor, padding p: Int) throws -> Tensor {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, k) = (w.shape[0], w.shape[2])
        let (oh, ow) = (h + 2 * p - k + 1, wd + 2 * p - k + 1)
        let xs = x.doubles, ws = w.doubles, bs = bias.doubles
        var out = [Double](repeating: 0, count: n * o * oh * ow)
        xs.withUnsafeBufferPointer { xs in
            ws.withUnsafeBufferPointer { ws in
                out.withUnsafeMutableBufferPointer { out in
                    for s in 0..<n { for q in 0..<o { for i in 0..<oh { for j in 0..<ow {
                        var sum = bs[q]
                        for ch in 0..<c { for a in 0..<k { for b in 0..<k {
                            let yi = i + a - p, xi = j + b - p
                            if yi >= 0 && yi < h && xi >= 0 && xi < wd {
                                sum += xs[((s * c + ch) * h + yi) * wd + xi] * ws[((q * c + ch) * k + a) * k + b]
                            }
                        } } }
                        out[((s * o + q) * oh + i) * ow + j] = sum
                    } } } }
                }
            }
        }
        return try Tensor(shape: [n, o, oh, ow], elements: out)
    }
}

import Testing
@testable import ConvEngine

/// A transposed convolution's input and weight gradients from one shared lowering
/// (``ConvKernels/transposedGradients(gradOutput:input:weight:gradInput:gradWeight:geometry:resources:cancellation:)``)
/// against the separate kernels (the convolution and the weight gradient), on generated
/// geometries (500) with one, two and four threads (fewer samples than threads among
/// them). The sums run in another order, so the two agree to rounding.
@Suite struct TransposedGradientsTests {
    @Test func sharedLoweringMatchesTheSeparateKernels() throws {
        var random = TestRandom(seed: 19)
        func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        for index in 0..<500 {
            let rank = index % 2 + 1
            // Three sizes, the first (depth) 1, the second 1 in 1-d.
            func sizes(_ range: ClosedRange<Int>) -> [Int] { [1, rank == 2 ? draw(range) : 1, draw(range)] }
            let kernel = sizes(1...4), stride = sizes(1...3), dilation = sizes(1...2)
            let padding = [0] + (1..<3).map { kernel[$0] > 1 ? draw(0...kernel[$0] - 1) : 0 }
            let columns = sizes(1...9)
            var image = [Int](), columnSize = [Int]()
            for d in 0..<3 {
                let reach: Int = dilation[d] * (kernel[d] - 1) + 1
                let size: Int = max(1, (columns[d] - 1) * stride[d] + reach - 2 * padding[d])
                image.append(size)
                columnSize.append((size + 2 * padding[d] - reach) / stride[d] + 1)
            }
            // Many lowered rows (sliced positions or fewer samples per block) every 25th case.
            let big = index % 25 == 0
            let g = ConvGeometry(batch: draw(1...5), groups: draw(1...3), imageChannelsPerGroup: big ? 48 : draw(1...5),
                                 columnChannelsPerGroup: draw(1...6), imageSize: image, columnSize: columnSize,
                                 kernel: kernel, stride: stride, paddingBefore: padding, dilation: dilation)
            // Four threads: two or three samples, each thread a share of every sample's positions.
            for threads in [1, 2, 4] where ConvKernels.sharesTransposedLowering(g) {
                try EngineContext(computeThreads: threads).run {
                    try compare(g, index: index)
                }
            }
        }
    }

    func compare(_ g: ConvGeometry, index: Int) throws {
        let resources = ComputeResources()
        var random = TestRandom(seed: UInt64(100 + index))
        func values(_ count: Int) -> [Float] { (0..<count).map { _ in Float.random(in: -1...1, using: &random) } }
        let imageCount = g.batch * g.groups * g.imageChannelsPerGroup * g.imagePlane
        let columnCount = g.batch * g.groups * g.columnChannelsPerGroup * g.columnPlane
        let weightCount = g.groups * g.columnChannelsPerGroup * g.imageChannelsPerGroup * g.kernelVolume
        let gy = values(imageCount), x = values(columnCount), w = values(weightCount)
        let gradInput = UnsafeMutableBufferPointer<Float>.allocate(capacity: columnCount)
        let gradWeight = UnsafeMutableBufferPointer<Float>.allocate(capacity: weightCount)
        let expectedInput = UnsafeMutableBufferPointer<Float>.allocate(capacity: columnCount)
        let expectedWeight = UnsafeMutableBufferPointer<Float>.allocate(capacity: weightCount)
        defer { [gradInput, gradWeight, expectedInput, expectedWeight].forEach { $0.deallocate() } }
        gradInput.initialize(repeating: .nan)
        gradWeight.initialize(repeating: .nan)
        expectedInput.initialize(repeating: 0)
        expectedWeight.initialize(repeating: .nan)
        try gy.withUnsafeBufferPointer { gys in
            try x.withUnsafeBufferPointer { xs in
                try w.withUnsafeBufferPointer { ws in
                    try ConvKernels.transposedGradients(gradOutput: gys, input: xs, weight: ws, gradInput: gradInput,
                                                        gradWeight: gradWeight, geometry: g, resources: resources,
                                                        cancellation: nil)
                    // Each alone comes out bit for bit as with the other.
                    let alone = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(columnCount, weightCount))
                    defer { alone.deallocate() }
                    try ConvKernels.transposedGradients(gradOutput: gys, input: xs, weight: ws, gradInput: alone,
                                                        gradWeight: nil, geometry: g, resources: resources,
                                                        cancellation: nil)
                    #expect(alone[..<columnCount].elementsEqual(gradInput), "input gradient alone \(g)")
                    try ConvKernels.transposedGradients(gradOutput: gys, input: xs, weight: ws, gradInput: nil,
                                                        gradWeight: alone, geometry: g, resources: resources,
                                                        cancellation: nil)
                    #expect(alone[..<weightCount].elementsEqual(gradWeight), "weight gradient alone \(g)")
                    try ConvKernels.convolution(input: gys, weight: ws, bias: nil, output: expectedInput, geometry: g,
                                                resources: resources, cancellation: nil)
                    try ConvKernels.weightGradient(columns: xs, image: gys, gradWeight: expectedWeight, geometry: g,
                                                   resources: resources, cancellation: nil)
                }
            }
        }
        func close(_ a: UnsafeMutableBufferPointer<Float>, _ b: UnsafeMutableBufferPointer<Float>) -> Bool {
            zip(a, b).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) }
        }
        #expect(close(gradInput, expectedInput), "input gradient \(g)")
        #expect(close(gradWeight, expectedWeight), "weight gradient \(g)")
    }
}

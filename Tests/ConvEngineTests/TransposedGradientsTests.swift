import Testing
@testable import ConvEngine

/// A transposed convolution's input and weight gradients from one shared lowering
/// (``ConvKernels/transposedGradients(gradOutput:input:weight:gradInput:gradWeight:geometry:resources:cancellation:blockBudget:split:)``)
/// against the separate kernels (the convolution and the weight gradient), on generated
/// geometries (500) with one, two and four threads (fewer samples than threads among
/// them), and with blocks of two samples, one or half a sample, the threads splitting
/// the work by samples or by the weights' rows. The sums run in another order, so
/// the two agree to rounding.
@Suite struct TransposedGradientsTests {
    @Test func sharedLoweringMatchesTheSeparateKernels() throws {
        for (index, g) in Self.geometries(seed: 19, count: 500).enumerated() {
            // Four threads: two or three samples, each thread a share of every sample's positions.
            for threads in [1, 2, 4] where ConvKernels.sharesTransposedLowering(g) {
                try EngineContext(computeThreads: threads).run {
                    try compare(g, index: index, route: Self.sharedLowering(blockBudget: nil, split: nil))
                }
            }
            // Smaller blocks (a thread's own, or its share of a shared one), two or three
            // threads, split either way: two samples, one, or half a sample's positions a
            // block (the weight gradient added block by block).
            let perColumn = g.imageChannelsPerGroup * g.kernelVolume + 2 * g.columnChannelsPerGroup
            let budget = perColumn * [2 * g.columnPlane, g.columnPlane, max(1, g.columnPlane / 2)][index % 3]
            for split in [SharedLoweringSplit.columns, .weightRows] {
                try EngineContext(computeThreads: 2 + index % 2).run {
                    try compare(g, index: index, route: Self.sharedLowering(blockBudget: budget, split: split))
                }
            }
        }
    }

    /// `count` 1-D and 2-D geometries (alternately), with every size, stride, dilation
    /// and padding drawn; every 25th has 48 output-gradient channels and 40 input
    /// channels (sliced positions or fewer samples per block, and two blocks of the row
    /// products).
    static func geometries(seed: UInt64, count: Int) -> [ConvGeometry] {
        var random = TestRandom(seed: seed)
        func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        return (0..<count).map { index in
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
            let big = index % 25 == 0
            return ConvGeometry(batch: draw(1...5), groups: draw(1...3), imageChannelsPerGroup: big ? 48 : draw(1...5),
                                columnChannelsPerGroup: big ? 40 : draw(1...6), imageSize: image,
                                columnSize: columnSize, kernel: kernel, stride: stride, paddingBefore: padding,
                                dilation: dilation)
        }
    }

    /// A route of the two gradients, as ``ConvKernels/transposedGradients(gradOutput:input:weight:gradInput:gradWeight:geometry:resources:cancellation:blockBudget:split:)``.
    typealias Route = (UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>,
                       UnsafeMutableBufferPointer<Float>?, UnsafeMutableBufferPointer<Float>?, ConvGeometry,
                       ComputeResources, CancellationFlag?) throws(EngineError) -> Void

    /// ``ConvKernels/transposedGradients(gradOutput:input:weight:gradInput:gradWeight:geometry:resources:cancellation:blockBudget:split:)``
    /// with blocks of `blockBudget` elements and the threads split `split` (nil: its own).
    static func sharedLowering(blockBudget: Int?, split: SharedLoweringSplit?) -> Route {
        { (gy, x, w, gradInput, gradWeight, g, resources, cancellation) throws(EngineError) in
            try ConvKernels.transposedGradients(gradOutput: gy, input: x, weight: w, gradInput: gradInput,
                                                gradWeight: gradWeight, geometry: g, resources: resources,
                                                cancellation: cancellation, blockBudget: blockBudget, split: split)
        }
    }

    func compare(_ g: ConvGeometry, index: Int, route: Route) throws {
        let resources = ComputeResources()
        var random = TestRandom(seed: UInt64(100 + index))
        func values(_ count: Int) -> [Float] { (0..<count).map { _ in Float.random(in: -1...1, using: &random) } }
        let imageCount = g.batch * g.groups * g.imageChannelsPerGroup * g.imagePlane
        let columnCount = g.batch * g.groups * g.columnChannelsPerGroup * g.columnPlane
        let weightCount = g.groups * g.columnChannelsPerGroup * g.imageChannelsPerGroup * g.kernelVolume
        var gy = values(imageCount)
        let x = values(columnCount), w = values(weightCount)
        // Every tenth case an infinite output gradient: the NaNs and infinities it makes
        // (none in a junk position of a route's grid) are the separate kernels'.
        if index % 10 == 3 { gy[(index * 7919) % imageCount] = .infinity }
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
                    try route(gys, xs, ws, gradInput, gradWeight, g, resources, nil)
                    // Each alone comes out bit for bit as with the other.
                    let alone = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(columnCount, weightCount))
                    defer { alone.deallocate() }
                    try route(gys, xs, ws, alone, nil, g, resources, nil)
                    #expect(alone[..<columnCount].elementsEqual(gradInput), "input gradient alone \(g)")
                    try route(gys, xs, ws, nil, alone, g, resources, nil)
                    #expect(alone[..<weightCount].elementsEqual(gradWeight), "weight gradient alone \(g)")
                    try ConvKernels.convolution(input: gys, weight: ws, bias: nil, output: expectedInput, geometry: g,
                                                resources: resources, cancellation: nil)
                    try ConvKernels.weightGradient(columns: xs, image: gys, gradWeight: expectedWeight, geometry: g,
                                                   resources: resources, cancellation: nil)
                }
            }
        }
        func close(_ a: UnsafeMutableBufferPointer<Float>, _ b: UnsafeMutableBufferPointer<Float>) -> Bool {
            zip(a, b).allSatisfy { $1.isFinite ? abs($0 - $1) <= 1e-4 * max(1, abs($1)) : $0.isNaN == $1.isNaN && ($1.isNaN || $0 == $1) }
        }
        #expect(close(gradInput, expectedInput), "input gradient \(g)")
        #expect(close(gradWeight, expectedWeight), "weight gradient \(g)")
    }
}

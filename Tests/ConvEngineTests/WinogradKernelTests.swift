import Foundation
import Testing
@testable import ConvEngine

/// The Winograd kernel against the lowered reference route on 500 generated stride-1
/// 3x3 geometries, in both directions (a transposed convolution's is a convolution's
/// input gradient): integer-valued operands, so every transform is exact and the two
/// routes must agree exactly, whatever order they add in.
@Suite(.ownEngineContext) struct WinogradKernelTests {
    /// One generated operation, already planned (PyTorch's checks passed).
    struct Case: CustomStringConvertible {
        let plan: ConvPlan
        var transposed: Bool { plan.operation.isTransposed }
        var description: String {
            "\(transposed ? "conv_transpose2d" : "conv2d") x \(plan.input.shape) w \(plan.weight.shape) " +
                "bias \(plan.bias != nil) groups \(plan.groups) padding \(plan.paddingBefore) dilation \(plan.dilation) " +
                "output_padding \(plan.outputPadding)"
        }
    }

    /// 500 operations from a fixed seed: convolutions and transposed convolutions
    /// (alternately), batch 1-3, groups 1-3, 1-6 channels per group on each side, sizes
    /// 1-20 (smaller than a tile included), padding 0-3, dilation 1-3 per side (a
    /// transposed one's output padding below its dilation), with and without bias;
    /// operations PyTorch refuses (an output smaller than 1) are drawn again.
    static func cases(count: Int = 500, seed: UInt64 = 19) -> [Case] {
        RouteComparison.plans(count: count, seed: seed) { random, index in
            func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
            let transposed = index % 2 == 1
            let (batch, groups, inPerGroup, outPerGroup) = (draw(1...3), draw(1...3), draw(1...6), draw(1...6))
            let size = [draw(1...20), draw(1...20)], padding = [draw(0...3), draw(0...3)]
            let dilation = draw(0...2) == 0 ? [draw(1...3), draw(1...3)] : [1, 1]
            let outputPadding = dilation.map { draw(0...($0 - 1)) }
            let x = random.integers([batch, groups * inPerGroup] + size, dtype: .float32)
            let b = draw(0...1) == 0 ? nil : random.integers([groups * outPerGroup], dtype: .float32)
            if transposed {
                let w = random.integers([groups * inPerGroup, outPerGroup, 3, 3], dtype: .float32)
                return try? ConvPlan.transposed(x, weight: w, bias: b, spatialRank: 2, padding: SpatialParameter(padding),
                                                outputPadding: SpatialParameter(outputPadding), groups: groups,
                                                dilation: SpatialParameter(dilation))
            }
            let w = random.integers([groups * outPerGroup, inPerGroup, 3, 3], dtype: .float32)
            return try? ConvPlan.convolution(x, weight: w, bias: b, spatialRank: 2, padding: .explicit(padding),
                                             dilation: SpatialParameter(dilation), groups: groups)
        }.map(Case.init)
    }

    /// The lowered route's and the Winograd kernel's outputs for `plan`'s operation.
    static func outputs(_ plan: ConvPlan, resources: ComputeResources = ComputeResources(), tileBudget: Int? = nil,
                        usesAVX2: Bool = SIMDSupport.haswell) throws -> (reference: [Float], winograd: [Float]) {
        let transposed = plan.operation.isTransposed
        let (reference, winograd) = try RouteComparison.outputs(
            plan, Float.self, referenceFill: 0, fastFill: .nan,
            reference: { xs, ws, bs, out in
                if transposed {
                    try ConvKernels.transposedConvolution(input: xs, weight: ws, bias: bs, output: out, geometry: plan.geometry,
                                                          resources: resources, cancellation: nil)
                } else {
                    try ConvKernels.convolution(input: xs, weight: ws, bias: bs, output: out, geometry: plan.geometry,
                                                resources: resources, cancellation: nil)
                }
            },
            fast: { xs, ws, bs, out in
                try WinogradConvolution.compute(input: xs, weight: ws, bias: bs, output: out, geometry: plan.geometry,
                                                transposed: transposed, resources: resources, tileBudget: tileBudget,
                                                usesAVX2: usesAVX2, cancellation: nil)
            })
        return (reference, winograd)
    }

    @Test func fiveHundredGeometriesMatchTheReferenceRoute() throws {
        let cases = Self.cases()
        #expect(cases.count == 500)
        #expect(cases.contains { $0.transposed } && cases.contains { !$0.transposed })
        #expect(cases.contains { $0.plan.dilation != [1, 1] } && cases.contains { $0.plan.outputShape[2] == 1 })
        for c in cases {
            #expect(WinogradConvolution.applies(to: c.plan.geometry), "\(c)")
            // The portable transforms, and ConvSIMD's where the CPU runs them.
            for usesAVX2 in SIMDSupport.haswell ? [false, true] : [false] {
                let (reference, winograd) = try Self.outputs(c.plan, usesAVX2: usesAVX2)
                // Exact sums: equal values (a zero's sign may differ, as between any two orders).
                let differing = zip(reference, winograd).filter { $0 != $1 }.count
                #expect(differing == 0, "\(differing) of \(reference.count) differ (AVX2 \(usesAVX2)): \(c)")
            }
        }
    }

    /// ConvSIMD's transforms are the portable ones' operations in the same order: the
    /// same bits on random operands, dilated and transposed geometries and blocks that
    /// split rows of tiles included.
    @Test(.enabled(if: SIMDSupport.haswell), arguments: [(1, 1, false), (2, 2, false), (3, 1, false), (1, 0, true),
                                                          (2, 1, true)])
    func avx2TransformsGiveThePortableBits(dilation: Int, padding: Int, transposed: Bool) throws {
        let plan = try Self.plan(batch: 2, channels: 8, size: 21, padding: padding, dilation: dilation,
                                 transposed: transposed)
        for budget: Int? in [nil, 13] {
            let portable = try Self.outputs(plan, tileBudget: budget, usesAVX2: false).winograd
            let avx2 = try Self.outputs(plan, tileBudget: budget, usesAVX2: true).winograd
            #expect(portable.map(\.bitPattern) == avx2.map(\.bitPattern), "budget \(String(describing: budget))")
        }
    }

    @Test func oneThreadAndManyThreadsAgree() throws {
        for c in Self.cases(count: 40, seed: 7) {
            let one = try Self.outputs(c.plan, resources: ComputeResources(EngineContext(computeThreads: 1)))
            let four = try Self.outputs(c.plan, resources: ComputeResources(EngineContext(computeThreads: 4)))
            #expect(one.winograd == four.winograd, "\(c)")
        }
    }

    /// Blocks of a few tiles: several blocks per sample, rows of tiles split into
    /// pieces, several blocks per thread, the same results.
    @Test func smallBlocksGiveTheSameResults() throws {
        for c in Self.cases(count: 60, seed: 23) {
            let reference = try Self.outputs(c.plan).reference
            for budget in [8, 13] {
                let small = try Self.outputs(c.plan, tileBudget: budget).winograd
                #expect(small == reference, "budget \(budget): \(c)")
            }
        }
    }

    @Test func blocksCoverEveryTileOnce() {
        let phases = WinogradProblem(ConvGeometry(
            batch: 2, groups: 1, imageChannelsPerGroup: 1, columnChannelsPerGroup: 1, imageSize: [37, 45],
            columnSize: [37, 45], kernel: [3, 3], stride: [1, 1], paddingBefore: [1, 1], dilation: [1, 1]),
            transposed: false).phases
        for budget in [8, 9, 23, 64, 1000, 2000] {
            let blocks = WinogradBlock.cover(phases.map(\.tiles), batch: 2, budget: budget)
            #expect(blocks.allSatisfy { $0.tileCount <= budget })
            var seen = Set<[Int]>()
            for b in blocks { for n in b.samples { for r in b.tileRows { for c in b.tileColumns { seen.insert([n, r, c]) } } } }
            #expect(seen.count == 2 * 19 * 23 && blocks.map(\.tileCount).reduce(0, +) == seen.count)
        }
    }

    // MARK: - The route a plan takes

    /// A plan of a float32 stride-1 3x3 convolution, `channels` to `channels`.
    static func plan(batch: Int = 2, channels: Int = 32, size: Int = 16, padding: Int = 1, dilation: Int = 1,
                     stride: Int = 1, dtype: DType = .float32, transposed: Bool = false) throws -> ConvPlan {
        var random = TestRandom(seed: 13)
        let x = random.tensor([batch, channels, size, size], dtype: dtype)
        let w = random.tensor([channels, channels, 3, 3], dtype: dtype)
        if transposed {
            return try ConvPlan.transposed(x, weight: w, bias: random.tensor([channels], dtype: dtype), spatialRank: 2,
                                           stride: SpatialParameter([stride, stride]),
                                           padding: SpatialParameter([padding, padding]),
                                           dilation: SpatialParameter([dilation, dilation]))
        }
        return try ConvPlan.convolution(x, weight: w, bias: random.tensor([channels], dtype: dtype), spatialRank: 2,
                                        stride: SpatialParameter([stride, stride]), padding: .explicit([padding]),
                                        dilation: SpatialParameter([dilation, dilation]))
    }

    @Test func theRouteIsTakenWherePyTorchUsesOneDNNAndItPays() throws {
        try EngineContext(computeThreads: 2).run { () throws in
            #expect(try Self.plan().takesWinograd)
            #expect(try Self.plan(padding: 2, dilation: 2).takesWinograd)
            #expect(try Self.plan(transposed: true).takesWinograd)
            #expect(try !Self.plan(stride: 2).takesWinograd)
            #expect(try !Self.plan(dtype: .float64).takesWinograd)
            #expect(try !Self.plan(channels: 16).takesWinograd)  // thin products: the lowered route is faster
            #expect(try !Self.plan(size: 12).takesWinograd)  // too few positions
        }
        // One thread, one sample of 32x16x16 (8192 elements, undilated): PyTorch's
        // im2col + sgemm route, so ConvLab's lowered route (PyTorch's exact sums).
        try EngineContext(computeThreads: 1).run { () throws in
            let plan = try Self.plan(batch: 1)
            #expect(!PyTorchBackend.usesOneDNN(plan.geometry, spatialRank: 2, transposed: false, outputPadding: [0, 0],
                                               threads: 1))
            #expect(!plan.takesWinograd)
            #expect(try plan.run().elements(as: Float.self) == Self.outputs(plan).reference)
        }
    }

    /// The plan's output and its input gradient come from the Winograd kernel where it
    /// routes there (the gradient following the forward's decision), else from the
    /// lowered route.
    @Test(arguments: [(1, 1, false), (2, 2, false), (1, 0, true), (1, 1, true)])
    func thePlanAndItsInputGradientTakeTheRoute(dilation: Int, padding: Int, transposed: Bool) throws {
        try EngineContext(computeThreads: 2).run { () throws in
            let plan = try Self.plan(padding: padding, dilation: dilation, transposed: transposed)
            #expect(plan.takesWinograd)
            let (reference, winograd) = try Self.outputs(plan)
            let routed = try plan.run().elements(as: Float.self)
            #expect(routed == winograd)
            #expect(routed != reference, "random operands: the two orders of summing differ somewhere")
            // The input gradient: the other direction of the same geometry.
            var random = TestRandom(seed: 17)
            let gradOutput = random.tensor(plan.outputShape.dimensions, dtype: .float32)
            let gradients = try plan.gradients(gradOutput, hasBias: true, mask: .all, cancellation: nil)
            let backward = try Self.otherDirection(of: plan, gradOutput)
            #expect(gradients.input?.elements(as: Float.self) == backward.winograd)
        }
    }

    /// The lowered route's and the Winograd kernel's results for the other direction
    /// of `plan`'s geometry (its input gradient) on `gradOutput`, with no bias.
    static func otherDirection(of plan: ConvPlan, _ gradOutput: Tensor) throws -> (reference: [Float], winograd: [Float]) {
        let gy = gradOutput.elements(as: Float.self), w = plan.weight.elements(as: Float.self)
        let count = plan.input.shape.elementCount
        var reference = [Float](repeating: 0, count: count), winograd = [Float](repeating: .nan, count: count)
        let transposed = !plan.operation.isTransposed
        try gy.withUnsafeBufferPointer { gys in
            try w.withUnsafeBufferPointer { ws in
                try reference.withUnsafeMutableBufferPointer { out in
                    if transposed {
                        try ConvKernels.transposedConvolution(input: gys, weight: ws, bias: nil, output: out,
                                                              geometry: plan.geometry, resources: ComputeResources(),
                                                              cancellation: nil)
                    } else {
                        try ConvKernels.convolution(input: gys, weight: ws, bias: nil, output: out, geometry: plan.geometry,
                                                    resources: ComputeResources(), cancellation: nil)
                    }
                }
                try winograd.withUnsafeMutableBufferPointer { out in
                    try WinogradConvolution.compute(input: gys, weight: ws, bias: nil, output: out, geometry: plan.geometry,
                                                    transposed: transposed, resources: ComputeResources(), cancellation: nil)
                }
            }
        }
        return (reference, winograd)
    }

    @Test func aRaisedFlagStopsTheKernel() throws {
        let plan = try Self.plan(batch: 4, size: 40)
        let flag = CancellationFlag()
        flag.cancel()
        #expect(throws: EngineError.cancelled) {
            try EngineContext(computeThreads: 2).run { () throws(EngineError) in _ = try plan.run(cancellation: flag) }
        }
    }

    // MARK: - Error on random operands

    /// Standard normal float32 values (Box-Muller), as `torch.randn` draws them.
    static func normal(_ shape: [Int], _ random: inout TestRandom) -> [Float] {
        (0..<shape.reduce(1, *)).map { _ in
            let u = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &random)
            let v = Double.random(in: 0..<1, using: &random)
            return Float((-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v))
        }
    }

    /// The largest absolute errors of the lowered route and of the Winograd kernel in
    /// float32 against the lowered route in float64, on standard normal operands, for a
    /// convolution (`transposed == false`) or its input gradient, and the largest
    /// magnitude of the exact result.
    static func errors(batch: Int, channels: Int, size: Int, padding: Int, dilation: Int, transposed: Bool) throws
        -> (lowered: Double, winograd: Double, largest: Double) {
        var random = TestRandom(seed: 29)
        let out = size + 2 * padding - 2 * dilation
        let g = ConvGeometry(batch: batch, groups: 1, imageChannelsPerGroup: channels, columnChannelsPerGroup: channels,
                             imageSize: [size, size], columnSize: [out, out], kernel: [3, 3], stride: [1, 1],
                             paddingBefore: [padding, padding], dilation: [dilation, dilation])
        let x = normal([batch, channels] + (transposed ? [out, out] : [size, size]), &random)
        let w = normal([channels, channels, 3, 3], &random)
        let count = batch * channels * (transposed ? size * size : out * out)
        func lowered<T: BLASScalar>(_ x: [T], _ w: [T]) throws -> [T] {
            try ConvPlan.compute(x, w, nil, count: count, geometry: g, transposed: transposed, routes: ConvRoutes(),
                                 cancellation: nil)
        }
        let exact = try lowered(x.map(Double.init), w.map(Double.init))
        let single = try lowered(x, w)
        let winograd = try ConvPlan.compute(x, w, nil, count: count, geometry: g, transposed: transposed,
                                            routes: ConvRoutes(winograd: true), cancellation: nil)
        func largest(_ values: [Float]) -> Double { zip(values, exact).map { abs(Double($0) - $1) }.max() ?? 0 }
        return (largest(single), largest(winograd), exact.map(abs).max() ?? 0)
    }

    /// On the bench layers' channels (64, so 576 products per output) and a smaller
    /// image: Winograd's largest error is a few times the lowered route's, both far
    /// below the results' size (about 100). Measured on the full bench shapes
    /// (`WINOGRAD_BENCH_ERROR=1`), see ``errorOnTheBenchShapes()``.
    @Test(arguments: [(1, 0), (2, 0), (1, 1), (2, 1)])
    func errorAgainstFloat64(dilation: Int, backward: Int) throws {
        let e = try Self.errors(batch: 1, channels: 64, size: 24, padding: dilation, dilation: dilation,
                                transposed: backward == 1)
        print("winograd error, dilation \(dilation)\(backward == 1 ? " backward" : ""): max abs \(e.winograd), "
              + "lowered \(e.lowered), largest result \(e.largest)")
        #expect(e.winograd <= 4 * e.lowered && e.winograd <= 1e-6 * e.largest)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["WINOGRAD_BENCH_ERROR"] != nil),
          arguments: [(8, 56, 1, 1, false), (8, 56, 1, 1, true), (1, 64, 2, 2, false), (1, 64, 2, 2, true)])
    func errorOnTheBenchShapes(batch: Int, size: Int, padding: Int, dilation: Int, backward: Bool) throws {
        let e = try Self.errors(batch: batch, channels: 64, size: size, padding: padding, dilation: dilation,
                                transposed: backward)
        print("bench shape \(batch)x64x\(size)x\(size) dilation \(dilation)\(backward ? " backward" : ""): winograd max abs "
              + "\(e.winograd), lowered \(e.lowered), largest result \(e.largest)")
    }
}

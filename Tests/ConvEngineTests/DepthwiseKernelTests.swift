import Testing
@testable import ConvEngine

/// The direct depthwise kernel against the lowered reference route
/// (``ConvKernels/convolution(input:weight:bias:output:geometry:resources:cancellation:)``)
/// on 500 generated geometries: integer-valued operands, so both routes' sums are exact
/// and must agree bit for bit, whatever order they add in.
@Suite struct DepthwiseKernelTests {
    /// One generated convolution, already planned (PyTorch's checks passed).
    struct Case: CustomStringConvertible {
        let plan: ConvPlan
        var description: String {
            "x \(plan.input.shape) w \(plan.weight.shape) bias \(plan.bias != nil) \(plan.input.dtype) " +
                "stride \(plan.stride) padding \(plan.paddingBefore) dilation \(plan.dilation)"
        }
    }

    /// 500 depthwise convolutions from a fixed seed: 1-D and 2-D, batch 1-3, channels
    /// 1-8, multiplier 1-3, sizes 1-20, kernel 1-5, stride 1-3, padding 0-3, dilation
    /// 1-3 per side, with and without bias, float32 and float64; geometries PyTorch
    /// refuses (an output smaller than 1) are drawn again.
    static func cases(count: Int = 500, seed: UInt64 = 19) -> [Case] {
        RouteComparison.plans(count: count, seed: seed) { random, index in
            func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
            let rank = index % 3 == 0 ? 1 : 2
            func sizes(_ range: ClosedRange<Int>) -> [Int] { (0..<rank).map { _ in draw(range) } }
            let (batch, channels, multiplier) = (draw(1...3), draw(1...8), draw(1...3))
            let (size, kernel) = (sizes(1...20), sizes(1...5))
            let (stride, padding, dilation) = (sizes(1...3), sizes(0...3), sizes(1...3))
            let dtype: DType = draw(0...1) == 0 ? .float32 : .float64
            let x = random.integers([batch, channels] + size, dtype: dtype)
            let w = random.integers([channels * multiplier, 1] + kernel, dtype: dtype)
            let b = draw(0...1) == 0 ? nil : random.integers([channels * multiplier], dtype: dtype)
            return try? ConvPlan.convolution(
                x, weight: w, bias: b, spatialRank: rank, stride: SpatialParameter(stride),
                padding: .explicit(padding), dilation: SpatialParameter(dilation), groups: channels)
        }.map(Case.init)
    }

    /// The two routes' outputs for `plan`, in `T`.
    static func outputs<T: BLASScalar & TensorElement>(
        _ plan: ConvPlan, _ type: T.Type, resources: ComputeResources = ComputeResources()
    ) throws -> (reference: [T], direct: [T]) {
        let (reference, direct) = try RouteComparison.outputs(plan, T.self, referenceFill: .nan, fastFill: .nan,
            reference: { xs, ws, bs, out in
                try ConvKernels.convolution(input: xs, weight: ws, bias: bs, output: out, geometry: plan.geometry,
                                            resources: resources, cancellation: nil)
            },
            fast: { xs, ws, bs, out in
                try DepthwiseConvolution.forward(input: xs, weight: ws, bias: bs, output: out, geometry: plan.geometry,
                                                 resources: resources, cancellation: nil)
            })
        return (reference, direct)
    }

    @Test func fiveHundredGeometriesMatchTheReferenceRoute() throws {
        let cases = Self.cases()
        #expect(cases.count == 500)
        #expect(cases.contains { $0.plan.input.rank == 3 } && cases.contains { $0.plan.input.rank == 4 })
        for c in cases {
            #expect(DepthwiseConvolution.applies(to: c.plan.geometry), "\(c)")
            if c.plan.input.dtype == .float32 {
                let (reference, direct) = try Self.outputs(c.plan, Float.self)
                let differing = zip(reference, direct).filter { $0.bitPattern != $1.bitPattern }.count
                #expect(differing == 0, "\(differing) of \(reference.count) differ: \(c)")
            } else {
                let (reference, direct) = try Self.outputs(c.plan, Double.self)
                let differing = zip(reference, direct).filter { $0.bitPattern != $1.bitPattern }.count
                #expect(differing == 0, "\(differing) of \(reference.count) differ: \(c)")
            }
        }
    }

    @Test func oneThreadAndManyThreadsAgree() throws {
        for c in Self.cases(count: 40, seed: 7) where c.plan.input.dtype == .float64 {
            let one = try Self.outputs(c.plan, Double.self, resources: ComputeResources(EngineContext(computeThreads: 1)))
            let four = try Self.outputs(c.plan, Double.self, resources: ComputeResources(EngineContext(computeThreads: 4)))
            #expect(one.direct == four.direct, "\(c)")
        }
    }

    /// Random (not integer) values: the routes add in different orders, so they agree
    /// within float rounding; the plan runs the direct kernel where it routes to it
    /// (float32, 2-D, stride 1, one output channel per group), else the lowered route.
    @Test(arguments: [
        // (size, kernel, stride, padding, dilation, channels, multiplier)
        ([9, 11], [3, 3], [1, 1], [1, 1], [1, 1], 4, 1),
        ([16, 16], [5, 5], [2, 2], [2, 2], [1, 1], 3, 2),
        ([7, 13], [3, 1], [1, 3], [0, 3], [2, 1], 2, 3),
        ([2, 2], [5, 5], [1, 1], [3, 3], [1, 1], 1, 1),  // taps entirely in the padding
        ([40], [7], [1], [3], [1], 5, 2),
    ])
    func randomValuesAndThePlanRoute(
        size: [Int], kernel: [Int], stride: [Int], padding: [Int], dilation: [Int], channels: Int, multiplier: Int
    ) throws {
        var random = TestRandom(seed: 3)
        for dtype in [DType.float32, .float64] {
            let x = random.tensor([2, channels] + size, dtype: dtype)
            let w = random.tensor([channels * multiplier, 1] + kernel, dtype: dtype)
            let b = random.tensor([channels * multiplier], dtype: dtype)
            let plan = try ConvPlan.convolution(x, weight: w, bias: b, spatialRank: size.count,
                                                stride: SpatialParameter(stride), padding: .explicit(padding),
                                                dilation: SpatialParameter(dilation), groups: channels)
            if dtype == .float32 {
                try Self.expectClose(plan, Float.self, tolerance: 1e-5)
            } else {
                try Self.expectClose(plan, Double.self, tolerance: 1e-12)
            }
        }
    }

    /// The routes agree within `tolerance` (relative, with the same absolute floor), and
    /// the plan's output is the direct kernel's.
    static func expectClose<T: BLASScalar & TensorElement>(_ plan: ConvPlan, _ type: T.Type, tolerance: T) throws {
        let (reference, direct) = try outputs(plan, T.self)
        let far = zip(reference, direct).filter { abs($0 - $1) > tolerance * (1 + abs($0)) }.count
        #expect(far == 0, "\(far) of \(reference.count) outside the tolerance")
        let routed = try plan.run().elements(as: T.self)
        if T.self == Float.self, DepthwiseConvolution.routes(plan.geometry, spatialRank: plan.operation.spatialRank, transposed: false) {
            #expect(routed == direct, "the plan did not take the direct kernel")
        } else {
            #expect(routed == reference, "the plan left the lowered route")
        }
    }

    @Test func onlyOneImageChannelPerGroupIsRouted() throws {
        var random = TestRandom(seed: 5)
        let x = random.tensor([1, 4, 6, 6])
        let grouped = try ConvPlan.convolution(x, weight: random.tensor([4, 2, 3, 3]), spatialRank: 2, groups: 2)
        #expect(!DepthwiseConvolution.applies(to: grouped.geometry))
        let depthwise = try ConvPlan.convolution(x, weight: random.tensor([8, 1, 3, 3]), spatialRank: 2, groups: 4)
        #expect(DepthwiseConvolution.applies(to: depthwise.geometry))
        // The kernel can, but the plan keeps the lowered route (PyTorch's exact sums) for a multiplier.
        #expect(!DepthwiseConvolution.routes(depthwise.geometry, spatialRank: 2, transposed: false))
        let mobileNet = try ConvPlan.convolution(x, weight: random.tensor([4, 1, 3, 3]), spatialRank: 2, padding: .explicit([1]), groups: 4)
        #expect(DepthwiseConvolution.routes(mobileNet.geometry, spatialRank: 2, transposed: false))
        let oneD = try ConvPlan.convolution(random.tensor([1, 4, 6]), weight: random.tensor([4, 1, 3]), spatialRank: 1, groups: 4)
        #expect(!DepthwiseConvolution.routes(oneD.geometry, spatialRank: 1, transposed: false))
        let transposed = try ConvPlan.transposed(x, weight: random.tensor([4, 1, 3, 3]), spatialRank: 2, groups: 4)
        #expect(transposed.operation.isTransposed)
    }

    @Test func aRaisedFlagStopsTheKernel() throws {
        var random = TestRandom(seed: 9)
        let x = random.tensor([2, 8, 64, 64], dtype: .float32)
        let plan = try ConvPlan.convolution(x, weight: random.tensor([8, 1, 3, 3], dtype: .float32), spatialRank: 2,
                                            padding: .explicit([1]), groups: 8)
        let flag = CancellationFlag()
        flag.cancel()
        #expect(throws: EngineError.cancelled) { try plan.run(cancellation: flag) }
    }
}

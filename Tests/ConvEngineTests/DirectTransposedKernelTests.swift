import Testing
@testable import ConvEngine

/// The direct transposed convolution (one input channel per group) against the lowered
/// reference route (``ConvKernels/transposedConvolution(input:weight:bias:output:geometry:resources:cancellation:)``)
/// on 500 generated geometries. The two form the same products and add them in the
/// same order, so random (not integer) operands must give the same bits.
@Suite struct DirectTransposedKernelTests {
    typealias Case = TransposedRouteCase

    /// 500 transposed convolutions with one input channel per group from a fixed seed:
    /// 1-D, 2-D and 3-D, batch 1-3, groups 1-4, 1-3 output channels per group, sizes
    /// 1-12 (1-5 in 3-D), kernel 1-5 (1-3 in 3-D), stride 1-4 (often below the kernel, so
    /// taps overlap), padding up to past the dilated kernel's reach, dilation 1-3, output
    /// padding below max(stride, dilation), with and without bias, float32 and float64;
    /// geometries PyTorch refuses are drawn again.
    static func cases(count: Int = 500, seed: UInt64 = 19) -> [Case] {
        RouteComparison.plans(count: count, seed: seed) { random, index in
            func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
            let rank = index % 3 + 1
            func sizes(_ range: ClosedRange<Int>) -> [Int] { (0..<rank).map { _ in draw(range) } }
            let (batch, groups, outPerGroup) = (draw(1...3), draw(1...4), draw(1...3))
            let (size, kernel) = rank == 3 ? (sizes(1...5), sizes(1...3)) : (sizes(1...12), sizes(1...5))
            let (stride, dilation) = (sizes(1...4), sizes(1...3))
            let padding = (0..<rank).map { draw(0...(dilation[$0] * (kernel[$0] - 1) + 1)) }
            let outputPadding = (0..<rank).map { draw(0...(max(stride[$0], dilation[$0]) - 1)) }
            let dtype: DType = draw(0...2) == 0 ? .float64 : .float32
            let x = random.tensor([batch, groups] + size, dtype: dtype)
            let w = random.tensor([groups, outPerGroup] + kernel, dtype: dtype)
            let b = draw(0...1) == 0 ? nil : random.tensor([groups * outPerGroup], dtype: dtype)
            return try? ConvPlan.transposed(
                x, weight: w, bias: b, spatialRank: rank, stride: SpatialParameter(stride),
                padding: SpatialParameter(padding), outputPadding: SpatialParameter(outputPadding), groups: groups,
                dilation: SpatialParameter(dilation))
        }.map(Case.init)
    }

    /// The two routes' outputs for `plan`'s operands, in `T`; the direct output starts
    /// as NaN, so a position it leaves unwritten shows.
    static func outputs<T: BLASScalar & TensorElement>(
        _ plan: ConvPlan, _ type: T.Type, resources: ComputeResources = ComputeResources()
    ) throws -> (reference: [T], direct: [T]) {
        let (reference, direct) = try RouteComparison.transposedOutputs(plan, T.self, resources: resources) { xs, ws, bs, out in
                try DirectTransposedConvolution.forward(input: xs, weight: ws, bias: bs, output: out,
                                                        geometry: plan.geometry, resources: resources, cancellation: nil)
        }
        return (reference, direct)
    }

    @Test func fiveHundredGeometriesMatchTheReferenceRouteBitForBit() throws {
        let cases = Self.cases()
        #expect(cases.count == 500)
        for rank in 3...5 { #expect(cases.contains { $0.plan.input.rank == rank }) }
        #expect(cases.contains { $0.plan.groups > 1 } && cases.contains { $0.plan.bias != nil })
        // Taps that overlap (stride below the dilated kernel) and output padding occur.
        #expect(cases.contains { c in c.plan.stride.indices.contains { c.plan.stride[$0] < c.plan.kernelSize[$0] } })
        #expect(cases.contains { $0.plan.outputPadding.contains { $0 > 0 } })
        // Every stride the width's vector groups take, with input columns in vectors.
        for stride in 2...4 {
            let vectorised = cases.filter { $0.plan.geometry.stride[2] == stride && Self.hasVectorGroups($0.plan.geometry) }
            #expect(vectorised.count >= 5, "stride \(stride): \(vectorised.count) cases in vectors")
        }
        for c in cases {
            #expect(DirectTransposedConvolution.applies(to: c.plan.geometry), "\(c)")
            if c.plan.input.dtype == .float32 {
                let (reference, direct) = try Self.outputs(c.plan, Float.self)
                #expect(RouteComparison.differing(reference, direct) == 0, "\(c)")
            } else {
                let (reference, direct) = try Self.outputs(c.plan, Double.self)
                #expect(RouteComparison.differing(reference, direct) == 0, "\(c)")
            }
        }
    }

    /// Whether some group of `g`'s width taps adds input columns in vectors.
    static func hasVectorGroups(_ g: ConvGeometry) -> Bool {
        var found = false
        TapTables.withTables(g) { tables in
            found = (0..<tables.groupCount).contains { tables.groupInterior($0).start < tables.groupInterior($0).vectorEnd }
        }
        return found
    }

    /// 500 geometries whose taps never meet (in every dimension `(kernel - 1) * dilation
    /// < stride`, the rows written once), with zeros, negative zeros, infinities and
    /// NaNs among random operands: the lowered route's bits everywhere, a negative zero
    /// product made positive by its sum, a position no tap reaches `0` or `0 + bias`.
    @Test func disjointTapsMatchTheReferenceRouteWithSpecialValues() throws {
        let plans = RouteComparison.plans(count: 500, seed: 23) { random, index in
            func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
            let rank = index % 3 + 1
            let size = (0..<rank).map { _ in draw(1...(rank == 3 ? 4 : 10)) }
            let stride = (0..<rank).map { _ in draw(1...5) }
            let dilation = (0..<rank).map { _ in draw(1...3) }
            let kernel = (0..<rank).map { draw(1...((stride[$0] - 1) / dilation[$0] + 1)) }
            return Self.specialValuesPlan(size: size, kernel: kernel, stride: stride, dilation: dilation, &random)
        }
        #expect(plans.count == 500)
        // Positions no tap reaches (a stride longer than the dilated kernel) and biases occur.
        #expect(plans.filter { p in p.stride.indices.contains { p.stride[$0] > p.kernelSize[$0] } }.count > 100)
        #expect(plans.filter { $0.bias != nil }.count > 100)
        try Self.expectSameBits(plans)
    }

    /// 500 disjoint geometries whose kernel tiles the width (kernel width equal to the
    /// stride 2-4, dilation 1: float32 rows go through ``RepeatedProductAVX2``), widths 1-40
    /// so rows take whole blocks of eight inputs, a last partial block and scalar ends,
    /// padding up to past a stride and output padding, with the special values above.
    @Test func tiledWidthsMatchTheReferenceRouteWithSpecialValues() throws {
        let plans = RouteComparison.plans(count: 500, seed: 29) { random, index in
            func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
            let rank = index % 2 + 1
            let size = (0..<rank - 1).map { _ in draw(1...6) } + [draw(1...40)]
            let stride = (0..<rank - 1).map { _ in draw(1...4) } + [draw(2...4)]
            let dilation = (0..<rank - 1).map { _ in draw(1...2) } + [1]
            let kernel = (0..<rank).map { $0 == rank - 1 ? stride[$0] : draw(1...((stride[$0] - 1) / dilation[$0] + 1)) }
            return Self.specialValuesPlan(size: size, kernel: kernel, stride: stride, dilation: dilation, &random)
        }
        #expect(plans.count == 500)
        let float32 = plans.filter { $0.input.dtype == .float32 }
        if SIMDSupport.haswell {
            #expect(float32.allSatisfy { DirectTransposedConvolution.tiledRows($0.geometry, Float.self) != nil })
        }
        for stride in 2...4 {
            // Widths of more than eight inputs past the cropped ones, with and without
            // columns past the input's reach (output padding beyond the padding).
            let long = float32.filter { $0.stride.last == stride && $0.inputSpatial.last! >= 10 }
            #expect(long.count >= 30, "stride \(stride): \(long.count)")
            #expect(long.contains { $0.outputPadding.last! > $0.paddingBefore.last! }, "stride \(stride)")
        }
        try Self.expectSameBits(plans)
        // Every padding and output padding of strides 2-4 on 20-wide rows with the kernel
        // tiling the height too (the articles' k3 s3 p2 among them): a row's last block
        // runs into the next row's first columns wherever the padding exceeds the output
        // padding, and the plane's last row must not.
        var random = TestRandom(seed: 31)
        var tiledBoth: [ConvPlan] = []
        for s in 2...4 {
            for padding in 0...s {
                for outputPadding in 0..<s {
                    tiledBoth += Self.specialValuesPlan(size: [4, 20], kernel: [s, s], stride: [s, s], dilation: [1, 1],
                                                        padding: [padding, padding], outputPadding: [0, outputPadding],
                                                        &random).map { [$0] } ?? []
                }
            }
        }
        #expect(tiledBoth.count == 38)
        try Self.expectSameBits(tiledBoth)
    }

    /// A transposed convolution of the given spatial numbers with random batch, groups,
    /// padding, output padding, dtype and bias, its operands random with zeros, negative
    /// zeros, infinities and NaNs among them; nil when PyTorch refuses it.
    static func specialValuesPlan(
        size: [Int], kernel: [Int], stride: [Int], dilation: [Int], padding fixedPadding: [Int]? = nil,
        outputPadding fixedOutputPadding: [Int]? = nil, _ random: inout TestRandom
    ) -> ConvPlan? {
        func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        let specials: [Double] = [0, -0.0, .infinity, -.infinity, .nan]
        func operand(_ shape: [Int], _ dtype: DType) -> Tensor {
            let values = (0..<shape.reduce(1, *)).map { _ in
                Int.random(in: 0..<6, using: &random) == 0 ? specials.randomElement(using: &random)!
                    : Double.random(in: -1..<1, using: &random)
            }
            return Tensor(shape: TensorShape(shape), storage: .converting(values, to: dtype))
        }
        let (batch, groups, outPerGroup) = (draw(1...2), draw(1...3), draw(1...3))
        let padding = fixedPadding ?? size.indices.map { draw(0...(dilation[$0] * (kernel[$0] - 1) + 1)) }
        let outputPadding = fixedOutputPadding ?? size.indices.map { draw(0...(max(stride[$0], dilation[$0]) - 1)) }
        let dtype: DType = fixedPadding == nil && draw(0...2) == 0 ? .float64 : .float32
        let x = operand([batch, groups] + size, dtype)
        let w = operand([groups, outPerGroup] + kernel, dtype)
        let b = draw(0...1) == 0 ? nil : operand([groups * outPerGroup], dtype)
        return try? ConvPlan.transposed(
            x, weight: w, bias: b, spatialRank: size.count, stride: SpatialParameter(stride),
            padding: SpatialParameter(padding), outputPadding: SpatialParameter(outputPadding), groups: groups,
            dilation: SpatialParameter(dilation))
    }

    /// Every plan's taps disjoint and the direct route's output the lowered route's, bit
    /// for bit: a negative zero product made positive by its sum, a position no tap
    /// reaches `0` or `0 + bias`, NaN where the reference has NaN.
    static func expectSameBits(_ plans: [ConvPlan]) throws {
        func same<T: BinaryFloatingPoint>(_ a: [T], _ b: [T]) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { $0.isNaN ? $1.isNaN : $0 == $1 && $0.sign == $1.sign }
        }
        for plan in plans {
            #expect(DirectTransposedConvolution.tapsAreDisjoint(plan.geometry))
            let c = Case(plan: plan)
            if plan.input.dtype == .float32 {
                let (reference, direct) = try Self.outputs(plan, Float.self)
                #expect(same(reference, direct), "\(c)")
            } else {
                let (reference, direct) = try Self.outputs(plan, Double.self)
                #expect(same(reference, direct), "\(c)")
            }
        }
    }

    @Test func oneThreadAndManyThreadsAgree() throws {
        var random = TestRandom(seed: 4)
        // Enough planes and work to be split over threads.
        let plan = try ConvPlan.transposed(random.tensor([3, 4, 40, 40], dtype: .float32),
                                           weight: random.tensor([4, 5, 4, 4], dtype: .float32),
                                           bias: random.tensor([20], dtype: .float32), spatialRank: 2,
                                           stride: 2, padding: 1, groups: 4)
        let one = try Self.outputs(plan, Float.self, resources: ComputeResources(EngineContext(computeThreads: 1)))
        let four = try Self.outputs(plan, Float.self, resources: ComputeResources(EngineContext(computeThreads: 4)))
        #expect(one.direct.map(\.bitPattern) == four.direct.map(\.bitPattern))
        #expect(RouteComparison.differing(one.reference, four.direct) == 0)
    }

    /// The plan takes the kernel for one input channel per group, in every floating
    /// dtype, and its output is the lowered route's; more channels per group keep the
    /// lowered route.
    @Test func thePlanRoutesOneInputChannelPerGroup() throws {
        var random = TestRandom(seed: 6)
        for dtype in [DType.float32, .float64, .bfloat16] {
            let plan = try ConvPlan.transposed(random.tensor([1, 1, 32, 32], dtype: dtype),
                                               weight: random.tensor([1, 1, 3, 3], dtype: dtype), spatialRank: 2,
                                               stride: 3, padding: 2)
            #expect(DirectTransposedConvolution.applies(to: plan.geometry))
            let computeType: DType = dtype == .float64 ? .float64 : .float32
            let routed = try plan.run().converted(to: computeType)
            if computeType == .float64 {
                #expect(routed.elements(as: Double.self) == (try Self.outputs(plan, Double.self)).reference)
            } else {
                let expected = try Tensor(shape: plan.outputShape.dimensions,
                                          elements: (try Self.outputs(plan, Float.self)).reference)
                #expect(routed.elements(as: Float.self) == expected.converted(to: dtype).converted(to: .float32)
                    .elements(as: Float.self))
            }
        }
        let twoChannels = try ConvPlan.transposed(random.tensor([1, 2, 5, 5]), weight: random.tensor([2, 1, 3, 3]),
                                                  spatialRank: 2, stride: 2)
        #expect(!DirectTransposedConvolution.applies(to: twoChannels.geometry))
    }

    /// A convolution with one output channel per group has an input gradient that is a
    /// transposed convolution with one input channel per group: the backward takes the
    /// kernel too, with the lowered route's bits.
    @Test func aConvolutionsInputGradientTakesTheKernel() throws {
        var random = TestRandom(seed: 10)
        let x = random.tensor([2, 3, 11, 9], dtype: .float32)
        let w = random.tensor([3, 1, 3, 2], dtype: .float32)
        let plan = try ConvPlan.convolution(x, weight: w, spatialRank: 2, stride: [2, 1], padding: [1, 0], groups: 3)
        let g = random.tensor(plan.outputShape.dimensions, dtype: .float32)
        let gradients = try Convolution.backward(gradOutput: g, input: x, weight: w, hasBias: false, spatialRank: 2,
                                                 stride: [2, 1], padding: [1, 0], groups: 3, outputMask: .input)
        #expect(DirectTransposedConvolution.applies(to: plan.geometry))
        var expected = [Float](repeating: 0, count: x.count)
        try g.elements(as: Float.self).withUnsafeBufferPointer { gs in
            try w.elements(as: Float.self).withUnsafeBufferPointer { ws in
                try expected.withUnsafeMutableBufferPointer { out in
                    try ConvKernels.transposedConvolution(input: gs, weight: ws, bias: nil, output: out,
                                                          geometry: plan.geometry, resources: ComputeResources(),
                                                          cancellation: nil)
                }
            }
        }
        #expect(gradients.input?.elements(as: Float.self).map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test func aRaisedFlagStopsTheKernel() throws {
        var random = TestRandom(seed: 9)
        let plan = try ConvPlan.transposed(random.tensor([2, 8, 32, 32], dtype: .float32),
                                           weight: random.tensor([8, 1, 3, 3], dtype: .float32), spatialRank: 2,
                                           stride: 2, groups: 8)
        let flag = CancellationFlag()
        flag.cancel()
        #expect(throws: EngineError.cancelled) { try plan.run(cancellation: flag) }
    }
}

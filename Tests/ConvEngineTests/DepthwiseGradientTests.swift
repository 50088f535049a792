import Testing
@testable import ConvEngine

/// The AVX2 depthwise kernels (``DepthwiseConvolution/gradients(_:_:_:geometry:mask:resources:cancellation:rowSlice:)``
/// and the forward) against the lowered reference route on 500 generated geometries
/// (2-D, stride 1, one output channel per group): integer-valued operands, so every sum
/// is exact and the two must agree bit for bit whatever order they add in. Run only on a
/// CPU with AVX2 and FMA.
@Suite(.enabled(if: SIMDSupport.haswell)) struct DepthwiseGradientTests {
    /// The operands of one generated convolution and its output's gradient, in float32.
    struct Case: CustomStringConvertible {
        let plan: ConvPlan
        let gradOutput: [Float]
        var description: String {
            "x \(plan.input.shape) w \(plan.weight.shape) padding \(plan.paddingBefore) dilation \(plan.dilation)"
        }
    }

    /// 500 convolutions from a fixed seed: batch 1-3, channels 1-8, sizes 1-20, kernel
    /// 1-5, padding 0-4 (beyond the kernel's reach too), dilation 1-3 per side, a third
    /// of them dense 3x3; values -4...4. Geometries PyTorch refuses are drawn again.
    static func cases(count: Int = 500, seed: UInt64 = 1919) -> [Case] {
        var random = TestRandom(seed: seed)
        func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        func integers(_ shape: [Int]) -> Tensor {
            Tensor(shape: TensorShape(shape), storage: .float32((0..<shape.reduce(1, *)).map { _ in Float(draw(-4...4)) }))
        }
        var cases: [Case] = []
        for _ in 0..<(20 * count) where cases.count < count {
            let (batch, channels) = (draw(1...3), draw(1...8))
            let size = [draw(1...20), draw(1...20)], padding = [draw(0...4), draw(0...4)]
            var kernel = [draw(1...5), draw(1...5)], dilation = [draw(1...3), draw(1...3)]
            // A third are MobileNet's dense 3x3, which has unrolled paths of its own.
            if draw(0...2) == 0 { (kernel, dilation) = ([3, 3], [1, 1]) }
            guard let plan = try? ConvPlan.convolution(
                integers([batch, channels] + size), weight: integers([channels, 1] + kernel), spatialRank: 2,
                padding: .explicit(padding), dilation: SpatialParameter(dilation), groups: channels)
            else { continue }
            cases.append(Case(plan: plan, gradOutput: (0..<plan.outputShape.elementCount).map { _ in Float(draw(-4...4)) }))
        }
        return cases
    }

    /// The lowered route's input and weight gradients: the transposed convolution of the
    /// output's gradient, and the lowered weight gradient.
    static func reference(_ c: Case) throws -> (input: [Float], weight: [Float]) {
        let g = c.plan.geometry, resources = ComputeResources()
        let x = c.plan.input.elements(as: Float.self), w = c.plan.weight.elements(as: Float.self)
        var input = [Float](repeating: 0, count: x.count), weight = [Float](repeating: 0, count: w.count)
        try c.gradOutput.withUnsafeBufferPointer { gy in
            try w.withUnsafeBufferPointer { ws in
                try input.withUnsafeMutableBufferPointer { out in
                    try ConvKernels.transposedConvolution(input: gy, weight: ws, bias: nil, output: out, geometry: g,
                                                          resources: resources, cancellation: nil)
                }
            }
            try x.withUnsafeBufferPointer { xs in
                try weight.withUnsafeMutableBufferPointer { out in
                    try ConvKernels.weightGradient(columns: gy, image: xs, gradWeight: out, geometry: g,
                                                   resources: resources, cancellation: nil)
                }
            }
        }
        return (input, weight)
    }

    static func direct(_ c: Case, threads: Int = 2, rowSlice: Int = DepthwiseConvolution.defaultRowSlice,
                       mask: ConvGradientMask = .all, skipPadding: Bool = false) throws -> (input: [Float]?, weight: [Float]?)? {
        try DepthwiseConvolution.gradients(c.gradOutput, c.plan.input.elements(as: Float.self),
                                           c.plan.weight.elements(as: Float.self), geometry: c.plan.geometry, mask: mask,
                                           resources: ComputeResources(EngineContext(computeThreads: threads)),
                                           cancellation: nil, rowSlice: rowSlice, alwaysSkipPadding: skipPadding)
    }

    static func differing(_ a: [Float]?, _ b: [Float]) -> Int {
        guard let a, a.count == b.count else { return -1 }
        return zip(a, b).filter { $0.bitPattern != $1.bitPattern }.count
    }

    @Test func fiveHundredGeometriesMatchTheLoweredGradients() throws {
        let cases = Self.cases()
        #expect(cases.count == 500)
        for c in cases {
            let reference = try Self.reference(c)
            // Whole planes per call, and one row per call (each call refilling its ring);
            // padding multiplied by zeros (finite operands) and padding masked out.
            for (rowSlice, skip) in [(DepthwiseConvolution.defaultRowSlice, false), (1, false), (1, true)] {
                let direct = try #require(try Self.direct(c, rowSlice: rowSlice, skipPadding: skip), "\(c)")
                #expect(Self.differing(direct.input, reference.input) == 0, "input gradient, slice \(rowSlice) \(skip): \(c)")
                #expect(Self.differing(direct.weight, reference.weight) == 0, "weight gradient, slice \(rowSlice) \(skip): \(c)")
            }
            let masked = try #require(try Self.direct(c, skipPadding: true), "\(c)")
            #expect(Self.differing(masked.input, reference.input) == 0 && Self.differing(masked.weight, reference.weight) == 0,
                    "masked, whole planes: \(c)")
        }
    }

    /// The forward, with a bias, in whole planes and in slices of one row.
    @Test func theForwardMatchesTheLoweredRoute() throws {
        for c in Self.cases(count: 200, seed: 7) {
            let g = c.plan.geometry
            let planes = try #require(DepthwiseConvolution.AVX2Planes(g, threads: 2))
            let x = c.plan.input.elements(as: Float.self), w = c.plan.weight.elements(as: Float.self)
            let bias = (0..<g.groups).map { Float($0 % 7 - 3) }
            var reference = [Float](repeating: .nan, count: c.plan.outputShape.elementCount)
            try x.withUnsafeBufferPointer { xs in
                try w.withUnsafeBufferPointer { ws in
                    try bias.withUnsafeBufferPointer { bs in
                        try reference.withUnsafeMutableBufferPointer { out in
                            try ConvKernels.convolution(input: xs, weight: ws, bias: bs, output: out, geometry: g,
                                                        resources: ComputeResources(), cancellation: nil)
                        }
                        for (rowSlice, skip) in [(DepthwiseConvolution.defaultRowSlice, false), (1, false),
                                                 (DepthwiseConvolution.defaultRowSlice, true), (1, true)] {
                            var direct = [Float](repeating: .nan, count: reference.count)
                            try direct.withUnsafeMutableBufferPointer { out in
                                try DepthwiseConvolution.forwardAVX2(
                                    input: xs.baseAddress!, weight: ws.baseAddress!, bias: bs.baseAddress!,
                                    output: out.baseAddress!, geometry: g, planes: planes, resources: ComputeResources(),
                                    cancellation: nil, rowSlice: rowSlice, alwaysSkipPadding: skip)
                            }
                            #expect(Self.differing(direct, reference) == 0, "slice \(rowSlice) \(skip): \(c)")
                        }
                    }
                }
            }
        }
    }

    /// Random values: the same bits on one thread and on four, and only the gradients asked for.
    @Test func resultsDoNotDependOnTheThreads() throws {
        var random = TestRandom(seed: 4)
        let plan = try ConvPlan.convolution(random.tensor([3, 6, 23, 17], dtype: .float32),
                                            weight: random.tensor([6, 1, 3, 3], dtype: .float32), spatialRank: 2,
                                            padding: .explicit([1]), groups: 6)
        let c = Case(plan: plan, gradOutput: random.tensor(plan.outputShape.dimensions, dtype: .float32).elements(as: Float.self))
        let one = try #require(try Self.direct(c, threads: 1)), four = try #require(try Self.direct(c, threads: 4))
        #expect(one.input!.map(\.bitPattern) == four.input!.map(\.bitPattern))
        #expect(one.weight!.map(\.bitPattern) == four.weight!.map(\.bitPattern))
        let weightOnly = try #require(try Self.direct(c, mask: .weight))
        #expect(weightOnly.input == nil && weightOnly.weight != nil)
    }

    /// The plan's backward takes the direct gradients where its forward took the direct
    /// kernel, and they agree with the lowered route within float rounding.
    @Test func thePlanBackwardTakesTheDirectGradients() throws {
        var random = TestRandom(seed: 6)
        let plan = try ConvPlan.convolution(random.tensor([2, 8, 30, 30], dtype: .float32),
                                            weight: random.tensor([8, 1, 3, 3], dtype: .float32),
                                            bias: random.tensor([8], dtype: .float32), spatialRank: 2,
                                            padding: .explicit([1]), groups: 8)
        #expect(plan.runsDirectDepthwise)
        let gy = random.tensor(plan.outputShape.dimensions, dtype: .float32)
        let c = Case(plan: plan, gradOutput: gy.elements(as: Float.self))
        let gradients = try plan.gradients(gy, hasBias: true, mask: .all, cancellation: nil)
        let direct = try #require(try Self.direct(c))
        #expect(gradients.input?.elements(as: Float.self) == direct.input)
        #expect(gradients.weight?.elements(as: Float.self) == direct.weight)
        let reference = try Self.reference(c)
        let far = zip(direct.input! + direct.weight!, reference.input + reference.weight)
            .filter { abs($0 - $1) > 1e-4 * (1 + abs($1)) }.count
        #expect(far == 0)
    }

    /// Taps over the padding are left out, not multiplied by zero, as oneDNN leaves them:
    /// an infinite weight or output gradient gives PyTorch's infinities and finite
    /// borders, not NaN. Expected values printed by PyTorch 2.15 (oneDNN backend, 2
    /// threads): `x = ones(1, 2, 6, 6)`, weights of ones, `padding=1, groups=2`, with
    /// `w[0, 0, 0, 0] = inf` (forward and input gradient), or `g[0, 0, 0, 0] = inf`
    /// (weight and input gradients), gradient of ones elsewhere.
    /// `scripts/print_depthwise_infinity_cases.py` prints them from PyTorch.
    @Test func paddingTapsAreLeftOutAsOneDNNLeavesThem() throws {
        let inf = Float.infinity
        func plan(_ w: [Float]) throws -> ConvPlan {
            try ConvPlan.convolution(Tensor(shape: [1, 2, 6, 6], storage: .float32(Array(repeating: 1, count: 72))),
                                     weight: Tensor(shape: [2, 1, 3, 3], storage: .float32(w)), spatialRank: 2,
                                     padding: .explicit([1]), groups: 2)
        }
        let ones = [Float](repeating: 1, count: 72)
        var infiniteWeight = [Float](repeating: 1, count: 18)
        infiniteWeight[0] = inf
        let a = try plan(infiniteWeight)
        try EngineContext(computeThreads: 2).run {
            #expect(a.runsDirectDepthwise)
            let y = Array(try a.run().elements(as: Float.self)[0..<36])
            #expect(y == [4, 6, 6, 6, 6, 4, 6, inf, inf, inf, inf, inf, 6, inf, inf, inf, inf, inf,
                          6, inf, inf, inf, inf, inf, 6, inf, inf, inf, inf, inf, 4, inf, inf, inf, inf, inf])
        }
        let gradientA = try #require(try Self.direct(Case(plan: a, gradOutput: ones)))
        #expect(Array(gradientA.input![0..<36]) == [inf, inf, inf, inf, inf, 4, inf, inf, inf, inf, inf, 6,
                                                    inf, inf, inf, inf, inf, 6, inf, inf, inf, inf, inf, 6,
                                                    inf, inf, inf, inf, inf, 6, 4, 6, 6, 6, 6, 4])
        var infiniteGradient = ones
        infiniteGradient[0] = inf
        let b = Case(plan: try plan([Float](repeating: 1, count: 18)), gradOutput: infiniteGradient)
        let gradientB = try #require(try Self.direct(b))
        #expect(Array(gradientB.weight![0..<9]) == [25, 30, 25, 30, inf, inf, 25, inf, inf])
        #expect(Array(gradientB.input![0..<36]) == [inf, inf, 6, 6, 6, 4, inf, inf, 9, 9, 9, 6, 6, 9, 9, 9, 9, 6,
                                                    6, 9, 9, 9, 9, 6, 6, 9, 9, 9, 9, 6, 4, 6, 6, 6, 6, 4])
    }

    @Test func aRaisedFlagStopsTheGradients() throws {
        let c = Self.cases(count: 1, seed: 3)[0]
        let flag = CancellationFlag()
        flag.cancel()
        #expect(throws: EngineError.cancelled) {
            try DepthwiseConvolution.gradients(c.gradOutput, c.plan.input.elements(as: Float.self),
                                               c.plan.weight.elements(as: Float.self), geometry: c.plan.geometry,
                                               mask: .all, resources: ComputeResources(), cancellation: flag)
        }
    }
}

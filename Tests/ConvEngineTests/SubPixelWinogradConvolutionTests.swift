import Testing
@testable import ConvEngine

/// The sub-pixel Winograd kernel's convolution direction (a strided convolution: the
/// input split into phases, every phase adding into the outputs) against the lowered
/// reference route on 500 generated geometries: integer-valued operands and transforms
/// whose coefficients are 0 and ±1, so both routes' sums are exact and must agree bit
/// for bit. The kernel is called directly, whatever the plan's route would be.
@Suite(.ownEngineContext) struct SubPixelWinogradConvolutionTests {
    typealias Case = DirectConvolutionTests.Case

    /// 500 float32 2-D convolutions from a fixed seed whose kernel is one to two strides
    /// long per dimension (stride 1-4; `k4 s2`, `k3 s2`, `k2 s1` and the like), batch 1-3,
    /// groups 1-3, 1-6 channels per group on each side, sizes 1-20, padding up to the
    /// kernel's reach, with and without bias; geometries PyTorch refuses, and those with
    /// one tap in every residue (nothing to save), are drawn again.
    static func cases(count: Int = 500, seed: UInt64 = 31) -> [Case] {
        RouteComparison.plans(count: count, seed: seed) { random, _ in
            func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
            let (batch, groups, inPerGroup, outPerGroup) = (draw(1...3), draw(1...3), draw(1...6), draw(1...6))
            let stride = [draw(1...4), draw(1...4)]
            let kernel = stride.map { draw($0...(2 * $0)) }
            let size = [draw(1...20), draw(1...20)]
            let padding = kernel.map { draw(0...($0 / 2)) }
            let x = random.integers([batch, groups * inPerGroup] + size, dtype: .float32)
            let w = random.integers([groups * outPerGroup, inPerGroup] + kernel, dtype: .float32)
            let b = draw(0...1) == 0 ? nil : random.integers([groups * outPerGroup], dtype: .float32)
            guard let plan = try? ConvPlan.convolution(x, weight: w, bias: b, spatialRank: 2, stride: SpatialParameter(stride),
                                                       padding: .explicit(padding), groups: groups)
            else { return nil }
            return SubPixelWinograd.applies(to: plan.geometry, direction: .convolution) ? plan : nil
        }.map(Case.init)
    }

    /// The lowered route's output and the kernel's (which starts as NaN, so a position
    /// it leaves unwritten shows).
    static func outputs(
        _ plan: ConvPlan, resources: ComputeResources = ComputeResources(), tileBudget: Int? = nil
    ) throws -> (reference: [Float], winograd: [Float]) {
        let (reference, winograd) = try RouteComparison.outputs(
            plan, Float.self, referenceFill: 0, fastFill: .nan,
            reference: { xs, ws, bs, out in
                try ConvKernels.convolution(input: xs, weight: ws, bias: bs, output: out, geometry: plan.geometry,
                                            resources: resources, cancellation: nil)
            },
            fast: { xs, ws, bs, out in
                try SubPixelWinograd.convolution(input: xs, weight: ws, bias: bs, output: out, geometry: plan.geometry,
                                                 resources: resources, tileBudget: tileBudget, cancellation: nil)
            })
        return (reference, winograd)
    }

    @Test func fiveHundredGeometriesMatchTheReferenceRoute() throws {
        let cases = Self.cases()
        #expect(cases.count == 500)
        // Stride 1, groups, bias, and one and two taps in one dimension (k3 s2) all drawn.
        #expect(cases.contains { $0.plan.stride.contains(1) } && cases.contains { $0.plan.groups > 1 })
        #expect(cases.contains { $0.plan.bias != nil } && cases.contains { $0.plan.bias == nil })
        #expect(cases.contains { c in zip(c.plan.geometry.kernel, c.plan.geometry.stride).contains { $0 % $1 != 0 } })
        try SubPixelWinogradChecks.matchReference(cases.map(\.plan)) { try Self.outputs($0, resources: $1, tileBudget: $2) }
    }

    /// Small blocks (8 tiles: images cut into rows and pieces of rows, every phase of a
    /// piece adding into it) on one and three threads give the same outputs.
    @Test func smallBlocksAndThreadsAgree() throws {
        try SubPixelWinogradChecks.smallBlocksAndThreadsAgree(Self.cases(count: 60, seed: 7).map(\.plan)) {
            try Self.outputs($0, resources: $1, tileBudget: $2)
        }
    }

    /// A DCGAN discriminator's `k4 s2 p1`: four input phases of two taps each; `k3 s2 p1`
    /// (down_conv) mixes one and two taps; plane offsets and taps as the definition
    /// `y[o] = sum_k x[2o + k - 1] w[k]` gives them.
    @Test func theResiduesOfTheCommonLayers() throws {
        var random = TestRandom(seed: 3)
        let k4 = try ConvPlan.convolution(random.integers([1, 4, 12, 12], dtype: .float32),
                                          weight: random.integers([2, 4, 4, 4], dtype: .float32), spatialRank: 2,
                                          stride: 2, padding: .explicit([1]))
        let p = try #require(SubPixelWinogradProblem(k4.geometry, direction: .convolution))
        #expect(p.phases.count == 4 && p.phases.allSatisfy { $0.points == 9 })
        #expect(p.productRatio == 9.0 / 16.0 && p.phasesShareOutputs)
        #expect((p.inChannels, p.outChannels) == (4, 2))
        // Even inputs 2o - 1 + k for k = 1, 3: plane positions o, o + 1; odd ones, k = 0, 2: o - 1, o.
        #expect(p.phases[0].row.kernelIndices == [1, 3] && p.phases[0].row.offset == 0 && p.phases[0].row.inStart == 0)
        #expect(p.phases[3].row.kernelIndices == [0, 2] && p.phases[3].row.offset == -1 && p.phases[3].row.inStart == 1)
        #expect(p.phases.allSatisfy { $0.row.inStep == 2 && $0.row.outCount == 6 && $0.row.inCount == 6 })
        let k3 = try ConvPlan.convolution(random.integers([1, 4, 7, 7], dtype: .float32),
                                          weight: random.integers([2, 4, 3, 3], dtype: .float32), spatialRank: 2,
                                          stride: 2, padding: .explicit([1]))
        let q = try #require(SubPixelWinogradProblem(k3.geometry, direction: .convolution))
        #expect(q.phases.map(\.points) == [4, 6, 6, 9])
        #expect(q.productRatio == 25.0 / 36.0)
        // Seven inputs: four even positions, three odd.
        #expect(q.phases.map(\.row.inCount) == [4, 4, 3, 3])
        // One tap everywhere saves nothing; three taps, dilation and 1-D do not fit.
        for (kernel, stride, dilation) in [(2, 2, 1), (5, 2, 1), (4, 2, 2)] {
            let plan = try ConvPlan.convolution(random.integers([1, 2, 9, 9], dtype: .float32),
                                                weight: random.integers([2, 2, kernel, kernel], dtype: .float32),
                                                spatialRank: 2, stride: SpatialParameter([stride]),
                                                dilation: SpatialParameter([dilation]))
            #expect(!SubPixelWinograd.applies(to: plan.geometry, direction: .convolution), "k\(kernel) s\(stride) d\(dilation)")
        }
    }

    /// Random values: the route's error on down_conv's and a DCGAN discriminator's
    /// geometries against a float64 reference stays within 4 times the lowered route's
    /// (as for ``WinogradConvolution``) and under 1e-6 of the largest value.
    @Test func itsErrorStaysNearTheLoweredRoutes() throws {
        var random = TestRandom(seed: 17)
        for kernel in [3, 4] {
            let x = random.tensor([2, 64, 14, 14], dtype: .float32), w = random.tensor([32, 64, kernel, kernel], dtype: .float32)
            let plan = try ConvPlan.convolution(x, weight: w, spatialRank: 2, stride: 2, padding: .explicit([1]))
            let (lowered, winograd) = try Self.outputs(plan)
            let exact = try ConvPlan.convolution(x.converted(to: .float64), weight: w.converted(to: .float64),
                                                 spatialRank: 2, stride: 2, padding: .explicit([1]))
                .run().elements(as: Double.self)
            func error(_ values: [Float]) -> Double { zip(values, exact).map { abs(Double($0) - $1) }.max() ?? 0 }
            let largest = exact.map(abs).max() ?? 1
            #expect(error(winograd) <= 4 * error(lowered) + 1e-12, "k\(kernel): \(error(winograd)) against \(error(lowered))")
            #expect(error(winograd) < 1e-6 * largest)
        }
    }

    // MARK: - The plan's route

    /// A DCGAN discriminator's layer and a PatchGAN one, which PyTorch runs through oneDNN,
    /// take the route, and agree with the lowered one within rounding. `k3 s2` (25 products
    /// for 36: measured no faster than the direct kernel on down_conv), 32 input channels,
    /// too few tiles and float64 do not.
    @Test func thePlanTakesTheRouteWherePyTorchUsesOneDNN() throws {
        var random = TestRandom(seed: 12)
        for (input, weight) in [([8, 64, 32, 32], [128, 64, 4, 4]), ([1, 64, 64, 64], [96, 64, 4, 4])] {
            let plan = try ConvPlan.convolution(random.tensor(input, dtype: .float32),
                                                weight: random.tensor(weight, dtype: .float32),
                                                bias: random.tensor([weight[0]], dtype: .float32), spatialRank: 2,
                                                stride: 2, padding: .explicit([1]))
            #expect(plan.usesOneDNN && plan.routes.subPixelWinogradConvolution, "\(input)")
            let (reference, winograd) = try Self.outputs(plan)
            #expect(try plan.run().elements(as: Float.self) == winograd)
            let far = zip(reference, winograd).filter { abs($0 - $1) > 1e-4 * (1 + abs($0)) }.count
            #expect(far == 0, "\(far) of \(reference.count) outside the tolerance")
        }
        func routed(_ input: [Int], _ weight: [Int], _ dtype: DType = .float32) throws -> Bool {
            let plan = try ConvPlan.convolution(random.tensor(input, dtype: dtype), weight: random.tensor(weight, dtype: dtype),
                                                spatialRank: 2, stride: 2, padding: .explicit([1]))
            return plan.routes.subPixelWinogradConvolution
        }
        #expect(try !routed([8, 128, 28, 28], [256, 128, 3, 3]))
        #expect(try !routed([8, 32, 32, 32], [64, 32, 4, 4]))
        #expect(try !routed([16, 256, 8, 8], [512, 256, 4, 4]))
        #expect(try !routed([8, 64, 32, 32], [128, 64, 4, 4], .float64))
    }

    /// A transposed convolution whose input gradient is such a convolution (DCGAN's third
    /// layer's channels): the backward's input gradient is the route's output for the
    /// output gradient, and its weight gradient comes out the same whether or not the
    /// input's is asked for.
    @Test func aTransposedConvolutionsInputGradientTakesTheRoute() throws {
        var random = TestRandom(seed: 5)
        let x = random.tensor([4, 128, 16, 16], dtype: .float32), w = random.tensor([128, 64, 4, 4], dtype: .float32)
        let plan = try ConvPlan.transposed(x, weight: w, bias: random.tensor([64], dtype: .float32), spatialRank: 2,
                                           stride: 2, padding: 1)
        #expect(plan.usesOneDNN && plan.routes.subPixelWinogradConvolution)
        let gy = random.tensor(plan.outputShape.dimensions, dtype: .float32)
        let all = try plan.gradients(gy, hasBias: true, mask: .all, cancellation: nil)
        let gys = try gy.elements(as: Float.self), ws = try w.elements(as: Float.self)
        var expected = [Float](repeating: .nan, count: x.count)
        try gys.withUnsafeBufferPointer { gyb in
            try ws.withUnsafeBufferPointer { wb in
                try expected.withUnsafeMutableBufferPointer { out in
                    try SubPixelWinograd.convolution(input: gyb, weight: wb, bias: nil, output: out, geometry: plan.geometry,
                                                     resources: ComputeResources(), cancellation: nil)
                }
            }
        }
        #expect(try all.input?.elements(as: Float.self) == expected)
        let weightAlone = try plan.gradients(gy, hasBias: true, mask: [.weight], cancellation: nil)
        #expect(try weightAlone.weight?.elements(as: Float.self) == all.weight?.elements(as: Float.self))
        let inputAlone = try plan.gradients(gy, hasBias: true, mask: [.input], cancellation: nil)
        #expect(try inputAlone.input?.elements(as: Float.self) == expected)
    }
}

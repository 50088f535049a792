import Testing
@testable import ConvEngine

/// The sub-pixel Winograd kernel against the lowered reference route on 500 generated
/// geometries: integer-valued operands, and transforms whose coefficients are 0 and ±1,
/// so both routes' sums are exact and must agree bit for bit, whatever order they add
/// in. The kernel is called directly, whatever the plan's route would be.
@Suite(.ownEngineContext) struct SubPixelWinogradKernelTests {
    typealias Case = TransposedRouteCase

    /// 500 float32 2-D transposed convolutions from a fixed seed whose kernel is one to
    /// two strides long per dimension (stride 1-4; `k4 s2`, `k3 s2`, `k2 s1` and the
    /// like), batch 1-3, groups 1-3, 1-6 channels per group on each side, sizes 1-14,
    /// padding up to the kernel's reach, output padding below the stride, with and
    /// without bias; geometries PyTorch refuses, and those with one tap in every
    /// residue (nothing to save), are drawn again.
    static func cases(count: Int = 500, seed: UInt64 = 29) -> [Case] {
        RouteComparison.plans(count: count, seed: seed) { random, _ in
            func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
            let (batch, groups, inPerGroup, outPerGroup) = (draw(1...3), draw(1...3), draw(1...6), draw(1...6))
            let stride = [draw(1...4), draw(1...4)]
            let kernel = stride.map { draw($0...(2 * $0)) }
            let size = [draw(1...14), draw(1...14)]
            let padding = kernel.map { draw(0...($0 - 1)) }
            let outputPadding = stride.map { draw(0...($0 - 1)) }
            let x = random.integers([batch, groups * inPerGroup] + size, dtype: .float32)
            let w = random.integers([groups * inPerGroup, outPerGroup] + kernel, dtype: .float32)
            let b = draw(0...1) == 0 ? nil : random.integers([groups * outPerGroup], dtype: .float32)
            guard let plan = try? ConvPlan.transposed(
                x, weight: w, bias: b, spatialRank: 2, stride: SpatialParameter(stride),
                padding: SpatialParameter(padding), outputPadding: SpatialParameter(outputPadding), groups: groups)
            else { return nil }
            return SubPixelWinograd.applies(to: plan.geometry) ? plan : nil
        }.map(Case.init)
    }

    /// The lowered route's output and the kernel's (which starts as NaN, so a position
    /// it leaves unwritten shows).
    static func outputs(
        _ plan: ConvPlan, resources: ComputeResources = ComputeResources(), tileBudget: Int? = nil
    ) throws -> (reference: [Float], winograd: [Float]) {
        let (reference, winograd) = try RouteComparison.transposedOutputs(plan, Float.self, resources: resources) {
            xs, ws, bs, out in
            try SubPixelWinograd.forward(input: xs, weight: ws, bias: bs, output: out, geometry: plan.geometry,
                                         resources: resources, tileBudget: tileBudget, cancellation: nil)
        }
        return (reference, winograd)
    }

    @Test func fiveHundredGeometriesMatchTheReferenceRoute() throws {
        let cases = Self.cases()
        #expect(cases.count == 500)
        // Both tap counts in one dimension (k3 s2), stride 1, groups and bias all drawn.
        #expect(cases.contains { $0.plan.stride.contains(1) } && cases.contains { $0.plan.groups > 1 })
        #expect(cases.contains { c in zip(c.plan.geometry.kernel, c.plan.geometry.stride).contains { $0 % $1 != 0 } })
        try SubPixelWinogradChecks.matchReference(cases.map(\.plan)) { try Self.outputs($0, resources: $1, tileBudget: $2) }
    }

    /// Small blocks (8 tiles: images cut into rows and pieces of rows) on one and three
    /// threads give the same outputs.
    @Test func smallBlocksAndThreadsAgree() throws {
        try SubPixelWinogradChecks.smallBlocksAndThreadsAgree(Self.cases(count: 60, seed: 7).map(\.plan)) {
            try Self.outputs($0, resources: $1, tileBudget: $2)
        }
    }

    /// A DCGAN layer's residues: two taps each, F(2, 2), 9 products per 16 multiply-adds;
    /// U-Net's `k3 s2` mixes one and two taps.
    @Test func theResiduesOfTheCommonLayers() throws {
        var random = TestRandom(seed: 3)
        let dcgan = try ConvPlan.transposed(random.integers([1, 4, 6, 6], dtype: .float32),
                                            weight: random.integers([4, 2, 4, 4], dtype: .float32), spatialRank: 2,
                                            stride: 2, padding: 1)
        let p = try #require(SubPixelWinogradProblem(dcgan.geometry))
        #expect(p.phases.count == 4 && p.phases.allSatisfy { $0.points == 9 })
        #expect(p.productRatio == 9.0 / 16.0)
        // Output 2m reads inputs m - 1, m at taps 3, 1; output 2m + 1 reads m, m + 1 at taps 2, 0.
        #expect(p.phases[0].row.offset == -1 && p.phases[0].row.kernelIndices == [3, 1])
        #expect(p.phases[3].row.offset == 0 && p.phases[3].row.kernelIndices == [2, 0])
        let unet = try ConvPlan.transposed(random.integers([1, 4, 6, 6], dtype: .float32),
                                           weight: random.integers([4, 2, 3, 3], dtype: .float32), spatialRank: 2,
                                           stride: 2, padding: 1, outputPadding: 1)
        let q = try #require(SubPixelWinogradProblem(unet.geometry))
        #expect(q.phases.map(\.points) == [4, 6, 6, 9])
        #expect(q.productRatio == 25.0 / 36.0)
        // One tap everywhere saves nothing; three taps, dilation and 1-D do not fit.
        for (kernel, stride, dilation) in [(2, 2, 1), (5, 2, 1), (4, 2, 2)] {
            let plan = try ConvPlan.transposed(random.integers([1, 2, 6, 6], dtype: .float32),
                                               weight: random.integers([2, 2, kernel, kernel], dtype: .float32),
                                               spatialRank: 2, stride: SpatialParameter([stride]),
                                               dilation: SpatialParameter([dilation]))
            #expect(!SubPixelWinograd.applies(to: plan.geometry), "k\(kernel) s\(stride) d\(dilation)")
        }
        let line = try ConvPlan.transposed(random.integers([1, 2, 6], dtype: .float32),
                                           weight: random.integers([2, 2, 4], dtype: .float32), spatialRank: 1, stride: 2)
        #expect(!SubPixelWinograd.routes(line.geometry, spatialRank: 1, oneDNN: true))
    }

    /// Random values: the route's error on a DCGAN layer against a float64 reference
    /// stays near the lowered route's (2.4 times it here: the transformed inputs are
    /// differences of two values) and under 1e-6 of the largest value; the bound is 4
    /// times, as for ``WinogradConvolution``.
    @Test func itsErrorStaysNearTheLoweredRoutes() throws {
        var random = TestRandom(seed: 17)
        let x = random.tensor([4, 64, 8, 8], dtype: .float32), w = random.tensor([64, 32, 4, 4], dtype: .float32)
        let plan = try ConvPlan.transposed(x, weight: w, spatialRank: 2, stride: 2, padding: 1)
        let (lowered, winograd) = try Self.outputs(plan)
        let exact = try ConvPlan.transposed(x.converted(to: .float64), weight: w.converted(to: .float64), spatialRank: 2,
                                            stride: 2, padding: 1).run().elements(as: Double.self)
        func error(_ values: [Float]) -> Double { zip(values, exact).map { abs(Double($0) - $1) }.max() ?? 0 }
        let largest = exact.map(abs).max() ?? 1
        #expect(error(winograd) <= 4 * error(lowered) + 1e-12, "\(error(winograd)) against \(error(lowered))")
        #expect(error(winograd) < 1e-6 * largest)
    }

    // MARK: - The plan's route

    /// A DCGAN layer and a grouped one, which PyTorch runs through oneDNN, take the
    /// route; it agrees with the lowered one within rounding. Where PyTorch keeps its
    /// matrix route (one small image, one thread), in float64, with few channels or
    /// tiles, the plan does not take it.
    @Test func thePlanTakesTheRouteWherePyTorchUsesOneDNN() throws {
        var random = TestRandom(seed: 12)
        for (input, weight, groups) in [([8, 128, 16, 16], [128, 64, 4, 4], 1), ([8, 128, 16, 16], [128, 16, 4, 4], 2)] {
            let plan = try ConvPlan.transposed(random.tensor(input, dtype: .float32),
                                               weight: random.tensor(weight, dtype: .float32),
                                               bias: random.tensor([weight[1] * groups], dtype: .float32), spatialRank: 2,
                                               stride: 2, padding: 1, groups: groups)
            #expect(plan.usesOneDNN && plan.routes.subPixelWinograd, "\(input)")
            let (reference, winograd) = try Self.outputs(plan)
            #expect(try plan.run().elements(as: Float.self) == winograd)
            let far = zip(reference, winograd).filter { abs($0 - $1) > 1e-4 * (1 + abs($0)) }.count
            #expect(far == 0, "\(far) of \(reference.count) outside the tolerance")
        }
        let few = try ConvPlan.transposed(random.tensor([4, 8, 8, 8], dtype: .float32),
                                          weight: random.tensor([8, 16, 4, 4], dtype: .float32), spatialRank: 2,
                                          stride: 2, padding: 1)
        #expect(few.usesOneDNN && !few.routes.subPixelWinograd)
        // grouped_convT's 32 input channels a group: the sub-pixel route's.
        let grouped = try ConvPlan.transposed(random.tensor([8, 128, 16, 16], dtype: .float32),
                                              weight: random.tensor([128, 32, 4, 4], dtype: .float32), spatialRank: 2,
                                              stride: 2, padding: 1, groups: 4)
        #expect(grouped.routes.subPixel && !grouped.routes.subPixelWinograd)
        // DCGAN's second layer's 8x8 inputs: 256 tiles a phase over 16 samples take it,
        // 128 over 8 do not.
        for (batch, routed) in [(16, true), (8, false)] {
            let plan = try ConvPlan.transposed(random.tensor([batch, 64, 8, 8], dtype: .float32),
                                               weight: random.tensor([64, 32, 4, 4], dtype: .float32), spatialRank: 2,
                                               stride: 2, padding: 1)
            #expect(plan.usesOneDNN && plan.routes.subPixelWinograd == routed, "\(batch) samples")
        }
        // down_conv's input gradient: k3 s2 saves less (25 products for 36), and 392
        // tiles a phase are too few for it.
        let down = try ConvPlan.convolution(random.tensor([8, 128, 28, 28], dtype: .float32),
                                            weight: random.tensor([256, 128, 3, 3], dtype: .float32), spatialRank: 2,
                                            stride: 2, padding: .explicit([1]))
        #expect(down.usesOneDNN && SubPixelWinograd.applies(to: down.geometry) && !down.routes.subPixelWinograd)
        let double = try ConvPlan.transposed(random.tensor([4, 32, 8, 8]), weight: random.tensor([32, 32, 4, 4]),
                                             spatialRank: 2, stride: 2, padding: 1)
        #expect(!double.routes.subPixelWinograd)
        // The matrix route in PyTorch: one small image on one thread, a 3x3 kernel.
        try EngineContext(computeThreads: 1).run {
            let single = try ConvPlan.transposed(random.tensor([1, 16, 8, 8], dtype: .float32),
                                                 weight: random.tensor([16, 16, 3, 3], dtype: .float32), spatialRank: 2,
                                                 stride: 2, padding: 1, outputPadding: 1)
            #expect(SubPixelWinograd.applies(to: single.geometry))
            #expect(!single.usesOneDNN && !single.routes.subPixelWinograd)
            #expect(try single.run().elements(as: Float.self) == Self.outputs(single).reference)
        }
    }
}

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
        var random = TestRandom(seed: seed)
        func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
        var cases: [Case] = []
        var index = 0
        while cases.count < count, index < 20 * count {
            defer { index += 1 }
            let transposed = index % 2 == 1
            let (batch, groups, inPerGroup, outPerGroup) = (draw(1...3), draw(1...3), draw(1...6), draw(1...6))
            let size = [draw(1...20), draw(1...20)], padding = [draw(0...3), draw(0...3)]
            let dilation = draw(0...2) == 0 ? [draw(1...3), draw(1...3)] : [1, 1]
            let outputPadding = dilation.map { draw(0...($0 - 1)) }
            func integers(_ shape: [Int]) -> Tensor {
                let values = (0..<shape.reduce(1, *)).map { _ in Double(draw(-4...4)) }
                return Tensor(shape: TensorShape(shape), storage: .converting(values, to: .float32))
            }
            let x = integers([batch, groups * inPerGroup] + size)
            let b = draw(0...1) == 0 ? nil : integers([groups * outPerGroup])
            let plan: ConvPlan?
            if transposed {
                plan = try? ConvPlan.transposed(x, weight: integers([groups * inPerGroup, outPerGroup, 3, 3]), bias: b,
                                                spatialRank: 2, padding: SpatialParameter(padding),
                                                outputPadding: SpatialParameter(outputPadding), groups: groups,
                                                dilation: SpatialParameter(dilation))
            } else {
                plan = try? ConvPlan.convolution(x, weight: integers([groups * outPerGroup, inPerGroup, 3, 3]), bias: b,
                                                 spatialRank: 2, padding: .explicit(padding),
                                                 dilation: SpatialParameter(dilation), groups: groups)
            }
            if let plan { cases.append(Case(plan: plan)) }
        }
        return cases
    }

    /// The lowered route's and the Winograd kernel's outputs for `plan`'s operation.
    static func outputs(_ plan: ConvPlan, resources: ComputeResources = ComputeResources(), tileBudget: Int? = nil) throws
        -> (reference: [Float], winograd: [Float]) {
        let x = plan.input.elements(as: Float.self), w = plan.weight.elements(as: Float.self)
        let b = plan.bias?.elements(as: Float.self)
        let count = plan.outputShape.elementCount
        var reference = [Float](repeating: 0, count: count)
        var winograd = [Float](repeating: .nan, count: count)
        func withBias(_ body: (UnsafeBufferPointer<Float>?) throws -> Void) throws {
            if let b { try b.withUnsafeBufferPointer { try body($0) } } else { try body(nil) }
        }
        let transposed = plan.operation.isTransposed
        try x.withUnsafeBufferPointer { xs in
            try w.withUnsafeBufferPointer { ws in
                try withBias { bs in
                    try reference.withUnsafeMutableBufferPointer { out in
                        if transposed {
                            try ConvKernels.transposedConvolution(input: xs, weight: ws, bias: bs, output: out,
                                                                  geometry: plan.geometry, resources: resources,
                                                                  cancellation: nil)
                        } else {
                            try ConvKernels.convolution(input: xs, weight: ws, bias: bs, output: out,
                                                        geometry: plan.geometry, resources: resources, cancellation: nil)
                        }
                    }
                    try winograd.withUnsafeMutableBufferPointer { out in
                        try WinogradConvolution.compute(input: xs, weight: ws, bias: bs, output: out,
                                                        geometry: plan.geometry, transposed: transposed,
                                                        resources: resources, tileBudget: tileBudget, cancellation: nil)
                    }
                }
            }
        }
        return (reference, winograd)
    }

    @Test func fiveHundredGeometriesMatchTheReferenceRoute() throws {
        let cases = Self.cases()
        #expect(cases.count == 500)
        #expect(cases.contains { $0.transposed } && cases.contains { !$0.transposed })
        #expect(cases.contains { $0.plan.dilation != [1, 1] } && cases.contains { $0.plan.outputShape[2] == 1 })
        for c in cases {
            #expect(WinogradConvolution.applies(to: c.plan.geometry), "\(c)")
            let (reference, winograd) = try Self.outputs(c.plan)
            // Exact sums: equal values (a zero's sign may differ, as between any two orders).
            let differing = zip(reference, winograd).filter { $0 != $1 }.count
            #expect(differing == 0, "\(differing) of \(reference.count) differ: \(c)")
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
            let blocks = WinogradBlock.cover(phases, batch: 2, budget: budget)
            #expect(blocks.allSatisfy { $0.tileCount <= budget })
            var seen = Set<[Int]>()
            for b in blocks { for n in b.samples { for r in b.tileRows { for c in b.tileColumns { seen.insert([n, r, c]) } } } }
            #expect(seen.count == 2 * 19 * 23 && blocks.map(\.tileCount).reduce(0, +) == seen.count)
        }
    }
}

import Foundation
import Testing
@testable import ConvEngine

/// The direct convolution (``DirectConvolution``) against the lowered reference route on
/// 500 generated geometries: integer-valued operands, so every sum is exact and the two
/// routes must agree exactly whatever order they add in.
@Suite(.ownEngineContext, .enabled(if: SIMDSupport.haswell)) struct DirectConvolutionTests {
    /// One generated convolution, already planned (PyTorch's checks passed).
    struct Case: CustomStringConvertible {
        let plan: ConvPlan
        var description: String {
            "conv\(plan.operation.spatialRank)d x \(plan.input.shape) w \(plan.weight.shape) bias \(plan.bias != nil) "
                + "groups \(plan.groups) stride \(plan.stride) padding \(plan.paddingBefore)/\(plan.paddingAfter) "
                + "dilation \(plan.dilation)"
        }
    }

    /// 500 convolutions from a fixed seed: 1-D, 2-D and 3-D, batch 1-3, groups 1-3, 1-9
    /// input channels per group and 1-40 output channels (so blocks of sixteen with a
    /// partial last one, and several), sizes 1-14 (1-7 in 3-D), kernels 1-4 (1-7 along
    /// the width), stride 1-3,
    /// padding 0-3, dilation 1-3, with and without bias; operations PyTorch refuses are
    /// drawn again.
    static func cases(count: Int = 500, seed: UInt64 = 29) -> [Case] {
        RouteComparison.plans(count: count, seed: seed) { random, _ in
            func draw(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
            let rank = draw(1...3)
            func sizes(_ range: ClosedRange<Int>) -> [Int] { (0..<rank).map { _ in draw(range) } }
            let (batch, groups, inPerGroup, outPerGroup) = (draw(1...3), draw(1...3), draw(1...9), draw(1...40))
            // Widths up to 7: each undilated width up to 7 has its own compiled tile.
            let size = sizes(rank == 3 ? 1...7 : 1...14), kernel = sizes(1...4).dropLast() + [draw(1...7)]
            let stride = sizes(1...3), padding = sizes(0...3)
            let dilation = draw(0...2) == 0 ? sizes(1...3) : Array(repeating: 1, count: rank)
            let x = random.integers([batch, groups * inPerGroup] + size, dtype: .float32)
            let b = draw(0...1) == 0 ? nil : random.integers([groups * outPerGroup], dtype: .float32)
            let w = random.integers([groups * outPerGroup, inPerGroup] + kernel, dtype: .float32)
            return try? ConvPlan.convolution(x, weight: w, bias: b, spatialRank: rank, stride: SpatialParameter(stride),
                                             padding: .explicit(padding), dilation: SpatialParameter(dilation),
                                             groups: groups)
        }.map(Case.init)
    }

    /// The lowered route's and the direct kernel's outputs for `plan`'s operation (the
    /// direct one starting from NaN, so a position it leaves unwritten shows).
    static func outputs(_ plan: ConvPlan, resources: ComputeResources = ComputeResources()) throws
        -> (reference: [Float], direct: [Float], computed: Bool) {
        var computed = false
        let (reference, direct) = try RouteComparison.outputs(
            plan, Float.self, referenceFill: 0, fastFill: .nan,
            reference: { xs, ws, bs, out in
                try ConvKernels.convolution(input: xs, weight: ws, bias: bs, output: out, geometry: plan.geometry,
                                            resources: resources, cancellation: nil)
            },
            fast: { xs, ws, bs, out in
                computed = try DirectConvolution.forward(input: xs, weight: ws, bias: bs, output: out,
                                                         geometry: plan.geometry, resources: resources, cancellation: nil)
            })
        return (reference, direct, computed)
    }

    @Test func fiveHundredGeometriesMatchTheReferenceRoute() throws {
        let cases = Self.cases()
        #expect(cases.count == 500)
        for rank in 1...3 { #expect(cases.contains { $0.plan.operation.spatialRank == rank }) }
        func problem(_ c: Case) -> DirectProblem { DirectProblem(c.plan.geometry, threads: 2) }
        // Padded copies and the image itself; several blocks of channels.
        #expect(cases.contains { problem($0).layout.readsPadding } && cases.contains { !problem($0).layout.readsPadding })
        #expect(cases.contains { problem($0).channelBlocks > 2 })
        for width in 1...7 { #expect(cases.contains { $0.plan.kernelSize.last == width && $0.plan.dilation.last == 1 }) }
        for c in cases {
            #expect(DirectConvolution.applies(to: c.plan.geometry), "\(c)")
            let (reference, direct, computed) = try Self.outputs(c.plan)
            #expect(computed, "\(c)")
            let differing = zip(reference, direct).filter { $0 != $1 }.count
            #expect(differing == 0, "\(differing) of \(reference.count) differ: \(c)")
        }
    }

    /// Sources past half of the L2 cache take the run-major order (every block of
    /// channels over a run of tiles): 2-D with padding, 1-D without, grouped, the same
    /// exact results.
    @Test(arguments: [([2, 8, 130, 130], [40, 8, 3, 3], 1, 1), ([1, 3, 50_000], [20, 3, 5], 0, 1),
                      ([2, 28, 100, 100], [34, 14, 3, 3], 2, 2)])
    func largeSourcesRunTileByTileOverEveryBlock(input: [Int], weight: [Int], padding: Int, groups: Int) throws {
        var random = TestRandom(seed: 41)
        let rank = input.count - 2
        let plan = try ConvPlan.convolution(random.integers(input, dtype: .float32),
                                            weight: random.integers(weight, dtype: .float32),
                                            bias: random.integers([weight[0]], dtype: .float32), spatialRank: rank,
                                            stride: SpatialParameter(Array(repeating: 2, count: rank)),
                                            padding: .explicit(Array(repeating: padding, count: rank)), groups: groups)
        #expect(!DirectProblem(plan.geometry, threads: 2).blockMajor)
        let (reference, direct, computed) = try Self.outputs(plan)
        #expect(computed && reference == direct)
    }

    /// The jobs split samples, channel blocks and runs of tiles in one way whatever the
    /// threads: the same bits on random operands on one thread and on several.
    @Test func oneThreadAndManyThreadsGiveTheSameBits() throws {
        for c in Self.cases(count: 40, seed: 7) {
            let random = Self.withRandomOperands(c.plan)
            let one = try Self.outputs(random, resources: ComputeResources(EngineContext(computeThreads: 1))).direct
            let three = try Self.outputs(random, resources: ComputeResources(EngineContext(computeThreads: 3))).direct
            #expect(one.map(\.bitPattern) == three.map(\.bitPattern), "\(c)")
        }
    }

    /// Random operands: each sum within a few float32 roundings of the lowered route's.
    @Test func randomOperandsStayCloseToTheReferenceRoute() throws {
        for c in Self.cases(count: 60, seed: 11) {
            let (reference, direct, _) = try Self.outputs(Self.withRandomOperands(c.plan))
            let scale = c.plan.geometry.imageChannelsPerGroup * c.plan.geometry.kernelVolume
            let worst = zip(reference, direct).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 4e-7 * Float(scale) + 1e-6, "largest difference \(worst): \(c)")
        }
    }

    /// A weight with an infinity over zero padding keeps the lowered route (oneDNN leaves
    /// padded taps out; zeros times infinity would add NaN); without padding the direct
    /// kernel's products are the real ones and it computes.
    @Test func aNonFiniteWeightOverPaddingKeepsTheLoweredRoute() throws {
        var random = TestRandom(seed: 3)
        let x = random.integers([1, 2, 6, 6], dtype: .float32)
        var values = random.integers([3, 2, 3, 3], dtype: .float32).elements(as: Float.self)
        values[4] = .infinity
        let w = Tensor(shape: TensorShape([3, 2, 3, 3]), storage: .float32(values))
        let padded = try ConvPlan.convolution(x, weight: w, spatialRank: 2, padding: .explicit([1, 1]))
        let (_, untouched, refused) = try Self.outputs(padded)
        #expect(!refused && untouched.allSatisfy(\.isNaN))
        let unpadded = try ConvPlan.convolution(x, weight: w, spatialRank: 2)
        let (reference, direct, computed) = try Self.outputs(unpadded)
        #expect(computed && zip(reference, direct).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        // Through a plan that takes the route: the lowered route's output, infinities and all.
        var weights = random.integers([32, 16, 3, 3], dtype: .float32).elements(as: Float.self)
        weights[100] = -.infinity
        let routed = try ConvPlan.convolution(random.integers([2, 16, 20, 20], dtype: .float32),
                                              weight: Tensor(shape: TensorShape([32, 16, 3, 3]), storage: .float32(weights)),
                                              spatialRank: 2, stride: 2, padding: .explicit([1, 1]))
        #expect(routed.routes.directConvolution)
        let expected = try Self.outputs(routed).reference
        let output = try routed.run().elements(as: Float.self)
        #expect(output.contains { $0.isInfinite } && output.contains(where: \.isNaN) == expected.contains(where: \.isNaN))
        #expect(zip(expected, output).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
    }

    /// The weight's scan for infinities and NaNs finds each, wherever it is, and nothing
    /// in finite values, the largest and the subnormal ones included.
    @Test func theScanFindsEveryNonFiniteValue() {
        let finite: [Float] = [0, -0.0, 1, -1, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                               .leastNonzeroMagnitude, .leastNormalMagnitude, 3.0e38]
        for count in [1, 7, 8, 9, 33] {
            let values = (0..<count).map { finite[$0 % finite.count] }
            #expect(!values.withUnsafeBufferPointer(DirectConvolution.hasNonFinite))
            for special: Float in [.infinity, -.infinity, .nan, -.nan, Float(bitPattern: 0x7F80_0001)] {
                for index in [0, count / 2, count - 1] {
                    var withSpecial = values
                    withSpecial[index] = special
                    #expect(withSpecial.withUnsafeBufferPointer(DirectConvolution.hasNonFinite), "\(special) at \(index) of \(count)")
                }
            }
        }
    }

    /// A raised flag stops the kernel with `cancelled`.
    @Test func aRaisedFlagCancels() throws {
        let plan = Self.cases(count: 1, seed: 5)[0].plan
        let flag = CancellationFlag()
        flag.cancel()
        var output = [Float](repeating: 0, count: plan.outputShape.elementCount)
        let x = plan.input.elements(as: Float.self), w = plan.weight.elements(as: Float.self)
        #expect(throws: EngineError.cancelled) {
            try x.withUnsafeBufferPointer { xs in
                try w.withUnsafeBufferPointer { ws in
                    try output.withUnsafeMutableBufferPointer { out in
                        _ = try DirectConvolution.forward(input: xs, weight: ws, bias: nil, output: out,
                                                          geometry: plan.geometry, resources: ComputeResources(),
                                                          cancellation: flag)
                    }
                }
            }
        }
    }

    /// The suite's strided convolution takes the route where PyTorch runs oneDNN; with
    /// three input channels (a first layer) and on one thread with one sample (PyTorch's
    /// matrix route) it does not.
    @Test func theRouteRule() throws {
        func plan(_ x: [Int], _ w: [Int], stride: Int = 1) throws -> ConvPlan {
            try ConvPlan.convolution(Tensor.zeros(x, dtype: .float32), weight: Tensor.zeros(w, dtype: .float32),
                                     spatialRank: 2, stride: SpatialParameter([stride, stride]), padding: .explicit([1, 1]))
        }
        let downConv = try plan([8, 128, 28, 28], [256, 128, 3, 3], stride: 2)
        #expect(downConv.usesOneDNN && downConv.routes.directConvolution)
        let firstLayer = try plan([8, 3, 32, 32], [64, 3, 3, 3], stride: 2)
        #expect(firstLayer.usesOneDNN && !firstLayer.routes.directConvolution)
        let stem = try ConvPlan.convolution(Tensor.zeros([8, 3, 64, 64], dtype: .float32),
                                            weight: Tensor.zeros([64, 3, 7, 7], dtype: .float32), spatialRank: 2,
                                            stride: 2, padding: .explicit([3, 3]))
        #expect(stem.routes.directConvolution)
        let line = try ConvPlan.convolution(Tensor.zeros([8, 128, 256], dtype: .float32),
                                            weight: Tensor.zeros([128, 128, 3], dtype: .float32), spatialRank: 1,
                                            stride: 2, padding: .explicit([1]))
        #expect(line.usesOneDNN && !line.routes.directConvolution)
        let matrixRoute = try EngineContext(computeThreads: 1).run { try plan([1, 4, 5, 5], [4, 4, 3, 3], stride: 2) }
        #expect(!matrixRoute.usesOneDNN && !matrixRoute.routes.directConvolution)
        let smallPlane = try plan([16, 512, 7, 7], [512, 512, 3, 3], stride: 2)
        #expect(smallPlane.usesOneDNN && !smallPlane.routes.directConvolution)
        let pointwise = try ConvPlan.convolution(Tensor.zeros([8, 256, 28, 28], dtype: .float32),
                                                 weight: Tensor.zeros([128, 256, 1, 1], dtype: .float32), spatialRank: 2)
        #expect(pointwise.usesOneDNN && !pointwise.routes.directConvolution)
        // Winograd's stride-1 3x3 layers stay on Winograd.
        let resnet = try plan([8, 64, 56, 56], [64, 64, 3, 3])
        #expect(resnet.routes.winograd)
    }

    /// `plan`'s geometry with random operands (float32 in [-1, 1)).
    static func withRandomOperands(_ plan: ConvPlan) -> ConvPlan {
        var random = TestRandom(seed: 17)
        let x = random.tensor(plan.input.shape.dimensions, dtype: .float32)
        let w = random.tensor(plan.weight.shape.dimensions, dtype: .float32)
        let b = plan.bias.map { random.tensor($0.shape.dimensions, dtype: .float32) }
        return try! ConvPlan.convolution(x, weight: w, bias: b, spatialRank: plan.operation.spatialRank,
                                         stride: SpatialParameter(plan.stride),
                                         padding: .explicit(plan.paddingBefore), dilation: SpatialParameter(plan.dilation),
                                         groups: plan.groups)
    }
}

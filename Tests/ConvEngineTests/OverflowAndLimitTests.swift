import Testing
@testable import ConvEngine

/// Sizes and parameters at the edges of `Int` (found by the language fuzz test): each
/// is refused with an error before any arithmetic overflows or memory is asked for.
@Suite struct OverflowAndLimitTests {
    /// The error `body` throws, which must be one.
    static func error<T>(_ body: () throws(EngineError) -> T, sourceLocation: SourceLocation = #_sourceLocation) -> EngineError? {
        do {
            _ = try body()
            Issue.record("no error", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    static let x = try! Tensor.ones([1, 1, 3, 3])
    static let w = try! Tensor.ones([1, 1, 2, 2])

    @Test func shapesSaturateInsteadOfOverflowing() {
        #expect(TensorShape([1 << 40, 1 << 40]).elementCount == .max)
        #expect(TensorShape([1 << 40, 1 << 40, 0]).elementCount == 0)
        #expect(TensorShape([2, 1 << 62, 1 << 40]).strides == [Int.max, 1 << 40, 1])
    }

    @Test func elementChecksRefuseLongDimensionsAndManyOfThem() {
        #expect(Self.error { () throws(EngineError) in try EngineLimits.checkElementCount([0, 1 << 40]) }?.kind == .limit)
        #expect(Self.error { () throws(EngineError) in try EngineLimits.checkElementCount(TensorShape(Array(repeating: 1, count: 65))) }?.kind == .limit)
        #expect(Self.error { () throws(EngineError) in try Tensor.ones([1]).unsqueezed(dim: 0).reshaped(Array(repeating: 1, count: 65)) }?.kind == .limit)
        var t = try! Tensor.ones([1])
        for _ in 1..<EngineLimits.maxRank { t = try! t.unsqueezed(dim: 0) }
        #expect(Self.error { () throws(EngineError) in try t.unsqueezed(dim: 0) }?.kind == .limit)
        #expect(Self.error { () throws(EngineError) in try Tensor.ones([1]).indexed(Array(repeating: .newAxis, count: 64)) }?.kind == .limit)
    }

    @Test func aContextsCapLeavesOtherWorkAlone() throws {
        let small = EngineContext(maxElements: 10)
        small.run {
            #expect(EngineContext.current.maxElements == 10)
            #expect(Self.error { () throws(EngineError) in try Tensor.zeros([11]) }?.kind == .limit)
        }
        #expect(EngineContext.current.maxElements == EngineLimits.defaultMaxElements)
        #expect((try? Tensor.zeros([11])) != nil)
    }

    @Test func arangeCountsInDouble() {
        // `torch.arange(1e308)` trapped converting its count to Int.
        #expect(Self.error { () throws(EngineError) in try Tensor.arange(end: .double(1e308)) }?.kind == .limit)
        #expect(Self.error { () throws(EngineError) in try Tensor.arange(start: .int(.min), end: .int(.max)) }?.kind == .limit)
    }

    @Test func reshapeToHugeSizes() throws {
        // `torch.arange(1).reshape(2, 0x7fffffffffffffff, 4, 3)` trapped multiplying sizes.
        #expect(Self.error { () throws(EngineError) in try Tensor.ones([1]).reshaped([2, .max, 4, 3]) }?.kind == .argument)
        #expect(Self.error { () throws(EngineError) in try Tensor.ones([0]).reshaped([0, 1 << 62]) }?.kind == .limit)
    }

    @Test func expandingASizeOneDimensionToANegativeSize() {
        // x.expand(-2, 3) on a [1, 3] tensor made a tensor of size -2, and trapped.
        let error = Self.error { () throws(EngineError) in try Tensor.ones([1, 3]).expanded(to: [-2, 3]) }
        #expect(error?.message == "Trying to create tensor with negative dimension -2: [-2, 3]")
    }

    @Test func slicesWithExtremeSteps() throws {
        // `x[::10**9 * 10**9]` trapped computing the view's stride.
        let x = try Tensor.arange(end: .int(12)).reshaped([3, 4])
        #expect(try x.indexed([.slice(start: nil, stop: nil, step: 1_000_000_000_000_000_000)]).shape == [1, 4])
        #expect(try x.indexed([.all, .slice(start: nil, stop: nil, step: .min)], negativeSteps: true).elements(as: Int64.self) == [3, 7, 11])
        #expect(try x.indexed([.all, .slice(start: 1, stop: nil, step: .max)]).elements(as: Int64.self) == [1, 5, 9])
        #expect(try PythonSlice(start: nil, stop: nil, step: -2).resolve(length: 5) == (4, -2, 3))
    }

    @Test func padsArePricedBeforeTheyAreBuilt() {
        // F.pad(x, (10**9, 10**9)) asked for billions of indices; (2**62, 2**62) overflowed.
        let x = try! Tensor.ones([1, 4])
        #expect(Self.error { () throws(EngineError) in try x.padded([1_000_000_000, 1_000_000_000]) }?.kind == .limit)
        #expect(Self.error { () throws(EngineError) in try x.padded([1 << 62, 1 << 62]) }?.kind == .limit)
        #expect(Self.error { () throws(EngineError) in try x.padded([.max, 1], mode: .replicate) }?.kind == .limit)
    }

    @Test func convolutionParametersBeyondTheLimit() {
        // padding=2**62 overflowed the padded size; stride and dilation the spans.
        let big = 1 << 62
        #expect(Self.error { () throws(EngineError) in try ConvPlan.convolution(Self.x, weight: Self.w, spatialRank: 2, padding: .explicit([big])) }?.kind == .limit)
        #expect(Self.error { () throws(EngineError) in try ConvPlan.convolution(Self.x, weight: Self.w, spatialRank: 2, dilation: [big]) }?.kind == .limit)
        #expect(Self.error { () throws(EngineError) in try ConvPlan.transposed(Self.x, weight: Self.w, spatialRank: 2, stride: [big]) }?.kind == .limit)
        #expect(Self.error { () throws(EngineError) in try ConvPlan.transposed(Self.x, weight: Self.w, spatialRank: 2, outputPadding: [-big]) }?.kind == .limit)
        #expect(Self.error { () throws(EngineError) in try ConvPlan.convolution(Self.x, weight: Self.w, spatialRank: 2, groups: .max) }?.kind == .limit)
        // Within it, PyTorch's own refusals.
        #expect(Self.error { () throws(EngineError) in try ConvPlan.convolution(Self.x, weight: Self.w, spatialRank: 2, padding: .explicit([-1])) }?.message == "negative padding is not supported")
    }

    @Test func kernelsOfSizeZeroAreRefusedAsPyTorchDoes() {
        // A kernel of size 0 reached the sliding-window layout and indexed out of range.
        let empty = try! Tensor.ones([1, 1, 0])
        #expect(Self.error { () throws(EngineError) in try ConvPlan.transposed(try Tensor.ones([1, 1, 6]), weight: empty, spatialRank: 1, stride: 2) }?.message
            == "kernel size should be greater than zero, but got kernel_height: 1 kernel_width: 0")
        #expect(Self.error { () throws(EngineError) in try ConvPlan.convolution(Self.x, weight: try Tensor.ones([1, 1, 0, 2]), spatialRank: 2) }?.message
            == "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 2")
    }

    @Test func layersWithHugeKernelsOrOutputSizes() throws {
        // nn.Conv2d(1, 1, 2**40) overflowed computing fan-in.
        #expect(Self.error { () throws(EngineError) in
            try ConvLayer(kind: .convolution, spatialRank: 2, inChannels: 1, outChannels: 1, kernelSize: [1 << 40], generator: RandomGenerator())
        }?.kind == .limit)
        let up = try ConvLayer(kind: .transposed, spatialRank: 2, inChannels: 1, outChannels: 1, kernelSize: 3, generator: RandomGenerator())
        // output_size with an input of too low a rank indexed out of range.
        #expect(Self.error { () throws(EngineError) in try up.plan(for: try Tensor.ones([3]), outputSize: [5, 5]) }?.kind == .shape)
        #expect(Self.error { () throws(EngineError) in try up.plan(for: try Tensor.ones([1, 3, 3]), outputSize: [1 << 62, 5]) }?.kind == .limit)
        #expect(try up.plan(for: try Tensor.ones([1, 3, 3]), outputSize: [5, 5]).outputShape == [1, 1, 5, 5])
    }

    @Test func picturesOfHugeGridsAreRefusedBeforeTheyAreLaidOut() throws {
        // diagram(F.conv_transpose1d, input=6, kernel_size=2, stride=10**9) asked for 80 GB.
        let plan = try ConvPlan.transposed(try Tensor.zeros([1, 1, 6]), weight: try Tensor.zeros([1, 1, 2]), spatialRank: 1,
                                           stride: [1_000_000_000], padding: [1])
        #expect(SlidingWindowLayout.refusal(plan) != nil)
        let small = try ConvPlan.transposed(try Tensor.zeros([1, 1, 6]), weight: try Tensor.zeros([1, 1, 2]), spatialRank: 1, stride: [2])
        #expect(SlidingWindowLayout.refusal(small) == nil)
    }
}

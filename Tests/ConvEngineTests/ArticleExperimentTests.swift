import Testing
@testable import ConvEngine

/// The experiments of the source articles that the engine decides alone (the E-numbers
/// of experiments.md); the language and notebook tests run them as written.
@Suite struct ArticleExperimentTests {
    func t(_ shape: [Int], _ values: [Float]) throws -> Tensor { try Tensor(shape: shape, elements: values) }

    @Test func e9TensorFlowExampleAndItsConvolutionForm() throws {
        let x = try t([1, 1, 2, 2], [1, 2, 4, 5])
        let k = try t([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let expected: [Double] = [1, 4, 7, 6, 8, 26, 38, 27, 23, 62, 74, 48, 28, 67, 76, 45]
        #expect(try Convolution.transposedConvolution(x, weight: k, spatialRank: 2).doubles == expected)
        // The same as a plain convolution of x padded by 2 with the kernel rotated 180 degrees.
        let rotated = try k.flipped([2, 3])
        #expect(try Convolution.convolution(x, weight: rotated, spatialRank: 2, padding: 2).doubles == expected)
    }

    @Test func e10ConvolutionAsAMatrix() throws {
        var random = TestRandom(seed: 10)
        let k = random.tensor([1, 1, 3, 3], dtype: .float32)
        let x = random.tensor([1, 1, 4, 4], dtype: .float32)
        let conv = try Formulation.matrixForm(ConvPlan.convolution(x, weight: k, spatialRank: 2))
        #expect(conv.matrix.shape == [4, 16])
        #expect(closeness(conv.output, try Convolution.convolution(x, weight: k, spatialRank: 2)) == nil)
        let y = random.tensor([1, 1, 2, 2], dtype: .float32)
        let transposed = try Formulation.matrixForm(ConvPlan.transposed(y, weight: k, spatialRank: 2))
        #expect(transposed.matrix.shape == [16, 4])
        #expect(closeness(transposed.output, try Convolution.transposedConvolution(y, weight: k, spatialRank: 2)) == nil)
    }

    @Test func e11ScatterAdd() throws {
        let x = try t([2, 2], [0, 1, 2, 3]), k = try t([2, 2], [0, 1, 2, 3])
        let plan = try ConvPlan.transposed(x.reshaped([1, 1, 2, 2]), weight: k.reshaped([1, 1, 2, 2]), spatialRank: 2)
        #expect(try Formulation.scatterAdd(plan).output.doubles == [0, 0, 1, 0, 4, 6, 4, 12, 9])
    }

    @Test func e12PaddingAndStride() throws {
        let x = try t([1, 1, 2, 2], [0, 1, 2, 3]), k = try t([1, 1, 2, 2], [0, 1, 2, 3])
        #expect(try Convolution.transposedConvolution(x, weight: k, spatialRank: 2, padding: 1).doubles == [4])
        #expect(try Convolution.transposedConvolution(x, weight: k, spatialRank: 2, stride: 2).doubles
                == [0, 0, 0, 1, 0, 0, 2, 3, 0, 2, 0, 3, 4, 6, 6, 9])
    }

    @Test func e3FullPaddingBeyondTheKernelGivesAZeroRing() throws {
        var random = TestRandom(seed: 3)
        let x = random.tensor([1, 1, 2, 2], dtype: .float32), w = random.tensor([1, 1, 3, 3], dtype: .float32)
        let y = try Convolution.convolution(x, weight: w, spatialRank: 2, padding: 3)
        #expect(y.shape == [1, 1, 6, 6])
        let ring = try [y.indexed([.integer(0), .integer(0), .integer(0)]), y.indexed([.integer(0), .integer(0), .integer(5)]),
                        y.indexed([.integer(0), .integer(0), .all, .integer(0)]), y.indexed([.integer(0), .integer(0), .all, .integer(5)])]
        #expect(ring.allSatisfy { $0.doubles.allSatisfy { $0 == 0 } })
        #expect(try Convolution.convolution(x, weight: w, spatialRank: 2, padding: 2).shape == [1, 1, 4, 4])
    }

    @Test func e4TransposedWithFlippedWeightEqualsConvolution() throws {
        var random = TestRandom(seed: 4)
        let x = random.tensor([1, 1, 32, 32], dtype: .float32), w = random.tensor([1, 1, 3, 3], dtype: .float32)
        let conv = try Convolution.convolution(x, weight: w, spatialRank: 2)
        let transposed = try Convolution.transposedConvolution(x, weight: w.flipped([2, 3]), spatialRank: 2, padding: 2)
        #expect(conv.shape == [1, 1, 30, 30])
        #expect(closeness(transposed, conv, rtol: 0, atol: 1e-5) == nil)
    }

    @Test func e5PaddingBeyondKMinusOneCrops() throws {
        let w = try t([1, 1, 1, 1], [0.77])
        let y = try Convolution.transposedConvolution(Tensor.ones([1, 1, 3, 3]), weight: w, spatialRank: 2, padding: 1)
        #expect(y.shape == [1, 1, 1, 1])
        #expect(y.doubles == [Double(Float(0.77))])
    }

    @Test func e13MultiChannelRoundTrip() throws {
        var random = TestRandom(seed: 13)
        let x = random.tensor([1, 10, 16, 16], dtype: .float32)
        let y = try Convolution.convolution(x, weight: random.tensor([20, 10, 5, 5], dtype: .float32), spatialRank: 2, stride: 3, padding: 2)
        #expect(y.shape == [1, 20, 6, 6])
        let back = try Convolution.transposedConvolution(y, weight: random.tensor([20, 10, 5, 5], dtype: .float32), spatialRank: 2, stride: 3, padding: 2)
        #expect(back.shape == [1, 10, 16, 16])
    }

    @Test func e14IntermediatesOfTheRecipe() throws {
        let plan = try ConvPlan.transposed(Tensor.ones([1, 1, 3, 3]), weight: Tensor.ones([1, 1, 3, 3]), spatialRank: 2, stride: 2, padding: 1)
        let trace = try Formulation.zeroInsertion(plan)
        #expect(trace.zeroInserted.shape == [1, 1, 5, 5])
        #expect(trace.zeroInserted.doubles.filter { $0 == 1 }.count == 9)
        #expect(trace.padded.shape == [1, 1, 7, 7])
        #expect(trace.output.shape == [1, 1, 5, 5])
    }

    @Test func e18OutputPaddingMustBeSmallerThanStrideOrDilation() throws {
        let error = #expect(throws: EngineError.self) {
            try Convolution.transposedConvolution(Tensor.ones([1, 1, 3, 3]), weight: Tensor.ones([1, 1, 3, 3]),
                                                  spatialRank: 2, stride: 2, outputPadding: 2)
        }
        #expect(error?.message == "output padding must be smaller than either stride or dilation, but got output_padding_height: 2 output_padding_width: 2 stride_height: 2 stride_width: 2 dilation_height: 1 dilation_width: 1")
        // With dilation 3 the same output padding is allowed.
        #expect(try Convolution.transposedConvolution(Tensor.ones([1, 1, 3, 3]), weight: Tensor.ones([1, 1, 3, 3]),
                                                      spatialRank: 2, stride: 2, outputPadding: 2, dilation: 3).shape == [1, 1, 13, 13])
    }

    @Test func refusalsForRanksAndParameters() throws {
        let x = try Tensor.ones([1, 1, 5, 5]), w = try Tensor.ones([1, 1, 3, 3])
        let rank = #expect(throws: EngineError.self) { try Convolution.convolution(Tensor.ones([5, 5]), weight: w, spatialRank: 2) }
        #expect(rank?.message == "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [5, 5]")
        let stride = #expect(throws: EngineError.self) { try Convolution.convolution(x, weight: w, spatialRank: 2, stride: [1, 1, 1]) }
        #expect(stride?.message == "expected stride to be a single integer value or a list of 2 values to match the convolution dimensions, but got stride=[1, 1, 1]")
        let negative = #expect(throws: EngineError.self) { try Convolution.convolution(x, weight: w, spatialRank: 2, padding: -1) }
        #expect(negative?.message == "negative padding is not supported")
        let groups = #expect(throws: EngineError.self) { try Convolution.convolution(x, weight: w, spatialRank: 2, groups: 0) }
        #expect(groups?.message == "non-positive groups is not supported")
        let bias = #expect(throws: EngineError.self) {
            try Convolution.convolution(x, weight: w, bias: Tensor.ones([2]), spatialRank: 2)
        }
        #expect(bias?.message == "Given weight of size [1, 1, 3, 3], expected bias to be 1-dimensional with 1 elements, but got bias of size [2] instead")
        // int64 convolves, as in PyTorch; bool has no CPU kernel.
        #expect(try Convolution.convolution(x.converted(to: .int64), weight: w.converted(to: .int64), spatialRank: 2).dtype == .int64)
        let bools = #expect(throws: EngineError.self) {
            try Convolution.convolution(x.converted(to: .bool), weight: w.converted(to: .bool), spatialRank: 2)
        }
        #expect(bools?.kind == .dtype && bools?.pythonType == "NotImplementedError")
        let mixed = #expect(throws: EngineError.self) {
            try Convolution.convolution(x.converted(to: .float64), weight: w, spatialRank: 2)
        }
        #expect(mixed?.kind == .dtype)
        let invalid = #expect(throws: EngineError.self) { try ConvPadding(string: "full") }
        #expect(invalid?.message == "Invalid padding string: 'full'")
    }

    @Test func float64StaysFloat64() throws {
        let y = try Convolution.transposedConvolution(Tensor.ones([1, 2, 2], dtype: .float64), weight: Tensor.ones([1, 1, 2, 2], dtype: .float64), spatialRank: 2)
        #expect(y.dtype == .float64)
        #expect(y.shape == [1, 3, 3])
        #expect(y.doubles == [1, 2, 1, 2, 4, 2, 1, 2, 1])
    }
}

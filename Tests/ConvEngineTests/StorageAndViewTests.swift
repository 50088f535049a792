import Testing
@testable import ConvEngine

/// The storage model at engine level: views share a buffer and a version counter,
/// writes go through strides, and PyTorch's refusals. (The language-level fixture from
/// real PyTorch, `ViewFixtureTests`, checks 500 programs end to end.)
@Suite struct StorageAndViewTests {
    func range(_ shape: [Int]) throws -> Tensor {
        try Tensor.arange(end: .int(Int64(shape.reduce(1, *)))).converted(to: .float32).reshaped(shape)
    }

    @Test func viewsShareTheBufferAndTheVersion() throws {
        let x = try range([3, 4])
        let column = try x.indexed([.all, .integer(1)])
        #expect(column.strides == [4] && column.storageOffset == 1 && !column.isContiguous)
        #expect(column.sharesStorage(with: x))
        try column.fill(.int(-1))
        #expect(x.doubles == [0, -1, 2, 3, 4, -1, 6, 7, 8, -1, 10, 11])
        #expect(x.version.value == 1 && column.version === x.version)
        let data = x.withNewVersionCounter()
        #expect(data.sharesStorage(with: x) && data.version !== x.version)
    }

    @Test func viewStridesFollowATen() {
        // Contiguous: any regrouping. Transposed: only splits and merges within a run.
        #expect(Tensor.viewStrides([3, 4], [4, 1], [2, 6]) == [6, 1])
        #expect(Tensor.viewStrides([4, 3], [1, 4], [12]) == nil)
        #expect(Tensor.viewStrides([4, 3], [1, 4], [2, 2, 3]) == [2, 1, 4])
        #expect(Tensor.viewStrides([3, 2], [4, 2], [6]) == [2])
        #expect(Tensor.viewStrides([], [], [1, 1]) == [1, 1])
    }

    @Test func reshapeCopiesOnlyWhenItMust() throws {
        let x = try range([3, 4])
        #expect(try x.reshaped([12]).sharesStorage(with: x))
        let t = try x.transposed(0, 1)
        #expect(try !t.reshaped([12]).sharesStorage(with: x))
        let refused = #expect(throws: EngineError.self) { try t.viewed([12]) }
        #expect(refused?.message.hasPrefix("view size is not compatible with input tensor's size and stride") == true)
    }

    @Test func writesRefusedAsPyTorchRefusesThem() throws {
        let e = try Tensor.zeros([3]).expanded(to: [2, 3])
        #expect(e.strides == [0, 1])
        let overlap = #expect(throws: EngineError.self) { try e.copyIn(Tensor.ones([2, 3])) }
        #expect(overlap?.message.hasPrefix("unsupported operation: more than one element") == true)
        try e.fill(.int(2))  // a fill is allowed, as in PyTorch
        let x = try range([6])
        let partial = #expect(throws: EngineError.self) {
            try x.indexed([.slice(start: 1, stop: nil, step: nil)]).copyIn(x.indexed([.slice(start: nil, stop: -1, step: nil)]))
        }
        #expect(partial?.message.hasPrefix("unsupported operation: some elements of the input tensor") == true)
        let ints = try Tensor.arange(end: .int(3))
        let cast = #expect(throws: EngineError.self) { try ints.applyInPlace(.add, .scalar(.double(1.5))) }
        #expect(cast?.message == "result type Float can't be cast to the desired output type Long")
        let grow = #expect(throws: EngineError.self) { try Tensor.zeros([3]).applyInPlace(.add, .tensor(Tensor.ones([2, 3]))) }
        #expect(grow?.message == "output with shape [3] doesn't match the broadcast shape [2, 3]")
    }

    @Test func cloneKeepsDenseStrides() throws {
        let x = try range([3, 4])
        #expect(try x.transposed(0, 1).clone().strides == [1, 4])
        #expect(try x.transposed(0, 1).clone(preserveFormat: false).strides == [3, 1])
        #expect(try x.indexed([.all, .slice(start: 1, stop: nil, step: nil)]).clone().strides == [3, 1])
        let y = try range([2, 3, 4])
        #expect(try y.transposed(0, 2).clone().strides == [1, 4, 12])
        #expect(try y.transposed(0, 2).clone().doubles == y.transposed(0, 2).doubles)
    }

    @Test func advancedIndexingCopiesAndWritesInPlace() throws {
        let x = try Tensor.arange(end: .int(24)).reshaped([2, 3, 4])
        let index = try Tensor(shape: [2], elements: [Int64(1), 2])
        #expect(try x.indexed([.integer(0), .all, .tensor(index)]).shape == [3, 2])
        #expect(try x.indexed([.tensor(index.indexed([.slice(start: nil, stop: 1, step: nil)])), .all, .tensor(index)]).shape == [2, 3])
        let mask = try x.compared(.greater, .int(20))
        #expect(try x.indexed([.tensor(mask)]).elements(as: Int64.self) == [21, 22, 23])
        try x.assign([.tensor(mask)], .int(0))
        #expect(try x.reduced(.sum).item() == .int(210))
        let out = #expect(throws: EngineError.self) { try x.indexed([.tensor(Tensor(shape: [1], elements: [Int64(5)]))]) }
        #expect(out?.message == "index 5 is out of bounds for dimension 0 with size 2")
    }

    @Test func dtypesPromoteConvertAndRound() throws {
        #expect(DType.uint8.promoted(with: .int8) == .int16)
        #expect(DType.float16.promoted(with: .bfloat16) == .float32)
        #expect(DType.int32.promoted(with: .float16) == .float16)
        #expect(DType.int32.promoted(with: .int64) == .int64)
        let wrapped = try Tensor(shape: [1], elements: [Int64(300)]).converted(to: .uint8)
        #expect(wrapped.elements(as: Int64.self) == [44])
        #expect(BFloat16(Float(70000)).floatValue == 70144)
        #expect(BFloat16(Float(1.1)).floatValue == 1.1015625)
        let big = Tensor(scalar: .int(9_007_199_254_740_993))
        #expect(try big.item() == .int(9_007_199_254_740_993))
        #expect(try Tensor.apply(.add, .tensor(big), .scalar(.int(1))).item() == .int(9_007_199_254_740_994))
    }

    @Test func integerConvolutionIsExact() throws {
        let x = try Tensor(shape: [1, 1, 2, 2], elements: [Int64(1) << 40, 1, 2, 3])
        let w = try Tensor(shape: [1, 1, 1, 1], elements: [Int64(3)])
        let y = try Convolution.convolution(x, weight: w, spatialRank: 2)
        #expect(y.elements(as: Int64.self) == [3 << 40, 3, 6, 9])
        let narrow = try Tensor.full([1, 1, 3, 3], .int(100), dtype: .int8)
        let ones = try Tensor.ones([1, 1, 2, 2], dtype: .int8)
        #expect(try Convolution.convolution(narrow, weight: ones, spatialRank: 2).elements(as: Int64.self) == [-112, -112, -112, -112])
        let refused = #expect(throws: EngineError.self) {
            try Convolution.transposedConvolution(narrow, weight: ones, spatialRank: 2)
        }
        #expect(refused?.message == "\"slow_conv_transpose2d_out_cpu\" not implemented for 'Char'")
    }
}

import Testing
@testable import ConvEngine

@Suite struct LayoutTests {
    func range(_ shape: [Int]) throws -> Tensor {
        try Tensor.arange(end: .int(Int64(shape.reduce(1, *)))).converted(to: .float32).reshaped(shape)
    }

    @Test func reshapeInfersOneSize() throws {
        let x = try range([2, 6])
        #expect(try x.reshaped([3, -1]).shape == [3, 4])
        #expect(try x.reshaped([-1]).shape == [12])
        let bad = #expect(throws: EngineError.self) { try x.reshaped([5, -1]) }
        #expect(bad?.message == "shape '[5, -1]' is invalid for input of size 12")
        let two = #expect(throws: EngineError.self) { try x.reshaped([-1, -1]) }
        #expect(two?.message == "only one dimension can be inferred")
    }

    @Test func reshapeToSizesWhoseProductOverflowsIsAnError() throws {
        let x = try range([2, 2])
        // Found by the kernel's fuzz test: the product of the sizes used to trap.
        let huge = #expect(throws: EngineError.self) { try x.reshaped([1_000_000_000, 1_000_000_000, 1_000_000_000, 1]) }
        #expect(huge?.message == "shape '[1000000000, 1000000000, 1000000000, 1]' is invalid for input of size 4")
        #expect(throws: EngineError.self) { try x.reshaped([1_000_000_000, 1_000_000_000, 1_000_000_000, -1]) }
        #expect(throws: EngineError.self) { try x.reshaped([1_000_000_000, 1_000_000_000, 1_000_000_000, 0]) }
    }

    @Test func permuteAndTranspose() throws {
        let x = try range([2, 3])
        let t = try x.transposed(0, 1)
        #expect(t.shape == [3, 2])
        #expect(t.doubles == [0, 3, 1, 4, 2, 5])
        #expect(try range([2, 3, 4]).permuted([2, 0, 1]).shape == [4, 2, 3])
        #expect(x.reversedDimensions.doubles == t.doubles)
        let e = #expect(throws: EngineError.self) { try x.permuted([0]) }
        #expect(e?.message.contains("input.dim() = 2 is not equal to len(dims) = 1") == true)
    }

    @Test func flipRotatesTheKernel() throws {
        let k = try range([1, 1, 2, 3])
        #expect(try k.flipped([2, 3]).doubles == [5, 4, 3, 2, 1, 0])
        #expect(try k.flipped([-1]).doubles == [2, 1, 0, 5, 4, 3])
        #expect(throws: EngineError.self) { try k.flipped([2, -2]) }
    }

    @Test func squeezeAndUnsqueeze() throws {
        let x = try range([1, 3, 1])
        #expect(try x.squeezed().shape == [3])
        #expect(try x.squeezed(dim: 1).shape == [1, 3, 1])
        #expect(try x.squeezed(dim: -1).shape == [1, 3])
        #expect(try x.unsqueezed(dim: -1).shape == [1, 3, 1, 1])
        #expect(try x.unsqueezed(dim: 0).shape == [1, 1, 3, 1])
        #expect(throws: EngineError.self) { try x.unsqueezed(dim: 5) }
    }

    @Test func slicingWithStepsAndNegativeSteps() throws {
        let x = try range([4, 4])
        #expect(try x.indexed([.integer(1)]).doubles == [4, 5, 6, 7])
        #expect(try x.indexed([.all, .slice(start: 1, stop: 3, step: nil)]).doubles == [1, 2, 5, 6, 9, 10, 13, 14])
        #expect(try x.indexed([.slice(start: nil, stop: nil, step: 2), .integer(-1)]).doubles == [3, 11])
        // a[::-1, ::-1] is the 180-degree rotation, for NumPy arrays; tensors refuse it.
        let reversed: [TensorIndex] = [.slice(start: nil, stop: nil, step: -1), .slice(start: nil, stop: nil, step: -1)]
        #expect(try x.indexed(reversed, negativeSteps: true).doubles == Array((0..<16).reversed()).map(Double.init))
        let refused = #expect(throws: EngineError.self) { try x.indexed(reversed) }
        #expect(refused?.message == "step must be greater than zero" && refused?.pythonType == "ValueError")
        #expect(try x.indexed([.slice(start: -2, stop: nil, step: nil)]).shape == [2, 4])
        #expect(try x.indexed([.ellipsis, .newAxis]).shape == [4, 4, 1])
        #expect(try x.indexed([.slice(start: 3, stop: 1, step: nil)]).shape == [0, 4])
        let out = #expect(throws: EngineError.self) { try x.indexed([.integer(4)]) }
        #expect(out?.message == "index 4 is out of bounds for dimension 0 with size 4")
        #expect(out?.pythonType == "IndexError")
        let many = #expect(throws: EngineError.self) { try x.indexed([.integer(0), .integer(0), .integer(0)]) }
        #expect(many?.message == "too many indices for tensor of dimension 2")
        #expect(throws: EngineError.self) { try x.indexed([.slice(start: nil, stop: nil, step: 0)]) }
    }

    @Test func indexAssignmentBroadcasts() throws {
        let y = try Tensor.zeros([3, 3])
        try y.assign([.integer(0), .integer(0)], Tensor(scalar: .int(1)))
        try y.assign([.slice(start: 1, stop: 3, step: nil), .slice(start: 1, stop: 3, step: nil)],
                     Tensor(shape: [2], elements: [Float](arrayLiteral: 7, 8)))
        #expect(y.doubles == [1, 0, 0, 0, 7, 8, 0, 7, 8])
        #expect(y.dtype == .float32)
        let e = #expect(throws: EngineError.self) {
            try y.assign([.integer(0)], Tensor(shape: [2], elements: [Float](arrayLiteral: 1, 2)))
        }
        #expect(e?.message == "The expanded size of the tensor (3) must match the existing size (2) at non-singleton dimension 0.  Target sizes: [3].  Tensor sizes: [2]")
    }

    @Test func catAndStack() throws {
        let a = try range([2, 2]), b = try range([2, 1])
        let c = try Tensor.concatenate([a, b], dim: 1)
        #expect(c.shape == [2, 3])
        #expect(c.doubles == [0, 1, 0, 2, 3, 1])
        let e = #expect(throws: EngineError.self) { try Tensor.concatenate([a, b], dim: 0) }
        #expect(e?.message == "Sizes of tensors must match except in dimension 0. Expected size 2 but got size 1 for tensor number 1 in the list.")
        let s = try Tensor.stack([a, a], dim: 1)
        #expect(s.shape == [2, 2, 2])
        #expect(s.doubles == [0, 1, 0, 1, 2, 3, 2, 3])
        let se = #expect(throws: EngineError.self) { try Tensor.stack([a, b]) }
        #expect(se?.message == "stack expects each tensor to be equal size, but got [2, 2] at entry 0 and [2, 1] at entry 1")
        let mixed = try Tensor.concatenate([Tensor(shape: [1], elements: [Int64(3)]), Tensor(shape: [1], elements: [Double(0.5)])])
        #expect(mixed.dtype == .float64)
        #expect(mixed.doubles == [3, 0.5])
    }

    @Test func creation() throws {
        #expect(try Tensor.arange(end: .int(5)).dtype == .int64)
        #expect(try Tensor.arange(start: .double(0), end: .int(1), step: .double(0.25)).doubles == [0, 0.25, 0.5, 0.75])
        #expect(try Tensor.arange(start: .int(5), end: .int(0), step: .int(-2)).doubles == [5, 3, 1])
        #expect(throws: EngineError.self) { try Tensor.arange(start: .int(0), end: .int(5), step: .int(-1)) }
        #expect(try Tensor.linspace(start: 0, end: 1, steps: 5).doubles == [0, 0.25, 0.5, 0.75, 1])
        #expect(try Tensor.eye(2, 3).doubles == [1, 0, 0, 0, 1, 0])
        #expect(try Tensor.full([2], .int(7)).dtype == .int64)
        #expect(try Tensor.full([2], .double(7)).dtype == .float32)
        #expect(try Tensor.zeros([2, 0]).count == 0)
        let neg = #expect(throws: EngineError.self) { try Tensor.ones([2, -1]) }
        #expect(neg?.message == "Trying to create tensor with negative dimension -1: [2, -1]")
        #expect(throws: EngineError.self) { try Tensor.zeros([1 << 20, 1 << 20]) }
    }

    @Test func nestedLists() throws {
        let ints = try Tensor(nested: .list([.list([.scalar(.int(1)), .scalar(.int(2))]), .list([.scalar(.int(4)), .scalar(.int(5))])]))
        #expect(ints.shape == [2, 2])
        #expect(ints.dtype == .int64)
        let floats = try Tensor(nested: .list([.scalar(.int(1)), .scalar(.double(2.5))]))
        #expect(floats.dtype == .float32)
        #expect(try Tensor(nested: .list([.scalar(.bool(true))])).dtype == .bool)
        let ragged = #expect(throws: EngineError.self) {
            try Tensor(nested: .list([.list([.scalar(.int(1))]), .list([.scalar(.int(1)), .scalar(.int(2))])]))
        }
        #expect(ragged?.message == "expected sequence of length 1 at dim 1 (got 2)")
        #expect(ragged?.pythonType == "ValueError")
        #expect(ints.toNestedList() == .list([.list([.scalar(.int(1)), .scalar(.int(2))]), .list([.scalar(.int(4)), .scalar(.int(5))])]))
    }
}

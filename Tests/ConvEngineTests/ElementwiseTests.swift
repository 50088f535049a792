import Testing
@testable import ConvEngine

@Suite struct ElementwiseTests {
    let f32 = try! Tensor(shape: [2, 2], elements: [Float](arrayLiteral: 1, 2, 3, 4))
    let f64 = try! Tensor(shape: [2], elements: [Double](arrayLiteral: 0.5, 1.5))
    let i64 = try! Tensor(shape: [2], elements: [Int64](arrayLiteral: 3, 4))
    let bools = try! Tensor(shape: [2], elements: [true, false])

    @Test func broadcastingAndItsMessage() throws {
        let row = try Tensor(shape: [1, 2], elements: [Float](arrayLiteral: 10, 20))
        #expect(try f32.applying(.add, row).doubles == [11, 22, 13, 24])
        let column = try Tensor(shape: [3], elements: [Float](arrayLiteral: 1, 2, 3))
        let error = #expect(throws: EngineError.self) { try f32.applying(.add, column) }
        #expect(error?.message == "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1")
        #expect(try TensorShape.broadcast([4, 1, 3], [2, 1]) == [4, 2, 3])
    }

    @Test func typePromotionFollowsPyTorch() throws {
        #expect(try f32.applying(.multiply, .double(2.5)).dtype == .float32)       // scalar keeps width
        #expect(try i64.applying(.multiply, .double(2.5)).dtype == .float32)       // but raises category
        #expect(try bools.applying(.add, .int(1)).dtype == .int64)
        #expect(try i64.applying(.add, f64).dtype == .float64)
        #expect(try f32.applying(.add, Tensor(scalar: .double(1), dtype: .float64)).dtype == .float32)  // 0-dim counts less
        #expect(try Tensor(scalar: .int(1)).applying(.add, Tensor(scalar: .double(1), dtype: .float64)).dtype == .float64)
        #expect(try i64.applying(.divide, .int(2)).dtype == .float32)               // true division
        #expect(try i64.applying(.divide, .int(2)).doubles == [1.5, 2])
        #expect(try i64.applying(.add, .int(2)).elements(as: Int64.self) == [5, 6])
        #expect(try bools.applying(.add, bools).dtype == .bool)
        #expect(try Tensor.apply(.subtract, .scalar(.int(2)), .tensor(f32)).doubles == [1, 0, -1, -2])
    }

    @Test func float32ArithmeticIsSinglePrecision() throws {
        let a = try Tensor(shape: [1], elements: [Float(0.1)])
        let sum = try a.applying(.add, .double(0.2))
        #expect(sum.elements(as: Float.self) == [Float(0.1) + Float(0.2)])
        #expect(try f32.applying(.power, .int(2)).doubles == [1, 4, 9, 16])
        #expect(try i64.applying(.power, .int(2)).elements(as: Int64.self) == [9, 16])
    }

    @Test func refusals() {
        let sub = #expect(throws: EngineError.self) { try bools.applying(.subtract, bools) }
        #expect(sub?.message == "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.")
        let one = #expect(throws: EngineError.self) { try bools.applying(.subtract, .int(1)) }
        #expect(one?.message == "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
        let absBool = #expect(throws: EngineError.self) { try bools.absolute() }
        #expect(absBool?.pythonType == "NotImplementedError")
        let neg = #expect(throws: EngineError.self) { try bools.negated() }
        #expect(neg?.message.hasPrefix("Negation, the `-` operator, on a bool tensor is not supported.") == true)
        let pow = #expect(throws: EngineError.self) { try i64.applying(.power, .int(-1)) }
        #expect(pow?.message == "Integers to negative integer powers are not allowed.")
    }

    @Test func negationAndAbs() throws {
        #expect(try f32.negated().doubles == [-1, -2, -3, -4])
        #expect(try f32.negated().absolute().doubles == [1, 2, 3, 4])
        #expect(try i64.negated().elements(as: Int64.self) == [-3, -4])
    }

    @Test func comparisonsGiveBools() throws {
        let mask = try f32.compared(.greater, .double(2))
        #expect(mask.dtype == .bool)
        #expect(mask.elements(as: Bool.self) == [false, false, true, true])
        #expect(try i64.compared(.equal, Tensor(shape: [2], elements: [Float](arrayLiteral: 3, 5))).elements(as: Bool.self) == [true, false])
        #expect(try f32.compared(.lessEqual, f32).reduced(.all).item() == .bool(true))
    }

    @Test func whereSelectsAndPromotes() throws {
        let mask = try f32.compared(.greater, .double(2))
        let chosen = try Tensor.select(where: mask, .tensor(f32), .scalar(.int(0)))
        #expect(chosen.dtype == .float32)
        #expect(chosen.doubles == [0, 0, 3, 4])
        let order = #expect(throws: EngineError.self) {
            try Tensor.select(where: Tensor(shape: [3], elements: [true, false, true]), .tensor(f32), .scalar(.int(0)))
        }
        #expect(order?.message == "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1")
        let error = #expect(throws: EngineError.self) { try Tensor.select(where: f32, .tensor(f32), .tensor(f32)) }
        #expect(error?.message == "where expected condition to be a boolean tensor, but got a tensor with dtype Float")
    }

    @Test func allCloseUsesRelativeAndAbsoluteTolerance() throws {
        let b = try f32.applying(.add, .double(1e-6))
        #expect(try f32.allClose(b))
        #expect(try !f32.allClose(f32.applying(.add, .double(1e-3))))
        #expect(try f32.allClose(f32.applying(.add, .double(1e-3)), atol: 1e-2))
        let nan = try Tensor(shape: [1], elements: [Float.nan])
        #expect(try !nan.allClose(nan))
        #expect(try nan.allClose(nan, equalNaN: true))
        let mismatch = #expect(throws: EngineError.self) { try f64.allClose(f64.converted(to: .float32)) }
        #expect(mismatch?.message == "Double did not match Float")
    }
}

@Suite struct ReductionTests {
    let x = try! Tensor.arange(end: .int(6)).converted(to: .float32).reshaped([2, 3])

    @Test func wholeTensorReductions() throws {
        #expect(try x.reduced(.sum).item() == .double(15))
        #expect(try x.reduced(.mean).item() == .double(2.5))
        #expect(try x.reduced(.max).item() == .double(5))
        #expect(try x.reduced(.min).item() == .double(0))
        #expect(try x.reduced(.sum).rank == 0)
        #expect(try Tensor.arange(end: .int(4)).reduced(.sum).dtype == .int64)
        #expect(try x.compared(.greater, .int(-1)).reduced(.all).item() == .bool(true))
        #expect(try x.compared(.greater, .int(4)).reduced(.any).item() == .bool(true))
        #expect(try x.compared(.greater, .int(4)).reduced(.sum).item() == .int(1))
    }

    @Test func alongDimensions() throws {
        #expect(try x.reduced(.sum, dims: [0]).doubles == [3, 5, 7])
        #expect(try x.reduced(.sum, dims: [-1]).doubles == [3, 12])
        #expect(try x.reduced(.sum, dims: [1], keepDim: true).shape == [2, 1])
        #expect(try x.reduced(.mean, dims: [0, 1]).doubles == [2.5])
        #expect(try x.reduced(.any, dims: [1]).elements(as: Bool.self) == [true, true])
        let (values, indices) = try x.extreme(.max, dim: 1)
        #expect(values.doubles == [2, 5])
        #expect(indices.elements(as: Int64.self) == [2, 2])
        let (minValues, minIndices) = try x.extreme(.min, dim: 0, keepDim: true)
        #expect(minValues.shape == [1, 3] && minValues.doubles == [0, 1, 2])
        #expect(minIndices.elements(as: Int64.self) == [0, 0, 0])
    }

    /// A sum or mean over no dimensions is over every one, as PyTorch's `x.sum(dim=[])`;
    /// with `keepdim` each dimension stays with one element (the sum's one element was
    /// read as a tensor of the input's shape).
    @Test func noDimensionsAreEveryDimension() throws {
        for t in [x, x.converted(to: .float64), x.converted(to: .int64)] {
            let kept = try t.reduced(.sum, dims: [], keepDim: true)
            #expect(kept.shape == [1, 1] && kept.doubles == [15])
            #expect(try t.reduced(.sum, dims: []).shape == [])
        }
        #expect(try x.reduced(.mean, dims: [], keepDim: true).doubles == [2.5])
    }

    @Test func firstOccurrenceAndNaN() throws {
        let t = try Tensor(shape: [4], elements: [Float](arrayLiteral: 1, 3, 3, .nan))
        let (v, i) = try t.extreme(.max, dim: 0)
        #expect(v.doubles[0].isNaN && i.elements(as: Int64.self) == [3])
        let u = try Tensor(shape: [3], elements: [Float](arrayLiteral: 3, 1, 3))
        #expect(try u.extreme(.max, dim: 0).indices.elements(as: Int64.self) == [0])
    }

    @Test func refusals() throws {
        let mean = #expect(throws: EngineError.self) { try Tensor.arange(end: .int(4)).reduced(.mean) }
        #expect(mean?.message == "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long")
        let empty = #expect(throws: EngineError.self) { try Tensor.zeros([0]).reduced(.max) }
        #expect(empty?.message == "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
        #expect(empty?.pythonType == "RuntimeError")
        #expect(throws: EngineError.self) { try x.reduced(.sum, dims: [2]) }
    }
}

@Suite struct MatMulTests {
    @Test func shapesAndValues() throws {
        let a = try Tensor.arange(end: .int(6)).converted(to: .float32).reshaped([2, 3])
        let b = try Tensor.arange(end: .int(6)).converted(to: .float32).reshaped([3, 2])
        #expect(try a.matmul(b).doubles == [10, 13, 28, 40])
        let v = try Tensor(shape: [3], elements: [Float](arrayLiteral: 1, 0, -1))
        #expect(try a.matmul(v).doubles == [-2, -2])
        #expect(try v.matmul(b).doubles == [-4, -4])
        #expect(try v.matmul(v).shape == [])
        #expect(try v.matmul(v).item() == .double(2))
        let ints = try Tensor.arange(end: .int(4)).reshaped([2, 2])
        #expect(try ints.matmul(ints).elements(as: Int64.self) == [2, 3, 6, 11])
    }

    @Test func refusals() throws {
        let c = try Tensor.zeros([4, 16]), d = try Tensor.zeros([3, 16])
        let error = #expect(throws: EngineError.self) { try c.matmul(d) }
        #expect(error?.message == "mm: mat1 and mat2 shapes cannot be multiplied (4x16 and 3x16)")
        let mv = #expect(throws: EngineError.self) { try c.matmul(Tensor.zeros([3])) }
        #expect(mv?.message == "size mismatch, got input (4), mat (4x16), vec (3)")
        let dtypes = #expect(throws: EngineError.self) { try c.matmul(Tensor.zeros([16, 2], dtype: .float64)) }
        #expect(dtypes?.message == "expected m1 and m2 to have the same dtype, but got: float != double")
        let mvTypes = #expect(throws: EngineError.self) { try c.matmul(Tensor.zeros([16], dtype: .float64)) }
        #expect(mvTypes?.message == "addmv input tensors must have the same dtype, but got Double, Float, and Double")
        let dotTypes = #expect(throws: EngineError.self) { try Tensor.zeros([3]).matmul(Tensor.zeros([4], dtype: .float64)) }
        #expect(dotTypes?.message == "dot : expected both vectors to have same dtype, but found Float and Double")
        let shapeFirst = #expect(throws: EngineError.self) { try c.matmul(Tensor.zeros([3, 2], dtype: .float64)) }
        #expect(shapeFirst?.message == "mm: mat1 and mat2 shapes cannot be multiplied (4x16 and 3x2)")
        let dot = #expect(throws: EngineError.self) { try Tensor.zeros([3]).matmul(Tensor.zeros([4])) }
        #expect(dot?.message == "inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively")
    }
}

import Testing
@testable import ConvEngine

/// argmax/argmin, amax/amin and var/std: shapes, ties, NaN and PyTorch's refusals.
@Suite struct ReductionOpsTests {
    let grid = try! Tensor(shape: [2, 3], elements: [Float](arrayLiteral: 1, 5, 5, 2, 0, 5))

    @Test func argExtremesTakeTheFirstOfTies() throws {
        #expect(try grid.argExtreme(.max).elements(as: Int64.self) == [1])
        #expect(try grid.argExtreme(.min).elements(as: Int64.self) == [4])
        #expect(try grid.argExtreme(.max, dim: 1).elements(as: Int64.self) == [1, 2])
        #expect(try grid.argExtreme(.max, dim: 0).elements(as: Int64.self) == [1, 0, 0])
        let kept = try grid.argExtreme(.min, dim: -1, keepDim: true)
        #expect(kept.shape == [2, 1] && kept.dtype == .int64)
        #expect(try grid.argExtreme(.max, keepDim: true).shape == [1, 1])
        #expect(try Tensor(scalar: .double(5)).argExtreme(.max, dim: 0).shape == [])
    }

    @Test func theFirstNaNWins() throws {
        let x = try Tensor(shape: [4], elements: [1, Float.nan, 3, .nan])
        #expect(try x.argExtreme(.max).elements(as: Int64.self) == [1])
        #expect(try x.argExtreme(.min).elements(as: Int64.self) == [1])
        let values = try Tensor(shape: [2, 2], elements: [1, Float.nan, 4, 3]).extremeValues(.min, dims: [0])
        #expect(values.elements(as: Float.self)[0] == 1 && values.elements(as: Float.self)[1].isNaN)
    }

    @Test func argExtremeRefusals() throws {
        let bools = try Tensor(shape: [2], elements: [true, false])
        #expect(#expect(throws: EngineError.self) { try bools.argExtreme(.max) }?.description
            == "NotImplementedError: argmax(): does not support bool input")
        #expect(#expect(throws: EngineError.self) { try Tensor.zeros([0]).argExtreme(.max) }?.description
            == "IndexError: argmax(): Expected reduction dim to be specified for input.numel() == 0.")
        #expect(#expect(throws: EngineError.self) { try Tensor.zeros([2, 0]).argExtreme(.min, dim: -1) }?.description
            == "IndexError: argmin(): Expected reduction dim 1 to have non-zero size.")
        #expect(try Tensor.zeros([2, 0]).argExtreme(.max, dim: 0).shape == [0])
    }

    @Test func extremeValuesOverSeveralDimensions() throws {
        let x = try Tensor.arange(end: .int(24)).reshaped([2, 3, 4])
        let both = try x.extremeValues(.max, dims: [0, 2])
        #expect(both.elements(as: Int64.self) == [15, 19, 23] && both.dtype == .int64)
        #expect(try x.extremeValues(.min, dims: [1, 2], keepDim: true).shape == [2, 1, 1])
        #expect(try x.extremeValues(.max).shape == [])
        #expect(try Tensor(shape: [2], elements: [true, false]).extremeValues(.min).elements(as: Bool.self) == [false])
        #expect(#expect(throws: EngineError.self) { try x.extremeValues(.max, dims: [0, -3]) }?.message
            == "dim 0 appears multiple times in the list of dims")
        #expect(#expect(throws: EngineError.self) { try Tensor.zeros([2, 0]).extremeValues(.max) }?.pythonType == "RuntimeError")
        #expect(#expect(throws: EngineError.self) { try Tensor.zeros([2, 0]).extremeValues(.max, dims: [-1]) }?.message
            == "amax(): Expected reduction dim -1 to have non-zero size.")
    }

    @Test func varianceAsPyTorchComputesIt() throws {
        let x = try Tensor(shape: [4], elements: [Float](arrayLiteral: 1, 2, 3, 4))
        #expect(try x.variance().tensor.elements(as: Float.self) == [Float(5.0 / 3.0)])
        #expect(try x.variance(correction: 0).tensor.elements(as: Float.self) == [1.25])
        #expect(try x.variance(squareRoot: true).tensor.elements(as: Float.self) == [Float((5.0 / 3.0).squareRoot())])
        let m = try Tensor(shape: [2, 2], elements: [Float](arrayLiteral: 1, 2, 3, 5))
        #expect(try m.variance(dims: [1], correction: 0).tensor.elements(as: Float.self) == [0.25, 1])
        #expect(try m.variance(dims: [0], keepDim: true).tensor.shape == [1, 2])
        // Welford in double, rounded once: the float32 result PyTorch prints.
        let offset = try Tensor(shape: [5], elements: [Float](arrayLiteral: 1000.1, 1000.2, 1000.3, 1000.7, 999.9))
        #expect(String(format: "%.8f", Double(try offset.variance().tensor.elements(as: Float.self)[0])) == "0.08799976")
    }

    @Test func varianceEdgeCases() throws {
        let single = try Tensor(shape: [1], elements: [Float(1)]).variance()
        #expect(single.tensor.doubles[0].isNaN && single.degreesOfFreedomNotPositive)
        let m = try Tensor(shape: [2, 2], elements: [Float](arrayLiteral: 1, 2, 3, 5))
        #expect(try m.variance(dims: [1], correction: 2).tensor.doubles == [.infinity, .infinity])
        #expect(try Tensor.zeros([2, 0]).variance(dims: [0]).tensor.shape == [0])
        #expect(try Tensor.zeros([2, 0]).variance(dims: [1]).tensor.doubles.allSatisfy(\.isNaN))
        let ints = try Tensor(shape: [2], elements: [Int64](arrayLiteral: 1, 2))
        #expect(#expect(throws: EngineError.self) { try ints.variance() }?.description
            == "NotImplementedError: std and var only support floating point and complex dtypes")
        let f64 = try Tensor(shape: [2], elements: [Double](arrayLiteral: 1, 2))
        #expect(try f64.variance(squareRoot: true).tensor.dtype == .float64)
    }
}

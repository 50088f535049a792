import Testing
@testable import ConvEngine

@Suite struct TensorCoreTests {
    @Test func shapeStridesAndCount() {
        let shape: TensorShape = [2, 3, 4]
        #expect(shape.strides == [12, 4, 1])
        #expect(shape.elementCount == 24)
        #expect(TensorShape([]).elementCount == 1)
        #expect(shape.description == "[2, 3, 4]")
    }

    /// Every rank from a scalar to past the ranks made as literals (``SmallIntArray``),
    /// with sizes of 0 (counted as 1, as PyTorch's contiguous strides do) and a product
    /// past `Int` (saturated).
    @Test func stridesOfEveryRank() throws {
        func reference(_ sizes: [Int]) -> [Int] {
            var strides = [Int](), running = 1
            for size in sizes.reversed() {
                strides.insert(running, at: 0)
                running = TensorShape.saturatingProduct(running, max(size, 1))
            }
            return strides
        }
        for rank in 0...8 {
            let sizes = (0..<rank).map { [3, 0, 2, 5, 1, 4, 7, 2][$0] }
            #expect(TensorShape(sizes).strides == reference(sizes), "rank \(rank)")
        }
        #expect(TensorShape([2, 1 << 62, 1 << 62, 3]).strides == [Int.max, Int.max, 3, 1])
        #expect(TensorShape([2, 1 << 62, 1 << 62, 3, 1, 1, 2]).strides == reference([2, 1 << 62, 1 << 62, 3, 1, 1, 2]))
        #expect(SmallIntArray.make(count: 7) { $0 * 2 } == [0, 2, 4, 6, 8, 10, 12])
        #expect(try SpatialParameter(2).expanded(to: 3, name: "stride") == [2, 2, 2])
        #expect(try SpatialParameter(2).expanded(to: 6, name: "stride") == [2, 2, 2, 2, 2, 2])
    }

    @Test func elementCountMustMatchShape() throws {
        #expect(throws: EngineError.self) { try Tensor(shape: [2, 2], elements: [Float]([1, 2, 3])) }
        let t = try Tensor(shape: [2, 2], elements: [Float]([1, 2, 3, 4]))
        #expect(t.dtype == .float32)
        #expect(t.doubles == [1, 2, 3, 4])
    }

    @Test func conversionsCastLikePyTorch() throws {
        let t = try Tensor(shape: [4], elements: [Double]([-1.7, 0, 2.9, .nan]))
        #expect(t.converted(to: .int64).elements(as: Int64.self) == [-1, 0, 2, .min])
        #expect(t.converted(to: .bool).elements(as: Bool.self) == [true, false, true, true])
    }

    @Test func itemNeedsOneElement() throws {
        #expect(try Tensor(scalar: .double(2.5)).item() == .double(2.5))
        let error = #expect(throws: EngineError.self) {
            try Tensor(shape: [2], elements: [Float]([1, 2])).item()
        }
        #expect(error?.message == "a Tensor with 2 elements cannot be converted to Scalar")
    }

    @Test func dimensionWrapping() throws {
        let t = try Tensor(shape: [2, 3], elements: [Float](repeating: 0, count: 6))
        #expect(try t.wrapDimension(-1) == 1)
        let error = #expect(throws: EngineError.self) { try t.wrapDimension(2) }
        #expect(error?.message == "Dimension out of range (expected to be in range of [-2, 1], but got 2)")
        #expect(error?.pythonType == "IndexError")
    }
}

@Suite struct PythonFormatTests {
    @Test(arguments: [
        (1.0, "1.0"), (0.1, "0.1"), (1e-5, "1e-05"), (0.0001, "0.0001"), (1e16, "1e+16"), (1e15, "1000000000000000.0"),
        (123.456, "123.456"), (-2.5, "-2.5"), (0.0, "0.0"), (-0.0, "-0.0"), (1.5e-10, "1.5e-10"), (Double(Float(0.77)), "0.7699999809265137"),
        (.infinity, "inf"), (12345678901234567890.0, "1.2345678901234567e+19"), (100.0, "100.0"),
    ])
    func floatReprMatchesPython(_ c: (Double, String)) {
        #expect(PythonFormat.float(c.0) == c.1)
    }
}

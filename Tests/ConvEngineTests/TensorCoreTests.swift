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

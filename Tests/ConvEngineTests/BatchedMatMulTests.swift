import Testing
@testable import ConvEngine

/// matmul of batches: folding, broadcasting and the messages of the path PyTorch takes.
@Suite struct BatchedMatMulTests {
    func arange(_ shape: [Int], _ dtype: DType = .float32) throws -> Tensor {
        try Tensor.arange(end: .int(Int64(TensorShape(shape).elementCount)), dtype: dtype).reshaped(shape)
    }

    @Test func batchTimesMatrixFolds() throws {
        let y = try arange([2, 3, 4]).matmul(arange([4, 2]))
        #expect(y.shape == [2, 3, 2])
        #expect(y.doubles == [28, 34, 76, 98, 124, 162, 172, 226, 220, 290, 268, 354])
        #expect(try arange([2, 3, 4]).matmul(arange([4])).doubles == [14, 38, 62, 86, 110, 134])
    }

    @Test func batchesBroadcast() throws {
        let y = try arange([2, 1, 3, 4]).matmul(arange([3, 4, 2]))
        #expect(y.shape == [2, 3, 3, 2])
        #expect(try arange([3]).matmul(arange([2, 3, 4])).doubles == [20, 23, 26, 29, 56, 59, 62, 65])
        #expect(try arange([3, 4]).matmul(arange([2, 4, 2])).shape == [2, 3, 2])
        let ints = try arange([2, 3, 4], .int64).matmul(arange([2, 4, 1], .int64))
        #expect(ints.dtype == .int64 && ints.elements(as: Int64.self) == [14, 38, 62, 302, 390, 478])
        #expect(try Tensor.zeros([2, 3, 0]).matmul(Tensor.zeros([2, 0, 1])).doubles == [0, 0, 0, 0, 0, 0])
    }

    @Test func messagesOfEachPath() throws {
        func message(_ a: [Int], _ b: [Int], _ bType: DType = .float32) -> String? {
            #expect(throws: EngineError.self) { try Tensor.zeros(a).matmul(Tensor.zeros(b, dtype: bType)) }?.message
        }
        #expect(message([2, 3, 4], [5]) == "size mismatch, got input (6), mat (6x4), vec (5)")
        #expect(message([2, 3, 4], [3, 4]) == "mm: mat1 and mat2 shapes cannot be multiplied (6x4 and 3x4)")
        #expect(message([4], [2, 3, 4]) == "Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 3].")
        #expect(message([3], [2, 1, 4]) == "size mismatch, got input (8), mat (8x1), vec (3)")
        #expect(message([2, 3, 4], [3, 4, 2]) == "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0")
        #expect(message([2, 2], [3, 2, 4], .float64) == "expected scalar type Float but found Double")
        #expect(message([2, 3, 4], [4, 2], .float64) == "expected m1 and m2 to have the same dtype, but got: float != double")
    }

    @Test func mmAndBmmCheckRanks() throws {
        let three = try Tensor.zeros([2, 3, 4])
        #expect(#expect(throws: EngineError.self) { try three.matrixProduct(Tensor.zeros([4])) }?.message == "mm: self must be a matrix, got 3-D tensor")
        #expect(#expect(throws: EngineError.self) { try three.batchMatmul(Tensor.zeros([4, 3])) }?.message == "batch2 must be a 3D tensor")
        let bools = try Tensor.zeros([2, 3, 4], dtype: .bool)
        #expect(#expect(throws: EngineError.self) { try bools.batchMatmul(Tensor.zeros([2, 4, 1], dtype: .bool)) }?.description
            == "NotImplementedError: \"bmm\" not implemented for 'Bool'")
        #expect(try Tensor.ones([2, 2, 3]).batchMatmul(Tensor.ones([2, 3, 1])).doubles == [3, 3, 3, 3])
    }
}

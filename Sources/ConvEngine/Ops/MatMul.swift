extension Tensor {
    /// The matrix product (`torch.matmul`, `@`): vector · vector gives a 0-dimensional
    /// tensor, matrix · vector a vector, and so on; operands of three or more
    /// dimensions are batches of matrices, broadcast (see `broadcastMatmul`).
    /// Floating-point products run on the engine's GEMM kernel.
    /// - Throws: PyTorch's messages for sizes or dtypes that do not match.
    public func matmul(_ other: Tensor, cancellation: CancellationFlag? = nil) throws(EngineError) -> Tensor {
        guard Tensor.isRecording([self, other]), rank >= 1, other.rank >= 1 else {
            return try plainMatmul(other, cancellation: cancellation)
        }
        return try recordedMatmul(other, cancellation: cancellation)
    }

    /// `matmul` outside the graph.
    func plainMatmul(_ other: Tensor, cancellation: CancellationFlag?) throws(EngineError) -> Tensor {
        guard rank >= 1, other.rank >= 1 else {
            throw .argument("both arguments to matmul need to be at least 1D, but they are \(rank)D and \(other.rank)D")
        }
        guard rank <= 2, other.rank <= 2 else { return try broadcastMatmul(other, cancellation: cancellation) }
        // PyTorch's order: dot checks dtypes first; mm and mv check shapes first.
        switch (rank, other.rank) {
        case (1, 1):
            guard dtype == other.dtype else {
                throw .dtype("dot : expected both vectors to have same dtype, but found \(dtype.scalarTypeName) and \(other.dtype.scalarTypeName)")
            }
            guard dtype != .bool else { throw EngineError(.dtype, "\"dot\" not implemented for 'Bool'", pythonType: "NotImplementedError") }
            guard count == other.count else {
                throw .shape("inconsistent tensor size, expected tensor [\(count)] and src [\(other.count)] to have the same number of elements, but got \(count) and \(other.count) elements respectively")
            }
            return try withShape([1, count]).product(other.withShape([count, 1]), cancellation).withShape([])
        case (2, 1):
            guard shape[1] == other.count else {
                throw .shape("size mismatch, got input (\(shape[0])), mat (\(shape[0])x\(shape[1])), vec (\(other.count))")
            }
            guard dtype == other.dtype else {
                throw .dtype("addmv input tensors must have the same dtype, but got \(other.dtype.scalarTypeName), \(dtype.scalarTypeName), and \(other.dtype.scalarTypeName)")
            }
            guard dtype != .bool else { throw EngineError(.dtype, "\"addmv_impl_cpu\" not implemented for 'Bool'", pythonType: "NotImplementedError") }
            return try product(other.withShape([other.count, 1]), cancellation).withShape([shape[0]])
        case (1, 2):
            let row = withShape([1, count])
            try row.checkMatrixShapes(other)
            return try row.product(other, cancellation).withShape([other.shape[1]])
        default:
            try checkMatrixShapes(other)
            return try product(other, cancellation)
        }
    }

    /// mm's checks: shapes, then dtypes.
    private func checkMatrixShapes(_ other: Tensor) throws(EngineError) {
        guard shape[1] == other.shape[0] else {
            throw .shape("mm: mat1 and mat2 shapes cannot be multiplied (\(shape[0])x\(shape[1]) and \(other.shape[0])x\(other.shape[1]))")
        }
        guard dtype == other.dtype else {
            throw .dtype("expected m1 and m2 to have the same dtype, but got: \(dtype.cTypeName) != \(other.dtype.cTypeName)")
        }
        guard dtype != .bool else { throw EngineError(.dtype, "\"addmm_impl_cpu_\" not implemented for 'Bool'", pythonType: "NotImplementedError") }
    }

    /// `(m x k) * (k x n)` for two matrices of one dtype.
    private func product(_ other: Tensor, _ cancellation: CancellationFlag?) throws(EngineError) -> Tensor {
        let (m, k, n) = (shape[0], shape[1], other.shape[1])
        try EngineLimits.checkAllocation([m, n], dtype: dtype)
        func floating<T: BLASScalar>(_ a: [T], _ b: [T]) throws(EngineError) -> [T] {
            var c = [T](repeating: 0, count: m * n)
            try a.withUnsafeBufferPointer { (pa) throws(EngineError) in
                try b.withUnsafeBufferPointer { (pb) throws(EngineError) in
                    try c.withUnsafeMutableBufferPointer { (pc) throws(EngineError) in
                        guard m > 0, n > 0, k > 0 else { return }
                        try ConvKernels.parallelGemm(m: m, n: n, k: k, transposeA: false, a: pa.baseAddress!, lda: k,
                                                     b: pb.baseAddress!, ldb: n, c: pc.baseAddress!, ldc: n,
                                                     accumulate: false, threads: EngineContext.current.computeThreads,
                                                     cancellation: cancellation)
                    }
                }
            }
            return c
        }
        switch dtype {
        case .float32:
            return Tensor(shape: [m, n], storage: .float32(try floating(elements(as: Float.self), other.elements(as: Float.self))))
        case .float64:
            return Tensor(shape: [m, n], storage: .float64(try floating(elements(as: Double.self), other.elements(as: Double.self))))
        case .float16, .bfloat16:
            let c = try floating(elements(as: Float.self), other.elements(as: Float.self))
            return Tensor(shape: [m, n], storage: TensorStorage.float32(c).converted(to: dtype))
        default:
            let a = elements(as: Int64.self), b = other.elements(as: Int64.self)
            var c = [Int64](repeating: 0, count: m * n)
            for i in 0..<m {
                try cancellation.check()
                for p in 0..<k { for j in 0..<n { c[i * n + j] &+= a[i * k + p] &* b[p * n + j] } }
            }
            return Tensor(shape: [m, n], storage: TensorStorage.int64(c).converted(to: dtype))
        }
    }
}

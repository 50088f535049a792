extension Tensor {
    /// The batched matrix product (`torch.bmm`) of two 3-D tensors of one dtype:
    /// `(b, n, m) @ (b, m, p)` gives `(b, n, p)`.
    /// - Throws: PyTorch's messages for operands that are not 3-D, sizes or dtypes that
    ///   differ, and bool operands.
    public func batchMatmul(_ other: Tensor, cancellation: CancellationFlag? = nil) throws(EngineError) -> Tensor {
        guard Tensor.isRecording([self, other]) else { return try plainBatchMatmul(other, cancellation: cancellation) }
        let result = try Tensor.unrecorded { () throws(EngineError) in try plainBatchMatmul(other, cancellation: cancellation) }
        return result.recordedBatchProduct(of: self, other)
    }

    private func plainBatchMatmul(_ other: Tensor, cancellation: CancellationFlag?) throws(EngineError) -> Tensor {
        guard rank == 3 else { throw .argument("batch1 must be a 3D tensor") }
        guard other.rank == 3 else { throw .argument("batch2 must be a 3D tensor") }
        guard other.shape[0] == shape[0], other.shape[1] == shape[2] else {
            throw .shape("Expected size for first two dimensions of batch2 tensor to be: [\(shape[0]), \(shape[2])] but got: [\(other.shape[0]), \(other.shape[1])].")
        }
        guard dtype == other.dtype else {
            throw .dtype("expected scalar type \(dtype.scalarTypeName) but found \(other.dtype.scalarTypeName)")
        }
        guard dtype != .bool else {
            throw EngineError(.dtype, "\"bmm\" not implemented for 'Bool'", pythonType: "NotImplementedError")
        }
        let (batch, n, m, p) = (shape[0], shape[1], shape[2], other.shape[2])
        try EngineLimits.checkAllocation([batch, n, p], dtype: dtype)
        // One 2-D product per batch, each on the engine's matrix kernel.
        func products<T: TensorElement>(_ type: T.Type, _ wrap: ([T]) -> TensorStorage) throws(EngineError) -> [T] {
            let (a, b) = (elements(as: T.self), other.elements(as: T.self))
            var out: [T] = []
            out.reserveCapacity(batch * n * p)
            for i in 0..<batch {
                let left = Tensor(shape: [n, m], storage: wrap(Array(a[(i * n * m)..<((i + 1) * n * m)])))
                let right = Tensor(shape: [m, p], storage: wrap(Array(b[(i * m * p)..<((i + 1) * m * p)])))
                out += try left.matmul(right, cancellation: cancellation).elements(as: T.self)
            }
            return out
        }
        let outShape: TensorShape = [batch, n, p]
        switch dtype {
        case .float32: return Tensor(shape: outShape, storage: .float32(try products(Float.self) { .float32($0) }))
        case .float64: return Tensor(shape: outShape, storage: .float64(try products(Double.self) { .float64($0) }))
        case let type where type.isFloatingPoint:
            let values = try products(Float.self) { .float32($0) }
            return Tensor(shape: outShape, storage: TensorStorage.float32(values).converted(to: type))
        case .int64: return Tensor(shape: outShape, storage: .int64(try products(Int64.self) { .int64($0) }))
        case let type:
            let values = try products(Int64.self) { .int64($0) }
            return Tensor(shape: outShape, storage: .converting(values, to: type))
        }
    }

    /// `matmul` when either operand has three or more dimensions, as PyTorch's
    /// `_matmul_impl` does it: a batched operand times a vector or matrix is folded into
    /// one 2-D product (so its errors are mm's and mv's); otherwise the batch
    /// dimensions broadcast and `bmm` runs on the expanded operands.
    func broadcastMatmul(_ other: Tensor, cancellation: CancellationFlag?) throws(EngineError) -> Tensor {
        let (dim1, dim2) = (rank, other.rank)
        if dim1 >= 3, dim2 <= 2 {
            // (..., n, m) folded to (N, m), times the matrix or vector.
            var outSizes = Array(shape.dimensions.dropLast())
            let folded = withShape([TensorShape(outSizes).elementCount, shape[dim1 - 1]])
            let product = try folded.plainMatmul(other, cancellation: cancellation)
            if dim2 == 2 { outSizes.append(other.shape[1]) }
            return product.withShape(TensorShape(outSizes))
        }
        if dim1 == 1, dim2 >= 3, other.count == 0 || other.shape[dim2 - 2] == 1 {
            // PyTorch folds other.mT when that needs no copy: with a row count of 1.
            let t1 = try other.transposed(-2, -1)
            let outSizes = Array(t1.shape.dimensions.dropLast())
            let folded = t1.withShape([TensorShape(outSizes).elementCount, t1.shape[dim2 - 1]])
            return try folded.plainMatmul(self, cancellation: cancellation).withShape(TensorShape(outSizes))
        }
        let n = dim1 > 1 ? shape[dim1 - 2] : 1, m1 = shape[dim1 - 1]
        let m2 = dim2 > 1 ? other.shape[dim2 - 2] : other.shape[0], p = dim2 > 1 ? other.shape[dim2 - 1] : 1
        let batch1 = TensorShape(Array(shape.dimensions.prefix(Swift.max(dim1 - 2, 0))))
        let batch2 = TensorShape(Array(other.shape.dimensions.prefix(Swift.max(dim2 - 2, 0))))
        let batch = try TensorShape.broadcast(batch1, batch2)
        let count = batch.elementCount
        let left = try withShape(TensorShape(dim1 == 1 ? [1, m1] : Array(shape.dimensions.suffix(2))).prepending(batch1))
            .expanded(to: batch.dimensions + [n, m1])
        let right = try other.withShape(TensorShape(dim2 == 1 ? [m2, 1] : Array(other.shape.dimensions.suffix(2))).prepending(batch2))
            .expanded(to: batch.dimensions + [m2, p])
        let product = try left.withShape([count, n, m1]).batchMatmul(right.withShape([count, m2, p]), cancellation: cancellation)
        var outSizes = batch.dimensions
        if dim1 > 1 { outSizes.append(n) }
        if dim2 > 1 { outSizes.append(p) }
        return product.withShape(TensorShape(outSizes))
    }
}

private extension TensorShape {
    /// `leading` followed by these sizes.
    func prepending(_ leading: TensorShape) -> TensorShape {
        TensorShape(leading.dimensions + dimensions)
    }
}

extension Tensor {
    /// The product of two matrices (`torch.mm`): both must be 2-D.
    /// - Throws: PyTorch's messages for operands that are not matrices, then
    ///   ``matmul(_:cancellation:)``'s.
    public func matrixProduct(_ other: Tensor, cancellation: CancellationFlag? = nil) throws(EngineError) -> Tensor {
        guard rank == 2 else { throw .argument("mm: self must be a matrix, got \(rank)-D tensor") }
        guard other.rank == 2 else { throw .argument("mm: mat2 must be a matrix, got \(other.rank)-D tensor") }
        return try matmul(other, cancellation: cancellation)
    }
}

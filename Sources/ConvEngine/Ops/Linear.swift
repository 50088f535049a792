extension Tensor {
    /// `F.linear(input, weight, bias)`: `input @ weight.T + bias`, with PyTorch's paths
    /// and their messages. A 2-d input with a bias, or a contiguous one of more
    /// dimensions with a 1-d bias, is flattened to `(rows, in)` and
    /// goes through `addmm` (`addmm: mat1 and mat2 shapes cannot be multiplied (2x3 and
    /// 4x5)`, the bias expanded to the product's shape); the others through
    /// `matmul(input, weight.t())` (whose shape message starts `mm:`), the bias then
    /// added in place.
    ///
    /// ```swift
    /// // (4, 3) @ (5, 3).T + (5) -> (4, 5)
    /// let y = try x.linear(weight: w, bias: b)
    /// ```
    ///
    /// Floating-point products run on the engine's GEMM; PyTorch's (MKL) sums in
    /// another order, so the last bits may differ.
    /// - Throws: PyTorch's messages for ranks, shapes and dtypes.
    public func linear(weight: Tensor, bias: Tensor? = nil) throws(EngineError) -> Tensor {
        guard rank != 0, weight.rank != 0 else {
            throw .argument("both arguments to linear need to be at least 1D, but they are \(rank)D and \(weight.rank)D")
        }
        let transposedWeight = try Self.transposedWeight(weight)
        if let bias {
            if rank == 2 { return try Tensor.addmm(bias, self, transposedWeight) }
            if isContiguous, bias.rank == 1 {
                // _flatten_nd_linear
                let rows = TensorShape(Array(shape.dimensions.dropLast())).elementCount
                let product = try Tensor.addmm(bias, try reshaped([rows, shape[rank - 1]]), transposedWeight)
                return product.withShape(TensorShape(Array(shape.dimensions.dropLast()) + [product.shape[1]]))
                    .recordedReshape(of: product, name: "UnsafeViewBackward0")
            }
        }
        let output = try matmul(transposedWeight)
        if let bias { try output.applyInPlace(.add, .tensor(bias)) }
        return output
    }

    /// `weight.t()`, recorded as `TBackward0` (by the view itself once views record,
    /// here until then).
    private static func transposedWeight(_ weight: Tensor) throws(EngineError) -> Tensor {
        let transposed = try weight.matrixTransposed()
        guard isRecording([weight]), transposed.gradFn == nil else { return transposed }
        return transposed.recorded("TBackward0", inputs: [weight]) { g, _ throws(EngineError) in [try g[0].matrixTransposed()] }
    }

    /// `addmm(bias, mat1, mat2)`: PyTorch's checks, then `mat1 @ mat2 + bias` with the
    /// bias expanded to the product's shape.
    static func addmm(_ bias: Tensor, _ mat1: Tensor, _ mat2: Tensor) throws(EngineError) -> Tensor {
        guard bias.dtype == mat2.dtype else {
            throw .dtype("self and mat2 must have the same dtype, but got \(bias.dtype.scalarTypeName) and \(mat2.dtype.scalarTypeName)")
        }
        guard mat1.dtype == mat2.dtype else {
            throw .dtype("mat1 and mat2 must have the same dtype, but got \(mat1.dtype.scalarTypeName) and \(mat2.dtype.scalarTypeName)")
        }
        guard mat1.rank == 2 else { throw .argument("mat1 must be a matrix, got \(mat1.rank)-D tensor") }
        guard mat2.rank == 2 else { throw .argument("mat2 must be a matrix, got \(mat2.rank)-D tensor") }
        guard mat1.shape[1] == mat2.shape[0] else {
            throw .shape("addmm: mat1 and mat2 shapes cannot be multiplied (\(mat1.shape[0])x\(mat1.shape[1]) and \(mat2.shape[0])x\(mat2.shape[1]))")
        }
        let result = try unrecorded { () throws(EngineError) in
            let expandedBias = try bias.expanded(to: [mat1.shape[0], mat2.shape[1]])
            return try mat1.matmul(mat2).applying(.add, expandedBias)
        }
        return result.recordedAddmm(bias, mat1, mat2)
    }
}

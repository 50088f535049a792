/// The matrix products under autograd, recorded as PyTorch's `_matmul_impl` records
/// them: `DotBackward0` (vector · vector), `MvBackward0`, `MmBackward0` (a vector times a
/// matrix between `UnsqueezeBackward0` and `SqueezeBackward4`), a batched operand with a
/// vector or matrix folded into one `mm`/`mv` (`ViewBackward0` in, `UnsafeViewBackward0`
/// out, transposed for a matrix times a batch), and otherwise `BmmBackward0` on the
/// operands expanded (`ExpandBackward0`) to the broadcast batch. `F.linear` adds
/// `AddmmBackward0`. The formulas are matrix products themselves, so that a backward
/// pass that records its graph records them too.
extension Tensor {
    /// `matmul` when either operand requires grad and grad mode is on.
    func recordedMatmul(_ other: Tensor, cancellation: CancellationFlag?) throws(EngineError) -> Tensor {
        let (d1, d2) = (rank, other.rank)
        switch (d1, d2) {
        case (1, 1), (2, 1), (2, 2):
            return try recordedProduct(other, cancellation)
        case (1, 2):
            let row = try unsqueezed(dim: 0)
            let product = try row.recordedProduct(other, cancellation)
            return product.withShape([product.shape[1]]).recorded("SqueezeBackward4", inputs: [product]) { g, _ throws(EngineError) in
                [try g[0].unsqueezed(dim: 0)]
            }
        default:
            break
        }
        if try Tensor.shouldFold(self, other) { return try foldedMatmul(other, cancellation) }
        return try batchedMatmul(other, cancellation)
    }

    /// `dot`, `mv` or `mm` of operands of rank at most 2, recorded.
    private func recordedProduct(_ other: Tensor, _ cancellation: CancellationFlag?) throws(EngineError) -> Tensor {
        let result = try Tensor.unrecorded { () throws(EngineError) in try plainMatmul(other, cancellation: cancellation) }
        switch (rank, other.rank) {
        case (1, 1):
            return result.recorded("DotBackward0", inputs: [self, other], saving: [self, other]) { g, saved throws(EngineError) in
                [try saved[1].applying(.multiply, g[0]), try saved[0].applying(.multiply, g[0])]
            }
        case (2, 1):
            return result.recorded("MvBackward0", inputs: [self, other], saving: [self, other]) { g, saved throws(EngineError) in
                [try g[0].unsqueezed(dim: 1).applying(.multiply, saved[1]),
                 try saved[0].matrixTransposed().matmul(g[0])]
            }
        default:
            return result.recorded("MmBackward0", inputs: [self, other], saving: [self, other]) { g, saved throws(EngineError) in
                [try g[0].matmul(try saved[1].matrixTransposed()), try saved[0].matrixTransposed().matmul(g[0])]
            }
        }
    }

    /// PyTorch's `should_fold`: a batch times a vector or matrix (or the reverse) becomes
    /// one 2-D product when the smaller operand requires grad or the batch folds without
    /// a copy.
    private static func shouldFold(_ tensor1: Tensor, _ tensor2: Tensor) throws(EngineError) -> Bool {
        let larger = tensor1.rank >= tensor2.rank
        let t1 = larger ? tensor1 : try unrecorded { () throws(EngineError) in try tensor2.lastTwoTransposed() }
        let smallerRank = larger ? tensor2.rank : tensor1.rank
        guard t1.rank >= 3, smallerRank <= 2 else { return false }
        if (larger ? tensor2 : tensor1).requiresGrad { return true }
        if tensor1.rank == 2 { return false }
        if t1.count == 0 { return true }
        for i in 0..<(t1.rank - 2) where t1.strides[i] != t1.strides[i + 1] * t1.shape[i + 1] { return false }
        return true
    }

    private func foldedMatmul(_ other: Tensor, _ cancellation: CancellationFlag?) throws(EngineError) -> Tensor {
        let transpose = other.rank > rank
        let t1 = transpose ? try other.lastTwoTransposed() : self
        let t2 = !transpose ? other : rank == 2 ? try matrixTransposed() : self
        var outShape = Array(t1.shape.dimensions.dropLast())
        let folded = TensorShape(outShape).elementCount
        if t2.rank == 2 { outShape.append(t2.shape[1]) }
        let t1Folded = try t1.reshaped([folded, t1.shape[t1.rank - 1]])
        let product = try t1Folded.recordedProduct(t2, cancellation)
        let output = product.withShape(TensorShape(outShape)).recordedReshape(of: product, name: "UnsafeViewBackward0")
        guard transpose, t2.rank == 2 else { return output }
        let transposed = try output.lastTwoTransposed()
        return transposed.contiguous().recorded("CloneBackward0", inputs: [transposed]) { g, _ in [g[0]] }
    }

    private func batchedMatmul(_ other: Tensor, _ cancellation: CancellationFlag?) throws(EngineError) -> Tensor {
        let (d1, d2) = (rank, other.rank)
        let n = d1 > 1 ? shape[d1 - 2] : 1, m1 = shape[d1 - 1]
        let m2 = d2 > 1 ? other.shape[d2 - 2] : other.shape[0], p = d2 > 1 ? other.shape[d2 - 1] : 1
        let batch1 = Array(shape.dimensions.prefix(Swift.max(d1 - 2, 0)))
        let batch2 = Array(other.shape.dimensions.prefix(Swift.max(d2 - 2, 0)))
        if d1 == 3, d2 == 3, batch1[0] != batch2[0] {
            if batch1[0] == 1, requiresGrad { return try squeezed(dim: 0).matmul(other, cancellation: cancellation) }
            if batch2[0] == 1, other.requiresGrad { return try matmul(try other.squeezed(dim: 0), cancellation: cancellation) }
        }
        let batch = try TensorShape.broadcast(TensorShape(batch1), TensorShape(batch2)).dimensions
        let count = TensorShape(batch).elementCount
        let left = try expanded(to: batch + [n, m1]).reshaped([count, n, m1])
        var right = try other.expanded(to: batch + (d2 == 1 ? [m2] : [m2, p]))
        right = d2 == 1 ? try right.reshaped([count, m2]).unsqueezed(dim: 2) : try right.reshaped([count, m2, p])
        var outShape = batch
        if d1 > 1 { outShape.append(n) }
        if d2 > 1 { outShape.append(p) }
        var product = try left.batchMatmul(right, cancellation: cancellation)
        if d2 == 1 { product = try product.squeezed(dim: -1) }
        return product.withShape(TensorShape(outShape)).recordedReshape(of: product, name: "UnsafeViewBackward0")
    }

    /// `torch.bmm`'s result, recorded (`BmmBackward0`).
    func recordedBatchProduct(of batch1: Tensor, _ batch2: Tensor) -> Tensor {
        recorded("BmmBackward0", inputs: [batch1, batch2], saving: [batch1, batch2]) { g, saved throws(EngineError) in
            [try g[0].batchMatmul(try saved[1].transposed(1, 2)), try saved[0].transposed(1, 2).batchMatmul(g[0])]
        }
    }

    /// `addmm(bias, mat1, mat2)`'s result, recorded (`AddmmBackward0`); the bias's
    /// gradient is summed down to its shape by the backward pass.
    func recordedAddmm(_ bias: Tensor, _ mat1: Tensor, _ mat2: Tensor) -> Tensor {
        recorded("AddmmBackward0", inputs: [bias, mat1, mat2], saving: [mat1, mat2]) { g, saved throws(EngineError) in
            [g[0], try g[0].matmul(try saved[1].matrixTransposed()), try saved[0].matrixTransposed().matmul(g[0])]
        }
    }

    /// `body` run with grad mode off: an operation's inner steps, which its own node
    /// records as one.
    static func unrecorded<T>(_ body: () throws(EngineError) -> T) throws(EngineError) -> T {
        let mode = EngineContext.current.gradMode
        let before = mode.state
        mode.state.isGradEnabled = false
        defer { mode.state = before }
        return try body()
    }
}

import ConvEngine

extension MemberTables {
    /// A tensor's fields (`shape`, `dtype`, `T`, ...) and its methods.
    static let tensor = MemberTable(fields: [
        "shape": { v, _, _ in .size(tensorOf(v).shape.dimensions) },
        "dtype": { v, _, _ in .dtype(tensorOf(v).dtype) },
        // `.data` shares the elements but not the version counter, and is no parameter.
        "data": { v, _, _ in .tensor(tensorOf(v).withNewVersionCounter()) },
        "T": { v, interpreter, _ in
            let t = tensorOf(v)
            if t.rank != 0 && t.rank != 2 {
                // TORCH_WARN_ONCE in PyTorch's numpy_T.
                interpreter.warn("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.", once: true)
            }
            return .tensor(t.reversedDimensions)
        },
        "mT": { (v, interpreter, range) throws(Diagnostic) in
            let t = tensorOf(v)
            return .tensor(try interpreter.engine(at: range) { () throws(EngineError) in try t.lastTwoTransposed() })
        },
        "_version": { v, _, _ in .int(Int64(tensorOf(v).version.value)) },
        "itemsize": { v, _, _ in .int(Int64(tensorOf(v).dtype.itemSize)) },
        "nbytes": { v, _, _ in .int(Int64(tensorOf(v).dtype.itemSize * tensorOf(v).count)) },
        "ndim": { v, _, _ in .int(Int64(tensorOf(v).rank)) },
        "device": { _, _, _ in .device("cpu") },
    ], methods: TensorMethodBuiltins.methods).adding(MemberTable(fields: tensorAutograd))
}

import ConvEngine

/// Where tensors and NumPy arrays meet, sharing memory as PyTorch does: `t.numpy()` and
/// `torch.from_numpy(a)` are views of the same elements (a write through either shows
/// in the other), `torch.as_tensor(a)` shares unless it must convert, `torch.tensor(a)`
/// and `torch.Tensor(a)` copy. PyTorch refuses arrays with negative strides
/// (`a[::-1]`): copy them first (`a[::-1].copy()`).
enum NumpyInterop {
    /// `Tensor.numpy()`.
    static let tensorMethods: [TensorMethodBuiltins.Definition] = [
        TensorMethodBuiltins.def("numpy", "force=False", "A NumPy array over the same elements (no copy): writes to either show in both.",
                                 "k = conv.weight.detach().numpy()") { box, call throws(Diagnostic) in
            if box.tensor.requiresGrad, try !call.bool("force") {
                throw Diagnostic(.runtime, "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.", call.range)
            }
            return .array(try ArrayConversion.numpyView(of: box, at: call.range))
        },
    ]

    /// `torch.from_numpy` and `torch.as_tensor`.
    static let torchFunctions: [Builtin] = [
        Builtin("torch.from_numpy", "ndarray", summary: "A tensor over the array's elements (no copy): writes to either show in both.",
                example: "t = torch.from_numpy(np.arange(4.0))") { (call) throws(Diagnostic) in
            guard case .ndarray(let box) = call["ndarray"], !box.isScalar else {
                throw Diagnostic(.type, "expected np.ndarray (got \(call["ndarray"].typeName))", call.range(of: "ndarray"))
            }
            return .tensor(try ArrayConversion.tensorSource(box, at: call.range))
        },
        Builtin("torch.as_tensor", "data, dtype=None", summary: "data as a tensor, sharing an array's or tensor's elements when no conversion is needed.",
                example: "torch.as_tensor(np.ones(3))") { (call) throws(Diagnostic) in
            let dtype = try call.optionalDType("dtype")
            let source: Tensor
            switch call["data"] {
            case .ndarray(let box): source = try ArrayConversion.tensorSource(box, at: call.range)
            case .tensor(let box): source = box.tensor
            default:
                let data = try call.nested(call["data"], at: "data")
                return .tensor(try call.engine { () throws(EngineError) in try Tensor(nested: data, dtype: dtype) })
            }
            return .tensor(source.converted(to: dtype ?? source.dtype))
        },
    ]

    /// `torch.tensor(a, dtype=)`: a copy keeping the array's dtype unless one is given.
    static func tensorCopy(_ box: ArrayBox, dtype: DType?, at range: SourceRange) throws(Diagnostic) -> Value {
        let source = try ArrayConversion.tensorSource(box, at: range)
        return .tensor(source.clone().converted(to: dtype ?? source.dtype))
    }

    /// The dtype `torch.tensor` gives nested lists that hold arrays (nil when none do):
    /// each array counts with its dtype, Python floats as float32, as PyTorch infers.
    static func inferredDType(_ value: Value) -> DType? {
        var found = false
        func walk(_ v: Value) -> DType? {
            switch v {
            case .ndarray(let box): found = true; return box.tensor.dtype
            case .list, .tuple:
                var merged: DType?
                for item in v.listOrTupleItems ?? [] { if let d = walk(item) { merged = merged.map { $0.promoted(with: d) } ?? d } }
                return merged
            case .float: return .float32
            case .int: return .int64
            case .bool: return .bool
            default: return nil
            }
        }
        let dtype = walk(value)
        return found ? dtype : nil
    }
}

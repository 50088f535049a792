import ConvEngine

/// The few NumPy calls the articles make. Arrays are ConvLang tensors; `np.array` of
/// Python floats gives float64, as NumPy does.
enum NumpyBuiltins {
    static let all: [Builtin] = [array("array"), array("asarray")]

    static func array(_ name: String) -> Builtin {
        Builtin("numpy.\(name)", "object, dtype=None",
                summary: "An array (a tensor in ConvLang) holding a copy of object: a tensor keeps its dtype; lists of floats give float64 as in NumPy.",
                example: "np.array(conv.state_dict().get('weight'))[:, :, ::-1, ::-1].copy()") { (call) throws(Diagnostic) in
            let dtype = try call.optionalDType("dtype")
            if case .tensor(let box) = call["object"] {
                return .tensor(dtype.map { box.tensor.converted(to: $0) } ?? box.tensor)
            }
            let data = try call.nested(call["object"], at: "object")
            let made = try call.engine { () throws(EngineError) in try Tensor(nested: data, dtype: dtype) }
            guard dtype == nil, made.dtype == .float32 else { return .tensor(made) }
            return .tensor(try call.engine { () throws(EngineError) in try Tensor(nested: data, dtype: .float64) })
        }
    }
}

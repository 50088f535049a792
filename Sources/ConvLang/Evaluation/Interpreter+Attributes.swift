import ConvEngine

extension Interpreter {
    /// `base.name`: a field, or a method bound to `base`.
    func attribute(of base: Value, _ name: String, at range: SourceRange) throws(Diagnostic) -> Value {
        switch base {
        case .module(let namespace):
            if let member = namespace.members[name] { return member }
            throw Diagnostic(.attribute, "module '\(namespace.name)' has no attribute '\(name)'", range,
                             note: Suggestions.didYouMean(name, among: Array(namespace.members.keys)))
        case .tensor(let box):
            if let field = try tensorField(box, name, at: range) { return field }
        case .nnModule(let module):
            return try ModuleAttributes.get(module, name, at: range)
        case .record(_, let fields):
            if let field = fields.first(where: { $0.name == name }) { return field.value }
        case .dtype(let d):
            if name == "is_floating_point" { return .bool(d.isFloatingPoint) }
        case .device(let type):
            if name == "type" { return .string(type) }
            if name == "index" { return .none }
        case .range(let r):
            switch name {
            case "start": return .int(r.start)
            case "stop": return .int(r.stop)
            case "step": return .int(r.step)
            default: break
            }
        case .ndarray(let box):
            if let field = arrayField(box, name) { return field }
        case .numpyDType(let d):
            if let field = numpyDTypeField(d, name) { return field }
        default:
            break
        }
        if Methods.lookup(base, name) != nil { return .method(receiver: base, name: name) }
        throw Diagnostic(.attribute, "'\(base.typeName)' object has no attribute '\(name)'", range,
                         note: Suggestions.didYouMean(name, among: Methods.attributeNames(of: base)))
    }

    private func tensorField(_ box: TensorBox, _ name: String, at range: SourceRange) throws(Diagnostic) -> Value? {
        let t = box.tensor
        switch name {
        case "shape": return .size(t.shape.dimensions)
        case "dtype": return .dtype(t.dtype)
        // `.data` shares the elements but not the version counter, and is no parameter.
        case "data": return .tensor(t.withNewVersionCounter())
        case "T":
            if t.rank != 0 && t.rank != 2 {
                // TORCH_WARN_ONCE in PyTorch's numpy_T.
                warn("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.", once: true)
            }
            return .tensor(t.reversedDimensions)
        case "mT": return .tensor(try engine(at: range) { () throws(EngineError) in try t.lastTwoTransposed() })
        case "_version": return .int(Int64(t.version.value))
        case "itemsize": return .int(Int64(t.dtype.itemSize))
        case "nbytes": return .int(Int64(t.dtype.itemSize * t.count))
        case "ndim": return .int(Int64(t.rank))
        case "device": return .device("cpu")
        case "requires_grad": return .bool(box.isParameter)
        case "grad": return Value.none
        case "is_leaf": return .bool(true)
        default: return nil
        }
    }

    /// `base.name = value`.
    func setAttribute(_ base: Value, _ name: String, _ value: Value, at range: SourceRange) throws(Diagnostic) {
        switch (base, name) {
        case (.tensor(let box), "data"):
            guard case .tensor(let source) = value else {
                throw Diagnostic(.type, "data must be a Tensor, not \(value.typeName)", range)
            }
            box.tensor = source.tensor
        case (.nnModule(let module), _):
            try ModuleAttributes.set(module, name, value, at: range)
        case (.tensor(let box), "requires_grad"):
            // Parameters already require gradients; anything else may only be told not to.
            if try value.truthValue(at: range), !box.isParameter {
                try Call.refuseGradients(for: box.tensor.dtype, at: range,
                                         dtypeMessage: "only Tensors of floating point and complex dtype can require gradients")
            }
            return
        default:
            throw Diagnostic(.attribute, "'\(base.typeName)' object attribute '\(name)' is read-only", range)
        }
    }
}

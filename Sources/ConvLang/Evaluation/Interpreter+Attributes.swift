import ConvEngine

extension Interpreter {
    /// `base.name`: a field, or a method bound to `base`, from the member table of
    /// `base`'s kind (``MemberRegistry``).
    func attribute(of base: Value, _ name: String, at range: SourceRange) throws(Diagnostic) -> Value {
        guard let members = MemberRegistry.members(of: base) else {
            throw Diagnostic(.attribute, "'\(base.typeName)' object has no attribute '\(name)'", range)
        }
        if let member = try members.member(name, of: base, in: self, at: range) { return member }
        throw members.missing(name, of: base, at: range)
    }

    /// `base.name = value`.
    func setAttribute(_ base: Value, _ name: String, _ value: Value, at range: SourceRange) throws(Diagnostic) {
        switch (base, name) {
        case (.tensor(let box), "data"):
            guard case .tensor(let source) = value else {
                throw Diagnostic(.type, "data must be a Tensor, not \(value.typeName)", range)
            }
            box.tensor = source.tensor
        case (.layer(let box), "weight"), (.layer(let box), "bias"):
            switch value {
            case .tensor(let source) where source.isParameter:
                if name == "weight" { box.weight = source } else { box.bias = source }
            case .none where name == "bias":
                box.bias = nil
            case .none:
                throw Diagnostic(.type, "cannot assign None as parameter 'weight': ConvLang's layers always have a weight", range)
            case .tensor(let source):
                throw Diagnostic(.type, "cannot assign '\(source.tensor.dtype.legacyTensorTypeName)' as parameter '\(name)' (torch.nn.Parameter or None expected)", range,
                                 note: "wrap it: layer.\(name) = nn.Parameter(tensor), or write layer.\(name).data = tensor")
            default:
                throw Diagnostic(.type, "cannot assign '\(value.typeName)' as parameter '\(name)' (torch.nn.Parameter or None expected)", range)
            }
        case (.layer, _):
            throw Diagnostic(.attribute, "a layer's '\(name)' is fixed when it is built in ConvLang; build a new layer with the value you want", range)
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

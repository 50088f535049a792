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

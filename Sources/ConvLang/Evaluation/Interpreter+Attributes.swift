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
            // The tensor takes the new elements and keeps its autograd identity
            // (`param.data = K` leaves a parameter that requires grad).
            box.tensor = source.tensor.replacingAutograd(with: box.tensor)
        case (.nnModule(let module), _):
            if let cls = module.userClass { return try setUserModuleAttribute(module, cls, name, value, at: range) }
            try ModuleAttributes.set(module, name, value, at: range)
        case (.instance(let object), _):
            try setInstanceAttribute(object, name, value, at: range)
        case (.host(let object), _):
            let found: Bool
            do { found = try object.setAttribute(name, to: value, in: self) } catch { throw error.placed(at: range) }
            guard found else {
                throw Diagnostic(.attribute, "'\(base.typeName)' object has no attribute '\(name)'", range,
                                 note: Suggestions.didYouMean(name, among: MemberRegistry.names(of: base)))
            }
        case (.classObject(let cls), _) where !cls.isBuiltin:
            cls.namespace.set(value, named: name)
        case (.classObject(let cls), _):
            throw Diagnostic(.type, "cannot set '\(name)' attribute of immutable type '\(cls.qualifiedName)'", range)
        case (.tensor(let box), "requires_grad"):
            guard case .bool(let flag) = value else { throw Diagnostic(.runtime, "requires_grad must be a bool", range) }
            try engine(at: range) { () throws(EngineError) in try box.tensor.setRequiresGrad(flag) }
            box.adoptAsLanguageObject()
        case (.tensor(let box), "grad"):
            let grad: Tensor?
            switch value {
            case .none: grad = nil
            case .tensor(let g): grad = g.tensor
            default: throw Diagnostic(.type, "assigned grad expected to be a Tensor or None but got grad of type \(value.typeName)", range)
            }
            try engine(at: range) { () throws(EngineError) in try box.tensor.setGrad(grad) }
            if case .tensor(let assigned) = value { box.tensor.autograd.gradObject = assigned }
        default:
            throw Diagnostic(.attribute, "'\(base.typeName)' object attribute '\(name)' is read-only", range)
        }
    }
}

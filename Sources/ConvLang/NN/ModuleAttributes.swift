import ConvEngine

/// Reading and writing a module's attributes: the one place that decides where
/// `m.name` lives (its configuration, its `__dict__`, its methods, `_parameters`,
/// `_buffers`, `_modules`) and where `m.name = value` goes, as PyTorch's
/// `Module.__getattr__` and `Module.__setattr__` do.
enum ModuleAttributes {
    /// `module.name`.
    /// - Throws: AttributeError `'Conv2d' object has no attribute 'x'`.
    static func get(_ module: ModuleObject, _ name: String, at range: SourceRange) throws(Diagnostic) -> Value {
        if let value = find(module, name) { return value }
        throw Diagnostic(.attribute, "'\(module.className)' object has no attribute '\(name)'", range,
                         note: Suggestions.didYouMean(name, among: names(of: module)))
    }

    /// The attribute, method (bound) or registered member `name`, if the module has it.
    static func find(_ module: ModuleObject, _ name: String) -> Value? {
        if name == "training" { return .bool(module.training) }
        if name == "__class__" { return .classObject(BuiltinTypes.classOf(.nnModule(module))) }
        if let field = module.native?.fields.first(where: { $0.name == name }) { return field.value }
        if let value = module.attributes[name] { return value }
        if ModuleMembers.lookup(module, name) != nil { return .method(receiver: .nnModule(module), name: name) }
        if let parameter = module.parameters[name] { return parameter.map { .tensor($0) } ?? Value.none }
        if let buffer = module.buffers[name] { return buffer.map { .tensor($0) } ?? Value.none }
        if let child = module.modules[name] { return child.map { .nnModule($0) } ?? Value.none }
        return nil
    }

    /// Every attribute and method name (for completion and "did you mean").
    static func names(of module: ModuleObject) -> [String] {
        ["training"] + (module.native?.fields.map(\.name) ?? []) + module.attributes.keys + ModuleMembers.names(for: module)
            + module.parameters.keys + module.buffers.keys + module.modules.keys
    }

    /// `module.name = value`, registering a Parameter, module or buffer as
    /// `Module.__setattr__` does; a name already registered keeps its place.
    static func set(_ module: ModuleObject, _ name: String, _ value: Value, at range: SourceRange) throws(Diagnostic) {
        if name == "training" {
            module.training = try value.truthValue(at: range)
            return
        }
        if let native = module.native, native.fields.contains(where: { $0.name == name }) {
            throw Diagnostic(.notImplemented, "ConvLang does not change a built \(native.className)'s '\(name)' yet; build a new \(native.className) with the value you want", range)
        }
        switch value {
        case .tensor(let box) where box.isParameter:
            module.attributes.remove(name)
            module.buffers.remove(name)
            module.modules.remove(name)
            module.nonPersistentBuffers.remove(name)
            try registerParameter(module, name, value, at: range)
        case _ where module.parameters.contains(name):
            guard case .none = value else {
                let note = value.isTensor ? "wrap it: layer.\(name) = nn.Parameter(tensor), or write layer.\(name).data = tensor" : nil
                throw Diagnostic(.type, "cannot assign '\(typeName(value))' as parameter '\(name)' (torch.nn.Parameter or None expected)", range, note: note)
            }
            try registerParameter(module, name, value, at: range)
        case .nnModule(let child):
            module.attributes.remove(name)
            module.parameters.remove(name)
            module.buffers.remove(name)
            module.nonPersistentBuffers.remove(name)
            module.modules.set(name, child)
        case _ where module.modules.contains(name):
            guard case .none = value else {
                throw Diagnostic(.type, "cannot assign '\(typeName(value))' as child module '\(name)' (torch.nn.Module or None expected)", range)
            }
            module.modules.set(name, nil)
        case _ where module.buffers.contains(name):
            switch value {
            case .tensor(let box): module.buffers.set(name, box)
            case .none: module.buffers.set(name, nil)
            default:
                throw Diagnostic(.type, "cannot assign '\(typeName(value))' as buffer '\(name)' (torch.nn.Buffer, torch.Tensor or None expected)", range)
            }
        default:
            module.attributes.set(name, value)
        }
    }

    /// `register_parameter(name, param)`.
    static func registerParameter(_ module: ModuleObject, _ name: String, _ value: Value, at range: SourceRange) throws(Diagnostic) {
        try checkName(module, name, kind: "parameter", registered: module.parameters.contains(name), at: range)
        switch value {
        case .none: module.parameters.set(name, nil)
        case .tensor(let box) where box.isParameter: module.parameters.set(name, box)
        default:
            throw Diagnostic(.type, "cannot assign '\(typeName(value))' object to parameter '\(name)' (torch.nn.Parameter or None required)", range)
        }
    }

    /// `register_buffer(name, tensor, persistent)`.
    static func registerBuffer(_ module: ModuleObject, _ name: String, _ value: Value, persistent: Bool, at range: SourceRange) throws(Diagnostic) {
        try checkName(module, name, kind: "buffer", registered: module.buffers.contains(name), at: range)
        switch value {
        case .none: module.buffers.set(name, nil)
        case .tensor(let box): module.buffers.set(name, box)
        default:
            throw Diagnostic(.type, "cannot assign '\(typeName(value))' object to buffer '\(name)' (torch Tensor or None required)", range)
        }
        if persistent { module.nonPersistentBuffers.remove(name) } else { module.nonPersistentBuffers.insert(name) }
    }

    /// `add_module(name, module)`.
    static func addModule(_ module: ModuleObject, _ name: String, _ value: Value, at range: SourceRange) throws(Diagnostic) {
        let child: ModuleObject?
        switch value {
        case .nnModule(let m): child = m
        case .none: child = nil
        default: throw Diagnostic(.type, "\(typeName(value)) is not a Module subclass", range)
        }
        if find(module, name) != nil, !module.modules.contains(name) { throw keyError("attribute '\(name)' already exists", range) }
        if name.contains(".") { throw keyError("module name can't contain \".\", got: \(name)", range) }
        if name.isEmpty { throw keyError("module name can't be empty string \"\"", range) }
        module.modules.set(name, child)
    }

    private static func checkName(_ module: ModuleObject, _ name: String, kind: String, registered: Bool, at range: SourceRange) throws(Diagnostic) {
        if name.contains(".") { throw keyError("\(kind) name can't contain \".\"", range) }
        if name.isEmpty { throw keyError("\(kind) name can't be empty string \"\"", range) }
        if !registered, find(module, name) != nil { throw keyError("attribute '\(name)' already exists", range) }
    }

    /// A KeyError, whose message Python shows as the repr of its text.
    static func keyError(_ text: String, _ range: SourceRange) -> Diagnostic {
        Diagnostic(.key, Value.string(text).reprText, range)
    }

    /// `torch.typename(value)`: `torch.FloatTensor` for a tensor, the type's name else.
    static func typeName(_ value: Value) -> String {
        if case .tensor(let box) = value { return box.tensor.dtype.legacyTensorTypeName }
        return value.typeName
    }
}

/// A module's members for ``MemberRegistry``: what ``ModuleAttributes`` finds
/// (configuration, attributes, methods, parameters, buffers, sub-modules).
struct ModuleMemberSet: Members {
    func member(_ name: String, of value: Value, in interpreter: Interpreter, at range: SourceRange) throws(Diagnostic) -> Value? {
        guard case .nnModule(let module) = value else { return nil }
        return ModuleAttributes.find(module, name)
    }

    func method(_ name: String, of value: Value) -> Builtin? {
        guard case .nnModule(let module) = value else { return nil }
        return ModuleMembers.lookup(module, name)
    }

    func names(of value: Value) -> [String] {
        guard case .nnModule(let module) = value else { return [] }
        return ModuleAttributes.names(of: module)
    }
}

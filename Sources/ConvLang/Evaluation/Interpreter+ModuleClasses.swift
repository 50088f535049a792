/// A user's `class Net(nn.Module)`: its instances are ``ModuleObject``s of kind
/// ``ModuleKind/user(_:)``. Attribute reads go through the class first (properties,
/// the instance's plain attributes, methods), then PyTorch's `Module.__getattr__`
/// (parameters, buffers, sub-modules, Module's own methods); writes register
/// Parameters and modules in order as `Module.__setattr__` does; calling the module
/// runs the user's `forward`.
extension Interpreter {
    /// `Net(args)`: a module of the user's class, then its `__init__`.
    func instantiateModule(_ cls: ClassObject, _ arguments: CallArguments) throws(Diagnostic) -> Value {
        let module = ModuleObject(.user(cls))
        module.initialized = false
        let value = Value.nnModule(module)
        if let initializer = cls.lookup("__init__") {
            let method = try bind(initializer.value, receiver: value, cls: cls, at: arguments.range)
            let result = try callable(for: method, at: arguments.calleeRange).call(arguments, in: self)
            guard case .none = result else {
                throw Diagnostic(CallMessage.initReturned(typeName: result.typeName), arguments.range)
            }
        }
        return value
    }

    /// `module.name` for a module of a user's class.
    func userModuleAttribute(_ module: ModuleObject, _ cls: ClassObject, _ name: String, at range: SourceRange) throws(Diagnostic) -> Value {
        let receiver = Value.nnModule(module)
        let found = cls.lookup(name)
        if let found, case .descriptor(.property) = found.value { return try bind(found.value, receiver: receiver, cls: cls, at: range) }
        if let own = module.attributes[name] { return own }
        if let found { return try bind(found.value, receiver: receiver, cls: cls, at: range) }
        if name == "__class__" { return .classObject(cls) }
        if name == "__dict__" {
            throw Diagnostic(.notImplemented, "ConvLang does not give a module's __dict__ yet; use named_parameters(), named_children() or state_dict()", range)
        }
        if module.initialized, let value = ModuleAttributes.find(module, name) { return value }
        throw Diagnostic(.attribute, "'\(cls.name)' object has no attribute '\(name)'", range,
                         note: Suggestions.didYouMean(name, among: MemberRegistry.names(of: receiver)))
    }

    /// `module.name = value` for a module of a user's class: a property's setter, or
    /// PyTorch's registration of Parameters and sub-modules.
    func setUserModuleAttribute(_ module: ModuleObject, _ cls: ClassObject, _ name: String, _ value: Value, at range: SourceRange) throws(Diagnostic) {
        if let hook = cls.lookup("__setattr__"), !hook.owner.isBuiltin {
            _ = try call(try bind(hook.value, receiver: .nnModule(module), cls: cls, at: range), [.string(name), value], at: range)
            return
        }
        try storeUserModuleAttribute(module, cls, name, value, at: range)
    }

    /// `Module.__setattr__(self, name, value)` for a user's module.
    func storeUserModuleAttribute(_ module: ModuleObject, _ cls: ClassObject, _ name: String, _ value: Value, at range: SourceRange) throws(Diagnostic) {
        if let found = cls.lookup(name), case .descriptor(.property(let p)) = found.value {
            guard let setter = p.setter else {
                throw Diagnostic(.attribute, "property '\(name)' of '\(cls.name)' object has no setter", range)
            }
            _ = try call(setter, [.nnModule(module), value], at: range)
            return
        }
        if !module.initialized {
            switch value {
            case .tensor(let box) where box.isParameter:
                throw Diagnostic(.attribute, "cannot assign parameters before Module.__init__() call", range)
            case .nnModule:
                throw Diagnostic(.attribute, "cannot assign module before Module.__init__() call", range)
            default:
                module.attributes.set(name, value)
                return
            }
        }
        try ModuleAttributes.set(module, name, value, at: range)
    }

    /// What calling a module of a user's class runs: its `forward`, bound.
    func userModuleForward(_ module: ModuleObject, _ cls: ClassObject, at range: SourceRange) throws(Diagnostic) -> any Callable {
        guard module.initialized else {
            throw Diagnostic(.attribute, "'\(cls.name)' object has no attribute '_compiled_call_impl'", range)
        }
        if let found = cls.lookup("forward") {
            return try callable(for: try bind(found.value, receiver: .nnModule(module), cls: cls, at: range), at: range)
        }
        return BuiltinCall(builtin: ContainerModules.missingForward, receiver: .nnModule(module))
    }

    /// The user's `extra_repr()`, for the module's repr; errors are kept in
    /// ``pendingError`` (printing cannot throw).
    func userExtraRepr(_ module: ModuleObject, _ cls: ClassObject) -> String {
        guard let found = cls.lookup("extra_repr") else { return "" }
        do throws(Diagnostic) {
            let method = try bind(found.value, receiver: .nnModule(module), cls: cls, at: Self.printerRange)
            guard case .string(let text) = try call(method, [], at: Self.printerRange) else { return "" }
            return text
        } catch {
            if pendingError == nil { pendingError = error }
            return ""
        }
    }

    /// `nn.Module.__setattr__` (and `object.__setattr__` on a module).
    static let moduleSetattr = Builtin("Module.__setattr__", "self, name, value, /", summary: "Sets an attribute, registering Parameters and modules.",
                                       example: "super().__setattr__(name, value)") { (call) throws(Diagnostic) in
        let name = try call.string("name")
        switch call["self"] {
        case .nnModule(let module):
            if let cls = module.userClass { try call.interpreter.storeUserModuleAttribute(module, cls, name, call["value"], at: call.range) }
            else { try ModuleAttributes.set(module, name, call["value"], at: call.range) }
        case .instance(let object):
            try call.interpreter.storeInstanceAttribute(object, name, call["value"], at: call.range)
        default:
            throw Diagnostic(.type, "descriptor '__setattr__' requires a 'Module' object but received a '\(call["self"].typeName)'", call.range)
        }
        return .none
    }

    /// `nn.Module.__init__`: makes the module ready to register parameters and
    /// sub-modules.
    static let moduleInit = Builtin("Module.__init__", "self, *args, **kwargs", summary: "Sets up the module's tables; call it first, as super().__init__().",
                                    example: "super().__init__()") { (call) throws(Diagnostic) in
        guard case .nnModule(let module) = call["self"] else {
            throw Diagnostic(.type, "descriptor '__init__' requires a 'Module' object but received a '\(call["self"].typeName)'", call.range)
        }
        if case .tuple(let args) = call["args"], !args.isEmpty {
            throw Diagnostic(.type, "Module.__init__() takes 1 positional argument but \(args.count + 1) were given", call.range)
        }
        if case .dict(let kwargs) = call["kwargs"], let first = kwargs.entries.first, case .string(let name) = first.key {
            throw Diagnostic(.type, "Module.__init__() got an unexpected keyword argument '\(name)'", call.range)
        }
        module.initialized = true
        module.training = true
        return .none
    }
}

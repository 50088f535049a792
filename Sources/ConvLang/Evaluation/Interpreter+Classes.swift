/// Classes at run time: reading and writing attributes of instances, classes and
/// `super()`, binding methods, and making instances.
extension Interpreter {
    /// What a class attribute becomes when read through `receiver` (an instance, or
    /// the class itself when `receiver` is `nil`): a function is bound to the instance,
    /// a classmethod to the class, a staticmethod is unwrapped.
    func bind(_ value: Value, receiver: Value?, cls: ClassObject, at range: SourceRange) throws(Diagnostic) -> Value {
        switch (value, receiver) {
        case (.userFunction, let receiver?): return .boundMethod(BoundMethod(function: value, receiver: receiver))
        case (.descriptor(.nativeMethod(let b)), let receiver?): return .boundMethod(BoundMethod(function: .function(b), receiver: receiver))
        case (.descriptor(.nativeMethod(let b)), nil): return .function(b)
        case (.descriptor(.staticMethod(let f)), _): return f
        case (.descriptor(.classMethod(let f)), _): return .boundMethod(BoundMethod(function: f, receiver: .classObject(cls)))
        case (.descriptor(.property(let p)), let receiver?):
            guard let getter = p.getter else { throw Diagnostic(.attribute, "property object has no getter", range) }
            return try call(getter, [receiver], at: range)
        default: return value
        }
    }

    /// `object.name` for an instance of a user's class: a property, then the instance's
    /// own attributes, then the class's (methods bound), as CPython's
    /// `object.__getattribute__`.
    func instanceAttribute(_ object: InstanceObject, _ name: String, at range: SourceRange) throws(Diagnostic) -> Value {
        let found = object.cls.lookup(name)
        if let found, case .descriptor(.property) = found.value {
            return try bind(found.value, receiver: .instance(object), cls: object.cls, at: range)
        }
        if let own = object.attributes.value(named: name) { return own }
        if let found { return try bind(found.value, receiver: .instance(object), cls: object.cls, at: range) }
        switch name {
        case "__class__": return .classObject(object.cls)
        case "__dict__": return .dict(object.attributes)
        case "__doc__": return .none
        case "__module__": return .string(object.cls.module)
        default: break
        }
        if object.cls.lookup("__getattr__") != nil, let hook = try boundDunder(object, "__getattr__", at: range) {
            return try call(hook, [.string(name)], at: range)
        }
        throw Diagnostic(.attribute, "'\(object.cls.name)' object has no attribute '\(name)'", range,
                         note: Suggestions.didYouMean(name, among: MemberRegistry.names(of: .instance(object))))
    }

    /// `cls.name`: an attribute of the class or of one of its bases (functions stay
    /// plain functions, classmethods bind to the class), or a class's own attribute
    /// (`__name__`, `__mro__`).
    func classAttribute(_ cls: ClassObject, _ name: String, at range: SourceRange) throws(Diagnostic) -> Value {
        if let found = cls.lookup(name) { return try bind(found.value, receiver: nil, cls: cls, at: range) }
        if cls.isHostClass, cls.hostMethod(name) != nil {
            throw Diagnostic(.notImplemented, "ConvLang does not give a method of '\(cls.qualifiedName)' unbound yet; call it on an object (obj.\(name)(...))", range)
        }
        // A builtin type's methods, unbound (`str.strip`, `dict.fromkeys`).
        if cls.isBuiltin, let table = MemberTables.typeObjects[cls.name],
           let member = try table.member(name, of: .classObject(cls), in: self, at: range) {
            return member
        }
        switch name {
        case "__name__": return .string(cls.name)
        case "__qualname__": return .string(cls.qualifiedName)
        case "__module__": return .string(cls.module)
        case "__bases__": return .tuple(cls.bases.map { .classObject($0) })
        case "__mro__": return .tuple(cls.mro.map { .classObject($0) })
        case "__class__": return .classObject(BuiltinTypes.type)
        case "__doc__": return .none
        case "__dict__":
            throw Diagnostic(.notImplemented, "ConvLang does not give a class's __dict__ (a mappingproxy) yet; use vars(obj) on an instance", range)
        default: break
        }
        throw Diagnostic(.attribute, "type object '\(cls.qualifiedName)' has no attribute '\(name)'", range,
                         note: Suggestions.didYouMean(name, among: MemberRegistry.names(of: .classObject(cls))))
    }

    /// `super().name`: the attribute found after `start` in the receiver's MRO.
    func superAttribute(_ proxy: SuperObject, _ name: String, at range: SourceRange) throws(Diagnostic) -> Value {
        if let found = proxy.receiverClass.lookup(name, after: proxy.start) {
            let receiver: Value? = if case .classObject = proxy.receiver { nil } else { proxy.receiver }
            return try bind(found.value, receiver: receiver, cls: proxy.receiverClass, at: range)
        }
        if name == "__class__" { return .classObject(BuiltinTypes.superType) }
        throw Diagnostic(.attribute, "'super' object has no attribute '\(name)'", range)
    }

    /// `object.name = value` for an instance: a property's setter, or the instance's own
    /// attributes.
    func setInstanceAttribute(_ object: InstanceObject, _ name: String, _ value: Value, at range: SourceRange) throws(Diagnostic) {
        if let hook = object.cls.lookup("__setattr__"), !hook.owner.isBuiltin {
            _ = try call(try bind(hook.value, receiver: .instance(object), cls: object.cls, at: range), [.string(name), value], at: range)
            return
        }
        try storeInstanceAttribute(object, name, value, at: range)
    }

    /// `object.__setattr__(self, name, value)`: a property's setter, or the instance's
    /// own attributes (what a user's `__setattr__` ends in).
    func storeInstanceAttribute(_ object: InstanceObject, _ name: String, _ value: Value, at range: SourceRange) throws(Diagnostic) {
        if let found = object.cls.lookup(name), case .descriptor(.property(let p)) = found.value {
            guard let setter = p.setter else {
                throw Diagnostic(.attribute, "property '\(name)' of '\(object.cls.name)' object has no setter", range)
            }
            _ = try call(setter, [.instance(object), value], at: range)
            return
        }
        if name == "__class__" || name == "__dict__" {
            throw Diagnostic(.notImplemented, "ConvLang does not assign \(name) yet", range)
        }
        object.attributes.set(value, named: name)
    }

    /// `del object.name`.
    func deleteAttribute(_ base: Value, _ name: String, at range: SourceRange) throws(Diagnostic) {
        switch base {
        case .host:
            // A host's attributes are its to keep: one it has is refused, as ConvLang cannot delete it.
            guard MemberRegistry.names(of: base).contains(name) else {
                throw Diagnostic(.attribute, "'\(base.typeName)' object has no attribute '\(name)'", range)
            }
            throw Diagnostic(.notImplemented, "ConvLang does not delete the attribute '\(name)' of a '\(base.typeName)' object", range)
        case .instance(let object):
            if let found = object.cls.lookup(name), case .descriptor(.property(let p)) = found.value {
                guard let deleter = p.deleter else {
                    throw Diagnostic(.attribute, "property '\(name)' of '\(object.cls.name)' object has no deleter", range)
                }
                _ = try call(deleter, [base], at: range)
                return
            }
            guard let i = object.attributes.index(of: .string(name)) else {
                throw Diagnostic(.attribute, "'\(object.cls.name)' object has no attribute '\(name)'", range)
            }
            object.attributes.entries.remove(at: i)
        case .classObject(let cls) where !cls.isBuiltin:
            guard let i = cls.namespace.index(of: .string(name)) else {
                throw Diagnostic(.attribute, "type object '\(cls.qualifiedName)' has no attribute '\(name)'", range)
            }
            cls.namespace.entries.remove(at: i)
        default:
            throw Diagnostic(.attribute, "'\(base.typeName)' object attribute '\(name)' is read-only", range)
        }
    }

    /// Calls a class: a builtin type converts its argument (`int("3")`); a user's class
    /// makes an instance and runs `__init__` with the arguments.
    func instantiate(_ cls: ClassObject, _ arguments: CallArguments) throws(Diagnostic) -> Value {
        let range = arguments.range
        if let constructor = cls.constructor {
            return try BuiltinCall(builtin: constructor).call(arguments, in: self)
        }
        if cls.isHostClass { throw Diagnostic(.notImplemented, "ConvLang does not make '\(cls.qualifiedName)' objects directly", range) }
        switch cls.instanceKind {
        case .module:
            if cls.isBuiltin {
                throw Diagnostic(.notImplemented, "ConvLang does not make a bare nn.Module() yet; subclass it", range)
            }
            return try instantiateModule(cls, arguments)
        case .value:
            throw Diagnostic(.notImplemented, "ConvLang does not make instances of subclasses of builtin types yet", range)
        case .object:
            break
        }
        if cls.isBuiltin, !arguments.positional.isEmpty || !arguments.keywords.isEmpty {
            throw Diagnostic(CallMessage.takesNoArguments(className: cls.name), range)
        }
        if cls.lookup("__new__") != nil {
            throw Diagnostic(.notImplemented, "ConvLang does not run __new__ yet", range)
        }
        let object = InstanceObject(cls: cls)
        let instance = Value.instance(object)
        guard let initializer = cls.lookup("__init__"), !initializer.owner.isSame(as: BuiltinTypes.object) else {
            if !arguments.positional.isEmpty || !arguments.keywords.isEmpty {
                throw Diagnostic(CallMessage.takesNoArguments(className: cls.name), range)
            }
            return instance
        }
        let method = try bind(initializer.value, receiver: instance, cls: cls, at: range)
        let result = try callable(for: method, at: arguments.calleeRange).call(arguments, in: self)
        guard case .none = result else {
            throw Diagnostic(CallMessage.initReturned(typeName: result.typeName), range)
        }
        return instance
    }

    /// A special method of `object`'s class, bound to it (CPython looks special methods
    /// up on the type, not the instance), or `nil`.
    func boundDunder(_ object: InstanceObject, _ name: String, at range: SourceRange) throws(Diagnostic) -> Value? {
        guard let found = object.cls.lookup(name) else { return nil }
        return try bind(found.value, receiver: .instance(object), cls: object.cls, at: range)
    }

    /// The special method `name` (`__enter__`, `__exit__`, `__len__`) of `value`,
    /// bound to it, or `nil` when its class has none: what `with`, `len` and the
    /// operators call.
    public func lookupDunder(_ value: Value, _ name: String, at range: SourceRange) throws(Diagnostic) -> Value? {
        switch value {
        case .instance(let object): return try boundDunder(object, name, at: range)
        case .nnModule(let module):
            guard let cls = module.userClass, let found = cls.lookup(name) else { return nil }
            return try bind(found.value, receiver: value, cls: cls, at: range)
        case .host(let object):
            // A host class's methods named as special methods (`Output.__enter__`).
            return object.hostClass.hostMethod(name) != nil ? .method(receiver: value, name: name) : nil
        default: return nil
        }
    }

    /// Calls the special method `name` of `value` with `arguments`, or gives `nil` when
    /// `value` has none.
    func callDunder(_ value: Value, _ name: String, _ arguments: [Value], at range: SourceRange) throws(Diagnostic) -> Value? {
        guard let method = try lookupDunder(value, name, at: range) else { return nil }
        return try call(method, arguments, at: range)
    }

    /// `repr(object)`/`str(object)` by the user's `__repr__`/`__str__`, for printers
    /// that cannot throw: an error is kept in ``pendingError`` for
    /// ``text(of:repr:at:)`` to raise. `nil` when the class defines neither.
    func userText(of value: Value, _ cls: ClassObject, dunder: String) -> String? {
        guard cls.lookup(dunder) != nil || (dunder == "__str__" && cls.lookup("__repr__") != nil) else { return nil }
        let name = cls.lookup(dunder) != nil ? dunder : "__repr__"
        let range = Self.printerRange
        do throws(Diagnostic) {
            guard let result = try callDunder(value, name, [], at: range) else { return nil }
            guard case .string(let text) = result else {
                throw Diagnostic(.type, "\(dunder) returned non-string (type \(result.typeName))", nil)
            }
            return text
        } catch {
            if pendingError == nil { pendingError = error }
            if case .instance(let object) = value { return object.defaultRepr }
            return nil
        }
    }

    /// `repr(value)` or `str(value)`, raising what a user's `__repr__` or `__str__` raised.
    func text(of value: Value, repr: Bool, at range: SourceRange) throws(Diagnostic) -> String {
        pendingError = nil
        let text = repr ? value.reprText : value.strText
        if var error = pendingError {
            pendingError = nil
            // Raised where no source was at hand (a dunder called by a printer): the call that printed.
            if error.range == Self.printerRange { error.range = range }
            throw error.placed(at: range)
        }
        return text
    }


    /// A cell's result as it will be shown: an instance whose class defines `__repr__`
    /// is rendered here, where its errors can stop the cell (the frontend's printer
    /// cannot raise them).
    func shown(_ value: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        switch value {
        case .instance(let object) where object.cls.lookup("__repr__") != nil:
            return .opaque(try text(of: value, repr: true, at: range))
        case .nnModule(let module) where module.userClass != nil:
            // Its repr may run the user's extra_repr or __repr__: their errors stop the cell.
            _ = try text(of: value, repr: true, at: range)
            return value
        case .list, .tuple, .dict:
            let items = value.listOrTupleItems ?? { if case .dict(let d) = value { d.entries.map(\.value) } else { [] } }()
            if items.contains(where: { if case .instance = $0 { true } else { false } }) { _ = try text(of: value, repr: true, at: range) }
            return value
        default:
            return value
        }
    }

    /// The place given to dunders that printers call, which have no source of their own.
    static let printerRange = SourceRange(0, 0)
}

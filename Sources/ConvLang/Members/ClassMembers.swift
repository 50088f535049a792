/// The members of classes and their instances for ``MemberRegistry``: an instance's
/// attributes and its class's members (through the MRO), a class's members, `super()`'s
/// lookups, the attributes of bound methods and descriptors, and a user's `nn.Module`
/// subclass (its class first, then Module's members).
struct ClassMemberSet: Members {
    func member(_ name: String, of value: Value, in interpreter: Interpreter, at range: SourceRange) throws(Diagnostic) -> Value? {
        switch value {
        case .instance(let object): return try interpreter.instanceAttribute(object, name, at: range)
        case .classObject(let cls): return try interpreter.classAttribute(cls, name, at: range)
        case .superObject(let proxy): return try interpreter.superAttribute(proxy, name, at: range)
        case .nnModule(let module):
            guard let cls = module.userClass else { return ModuleAttributes.find(module, name) }
            return try interpreter.userModuleAttribute(module, cls, name, at: range)
        case .boundMethod(let m):
            switch name {
            case "__self__": return m.receiver
            case "__func__": return m.function
            default: return try interpreter.attribute(of: m.function, name, at: range)
            }
        case .descriptor(let d): return Self.descriptorField(d, name)
        default: return nil
        }
    }

    func method(_ name: String, of value: Value) -> Builtin? {
        if case .nnModule(let module) = value { return ModuleMembers.lookup(module, name) }
        return nil
    }

    func names(of value: Value) -> [String] {
        switch value {
        case .instance(let object):
            let own = object.attributes.entries.compactMap { if case .string(let s) = $0.key { s } else { nil } }
            return Self.unique(own + Self.classMembers(object.cls) + ["__class__", "__dict__", "__doc__", "__module__"])
        case .classObject(let cls) where cls.isHostClass:
            return Self.unique(cls.hostMethodNames + Self.classSpecials)
        case .classObject(let cls):
            if cls.isBuiltin, let constructor = cls.constructor, let sample = Self.sampleValue[constructor.name] {
                return Self.unique(MemberRegistry.names(of: sample) + Self.classSpecials)
            }
            return Self.unique(Self.classMembers(cls) + Self.classSpecials)
        case .nnModule(let module):
            guard let cls = module.userClass else { return ModuleAttributes.names(of: module) }
            return Self.unique(module.attributes.keys + Self.classMembers(cls) + ModuleAttributes.names(of: module))
        case .boundMethod: return ["__self__", "__func__", "__name__", "__qualname__", "__doc__"]
        case .descriptor(.property): return ["fget", "fset", "getter", "setter", "deleter"]
        case .descriptor: return ["__func__"]
        default: return []
        }
    }

    /// `prop.setter`, `prop.fget`, `sm.__func__`.
    private static func descriptorField(_ descriptor: Descriptor, _ name: String) -> Value? {
        switch (descriptor, name) {
        case (.property(let p), "fget"): return p.getter ?? Value.none
        case (.property(let p), "fset"): return p.setter ?? Value.none
        case (.property(let p), "setter"), (.property(let p), "getter"), (.property(let p), "deleter"):
            return .function(Builtin("property.\(name)", "function, /", summary: "A copy of the property with this \(name).",
                                     example: "@area.\(name)") { (call) throws(Diagnostic) in
                let f = call["function"]
                return .descriptor(.property(PropertyObject(getter: name == "getter" ? f : p.getter, setter: name == "setter" ? f : p.setter,
                                                            deleter: name == "deleter" ? f : p.deleter)))
            })
        case (.staticMethod(let f), "__func__"), (.classMethod(let f), "__func__"): return f
        default: return nil
        }
    }

    private static let classSpecials = ["__name__", "__qualname__", "__module__", "__bases__", "__mro__", "__doc__", "__class__"]

    /// Builtin values whose methods a builtin type lists (`dir(list)`).
    private static let sampleValue: [String: Value] = ["list": .newList(), "dict": .newDict()]

    static func classMembers(_ cls: ClassObject) -> [String] {
        cls.mro.flatMap { c in c.namespace.entries.compactMap { if case .string(let s) = $0.key { s } else { nil } } }
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}

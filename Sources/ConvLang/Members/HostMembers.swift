/// The members of a ``HostObject``: its own attributes (asked of the object), then its
/// class's methods, bound to it.
struct HostMembers: Members {
    func member(_ name: String, of value: Value, in interpreter: Interpreter, at range: SourceRange) throws(Diagnostic) -> Value? {
        guard case .host(let object) = value else { return nil }
        do {
            if let found = try object.attribute(name, in: interpreter) { return found }
        } catch {
            throw error.placed(at: range)
        }
        if object.hostClass.hostMethod(name) != nil { return .method(receiver: value, name: name) }
        if name == "__class__" { return .classObject(object.hostClass) }
        return nil
    }

    func method(_ name: String, of value: Value) -> Builtin? {
        guard case .host(let object) = value else { return nil }
        return object.hostClass.hostMethod(name)
    }

    func names(of value: Value) -> [String] {
        guard case .host(let object) = value else { return [] }
        var seen = Set<String>()
        return (object.attributeNames + object.hostClass.hostMethodNames + ["__class__"]).filter { seen.insert($0).inserted }
    }
}

/// The attributes of a host object's bound method (`w.observe`), as a Python bound
/// method's: its object, names and docstring; any other name is looked up on the
/// function behind it, as CPython does.
struct HostMethodMembers: Members {
    func member(_ name: String, of value: Value, in interpreter: Interpreter, at range: SourceRange) throws(Diagnostic) -> Value? {
        guard case .method(let receiver, let methodName) = value, let method = MemberRegistry.method(methodName, of: receiver) else { return nil }
        switch name {
        case "__self__": return receiver
        case "__name__": return .string(method.name)
        case "__qualname__": return .string(method.qualifiedName)
        case "__doc__": return .string(method.summary)
        default: return nil
        }
    }

    func method(_ name: String, of value: Value) -> Builtin? { nil }

    func names(of value: Value) -> [String] { ["__self__", "__name__", "__qualname__", "__doc__"] }

    func missing(_ name: String, of value: Value, at range: SourceRange) -> Diagnostic {
        Diagnostic(.attribute, "'function' object has no attribute '\(name)'", range)
    }
}

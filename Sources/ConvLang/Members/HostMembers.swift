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

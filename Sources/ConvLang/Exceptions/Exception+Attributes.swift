extension ExceptionObject {
    /// `e.args`, `e.__cause__`, `e.__context__`, `e.__suppress_context__`, `e.__class__`.
    func attribute(_ name: String) -> Value? {
        switch name {
        case "args": .tuple(args)
        case "__cause__": cause.map(Value.exception) ?? Value.none
        case "__context__": context.map(Value.exception) ?? Value.none
        case "__suppress_context__": .bool(suppressContext)
        case "__class__": .exceptionType(type)
        default: nil
        }
    }
}

extension ExceptionType {
    /// `ValueError.__name__`, `__qualname__`, `__module__`, `__mro__`, `__bases__`, `__base__`.
    func attribute(_ name: String) -> Value? {
        switch name {
        case "__name__", "__qualname__": .string(self.name)
        case "__module__": .string(module)
        case "__mro__": .tuple(mro.map(Value.exceptionType) + [.opaque("<class 'object'>")])
        case "__bases__": .tuple(bases.isEmpty ? [.opaque("<class 'object'>")] : bases.map(Value.exceptionType))
        case "__base__": bases.first.map(Value.exceptionType) ?? .opaque("<class 'object'>")
        default: nil
        }
    }
}

/// An exception's and an exception class's members for ``MemberRegistry``.
struct ExceptionMemberSet: Members {
    static let exceptionNames = ["args", "__cause__", "__context__", "__suppress_context__", "__class__"]
    static let typeNames = ["__name__", "__qualname__", "__module__", "__mro__", "__bases__", "__base__"]

    func member(_ name: String, of value: Value, in interpreter: Interpreter, at range: SourceRange) throws(Diagnostic) -> Value? {
        switch value {
        case .exception(let e): e.attribute(name)
        case .exceptionType(let t): t.attribute(name)
        default: nil
        }
    }

    func method(_ name: String, of value: Value) -> Builtin? { nil }

    func names(of value: Value) -> [String] {
        if case .exceptionType = value { return Self.typeNames }
        return Self.exceptionNames
    }
}

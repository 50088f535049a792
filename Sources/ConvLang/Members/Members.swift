/// What one kind of value offers after a dot: its fields and its methods. Attribute
/// reads, method calls, `help`, completion and "did you mean" all ask the same
/// ``Members`` (found by ``MemberRegistry``), so a name is declared once.
///
/// Most kinds have a fixed ``MemberTable``; kinds whose members depend on the value
/// (a module's namespace, a named tuple's fields, a class instance) conform themselves.
protocol Members {
    /// `value.name`: a field's value, or the method bound to `value`; `nil` when there
    /// is no such member.
    func member(_ name: String, of value: Value, in interpreter: Interpreter, at range: SourceRange) throws(Diagnostic) -> Value?
    /// The builtin that the bound method `value.name` runs.
    func method(_ name: String, of value: Value) -> Builtin?
    /// Every member's name (for completion and "did you mean").
    func names(of value: Value) -> [String]
    /// The AttributeError for a member `value` does not have.
    func missing(_ name: String, of value: Value, at range: SourceRange) -> Diagnostic
}

extension Members {
    func missing(_ name: String, of value: Value, at range: SourceRange) -> Diagnostic {
        Diagnostic(.attribute, "'\(value.typeName)' object has no attribute '\(name)'", range,
                   note: Suggestions.didYouMean(name, among: names(of: value)))
    }
}

/// The members of a kind of value, by name: fields (read when named) and methods
/// (bound to the value when named, run when called).
struct MemberTable: Members, Sendable {
    /// Reads one field of a value.
    typealias Field = @Sendable (Value, Interpreter, SourceRange) throws(Diagnostic) -> Value

    var fields: [String: Field]
    var methods: [String: Builtin]

    init(fields: [String: Field] = [:], methods: [String: Builtin] = [:]) {
        self.fields = fields
        self.methods = methods
    }

    /// This table with `other`'s members added (this table's win a clash).
    func adding(_ other: MemberTable) -> MemberTable {
        MemberTable(fields: fields.merging(other.fields) { a, _ in a }, methods: methods.merging(other.methods) { a, _ in a })
    }

    func member(_ name: String, of value: Value, in interpreter: Interpreter, at range: SourceRange) throws(Diagnostic) -> Value? {
        if let field = fields[name] { return try field(value, interpreter, range) }
        if methods[name] != nil { return .method(receiver: value, name: name) }
        return nil
    }

    func method(_ name: String, of value: Value) -> Builtin? { methods[name] }

    func names(of value: Value) -> [String] { Array(fields.keys) + Array(methods.keys) }

    /// A table of methods given as builtins (named by their `name`).
    static func methods(_ builtins: [Builtin]) -> [String: Builtin] {
        Dictionary(builtins.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }
}

/// A module's members: its namespace (`torch.`, `math.`).
struct NamespaceMembers: Members {
    func member(_ name: String, of value: Value, in interpreter: Interpreter, at range: SourceRange) throws(Diagnostic) -> Value? {
        guard case .module(let namespace) = value else { return nil }
        return namespace.members[name]
    }

    func method(_ name: String, of value: Value) -> Builtin? { nil }

    func names(of value: Value) -> [String] {
        guard case .module(let namespace) = value else { return [] }
        return Array(namespace.members.keys)
    }

    func missing(_ name: String, of value: Value, at range: SourceRange) -> Diagnostic {
        let moduleName = if case .module(let namespace) = value { namespace.name } else { value.typeName }
        return Diagnostic(.attribute, "module '\(moduleName)' has no attribute '\(name)'", range,
                          note: Suggestions.didYouMean(name, among: names(of: value)))
    }
}

/// A named tuple's fields (`torch.return_types.max`: `values`, `indices`).
struct RecordMembers: Members {
    func member(_ name: String, of value: Value, in interpreter: Interpreter, at range: SourceRange) throws(Diagnostic) -> Value? {
        guard case .record(_, let fields) = value else { return nil }
        if let field = fields.first(where: { $0.name == name }) { return field.value }
        return try MemberTables.tuple.member(name, of: value, in: interpreter, at: range)
    }

    func method(_ name: String, of value: Value) -> Builtin? { MemberTables.tuple.method(name, of: value) }

    func names(of value: Value) -> [String] {
        guard case .record(_, let fields) = value else { return [] }
        return fields.map(\.name) + MemberTables.tuple.names(of: value)
    }
}

/// Where each kind of value finds its members: the one place a new kind (modules,
/// class instances) plugs its ``Members`` in.
enum MemberRegistry {
    static func members(of value: Value) -> (any Members)? {
        switch value {
        case .tensor: MemberTables.tensor
        case .gradientNode: MemberTables.gradientNode
        case .optimizer: OptimizerMembers.table
        case .host: HostMembers()
        case .method(.host, _): HostMethodMembers()
        case .nnModule(let module): module.userClass == nil ? ModuleMemberSet() : ClassMemberSet()
        case .instance, .classObject, .superObject, .boundMethod, .descriptor: ClassMemberSet()
        case .exception, .exceptionType: ExceptionMemberSet()
        case .list: MemberTables.list
        case .tuple: MemberTables.tuple
        case .dict: MemberTables.dict
        case .set(let set): set.isFrozen ? MemberTables.frozenset : MemberTables.set
        case .string: MemberTables.string
        case .int, .bool: MemberTables.int
        case .float: MemberTables.float
        case .size: MemberTables.size
        case .range: MemberTables.range
        case .device: MemberTables.device
        case .dtype: MemberTables.dtype
        case .storage: MemberTables.storage
        case .ndarray: MemberTables.ndarray
        case .numpyDType: MemberTables.numpyDType
        case .module: NamespaceMembers()
        case .record: RecordMembers()
        case .userFunction: MemberTables.function
        case .function(let f): MemberTables.typeObjects[f.qualifiedName]
        default: nil
        }
    }

    /// The method a bound method `receiver.name` runs.
    static func method(_ name: String, of receiver: Value) -> Builtin? {
        members(of: receiver)?.method(name, of: receiver)
    }

    /// Every member name of `value`.
    static func names(of value: Value) -> [String] {
        members(of: value)?.names(of: value) ?? []
    }
}

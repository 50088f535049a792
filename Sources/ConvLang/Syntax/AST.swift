/// An expression of ConvLang, with the source range it came from.
public indirect enum Expression: Sendable {
    case name(String, SourceRange)
    case integer(Int64, SourceRange)
    case float(Double, SourceRange)
    case string(String, SourceRange)
    case bool(Bool, SourceRange)
    case none(SourceRange)
    case ellipsis(SourceRange)
    case list([Expression], SourceRange)
    case tuple([Expression], SourceRange)
    case dict([(key: Expression, value: Expression)], SourceRange)
    case attribute(base: Expression, name: String, nameRange: SourceRange, SourceRange)
    case call(callee: Expression, arguments: [CallArgument], SourceRange)
    case subscription(base: Expression, items: [SubscriptItem], SourceRange)
    case unary(op: String, operand: Expression, SourceRange)
    case binary(op: String, lhs: Expression, rhs: Expression, opRange: SourceRange, SourceRange)
    /// `a < b <= c`: chained comparisons.
    case compare(first: Expression, rest: [(op: String, operand: Expression)], SourceRange)
    case logical(op: String, lhs: Expression, rhs: Expression, SourceRange)
    case not(Expression, SourceRange)

    public var range: SourceRange {
        switch self {
        case .name(_, let r), .integer(_, let r), .float(_, let r), .string(_, let r), .bool(_, let r),
             .none(let r), .ellipsis(let r), .list(_, let r), .tuple(_, let r), .dict(_, let r),
             .attribute(_, _, _, let r), .call(_, _, let r), .subscription(_, _, let r), .unary(_, _, let r),
             .binary(_, _, _, _, let r), .compare(_, _, let r), .logical(_, _, _, let r), .not(_, let r):
            r
        }
    }
}

/// One argument of a call: positional, `name=value`, or `*list`.
public struct CallArgument: Sendable {
    public var name: String?
    public var nameRange: SourceRange?
    public var value: Expression
    public var isStarred: Bool
}

/// One item between subscript brackets.
public enum SubscriptItem: Sendable {
    case index(Expression)
    case slice(start: Expression?, stop: Expression?, step: Expression?, SourceRange)
}

/// A statement of ConvLang.
public enum Statement: Sendable {
    case expression(Expression)
    case assign(targets: [Expression], value: Expression, SourceRange)
    case augmentedAssign(target: Expression, op: String, value: Expression, SourceRange)
    /// `import a.b.c as x` (alias `nil`: binds `a`).
    case importModule(path: [String], alias: String?, SourceRange)
    /// `from a.b import c as d, e`.
    case importFrom(path: [String], names: [(name: String, alias: String?)], SourceRange)
    case pass(SourceRange)
    /// `name?` or `help(name)` asked as a statement.
    case help(Expression, SourceRange)

    public var range: SourceRange {
        switch self {
        case .expression(let e): e.range
        case .assign(_, _, let r), .augmentedAssign(_, _, _, let r), .importModule(_, _, let r),
             .importFrom(_, _, let r), .pass(let r), .help(_, let r):
            r
        }
    }
}

/// A parsed cell or script: its statements, and whether the last one ended with `;`
/// (which hides its value, as in IPython).
public struct Program: Sendable {
    public var statements: [Statement]
    public var endsWithSemicolon: Bool
}

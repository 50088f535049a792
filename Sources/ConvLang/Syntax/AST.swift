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
    /// `{k: v, **m}`: an entry whose key is `.starred` is a `**m` unpacking, and its
    /// value is the mapping `m` itself (a starred expression is never a key otherwise).
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
    /// `{a, b}`.
    case set([Expression], SourceRange)
    /// `*rest` in a list, tuple, set, call or assignment target.
    case starred(Expression, SourceRange)
    /// `a if condition else b`.
    case conditional(condition: Expression, then: Expression, otherwise: Expression, SourceRange)
    /// `lambda x, y=1: x + y`: parameters and a body whose value is returned.
    case lambda(parameters: [ParameterSyntax], body: Expression, SourceRange)
    /// A list, set or dict comprehension, or a generator expression.
    case comprehension(Comprehension, SourceRange)
    /// `f"...{value!r:>{width}}..."`: literal text and formatted fields, in order.
    case formattedString([FormattedPart], SourceRange)

    public var range: SourceRange {
        switch self {
        case .name(_, let r), .integer(_, let r), .float(_, let r), .string(_, let r), .bool(_, let r),
             .none(let r), .ellipsis(let r), .list(_, let r), .tuple(_, let r), .dict(_, let r),
             .attribute(_, _, _, let r), .call(_, _, let r), .subscription(_, _, let r), .unary(_, _, let r),
             .binary(_, _, _, _, let r), .compare(_, _, let r), .logical(_, _, _, let r), .not(_, let r),
             .set(_, let r), .starred(_, let r), .conditional(_, _, _, let r), .lambda(_, _, let r),
             .comprehension(_, let r), .formattedString(_, let r):
            r
        }
    }
}

/// The parts of a comprehension: what each element is (for a dict, its key and
/// value), then the `for` and `if` clauses in order.
public struct Comprehension: Sendable {
    public enum Kind: Sendable, Hashable { case list, set, dict, generator }

    /// One `for target in iterable` or `if condition`.
    public enum Clause: Sendable {
        case loop(target: Expression, iterable: Expression)
        case filter(Expression)
    }

    public var kind: Kind
    /// The element; a dict comprehension's key.
    public var element: Expression
    /// A dict comprehension's value.
    public var value: Expression?
    public var clauses: [Clause]
}

/// One piece of an f-string.
public enum FormattedPart: Sendable {
    /// Text as written (escapes and `{{`/`}}` already decoded).
    case literal(String)
    /// `{value!conversion:spec}`; `conversion` is `s`, `r` or `a`; the spec may hold
    /// fields of its own. `selfDocumenting` is, for `{value=}`, the text printed before
    /// the value: everything from after `{` through the `=` and the whitespace after it
    /// (`{ x = }` gives `" x = "`). As in CPython, the parser sets `conversion` to `r`
    /// for a self-documenting field that has neither a conversion nor a spec.
    case field(value: Expression, conversion: Character?, spec: [FormattedPart], selfDocumenting: String?)
}

/// One parameter of a `def` or `lambda`.
public struct ParameterSyntax: Sendable {
    public enum Kind: Sendable, Hashable {
        /// Positional or keyword (or positional-only, before a `/`).
        case regular
        /// `*args`.
        case variadicPositional
        /// After `*` or `*args`: keyword only.
        case keywordOnly
        /// `**kwargs`.
        case variadicKeyword
    }

    public var name: String
    public var kind: Kind
    /// Before a `/`.
    public var isPositionalOnly: Bool
    public var defaultValue: Expression?
    /// From the name (after any `*` or `**`) to the end of the default value.
    public var range: SourceRange
    /// `x: int`: parsed, kept, and never needed to run (a `lambda` has none).
    public var annotation: Expression? = nil
}

/// `def name(parameters): body`, with its decorators and docstring.
public struct FunctionDefinition: Sendable {
    public var name: String
    public var parameters: [ParameterSyntax]
    public var body: [Statement]
    /// The first statement's string, if it is one.
    public var docstring: String?
    public var decorators: [Expression]
    /// From `def` to the end of the signature (`def f(x):`), for tracebacks and help.
    public var headerRange: SourceRange
    /// From `def` (not the decorators, as in CPython) to the end of the body.
    public var range: SourceRange
    /// `-> annotation`.
    public var returnAnnotation: Expression? = nil

    /// The annotations in the order CPython (before 3.14) evaluates them where the
    /// function is defined: the parameters' in order, then the return's.
    public var annotations: [Expression] { parameters.compactMap(\.annotation) + [returnAnnotation].compactMap { $0 } }
}

/// `class Name(bases): body`.
public struct ClassDefinition: Sendable {
    public var name: String
    /// Positional arguments of the class statement; `*b` is `.starred`.
    public var bases: [Expression]
    public var body: [Statement]
    public var docstring: String?
    public var decorators: [Expression]
    public var headerRange: SourceRange
    public var range: SourceRange
    /// `metaclass=M` and `**kwargs` among the class statement's arguments.
    public var keywords: [CallArgument] = []
}

/// One `except Type as name:` clause (`type` nil for a bare `except:`).
public struct ExceptHandler: Sendable {
    public var type: Expression?
    public var name: String?
    public var body: [Statement]
    public var range: SourceRange
}

/// One argument of a call: positional, `name=value`, `*list` or `**dict`.
public struct CallArgument: Sendable {
    public var name: String?
    public var nameRange: SourceRange?
    public var value: Expression
    public var isStarred: Bool
    public var isDoubleStarred: Bool = false
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
    /// `target: annotation` or `target: annotation = value`. As in CPython (before 3.14),
    /// a module or class body evaluates the annotation after the assignment (ConvLang
    /// keeps no `__annotations__`); a function body does not evaluate it. Without a value,
    /// an attribute's object and a subscript's object and index are evaluated.
    case annotatedAssign(target: Expression, annotation: Expression, value: Expression?, SourceRange)
    /// `import a.b.c as x` (alias `nil`: binds `a`).
    case importModule(path: [String], alias: String?, SourceRange)
    /// `from a.b import c as d, e`.
    case importFrom(path: [String], names: [(name: String, alias: String?)], SourceRange)
    case pass(SourceRange)
    /// `name?` or `help(name)` asked as a statement; `name??` (`detailLevel` 1) also
    /// shows a function's source.
    case help(Expression, detailLevel: Int, SourceRange)
    /// `if`, then each `elif`, with their bodies; `orElse` is the `else` body.
    case ifStatement(branches: [(condition: Expression, body: [Statement])], orElse: [Statement]?, SourceRange)
    case whileStatement(condition: Expression, body: [Statement], orElse: [Statement]?, SourceRange)
    case forStatement(target: Expression, iterable: Expression, body: [Statement], orElse: [Statement]?, SourceRange)
    case breakStatement(SourceRange)
    case continueStatement(SourceRange)
    case returnStatement(Expression?, SourceRange)
    case functionDefinition(FunctionDefinition)
    case classDefinition(ClassDefinition)
    case tryStatement(body: [Statement], handlers: [ExceptHandler], orElse: [Statement]?, finally: [Statement]?, SourceRange)
    /// `raise`, `raise E`, `raise E from cause`.
    case raise(Expression?, cause: Expression?, SourceRange)
    case assert(Expression, message: Expression?, SourceRange)
    /// `with a as x, b:` body.
    case with(items: [(context: Expression, target: Expression?)], body: [Statement], SourceRange)
    case global([String], SourceRange)
    case nonlocal([String], SourceRange)
    /// `del a, b[0], c.d`.
    case delete([Expression], SourceRange)
    /// `%name argument` (a line magic) or, as a cell's first line, `%%name argument`
    /// followed by the cell's body text (a cell magic), as IPython reads them.
    case magic(name: String, argument: String, cellBody: String?, SourceRange)
    /// `!command`: a shell command.
    case shell(String, SourceRange)

    public var range: SourceRange {
        switch self {
        case .expression(let e): e.range
        case .assign(_, _, let r), .augmentedAssign(_, _, _, let r), .annotatedAssign(_, _, _, let r),
             .importModule(_, _, let r),
             .importFrom(_, _, let r), .pass(let r), .help(_, _, let r), .ifStatement(_, _, let r),
             .whileStatement(_, _, _, let r), .forStatement(_, _, _, _, let r), .breakStatement(let r),
             .continueStatement(let r), .returnStatement(_, let r), .tryStatement(_, _, _, _, let r),
             .raise(_, _, let r), .assert(_, _, let r), .with(_, _, let r), .global(_, let r),
             .nonlocal(_, let r), .delete(_, let r), .magic(_, _, _, let r), .shell(_, let r):
            r
        case .functionDefinition(let f): f.range
        case .classDefinition(let c): c.range
        }
    }
}

/// A parsed cell or script: its statements, and whether the last one ended with `;`
/// (which hides its value, as in IPython).
public struct Program: Sendable {
    public var statements: [Statement]
    public var endsWithSemicolon: Bool
}

/// A function defined by `def` or `lambda`: its compiled body, its parameters and
/// their default values (evaluated once, where it was defined, as in Python), and the
/// cells it captured from the functions around it.
public final class UserFunction: CycleTracked, @unchecked Sendable {
    /// What every call of one `def` shares: the signature, the scope and the body.
    final class Code {
        let name: String
        let qualifiedName: String
        let signature: Signature
        let scope: Scope
        /// Where each parameter's value goes in a new frame.
        let parameterBindings: [Scope.Binding]
        let docstring: String?
        /// The source of the `def` line (`def f(x, y=1):`), for `help` and tracebacks.
        let header: String
        /// Where it was defined: the frame a traceback shows for a call.
        let origin: CodeOrigin
        var body = CompiledBlock(statements: [])
        /// A lambda's body is one expression, whose value is returned.
        var isLambda = false
        /// Whether every parameter can be given by position and none is `*args` or
        /// `**kwargs`: then a call with positional arguments alone binds them directly.
        let takesPositionalOnly: Bool

        init(name: String, qualifiedName: String, signature: Signature, scope: Scope,
             parameterBindings: [Scope.Binding], docstring: String?, header: String, origin: CodeOrigin) {
            self.name = name
            self.qualifiedName = qualifiedName
            self.signature = signature
            self.scope = scope
            self.parameterBindings = parameterBindings
            self.docstring = docstring
            self.header = header
            self.origin = origin
            self.takesPositionalOnly = signature.parameters.allSatisfy { $0.kind == .positionalOrKeyword || $0.kind == .positionalOnly }
        }
    }

    let code: Code
    /// One per parameter; `nil` where the parameter has no default. Constant, except
    /// that the cycle collector empties an unreachable function's.
    var defaults: [Value?]
    /// The captured cells, in the order of the scope's free names. Constant (the cycle
    /// collector gives it a buffer of its own).
    var closure: [Cell]

    init(code: Code, defaults: [Value?], closure: [Cell]) {
        self.code = code
        self.defaults = defaults
        self.closure = closure
    }

    public var name: String { code.name }
    public var qualifiedName: String { code.qualifiedName }

    /// Its parameters in order with their defaults (`nil`: none), as
    /// `inspect.signature(f).parameters` gives them (`interact(f)` reads them).
    public var parameters: [(parameter: Signature.Parameter, defaultValue: Value?)] {
        zip(code.signature.parameters, defaults).map { ($0, $1) }
    }

    /// `<function f at 0x...>`, as Python prints a function (the address is the
    /// object's).
    var reprText: String {
        "<function \(code.qualifiedName) at \(PythonAddress.text(of: self))>"
    }
}

extension Interpreter {
    /// Python's default recursion limit.
    static let recursionLimit = 1000

    /// Calls a user function: binds the arguments as its signature says, makes a frame
    /// (slots, fresh cells for its captured locals, then the closure's cells), runs the
    /// body, and gives what `return` gave (`None` without one).
    func call(_ function: UserFunction, positional: [Value], keywords: [(name: String, value: Value)],
              at range: SourceRange) throws(Diagnostic) -> Value {
        let code = function.code
        // The common call, `f(a, b)` of `def f(x, y, z=1)`, binds without the general binder.
        if keywords.isEmpty, code.takesPositionalOnly, positional.count <= function.defaults.count,
           !function.defaults[positional.count...].contains(where: { $0 == nil }) {
            return try run(function, bound: positional + function.defaults[positional.count...].map { $0 ?? .none }, at: range)
        }
        var bound = try code.signature.bind(positional: positional, keywords: keywords, at: range)
        for i in bound.indices where bound[i] == nil { bound[i] = function.defaults[i] }
        return try run(function, bound: bound.map { $0 ?? .none }, at: range)
    }

    /// Runs a function's body in a new frame holding one value per parameter.
    private func run(_ function: UserFunction, bound: [Value], at range: SourceRange) throws(Diagnostic) -> Value {
        let code = function.code
        guard callDepth < Self.recursionLimit, !StackGuard.isLow else {
            throw Diagnostic(.runtime, "maximum recursion depth exceeded", range, kind: "RecursionError")
        }
        let cells = code.scope.cellNames.isEmpty ? function.closure : code.scope.cellNames.map { _ in Cell() } + function.closure
        let frame = Frame(slotCount: code.scope.slotNames.count, cells: cells)
        for (value, binding) in zip(bound, code.parameterBindings) {
            switch binding {
            case .local(let slot): frame.slots[slot] = value
            case .cell(let i), .free(let i): frame.cells[i].value = value
            case .global, .classNamespace: break
            }
        }
        callDepth += 1
        defer { callDepth -= 1 }
        if cancellation.isCancelled { throw Diagnostic(.interrupt, "", range) }
        let flow: Flow
        do throws(Diagnostic) { flow = try code.body.run(frame) } catch { throw error.unwound(from: code.origin, calledAt: range) }
        switch flow {
        case .returnValue(let value): return value
        case .next, .breakLoop, .continueLoop: return .none
        }
    }
}

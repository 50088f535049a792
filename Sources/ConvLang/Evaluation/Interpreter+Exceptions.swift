/// One compiled `except` clause: the class (or tuple of classes) it catches, `nil` for
/// a bare `except:`; the `as` name's store and its removal; the body.
struct ExceptClause {
    var type: (value: CompiledExpression, range: SourceRange)?
    var bind: CompiledStore?
    var unbind: CompiledStatement?
    var body: CompiledBlock
}

extension Interpreter {
    /// Runs the first clause that matches `error`, with its exception bound and marked
    /// as being handled; rethrows `error` when none does.
    ///
    /// ConvLab's limits are caught by no clause. An interrupt from the kernel is caught
    /// only by a clause that names `KeyboardInterrupt` or `BaseException` (a bare
    /// `except:`, which Python lets swallow it, does not), and once per cell: catching it
    /// lowers the flag so the handler runs; a second interrupt stops the cell whatever
    /// its handlers, so no loop can swallow every interrupt.
    func handle(_ error: Diagnostic, with clauses: [ExceptClause], caughtIn origin: CodeOrigin,
                frame: Frame) throws(Diagnostic) -> Flow {
        if error.isLimit || (error.isInterrupt && interruptsCaught > 0) { throw error }
        var error = error
        let exception = error.exceptionObject()
        exception.traceback = error.traceback(caughtIn: origin)
        for clause in clauses {
            if clause.type == nil, error.isInterrupt { continue }
            if let type = clause.type {
                let matched = try whileHandling(error, caughtIn: origin) { () throws(Diagnostic) in
                    try Self.exception(exception.type, matches: try type.value(frame), at: type.range)
                }
                guard matched else { continue }
            }
            if error.isInterrupt {
                interruptsCaught += 1
                cancellation.reset()
            }
            try clause.bind?(frame, .exception(exception))
            defer { _ = try? clause.unbind?(frame) }
            return try whileHandling(error, caughtIn: origin) { () throws(Diagnostic) in try clause.body.run(frame) }
        }
        throw error
    }

    /// Runs `body` with `error` being handled: a bare `raise` re-raises it, and an
    /// exception `body` raises has it as its `__context__` ("During handling of the
    /// above exception, another exception occurred").
    func whileHandling<T>(_ error: Diagnostic, caughtIn origin: CodeOrigin,
                          _ body: () throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        var error = error
        let handled = error.exceptionObject()
        handled.traceback = error.traceback(caughtIn: origin)
        handling.append(error)
        defer { handling.removeLast() }
        do throws(Diagnostic) {
            return try body()
        } catch {
            guard !error.isLimit else { throw error }
            var raised = error
            let new = raised.exceptionObject()
            if new !== handled, new.context == nil, !Self.chain(handled, contains: new) { new.context = handled }
            throw raised
        }
    }

    /// Whether `exception` is already in `start`'s chain of causes and contexts (so
    /// that linking it would make a cycle).
    private static func chain(_ start: ExceptionObject, contains exception: ExceptionObject) -> Bool {
        var seen: Set<ObjectIdentifier> = []
        var current: ExceptionObject? = start
        while let e = current, seen.insert(ObjectIdentifier(e)).inserted {
            if e === exception { return true }
            current = e.cause ?? e.context
        }
        return false
    }

    /// Whether an exception of class `type` matches an `except` clause's value: a
    /// class, or a tuple of classes.
    static func exception(_ type: ExceptionType, matches spec: Value, at range: SourceRange) throws(Diagnostic) -> Bool {
        let invalid = Diagnostic(.type, "catching classes that do not inherit from BaseException is not allowed", range)
        switch spec {
        case .exceptionType(let t):
            return type.isSubclass(of: t)
        case .tuple(let items):
            var matched = false
            for item in items {
                guard case .exceptionType(let t) = item else { throw invalid }
                matched = matched || type.isSubclass(of: t)
            }
            return matched
        default:
            throw invalid
        }
    }

    /// The exception `raise value` raises: an instance, or a class instantiated
    /// without arguments; anything else is the TypeError `message`.
    func exceptionToRaise(_ value: Value, at range: SourceRange, _ message: String) throws(Diagnostic) -> ExceptionObject {
        switch value {
        case .exception(let e): return e
        case .exceptionType(let t): return ExceptionObject(type: t, args: [])
        default: throw Diagnostic(.type, message, range)
        }
    }

    /// `ValueError("bad")`: a new exception holding the arguments.
    func instantiate(_ type: ExceptionType, positional: [Value], keywords: Int, at range: SourceRange) throws(Diagnostic) -> Value {
        guard keywords == 0 else { throw Diagnostic(.type, "\(type.name)() takes no keyword arguments", range) }
        return .exception(ExceptionObject(type: type, args: positional))
    }
}

/// `with A() as a, B() as b:` — each item's manager is entered in order and left in
/// reverse, as nested `with` statements are. Leaving on an error passes the exception
/// to the manager, which may suppress it (its `__exit__` returning true).
extension Compiler {
    func compileWith(_ items: [(context: Expression, target: Expression?)], _ body: [Statement],
                     source: SourceText?) throws(Diagnostic) -> CompiledStatement {
        let interpreter = self.interpreter, origin = self.origin
        let block = try compileBlock(body, source: source)
        var run: CompiledStatement = { (frame) throws(Diagnostic) in try block.run(frame) }
        for item in items.reversed() {
            let manager = try compile(item.context), managerRange = item.context.range
            let bind = try item.target.map { (t) throws(Diagnostic) in try compileStore(t) }
            let inner = run
            run = { [unowned interpreter] (frame) throws(Diagnostic) in
                let context = try interpreter.contextManager(for: try manager(frame), at: managerRange)
                let entered = try context.enter()
                let flow: Flow
                do throws(Diagnostic) {
                    try bind?(frame, entered)
                    flow = try inner(frame)
                } catch {
                    var error = error
                    let exception = error.exceptionObject()
                    let suppressed = try interpreter.whileHandling(error, caughtIn: origin) { () throws(Diagnostic) in
                        try context.exit(exception)
                    }
                    // Limits and the kernel's interrupts are never suppressed (as a bare `except:` does not catch them).
                    guard suppressed, !error.isLimit, !error.isInterrupt else { throw error }
                    return .next
                }
                _ = try context.exit(nil)
                return flow
            }
        }
        return run
    }
}

/// What `with` needs of a context manager: `__enter__` (whose value `as` binds) and
/// `__exit__` (told the exception, if any; true suppresses it).
struct ContextManager {
    var enter: () throws(Diagnostic) -> Value
    var exit: (ExceptionObject?) throws(Diagnostic) -> Bool
}

extension Interpreter {
    /// The context manager protocol of `value`, or Python's TypeError.
    func contextManager(for value: Value, at range: SourceRange) throws(Diagnostic) -> ContextManager {
        switch value {
        case .gradMode(let manager):
            let mode = gradMode
            return ContextManager(enter: { () throws(Diagnostic) in manager.enter(mode); return .none },
                                  exit: { (_) throws(Diagnostic) in manager.exit(mode); return false })
        default:
            throw Diagnostic(.type, "'\(value.typeName)' object does not support the context manager protocol", range)
        }
    }
}

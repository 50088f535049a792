/// `try`/`except`/`else`/`finally` and `raise`, with Python 3.11's semantics. Errors
/// travel as thrown ``Diagnostic``s (`return`, `break` and `continue` stay ``Flow``
/// values); a handler sees the diagnostic as the ``ExceptionObject`` it raises.
extension Compiler {
    func compileTry(_ body: [Statement], _ handlers: [ExceptHandler], _ orElse: [Statement]?, _ finally: [Statement]?,
                    source: SourceText?) throws(Diagnostic) -> CompiledStatement {
        let interpreter = self.interpreter, origin = self.origin
        let block = try compileBlock(body, source: source)
        let compiledHandlers = try handlers.map { (h) throws(Diagnostic) in
            ExceptClause(type: try h.type.map { (t) throws(Diagnostic) in (try compile(t), t.range) },
                    bind: h.name.map { store($0) }, unbind: h.name.map { unbindName($0) },
                    body: try compileBlock(h.body, source: source))
        }
        let otherwise = try orElse.map { (b) throws(Diagnostic) in try compileBlock(b, source: source) }
        let cleanup = try finally.map { (b) throws(Diagnostic) in try compileBlock(b, source: source) }

        /// The body, then the first handler that matches an error, or `else`.
        let handled: CompiledStatement = { [unowned interpreter] (frame) throws(Diagnostic) in
            let flow: Flow
            do throws(Diagnostic) {
                flow = try block.run(frame)
            } catch {
                guard !compiledHandlers.isEmpty else { throw error }
                return try interpreter.handle(error, with: compiledHandlers, caughtIn: origin, frame: frame)
            }
            if case .next = flow, let otherwise { return try otherwise.run(frame) }
            return flow
        }
        guard let cleanup else { return handled }
        return { [unowned interpreter] (frame) throws(Diagnostic) in
            let outcome: Result<Flow, Diagnostic>
            do throws(Diagnostic) { outcome = .success(try handled(frame)) } catch { outcome = .failure(error) }
            let cleanupFlow: Flow
            if case .failure(let pending) = outcome {
                // An error raised in `finally` while another propagates has it as its context.
                cleanupFlow = try interpreter.whileHandling(pending, caughtIn: origin) { () throws(Diagnostic) in try cleanup.run(frame) }
            } else {
                cleanupFlow = try cleanup.run(frame)
            }
            // `return`, `break` or `continue` in `finally` wins over the outcome.
            if case .next = cleanupFlow { return try outcome.get() }
            return cleanupFlow
        }
    }

    /// `raise`, `raise E`, `raise E(...)`, `raise E from cause`.
    func compileRaise(_ exception: Expression?, cause: Expression?, at range: SourceRange) throws(Diagnostic) -> CompiledStatement {
        let interpreter = self.interpreter
        guard let exception else {
            return { [unowned interpreter] (_) throws(Diagnostic) in
                guard let current = interpreter.handling.last else {
                    throw Diagnostic(.runtime, "No active exception to reraise", range)
                }
                throw current
            }
        }
        let value = try compile(exception), exceptionRange = exception.range
        let causeValue = try cause.map { (c) throws(Diagnostic) in (try compile(c), c.range) }
        return { [unowned interpreter] (frame) throws(Diagnostic) in
            let raised = try interpreter.exceptionToRaise(try value(frame), at: exceptionRange,
                                                          "exceptions must derive from BaseException")
            if let (causeExpression, causeRange) = causeValue {
                let causeObject = try causeExpression(frame)
                if case .none = causeObject {
                    raised.cause = nil
                } else {
                    raised.cause = try interpreter.exceptionToRaise(causeObject, at: causeRange,
                                                                    "exception causes must derive from BaseException")
                }
                raised.suppressContext = true
            }
            throw Diagnostic(raising: raised, at: range)
        }
    }

    /// Unbinds an `except ... as name` target after its handler, as Python 3 does.
    private func unbindName(_ name: String) -> CompiledStatement {
        let write = store(name)
        switch scope.binding(of: name) {
        case .local(let slot):
            return { (frame) throws(Diagnostic) in frame.slots[slot] = nil; return .next }
        case .cell(let i), .free(let i):
            return { (frame) throws(Diagnostic) in frame.cells[i].value = nil; return .next }
        case .global, .classNamespace:
            let interpreter = self.interpreter
            let slot = interpreter.globals.slot(for: name)
            _ = write
            return { [unowned interpreter] (_) throws(Diagnostic) in interpreter.globals[slot: slot] = nil; return .next }
        }
    }
}

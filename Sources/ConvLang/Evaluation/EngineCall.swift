import ConvEngine

/// How the language runs an engine operation: its errors become diagnostics at the
/// call, and an operation that took the session over its memory budget without asking
/// for room first (``MemoryBudget/takeOverdraft()``) ends in PyTorch's allocation error,
/// its result dropped, so the memory is given back before the cell goes on.
enum EngineCall {
    /// Runs `body`, placing its errors at `range`.
    static func run<T>(at range: SourceRange?, _ body: () throws(EngineError) -> T) throws(Diagnostic) -> T {
        let result: T
        do { result = try body() } catch { throw Diagnostic(error, at: range) }
        try checkOverdraft(at: range)
        return result
    }

    /// Throws PyTorch's allocation error when a buffer made since the last check took
    /// the session over its budget and the buffers still hold more than it; a builtin
    /// that copies without asking for room (`clone`, `.to`) is checked this way when it
    /// returns.
    static func checkOverdraft(at range: SourceRange?) throws(Diagnostic) {
        if let bytes = EngineContext.current.memoryBudget.takeOverdraft() {
            throw Diagnostic(EngineError.outOfMemory(bytes: bytes), at: range)
        }
    }
}

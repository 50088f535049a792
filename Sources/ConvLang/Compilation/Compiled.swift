/// The resolved program: each expression compiled to a closure that evaluates it in a
/// frame, each statement to one that runs it and says how control leaves it. Names are
/// bound to their slot, cell or global slot when the closures are made, so running a
/// loop never looks a name up by its spelling.
typealias CompiledExpression = (Frame) throws(Diagnostic) -> Value
typealias CompiledStatement = (Frame) throws(Diagnostic) -> Flow
/// Stores a value into a target (`x`, `a, *b`, `obj.attr`, `t[i]`).
typealias CompiledStore = (Frame, Value) throws(Diagnostic) -> Void

/// A block of statements run in order, stopping at the first `break`, `continue` or
/// `return`.
struct CompiledBlock {
    var statements: [CompiledStatement]

    func run(_ frame: Frame) throws(Diagnostic) -> Flow {
        for statement in statements {
            let flow = try statement(frame)
            if case .next = flow { continue }
            return flow
        }
        return .next
    }
}

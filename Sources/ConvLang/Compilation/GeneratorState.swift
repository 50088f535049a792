/// One clause of a comprehension, compiled: `for target in iterable` (the first
/// clause's iterable is evaluated outside, so it has none here) or `if condition`.
enum ComprehensionStep {
    case loop(CompiledStore, CompiledExpression?, SourceRange)
    case filter(CompiledExpression, SourceRange)
}

/// Where a generator expression stands between two `next` calls: an iterator per
/// `for` clause entered so far, and the clause to resume at. Each `next` runs the
/// clauses until the element is computed once, as CPython's generator frame does.
final class GeneratorState {
    private let steps: [ComprehensionStep]
    private let element: CompiledExpression
    private let frame: Frame
    private var iterators: [IteratorObject?]
    /// The clause to resume at: the innermost `for` after an element was produced.
    private var depth = 0

    init(steps: [ComprehensionStep], element: @escaping CompiledExpression, frame: Frame, first: IteratorObject) {
        self.steps = steps
        self.element = element
        self.frame = frame
        self.iterators = Array(repeating: nil, count: steps.count)
        self.iterators[0] = first
    }

    /// The next element, or `nil` when the first iterable is exhausted.
    func next(_ interpreter: Interpreter) throws(Diagnostic) -> Value? {
        while true {
            if depth == steps.count {
                let value = try element(frame)
                depth = innermostLoop(before: steps.count)
                return value
            }
            switch steps[depth] {
            case .loop(let target, let source, let range):
                if iterators[depth] == nil, let source {
                    iterators[depth] = try interpreter.iterator(of: try source(frame), at: range)
                }
                if interpreter.cancellation.isCancelled { throw Diagnostic(.interrupt, "", range) }
                if let item = try iterators[depth]?.next(interpreter, at: range) {
                    try target(frame, item)
                    depth += 1
                } else {
                    iterators[depth] = nil
                    if depth == 0 { return nil }
                    depth = innermostLoop(before: depth)
                }
            case .filter(let condition, let range):
                if try condition(frame).truthValue(at: range) { depth += 1 } else { depth = innermostLoop(before: depth) }
            }
        }
    }

    /// The last `for` clause before `index` (clause 0 is always one).
    private func innermostLoop(before index: Int) -> Int {
        var i = index - 1
        while i > 0 {
            if case .loop = steps[i] { return i }
            i -= 1
        }
        return 0
    }
}

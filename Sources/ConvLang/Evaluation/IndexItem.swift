/// One item between subscript brackets, evaluated: an index value, or a slice's bounds,
/// each with the source it came from for errors. Subscripts are evaluated before the
/// container is asked, as Python does, so every evaluator and builtin shares one
/// `getItem`/`setItem`.
enum IndexItem {
    /// A slice bound and where it was written.
    struct Bound {
        var value: Value
        var range: SourceRange
    }

    case index(Value, SourceRange)
    case slice(start: Bound?, stop: Bound?, step: Bound?, SourceRange)

    /// A slice object used as an index (`l[s]` with `s = slice(0, 2)`, as a user's
    /// `__getitem__` passes on) read as the slice it holds.
    var expanded: IndexItem {
        guard case .index(.slice(let start, let stop, let step), let range) = self else { return self }
        func bound(_ v: Int?) -> Bound? { v.map { Bound(value: .int(Int64($0)), range: range) } }
        return .slice(start: bound(start), stop: bound(stop), step: bound(step), range)
    }
}

extension Interpreter {
    /// The items of a subscript, evaluated left to right.
    func evaluateItems(_ items: [SubscriptItem]) throws(Diagnostic) -> [IndexItem] {
        var out: [IndexItem] = []
        for item in items {
            switch item {
            case .index(let e):
                out.append(.index(try evaluate(e), e.range))
            case .slice(let start, let stop, let step, let range):
                func bound(_ e: Expression?) throws(Diagnostic) -> IndexItem.Bound? {
                    guard let e else { return nil }
                    return IndexItem.Bound(value: try evaluate(e), range: e.range)
                }
                out.append(.slice(start: try bound(start), stop: try bound(stop), step: try bound(step), range))
            }
        }
        return out
    }
}

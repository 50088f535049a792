/// `| & - ^` with a dict's keys or items view on either side, as CPython's
/// `dictviews_or`, `_PyDictView_Intersect`, `dictviews_sub` and `dictviews_xor` compute
/// them: a new set, in the order CPython builds it.
enum DictViewAlgebra {
    /// Whether `value` is a view that acts as a set (`d.keys()`, `d.items()`).
    static func isSetLike(_ value: Value) -> Bool {
        if case .dictView(_, let kind) = value { return kind != .values }
        return false
    }

    static func apply(_ op: String, _ lhs: Value, _ rhs: Value, _ context: some EvaluationContext) throws(Diagnostic) -> SetObject {
        if op == "&" { return try intersect(lhs, rhs, context) }
        let result = try set(of: lhs, context)
        switch op {
        case "|": try SetMethods.merge(rhs, into: result, context)
        case "-": try SetMethods.removeAll(of: rhs, from: result, context)
        default: try SetMethods.toggle(result, rhs, context)
        }
        return result
    }

    /// A new set of `value`'s items (a keys view takes its dict's fast path).
    private static func set(of value: Value, _ context: some EvaluationContext) throws(Diagnostic) -> SetObject {
        let result = SetObject()
        if case .dictView(let dict, .keys) = value { result.merge(keysOf: dict) } else { try SetMethods.merge(value, into: result, context) }
        return result
    }

    private static func intersect(_ lhs: Value, _ rhs: Value, _ context: some EvaluationContext) throws(Diagnostic) -> SetObject {
        var (view, other) = isSetLike(lhs) ? (lhs, rhs) : (rhs, lhs)
        guard case .dictView(let dict, _) = view else { return SetObject() }
        if case .set(let set) = other, dict.entries.count <= set.count { return try SetMethods.intersect(set, view, context) }
        if case .dictView(let otherDict, let kind) = other, kind != .values, otherDict.entries.count > dict.entries.count {
            swap(&view, &other)
        }
        guard case .dictView(let selfDict, let selfKind) = view else { return SetObject() }
        let result = SetObject()
        _ = try context.interpreter.forEach(in: other, at: context.range) { (item) throws(Diagnostic) -> Flow? in
            let present: Bool
            if selfKind == .keys {
                present = selfDict.index(of: try Interpreter.hashable(item, at: context.range)) != nil
            } else if case .tuple(let pair) = item, pair.count == 2, let i = selfDict.index(of: pair[0]) {
                present = try Interpreter.equal(selfDict.entries[i].value, pair[1], at: context.range)
            } else {
                present = false
            }
            if present { result.add(try Interpreter.hashable(item, at: context.range)) }
            return nil
        }
        return result
    }
}

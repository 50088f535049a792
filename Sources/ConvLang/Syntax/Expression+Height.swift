extension Expression {
    /// The number of levels below this node: how deep evaluating it recurses. Leaves
    /// (names, literals) are 0. Counted with a worklist, not by recursion, so any tree
    /// can be measured.
    var height: Int {
        var tallest = 0
        var pending: [(expression: Expression, level: Int)] = [(self, 0)]
        while let (expression, level) = pending.popLast() {
            tallest = max(tallest, level)
            for child in expression.children { pending.append((child, level + 1)) }
        }
        return tallest
    }

    /// The tallest of `expressions`, or 0 when there are none.
    static func height(of expressions: [Expression]) -> Int {
        expressions.map(\.height).max() ?? 0
    }

    /// The expressions directly below this one.
    var children: [Expression] {
        switch self {
        case .name, .integer, .float, .string, .bool, .none, .ellipsis: []
        case .list(let items, _), .tuple(let items, _): items
        case .dict(let entries, _): entries.flatMap { [$0.key, $0.value] }
        case .attribute(let base, _, _, _): [base]
        case .call(let callee, let arguments, _): [callee] + arguments.map(\.value)
        case .subscription(let base, let items, _): [base] + items.flatMap(\.expressions)
        case .unary(_, let operand, _), .not(let operand, _): [operand]
        case .binary(_, let lhs, let rhs, _, _), .logical(_, let lhs, let rhs, _): [lhs, rhs]
        case .compare(let first, let rest, _): [first] + rest.map(\.operand)
        case .set(let items, _): items
        case .starred(let inner, _): [inner]
        case .conditional(let condition, let then, let otherwise, _): [condition, then, otherwise]
        case .lambda(let parameters, let body, _): parameters.compactMap(\.defaultValue) + [body]
        case .comprehension(let c, _):
            [c.element] + (c.value.map { [$0] } ?? []) + c.clauses.flatMap { clause -> [Expression] in
                switch clause {
                case .loop(let target, let iterable): [target, iterable]
                case .filter(let condition): [condition]
                }
            }
        case .formattedString(let parts, _): parts.flatMap(\.expressions)
        }
    }
}

extension SubscriptItem {
    /// The expressions inside the item: an index, or a slice's bounds and step.
    var expressions: [Expression] {
        switch self {
        case .index(let e): [e]
        case .slice(let start, let stop, let step, _): [start, stop, step].compactMap { $0 }
        }
    }
}

extension FormattedPart {
    /// The expressions of a field, its format spec's included.
    var expressions: [Expression] {
        switch self {
        case .literal: []
        case .field(let value, _, let spec, _): [value] + spec.flatMap(\.expressions)
        }
    }
}

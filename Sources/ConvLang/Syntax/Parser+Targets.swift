extension Parser {
    /// What a target is for, which decides CPython's wording ("cannot assign to",
    /// "cannot delete") and whether `*x` may be one.
    enum TargetContext { case assignment, deletion, loop }

    /// How CPython names an expression in its messages (`_PyPegen_get_expr_name`).
    static func describe(_ expression: Expression) -> String {
        switch expression {
        case .name: "name"
        case .attribute: "attribute"
        case .subscription: "subscript"
        case .starred: "starred"
        case .list: "list"
        case .tuple: "tuple"
        case .lambda: "lambda"
        case .call: "function call"
        case .binary, .unary, .logical, .not: "expression"
        case .comprehension(let c, _):
            switch c.kind {
            case .generator: "generator expression"
            case .list: "list comprehension"
            case .set: "set comprehension"
            case .dict: "dict comprehension"
            }
        case .dict: "dict literal"
        case .set: "set display"
        case .formattedString: "f-string expression"
        case .none: "None"
        case .bool(let b, _): b ? "True" : "False"
        case .ellipsis: "ellipsis"
        case .integer, .float, .string: "literal"
        case .compare: "comparison"
        case .conditional: "conditional expression"
        }
    }

    /// Whether CPython's grammar reads the expression as a `bitwise_or` (everything
    /// but comparisons, `not`, `and`/`or`, conditionals, lambdas and starred items).
    static func isBitwiseLevel(_ expression: Expression) -> Bool {
        switch expression {
        case .compare, .not, .logical, .conditional, .lambda, .starred: false
        case .tuple(let items, let range): isParenthesized(items, range)
        default: true
        }
    }

    /// The expressions CPython leaves out of its "Maybe you meant '=='" hint.
    static func isExcludedFromAssignmentHint(_ expression: Expression) -> Bool {
        switch expression {
        case .list, .tuple, .bool, .none: true
        case .comprehension(let c, _): c.kind == .generator
        default: false
        }
    }

    /// Whether a tuple was written in brackets (`(a, b)`) rather than bare (`a, b`).
    static func isParenthesized(_ items: [Expression], _ range: SourceRange) -> Bool {
        guard let first = items.first else { return true }
        return range.start < first.range.start
    }

    /// The first part of `target` that cannot be assigned to (or deleted), as
    /// CPython's `_PyPegen_get_invalid_target` finds it.
    static func invalidPart(of target: Expression, _ context: TargetContext) -> Expression? {
        switch target {
        case .name, .attribute, .subscription:
            return nil
        case .tuple(let items, _), .list(let items, _):
            for item in items {
                if let bad = invalidPart(of: item, context) { return bad }
            }
            return nil
        case .starred(let inner, _):
            return context == .deletion ? target : invalidPart(of: inner, context)
        case .compare(let first, let rest, _) where context == .loop:
            // `for a in b in c` reads as a comparison first; CPython looks left of `in`.
            return rest.first?.op == "in" ? invalidPart(of: first, context) : nil
        default:
            return target
        }
    }

    /// Whether `target` can be assigned to (or deleted).
    static func isValidTarget(_ target: Expression, _ context: TargetContext) -> Bool {
        switch target {
        case .name, .attribute, .subscription: true
        case .tuple(let items, _), .list(let items, _): items.allSatisfy { isValidTarget($0, context) }
        case .starred(let inner, _): context != .deletion && isValidTarget(inner, context)
        default: false
        }
    }

    /// Refuses a target of `for`, `with ... as`, `del` or a comprehension that cannot
    /// be one, in CPython's words.
    func checkTarget(_ target: Expression, _ context: TargetContext) throws(Diagnostic) {
        guard let bad = Self.invalidPart(of: target, context) else {
            if !Self.isValidTarget(target, context) { throw invalidSyntax() }
            return
        }
        let verb = context == .deletion ? "delete" : "assign to"
        throw Diagnostic(SyntaxMessage.cannotTarget(verb: verb, what: Self.describe(bad)), bad.range)
    }

    /// `+=` and the like take one name, attribute or subscript.
    func checkAugmentedTarget(_ target: Expression) throws(Diagnostic) {
        switch target {
        case .name, .attribute, .subscription: return
        default:
            throw Diagnostic(SyntaxMessage.illegalAugmentedTarget(Self.describe(target)), target.range)
        }
    }

    /// The targets of `t1 = t2 = ... = value`, with CPython's messages: its "Maybe you
    /// meant '=='" hint when the statement reads like a comparison (one `=`, the
    /// target an expression), "cannot assign to ..." otherwise; then the compiler's
    /// checks of starred targets and values.
    mutating func checkAssignmentTargets(_ targets: [Expression], value: Expression) throws(Diagnostic) {
        for (i, target) in targets.enumerated() {
            guard let bad = Self.invalidPart(of: target, .assignment) else { continue }
            if i == 0, targets.count == 1, let hint = Self.comparisonHint(target, value: value) { throw hint }
            throw Diagnostic(SyntaxMessage.cannotTarget(verb: "assign to", what: Self.describe(bad)), bad.range)
        }
        for target in targets { checkStarredTarget(target) }
        checkNotStarred(value)
    }

    /// CPython's `invalid_named_expression` for a statement `target = value` whose
    /// target cannot be assigned to: the item next to `=` (the target, or the last
    /// item of a bare tuple) is read as the left side of a mistyped `==`.
    private static func comparisonHint(_ target: Expression, value: Expression) -> Diagnostic? {
        var item = target
        if case .tuple(let items, let range) = target, !isParenthesized(items, range), let last = items.last { item = last }
        guard let head = leadingOperand(of: value) else { return nil }
        if case .name = item, item.range != target.range {
            return Diagnostic(SyntaxMessage.comparisonHint, item.range.union(head.range))
        }
        guard isBitwiseLevel(item), !isExcludedFromAssignmentHint(item) else { return nil }
        return Diagnostic(SyntaxMessage.cannotAssignComparisonHint(describe(item)), item.range)
    }

    /// The `bitwise_or` a value starts with, or `nil` when it starts with `lambda`,
    /// `not`, `*` or `yield`.
    private static func leadingOperand(of value: Expression) -> Expression? {
        switch value {
        case .conditional(_, let then, _, _): leadingOperand(of: then)
        case .compare(let first, _, _): leadingOperand(of: first)
        case .logical(_, let lhs, _, _): leadingOperand(of: lhs)
        case .tuple(let items, let range) where !isParenthesized(items, range): items.first.flatMap(leadingOperand)
        case .lambda, .not, .starred: nil
        default: value
        }
    }

    /// The compiler's checks of a valid target: one `*` per tuple or list, and none
    /// on its own.
    mutating func checkStarredTarget(_ target: Expression) {
        switch target {
        case .starred(_, let range):
            compilerErrors.append(Diagnostic(SyntaxMessage.starredTargetOutsideList, range))
        case .tuple(let items, let range), .list(let items, let range):
            let starred = items.filter { if case .starred = $0 { true } else { false } }
            if starred.count > 1 {
                compilerErrors.append(Diagnostic(SyntaxMessage.multipleStarredTargets, range))
            }
            for item in items {
                if case .starred(let inner, _) = item { checkStarredTarget(inner) } else { checkStarredTarget(item) }
            }
        default:
            break
        }
    }

    /// A value cannot be `*x` on its own (`x = *a`); the compiler says so.
    mutating func checkNotStarred(_ value: Expression) {
        if case .starred(_, let range) = value {
            compilerErrors.append(Diagnostic(SyntaxMessage.starredTargetHere, range))
        }
    }
}

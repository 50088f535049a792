import ConvEngine

extension Compiler {
    /// Compiles an expression: its value, evaluated in a frame of this scope. Nodes that
    /// nest (operators, calls, subscripts, attributes) check the stack before they run,
    /// so a deep expression gives RecursionError rather than a crash.
    func compile(_ expression: Expression) throws(Diagnostic) -> CompiledExpression {
        if StackGuard.isLow {
            throw Diagnostic(.runtime, "maximum recursion depth exceeded: the expression nests deeper than this thread's stack holds",
                             expression.range, kind: "RecursionError")
        }
        let compiled = try compileNode(expression)
        switch expression {
        case .call, .attribute, .subscription, .binary, .unary, .not, .logical, .compare, .conditional:
            let range = expression.range
            return { (frame) throws(Diagnostic) in
                // CPython's words for its own C-stack check: to the user, deep
                // recursion is deep recursion, whichever limit it meets first.
                if StackGuard.isLow {
                    throw Diagnostic(.runtime, "maximum recursion depth exceeded", range, kind: "RecursionError")
                }
                return try compiled(frame)
            }
        default:
            return compiled
        }
    }

    private func compileNode(_ expression: Expression) throws(Diagnostic) -> CompiledExpression {
        let interpreter = self.interpreter
        switch expression {
        case .name(let name, let range):
            return load(name, at: range)
        case .integer(let v, _): return { _ in .int(v) }
        case .float(let v, _): return { _ in .float(v) }
        case .string(let s, _): return { _ in .string(s) }
        case .bool(let b, _): return { _ in .bool(b) }
        case .none: return { _ in .none }
        case .ellipsis: return { _ in .ellipsis }
        case .list(let items, let range):
            let values = try compileItems(items)
            return { [unowned interpreter] (frame) throws(Diagnostic) in
                try interpreter.checkedNesting(.newList(try values(frame)), at: range)
            }
        case .tuple(let items, let range):
            let values = try compileItems(items)
            return { [unowned interpreter] (frame) throws(Diagnostic) in
                try interpreter.checkedNesting(.tuple(try values(frame)), at: range)
            }
        case .set(let items, let range):
            let values = try compileItems(items)
            // CPython folds a display of more than two constants into a frozenset
            // constant (built, then rebuilt from its own order when constants are
            // merged) and copies it: its order is that of the rebuilt table.
            let folded = items.count > 2 && items.allSatisfy(Self.isConstant)
            return { (frame) throws(Diagnostic) in
                var set = SetObject()
                for value in try values(frame) { set.add(try Interpreter.hashable(value, at: range)) }
                if folded {
                    let rebuilt = SetObject(frozen: true)
                    for element in set.elements { rebuilt.add(element) }
                    set = SetObject()
                    set.merge(rebuilt)
                }
                return .set(set)
            }
        case .dict(let entries, let range):
            // `key: value` pairs and `**mapping` entries (a starred key), in order.
            let parts = try entries.map { (e) throws(Diagnostic) -> (key: CompiledExpression, value: CompiledExpression?, range: SourceRange) in
                if case .starred(let mapping, _) = e.key { return (try compile(mapping), nil, mapping.range) }
                return (try compile(e.key), try compile(e.value), e.key.range)
            }
            return { [unowned interpreter] (frame) throws(Diagnostic) in
                let dict = DictObject()
                for part in parts {
                    let key = try part.key(frame)
                    guard let value = part.value else {
                        guard case .dict(let mapping) = key else {
                            throw Diagnostic(.type, "'\(key.typeName)' object is not a mapping", part.range)
                        }
                        for entry in mapping.entries { dict.set(entry.value, for: try Interpreter.hashable(entry.key, at: part.range)) }
                        continue
                    }
                    dict.set(try value(frame), for: try Interpreter.hashable(key, at: part.range))
                }
                return try interpreter.checkedNesting(.dict(dict), at: range)
            }
        case .attribute(let base, let name, let nameRange, _):
            let object = try compile(base)
            return { [unowned interpreter] (frame) throws(Diagnostic) in
                try interpreter.attribute(of: try object(frame), name, at: nameRange)
            }
        case .call(let callee, let arguments, let range):
            return try compileCall(callee, arguments, at: range)
        case .subscription(let base, let items, let range):
            let container = try compile(base)
            let indices = try compileIndexItems(items)
            return { [unowned interpreter] (frame) throws(Diagnostic) in
                let value = try container(frame)
                return try interpreter.getItem(value, try indices(frame), at: range)
            }
        case .unary(let op, let operand, let range):
            let value = try compile(operand)
            return { [unowned interpreter] (frame) throws(Diagnostic) in try interpreter.unary(op, try value(frame), at: range) }
        case .binary(let op, let lhs, let rhs, _, let range):
            let left = try compile(lhs), right = try compile(rhs)
            if let integer = Self.integerOperation(op) {
                // Ints stay unboxed on the fast path (the operator picked here, not
                // per step); everything else takes the general operator.
                return { [unowned(unsafe) interpreter] (frame) throws(Diagnostic) in
                    let a = try left(frame), b = try right(frame)
                    if case .int(let x) = a, case .int(let y) = b, let result = integer(x, y) { return .int(result) }
                    return try interpreter.binary(op, a, b, at: range)
                }
            }
            return { [unowned interpreter] (frame) throws(Diagnostic) in
                let a = try left(frame)
                return try interpreter.binary(op, a, try right(frame), at: range)
            }
        case .compare(let first, let rest, let range):
            let head = try compile(first)
            let tail = try rest.map { (r) throws(Diagnostic) in (r.op, try compile(r.operand)) }
            return { [unowned interpreter] (frame) throws(Diagnostic) in
                var left = try head(frame)
                var result: Value = .bool(true)
                for (i, (op, operand)) in tail.enumerated() {
                    let right = try operand(frame)
                    if case .int(let x) = left, case .int(let y) = right, let truth = Self.fastComparison(op, x, y) {
                        result = .bool(truth)
                    } else {
                        result = try interpreter.compare(op, left, right, at: range)
                    }
                    if i < tail.count - 1, !(try result.truthValue(at: range)) { return result }
                    left = right
                }
                return result
            }
        case .logical(let op, let lhs, let rhs, _):
            let left = try compile(lhs), right = try compile(rhs)
            let leftRange = lhs.range
            return { (frame) throws(Diagnostic) in
                let value = try left(frame)
                let truth = try value.truthValue(at: leftRange)
                if op == "and" { return truth ? try right(frame) : value }
                return truth ? value : try right(frame)
            }
        case .not(let operand, _):
            let value = try compile(operand)
            let range = operand.range
            return { (frame) throws(Diagnostic) in .bool(!(try value(frame).truthValue(at: range))) }
        case .starred(_, let range):
            throw Diagnostic(.syntax, "can't use starred expression here", range)
        case .conditional(let condition, let then, let otherwise, _):
            let test = try compile(condition), yes = try compile(then), no = try compile(otherwise)
            let range = condition.range
            return { (frame) throws(Diagnostic) in try test(frame).truthValue(at: range) ? try yes(frame) : try no(frame) }
        case .lambda(let parameters, let body, let range):
            return try compileLambda(parameters, body, at: range)
        case .comprehension(let comprehension, let range):
            return try compileComprehension(comprehension, at: range)
        case .formattedString(let parts, _):
            return try compileFormatted(parts)
        }
    }

    /// The items of a list, tuple or set display, `*iterable` unpacked in place.
    func compileItems(_ items: [Expression]) throws(Diagnostic) -> (Frame) throws(Diagnostic) -> [Value] {
        let interpreter = self.interpreter
        let parts = try items.map { (item) throws(Diagnostic) -> (CompiledExpression, Bool, SourceRange) in
            if case .starred(let inner, _) = item { return (try compile(inner), true, inner.range) }
            return (try compile(item), false, item.range)
        }
        return { [unowned interpreter] (frame) throws(Diagnostic) in
            var values: [Value] = []
            values.reserveCapacity(parts.count)
            for (part, unpacked, range) in parts {
                let value = try part(frame)
                if unpacked { values += try interpreter.items(of: value, at: range) } else { values.append(value) }
            }
            return values
        }
    }

    /// A subscript's items, evaluated left to right.
    func compileIndexItems(_ items: [SubscriptItem]) throws(Diagnostic) -> (Frame) throws(Diagnostic) -> [IndexItem] {
        typealias Bound = (CompiledExpression, SourceRange)?
        enum Part { case index(CompiledExpression, SourceRange), slice(Bound, Bound, Bound, SourceRange) }
        let parts = try items.map { (item) throws(Diagnostic) -> Part in
            switch item {
            case .index(let e): return .index(try compile(e), e.range)
            case .slice(let start, let stop, let step, let range):
                func bound(_ e: Expression?) throws(Diagnostic) -> Bound { try e.map { (e) throws(Diagnostic) in (try compile(e), e.range) } }
                return .slice(try bound(start), try bound(stop), try bound(step), range)
            }
        }
        return { (frame) throws(Diagnostic) in
            var out: [IndexItem] = []
            for part in parts {
                switch part {
                case .index(let value, let range): out.append(.index(try value(frame), range))
                case .slice(let start, let stop, let step, let range):
                    func evaluate(_ bound: Bound) throws(Diagnostic) -> IndexItem.Bound? {
                        guard let bound else { return nil }
                        return IndexItem.Bound(value: try bound.0(frame), range: bound.1)
                    }
                    out.append(.slice(start: try evaluate(start), stop: try evaluate(stop), step: try evaluate(step), range))
                }
            }
            return out
        }
    }

    /// A call: the callee, then the arguments left to right.
    func compileCall(_ callee: Expression, _ arguments: [CallArgument], at range: SourceRange) throws(Diagnostic) -> CompiledExpression {
        let interpreter = self.interpreter
        let function = try compile(callee)
        let calleeRange = callee.range
        if case .name("super", _) = callee, arguments.isEmpty {
            return compileZeroArgumentSuper(function, calleeRange: calleeRange, at: range)
        }
        let parts = try arguments.map { (argument) throws(Diagnostic) -> (CompiledExpression, Argument.Kind, SourceRange) in
            let kind: Argument.Kind = argument.isStarred ? .unpacked : argument.isDoubleStarred ? .unpackedKeywords
                : argument.name.map { .keyword($0, argument.nameRange ?? argument.value.range) } ?? .positional
            return (try compile(argument.value), kind, argument.value.range)
        }
        if parts.allSatisfy({ if case .positional = $0.1 { true } else { false } }) {
            // `f(a, b)`: a user function takes the values straight into its frame.
            let values = parts.map(\.0)
            return { [unowned(unsafe) interpreter] (frame) throws(Diagnostic) in
                let target = try function(frame)
                var positional: [Value] = []
                positional.reserveCapacity(values.count)
                for value in values { positional.append(try value(frame)) }
                if case .userFunction(let f) = target { return try interpreter.call(f, positional: positional, keywords: [], at: range) }
                let evaluated = zip(positional, parts).map { Argument(value: $0, kind: .positional, range: $1.2) }
                return try interpreter.call(target, evaluated, calleeRange: calleeRange, at: range)
            }
        }
        return { [unowned interpreter] (frame) throws(Diagnostic) in
            let target = try function(frame)
            var evaluated: [Argument] = []
            evaluated.reserveCapacity(parts.count)
            for (value, kind, argumentRange) in parts { evaluated.append(Argument(value: try value(frame), kind: kind, range: argumentRange)) }
            return try interpreter.call(target, evaluated, calleeRange: calleeRange, at: range)
        }
    }

    /// Whether CPython's compiler folds `expression` into a constant: a literal, a
    /// signed number, or a tuple of constants.
    static func isConstant(_ expression: Expression) -> Bool {
        switch expression {
        case .integer, .float, .string, .bool, .none, .ellipsis: return true
        case .unary(_, let operand, _):
            switch operand {
            case .integer, .float, .bool, .unary: return isConstant(operand)
            default: return false
            }
        case .tuple(let items, _): return items.allSatisfy(isConstant)
        default: return false
        }
    }

    /// `x op y` on two ints when it needs no more than Int64 and no sign rule, or nil
    /// for the general path; nil for operators without a fast path.
    static func integerOperation(_ op: String) -> ((Int64, Int64) -> Int64?)? {
        switch op {
        case "+": { x, y in let (r, o) = x.addingReportingOverflow(y); return o ? nil : r }
        case "-": { x, y in let (r, o) = x.subtractingReportingOverflow(y); return o ? nil : r }
        case "*": { x, y in let (r, o) = x.multipliedReportingOverflow(by: y); return o ? nil : r }
        case "%": { x, y in y > 0 && x >= 0 ? x % y : nil }
        case "//": { x, y in y > 0 && x >= 0 ? x / y : nil }
        default: nil
        }
    }

    static func fastComparison(_ op: String, _ x: Int64, _ y: Int64) -> Bool? {
        switch op {
        case "<": x < y
        case "<=": x <= y
        case ">": x > y
        case ">=": x >= y
        case "==": x == y
        case "!=": x != y
        default: nil
        }
    }
}

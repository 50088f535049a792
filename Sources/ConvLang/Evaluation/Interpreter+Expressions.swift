import ConvEngine

extension Interpreter {
    /// The value of an expression.
    func evaluate(_ expression: Expression) throws(Diagnostic) -> Value {
        if StackGuard.isLow {
            throw Diagnostic(.runtime, "maximum recursion depth exceeded: the expression nests deeper than this thread's stack holds",
                             expression.range, kind: "RecursionError")
        }
        switch expression {
        case .name(let name, let range):
            return try lookup(name, at: range)
        case .set, .starred, .conditional, .lambda, .comprehension, .formattedString:
            // Cells run compiled (Compilation/); this older path serves `help`, `from ... import` and `exit`.
            throw Diagnostic(.notImplemented, "ConvLang does not evaluate this kind of expression in this position yet", expression.range)
        case .integer(let v, _): return .int(v)
        case .float(let v, _): return .float(v)
        case .string(let s, _): return .string(s)
        case .bool(let b, _): return .bool(b)
        case .none: return .none
        case .ellipsis: return .ellipsis
        case .list(let items, let range):
            var values: [Value] = []
            for item in items { values.append(try evaluate(item)) }
            return try checkedNesting(.newList(values), at: range)
        case .tuple(let items, let range):
            var values: [Value] = []
            for item in items { values.append(try evaluate(item)) }
            return try checkedNesting(.tuple(values), at: range)
        case .dict(let entries, let range):
            // Everything is evaluated before a key is hashed; a key given twice keeps its
            // first place and its last value, as in Python.
            var values: [(key: Value, value: Value)] = []
            for entry in entries { values.append((try evaluate(entry.key), try evaluate(entry.value))) }
            let dict = DictObject()
            for (entry, (key, value)) in zip(entries, values) { dict.set(value, for: try Self.hashable(key, at: entry.key.range)) }
            return try checkedNesting(.dict(dict), at: range)
        case .attribute(let base, let name, let nameRange, _):
            return try attribute(of: try evaluate(base), name, at: nameRange)
        case .call(let callee, let arguments, let range):
            return try call(callee, arguments, at: range)
        case .subscription(let base, let items, let range):
            let container = try evaluate(base)
            return try getItem(container, try evaluateItems(items), at: range)
        case .unary(let op, let operand, let range):
            return try unary(op, try evaluate(operand), at: range)
        case .binary(let op, let lhs, let rhs, _, let range):
            return try binary(op, try evaluate(lhs), try evaluate(rhs), at: range)
        case .compare(let first, let rest, let range):
            var left = try evaluate(first)
            var result: Value = .bool(true)
            for (i, (op, operandExpression)) in rest.enumerated() {
                let right = try evaluate(operandExpression)
                result = try compare(op, left, right, at: range)
                if i < rest.count - 1, !(try result.truthValue(at: range)) { return result }
                left = right
            }
            return result
        case .logical(let op, let lhs, let rhs, let range):
            let left = try evaluate(lhs)
            let truth = try left.truthValue(at: lhs.range)
            if op == "and" { return truth ? try evaluate(rhs) : left }
            _ = range
            return truth ? left : try evaluate(rhs)
        case .not(let operand, _):
            return .bool(!(try evaluate(operand).truthValue(at: operand.range)))
        }
    }

    func lookup(_ name: String, at range: SourceRange) throws(Diagnostic) -> Value {
        if let value = globals[name] { return value }
        if let value = extensions[name] ?? Library.globals[name] { return value }
        let candidates = Array(globals.keys) + Array(Library.globals.keys) + Array(extensions.keys)
        throw Diagnostic(.name, "name '\(name)' is not defined", range, note: Suggestions.didYouMean(name, among: candidates))
    }

    /// A call: evaluates the arguments, then calls a builtin, a bound method or a layer.
    func call(_ calleeExpression: Expression, _ arguments: [CallArgument], at range: SourceRange) throws(Diagnostic) -> Value {
        let callee = try evaluate(calleeExpression)
        var evaluated: [Argument] = []
        for argument in arguments {
            let value = try evaluate(argument.value)
            let kind: Argument.Kind = argument.isStarred ? .unpacked : argument.isDoubleStarred ? .unpackedKeywords
                : argument.name.map { .keyword($0, argument.nameRange ?? argument.value.range) } ?? .positional
            evaluated.append(Argument(value: value, kind: kind, range: argument.value.range))
        }
        return try call(callee, evaluated, calleeRange: calleeExpression.range, at: range)
    }

    /// Calls a value with evaluated arguments (`*` and `**` unpacked here): a builtin, a
    /// bound method, a layer, a NumPy scalar type.
    func call(_ callee: Value, _ arguments: [Argument], calleeRange: SourceRange, at range: SourceRange) throws(Diagnostic) -> Value {
        var positional: [(Value, SourceRange)] = []
        var keywords: [(name: String, nameRange: SourceRange, value: Value, range: SourceRange)] = []
        for argument in arguments {
            let value = argument.value
            switch argument.kind {
            case .unpacked:
                switch value {
                case .list, .tuple:
                    positional += (value.listOrTupleItems ?? []).map { ($0, argument.range) }
                case .size(let dims):
                    positional += dims.map { (.int(Int64($0)), argument.range) }
                case .range(let r):
                    try Self.checkLength((r.count, false), of: "tuple", at: argument.range)
                    positional += r.items.map { (.int($0), argument.range) }
                case .string, .dict, .dictView, .set, .iterator, .tensor, .ndarray, .record:
                    positional += try items(of: value, at: argument.range).map { ($0, argument.range) }
                default:
                    throw Diagnostic(.type, "argument after * must be an iterable, not \(value.typeName)", argument.range)
                }
            case .unpackedKeywords:
                guard case .dict(let dict) = value else {
                    throw Diagnostic(.type, "argument after ** must be a mapping, not \(value.typeName)", argument.range)
                }
                for entry in dict.entries {
                    guard case .string(let name) = entry.key else {
                        throw Diagnostic(.type, "keywords must be strings", argument.range)
                    }
                    keywords.append((name, argument.range, entry.value, argument.range))
                }
            case .keyword(let name, let nameRange):
                keywords.append((name, nameRange, value, argument.range))
            case .positional:
                positional.append((value, argument.range))
            }
        }
        if case .userFunction(let function) = callee {
            if cancellation.isCancelled { throw Diagnostic(.interrupt, "", range) }
            return try call(function, positional: positional.map(\.0), keywords: keywords.map { ($0.name, $0.value) }, at: range)
        }
        if case .exceptionType(let type) = callee {
            return try instantiate(type, positional: positional.map(\.0), keywords: keywords.count, at: range)
        }
        if case .gradMode(let manager) = callee {
            guard positional.count == 1, keywords.isEmpty, GradModeBuiltins.isFunction(positional[0].0) else {
                throw Diagnostic(.type, "'\(manager.className)' object is not callable with these arguments: it decorates one function", range)
            }
            return GradModeBuiltins.decorated(positional[0].0, by: manager)
        }
        let builtin: Builtin
        var receiver: Value?
        switch callee {
        case .function(let f):
            builtin = f
        case .method(let base, let name):
            guard let method = MemberRegistry.method(name, of: base) else {
                throw Diagnostic(.attribute, "'\(base.typeName)' object has no attribute '\(name)'", calleeRange)
            }
            builtin = method
            receiver = base
        case .nnModule(let module):
            builtin = ModuleMembers.forward(of: module)
            receiver = callee
        case .numpyDType(let type) where type.isScalarType:
            builtin = NumpyBuiltins.scalarConstructor(type)
        default:
            throw Diagnostic(.type, "'\(callee.typeName)' object is not callable", calleeRange)
        }
        var bound = try Call(builtin: builtin, interpreter: self, range: range, positional: positional, keywords: keywords)
        bound.receiver = receiver
        if cancellation.isCancelled { throw Diagnostic(.interrupt, "", range) }
        return try builtin.body(&bound)
    }
}

/// One evaluated argument of a call, and how it was passed.
struct Argument {
    enum Kind {
        case positional
        case keyword(String, SourceRange)
        /// `*iterable`.
        case unpacked
        /// `**mapping`.
        case unpackedKeywords
    }

    var value: Value
    var kind: Kind
    var range: SourceRange
}

import ConvEngine

/// Python's builtins over iterables: `iter`, `next`, the lazy `zip`, `enumerate`,
/// `map`, `filter`, `reversed`, and `sorted`, `any`, `all`, with CPython 3.11's results
/// and errors. Keys and callbacks may be any callable: builtins, `def` functions,
/// lambdas, bound methods.
enum IterationBuiltins {
    static let all: [Builtin] = [iter, next, zip, enumerate, map, filter, reversed, sorted, any, all_]

    static let iter = Builtin("iter", "object, sentinel=None, /", summary: "An iterator over object: next() takes its items one at a time.",
                              example: "it = iter([1, 2, 3])") { (call) throws(Diagnostic) in
        if call.has("sentinel") {
            throw Diagnostic(.notImplemented, "ConvLang does not support iter(callable, sentinel) yet", call.range)
        }
        return .iterator(try call.interpreter.iterator(of: call["object"], at: call.range(of: "object")))
    }

    static let next = Builtin("next", "iterator, default=None, /", summary: "The iterator's next item; when it has none, default (StopIteration without one).",
                              example: "first = next(iter(loader))") { (call) throws(Diagnostic) in
        if let item = try call.interpreter.nextItem(call["iterator"], at: call.range) { return item }
        if call.has("default") { return call["default"] }
        throw Diagnostic(.runtime, "", call.range, kind: "StopIteration")
    }

    static let zip = Builtin("zip", "*iterables, strict=False", summary: "Tuples of the iterables' items side by side, lazily, up to the shortest (with strict=True, ValueError unless all have the same length).",
                             example: "for name, p in zip(names, params): ...") { (call) throws(Diagnostic) in
        guard case .tuple(let sources) = call["iterables"] else { return .none }
        let strict = try call.bool("strict")
        var iterators: [IteratorObject] = []
        for source in sources { iterators.append(try call.interpreter.iterator(of: source, at: call.range(of: "iterables"))) }
        return .iterator(IteratorObject("zip") { interpreter, range throws(Diagnostic) in
            guard !iterators.isEmpty else { return nil }
            var row: [Value] = []
            for (i, it) in iterators.enumerated() {
                guard let item = try it.next(interpreter, at: range) else {
                    guard strict else { return nil }
                    let others = i == 1 ? "argument 1" : "arguments 1-\(i)"
                    if i > 0 { throw Diagnostic(.value, "zip() argument \(i + 1) is shorter than \(others)", range) }
                    for (j, later) in iterators.enumerated().dropFirst() where try later.next(interpreter, at: range) != nil {
                        let before = j == 1 ? "argument 1" : "arguments 1-\(j)"
                        throw Diagnostic(.value, "zip() argument \(j + 1) is longer than \(before)", range)
                    }
                    return nil
                }
                row.append(item)
            }
            return .tuple(row)
        })
    }

    static let enumerate = Builtin("enumerate", "iterable, start=0", summary: "(index, item) pairs, lazily, counting from start.",
                                   example: "for i, layer in enumerate(layers): ...") { (call) throws(Diagnostic) in
        let it = try call.interpreter.iterator(of: call["iterable"], at: call.range(of: "iterable"))
        let start: Int64
        switch call["start"] {
        case .int(let i): start = i
        case .bool(let b): start = b ? 1 : 0
        case let other: throw Diagnostic(.type, "'\(other.typeName)' object cannot be interpreted as an integer", call.range(of: "start"))
        }
        return enumerated(it, from: start)
    }

    private static func enumerated(_ it: IteratorObject, from start: Int64) -> Value {
        var index = start
        return .iterator(IteratorObject("enumerate") { interpreter, range throws(Diagnostic) in
            guard let item = try it.next(interpreter, at: range) else { return nil }
            defer { index &+= 1 }
            return .tuple([.int(index), item])
        })
    }

    static let map = Builtin("map", "function, /, *iterables", summary: "function applied to the items of the iterables (side by side), lazily.",
                             example: "list(map(str, sizes))") { (call) throws(Diagnostic) in
        guard case .tuple(let sources) = call["iterables"], !sources.isEmpty else {
            throw Diagnostic(.type, "map() must have at least two arguments.", call.range)
        }
        let function = call["function"]
        var iterators: [IteratorObject] = []
        for source in sources { iterators.append(try call.interpreter.iterator(of: source, at: call.range(of: "iterables"))) }
        return .iterator(IteratorObject("map") { interpreter, range throws(Diagnostic) in
            var arguments: [Value] = []
            for it in iterators {
                guard let item = try it.next(interpreter, at: range) else { return nil }
                arguments.append(item)
            }
            return try interpreter.call(function, arguments, at: range)
        })
    }

    static let filter = Builtin("filter", "function, iterable, /", summary: "The items for which function is true (with None: the true items), lazily.",
                                example: "list(filter(None, values))") { (call) throws(Diagnostic) in
        let function = call["function"]
        let it = try call.interpreter.iterator(of: call["iterable"], at: call.range(of: "iterable"))
        return .iterator(IteratorObject("filter") { interpreter, range throws(Diagnostic) in
            while let item = try it.next(interpreter, at: range) {
                let verdict = if case .none = function { item } else { try interpreter.call(function, [item], at: range) }
                if try verdict.truthValue(at: range) { return item }
            }
            return nil
        })
    }

    static let reversed = Builtin("reversed", "sequence, /", summary: "The items of a sequence, last first, lazily.",
                                  example: "for layer in reversed(layers): ...") { (call) throws(Diagnostic) in
        let value = call["sequence"]
        switch value {
        case .list(let list):
            var index = list.items.count - 1
            return .iterator(IteratorObject("list_reverseiterator") { _, _ in
                guard index >= 0, index < list.items.count else { return nil }
                defer { index -= 1 }
                return list.items[index]
            })
        case .range(let r):
            var remaining = r.count
            var current = r.start &+ (Int64(max(0, r.count - 1)) &* r.step)
            return .iterator(IteratorObject("range_iterator") { _, _ in
                guard remaining > 0 else { return nil }
                defer { remaining -= 1; current &-= r.step }
                return .int(current)
            })
        case .dict(let dict):
            return .iterator(call.interpreter.dictIterator(dict, .keys, reversed: true))
        case .dictView(let dict, let kind):
            return .iterator(call.interpreter.dictIterator(dict, kind, reversed: true))
        case .tuple, .string, .size:
            return .iterator(.over(try call.interpreter.items(of: value, at: call.range).reversed(), typeName: "reversed"))
        case .tensor:
            throw Diagnostic(.notImplemented, "ConvLang does not support reversed() of a tensor yet (use x.flip(0))", call.range)
        default:
            throw Diagnostic(.type, "'\(value.typeName)' object is not reversible", call.range(of: "sequence"))
        }
    }

    static let sorted = Builtin("sorted", "iterable, /, *, key=None, reverse=False", summary: "A new list of the items in ascending order (stable; key computes what is compared).",
                                example: "sorted(shapes, key=lambda s: s[0], reverse=True)") { (call) throws(Diagnostic) in
        let items = try call.interpreter.items(of: call["iterable"], at: call.range(of: "iterable"))
        return .newList(try call.interpreter.sorted(items, key: call["key"], reverse: try call.bool("reverse"), at: call.range))
    }

    static let any = Builtin("any", "iterable, /", summary: "Whether some item is true (stops at the first).", example: "any(p.requires_grad for p in params)") { (call) throws(Diagnostic) in
        let found = try call.interpreter.forEach(in: call["iterable"], at: call.range) { (item) throws(Diagnostic) -> Flow? in
            try item.truthValue(at: call.range) ? .next : nil
        }
        return .bool(found != nil)
    }

    static let all_ = Builtin("all", "iterable, /", summary: "Whether every item is true (stops at the first false one).", example: "all(s > 0 for s in x.shape)") { (call) throws(Diagnostic) in
        let failed = try call.interpreter.forEach(in: call["iterable"], at: call.range) { (item) throws(Diagnostic) -> Flow? in
            try item.truthValue(at: call.range) ? nil : .next
        }
        return .bool(failed == nil)
    }
}

extension Interpreter {
    /// Calls any callable value with positional arguments (a key, a callback).
    func call(_ callee: Value, _ arguments: [Value], at range: SourceRange) throws(Diagnostic) -> Value {
        try call(callee, arguments.map { Argument(value: $0, kind: .positional, range: range) }, calleeRange: range, at: range)
    }

    /// `items` sorted as Python's `list.sort` sorts them: stable, by `<` only, on the
    /// keys `key` computes (each once); `reverse` keeps equal items in their order.
    func sorted(_ items: [Value], key: Value, reverse: Bool, at range: SourceRange) throws(Diagnostic) -> [Value] {
        var keyed: [(key: Value, item: Value)] = []
        keyed.reserveCapacity(items.count)
        for item in items {
            let k = if case .none = key { item } else { try call(key, [item], at: range) }
            keyed.append((k, item))
        }
        if reverse { keyed.reverse() }
        var sorted = try Self.mergeSorted(keyed) { (a, b) throws(Diagnostic) -> Bool in
            if cancellation.isCancelled { throw Diagnostic(.interrupt, "", range) }
            return try compare("<", a.key, b.key, at: range).truthValue(at: range)
        }
        if reverse { sorted.reverse() }
        return sorted.map(\.item)
    }

    /// A stable merge sort with a throwing `less` (insertion sort on short runs).
    static func mergeSorted<T>(_ input: [T], _ less: (T, T) throws(Diagnostic) -> Bool) throws(Diagnostic) -> [T] {
        var a = input
        let n = a.count
        let run = 32
        var start = 0
        while start < n {
            let end = min(start + run, n)
            if end - start > 1 {
                for i in (start + 1)..<end {
                    let x = a[i]
                    var j = i
                    while j > start, try less(x, a[j - 1]) { a[j] = a[j - 1]; j -= 1 }
                    a[j] = x
                }
            }
            start = end
        }
        var width = run
        var buffer = a
        while width < n {
            var lo = 0
            while lo < n {
                let mid = min(lo + width, n), hi = min(lo + 2 * width, n)
                var i = lo, j = mid, k = lo
                while i < mid, j < hi {
                    if try less(a[j], a[i]) { buffer[k] = a[j]; j += 1 } else { buffer[k] = a[i]; i += 1 }
                    k += 1
                }
                while i < mid { buffer[k] = a[i]; i += 1; k += 1 }
                while j < hi { buffer[k] = a[j]; j += 1; k += 1 }
                lo = hi
            }
            swap(&a, &buffer)
            width *= 2
        }
        return a
    }
}

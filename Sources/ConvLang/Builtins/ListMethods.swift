/// Python's `list` methods, with Python's results and errors. Those that change the list
/// change it in place, so every name that holds it sees the change:
///
/// ```python
/// shapes = []
/// seen = shapes
/// seen.append((1, 2))   # shapes is [(1, 2)] too
/// ```
enum ListMethods {
    typealias Body = @Sendable (ListObject, inout Call) throws(Diagnostic) -> Value

    static let all: [String: Builtin] = Dictionary(
        [append, extend, insert, pop, remove, index, count, clear, copy, reverse, sort].map { ($0.name, $0) },
        uniquingKeysWith: { a, _ in a })

    static let append = method("append", "object, /", "Adds object at the end of the list.", "sizes.append(y.shape)") { list, call throws(Diagnostic) in
        let object = call["object"]
        try call.interpreter.checkInsertion([object], into: list, at: call.range)
        list.items.append(object)
        return .none
    }

    static let extend = method("extend", "iterable, /", "Adds the items of iterable at the end of the list.",
                               "sizes.extend([1, 2])") { list, call throws(Diagnostic) in
        let added = try call.interpreter.items(of: call["iterable"], at: call.range(of: "iterable"))
        let total = try Interpreter.concatenated(list.items, added, typeName: "list", at: call.range)
        try call.interpreter.checkInsertion(added, into: list, at: call.range)
        list.items = total
        return .none
    }

    static let insert = method("insert", "index, object, /", "Puts object before position index (clamped to the list, as in Python).",
                               "sizes.insert(0, x.shape)") { list, call throws(Diagnostic) in
        let count = list.items.count
        var position = try call.index("index")
        if position < 0 { position = max(0, position + count) }
        let object = call["object"]
        try call.interpreter.checkInsertion([object], into: list, at: call.range)
        list.items.insert(object, at: min(position, count))
        return .none
    }

    static let pop = method("pop", "index=-1, /", "Removes and returns the item at index (the last by default).",
                            "last = sizes.pop()") { list, call throws(Diagnostic) in
        let given = try call.index("index")
        guard !list.items.isEmpty else { throw Diagnostic(.index, "pop from empty list", call.range) }
        let position = given < 0 ? given + list.items.count : given
        guard position >= 0, position < list.items.count else { throw Diagnostic(.index, "pop index out of range", call.range) }
        return list.items.remove(at: position)
    }

    static let remove = method("remove", "value, /", "Removes the first item equal to value.", "sizes.remove(0)") { list, call throws(Diagnostic) in
        guard let position = try firstIndex(of: call["value"], in: list.items, call) else {
            throw Diagnostic(.value, "list.remove(x): x not in list", call.range)
        }
        list.items.remove(at: position)
        return .none
    }

    static let index = method("index", "value, start=0, stop=9223372036854775807, /",
                              "The position of the first item equal to value, looking from start up to stop.",
                              "sizes.index(4)") { list, call throws(Diagnostic) in
        let count = list.items.count
        func bound(_ name: String) throws(Diagnostic) -> Int {
            let given = try call.index(name)
            return given < 0 ? max(0, given + count) : min(given, count)
        }
        let (start, stop) = (try bound("start"), try bound("stop"))
        let value = call["value"]
        if start < stop, let found = try firstIndex(of: value, in: list.items[start..<stop], call) { return .int(Int64(found)) }
        throw Diagnostic(.value, "\(value.reprText) is not in list", call.range)
    }

    static let count = method("count", "value, /", "How many items equal value.", "sizes.count(2)") { list, call throws(Diagnostic) in
        var total: Int64 = 0
        for item in list.items {
            if try Interpreter.equal(item, call["value"], at: call.range) { total += 1 }
        }
        return .int(total)
    }

    static let clear = method("clear", "", "Removes every item.", "sizes.clear()") { list, _ throws(Diagnostic) in
        list.items = []
        return .none
    }

    static let copy = method("copy", "", "A new list of the same items (a shallow copy, as list(l) and l[:]).",
                             "before = sizes.copy()") { list, _ throws(Diagnostic) in
        .newList(list.items)
    }

    static let reverse = method("reverse", "", "Reverses the list in place.", "sizes.reverse()") { list, _ throws(Diagnostic) in
        list.items.reverse()
        return .none
    }

    static let sort = method("sort", "*, key=None, reverse=False", "Sorts the list in place, stably (key computes what is compared).",
                             "sizes.sort(key=lambda s: s[0])") { list, call throws(Diagnostic) in
        // CPython empties the list while sorting, so a key that looks at it sees [].
        let items = list.items
        list.items = []
        let sorted: [Value]
        do throws(Diagnostic) {
            sorted = try call.interpreter.sorted(items, key: call["key"], reverse: try call.bool("reverse"), at: call.range)
        } catch {
            if list.items.isEmpty { list.items = items }
            throw error
        }
        guard list.items.isEmpty else { throw Diagnostic(.value, "list modified during sort", call.range) }
        list.items = sorted
        return .none
    }

    private static func method(_ name: String, _ signature: String, _ summary: String, _ example: String,
                               _ body: @escaping Body) -> Builtin {
        Builtin("list.\(name)", signature, summary: summary, example: example) { (call) throws(Diagnostic) in
            guard case .list(let list)? = call.receiver else { preconditionFailure("list method without a list receiver") }
            return try body(list, &call)
        }
    }

    /// The position of the first of `items` equal to `value` (Python's `==`, the same
    /// object being equal to itself).
    private static func firstIndex(of value: Value, in items: ArraySlice<Value>, _ call: Call) throws(Diagnostic) -> Int? {
        for i in items.indices {
            if try Interpreter.equal(items[i], value, at: call.range) { return i }
        }
        return nil
    }

    private static func firstIndex(of value: Value, in items: [Value], _ call: Call) throws(Diagnostic) -> Int? {
        try firstIndex(of: value, in: items[...], call)
    }
}

extension Call {
    /// An integer argument used as a position, with Python's error for anything else
    /// (`'str' object cannot be interpreted as an integer`).
    func index(_ name: String) throws(Diagnostic) -> Int {
        switch self[name] {
        case .int, .bool: return try int(name)
        case .tensor(let box) where box.tensor.integerItem != nil: return box.tensor.integerItem!
        case let other: throw Diagnostic(.type, "'\(other.typeName)' object cannot be interpreted as an integer", range(of: name))
        }
    }
}

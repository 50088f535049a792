/// Python's `dict` (and `OrderedDict`) methods and the `dict(...)` constructor, with
/// Python's results and errors. Those that change the dict change it in place, so every
/// name that holds it sees the change.
enum DictMethods {
    typealias Body = @Sendable (DictObject, inout Call) throws(Diagnostic) -> Value

    static let all: [String: Builtin] = Dictionary(
        [get, keys, values, items, update, pop, setdefault, copy, clear].map { ($0.name, $0) },
        uniquingKeysWith: { a, _ in a })

    /// `dict()`, `dict(mapping)`, `dict(pairs)`, `dict(a=1)`: always a new dict.
    static let constructor = Builtin("dict", "iterable=None, /, **kwargs",
                                     summary: "A new dict: of a dict's entries or (key, value) pairs, then the keyword arguments (dict(d) copies d).",
                                     example: "dict(stride=2, padding=1)") { (call) throws(Diagnostic) in
        .dict(try made(call, from: "iterable", ordered: false))
    }

    static let get = method("get", "key, default=None, /", "The value for key, or default.", "conv.state_dict().get('weight')") { dict, call throws(Diagnostic) in
        dict[try key(call)] ?? call["default"]
    }

    static let keys = method("keys", "", "The keys, as a list.", "sd.keys()") { dict, _ throws(Diagnostic) in
        .newList(dict.entries.map(\.key))
    }

    static let values = method("values", "", "The values, as a list.", "sd.values()") { dict, _ throws(Diagnostic) in
        .newList(dict.entries.map(\.value))
    }

    static let items = method("items", "", "The (key, value) pairs, as a list.", "sd.items()") { dict, _ throws(Diagnostic) in
        .newList(dict.entries.map { .tuple([$0.key, $0.value]) })
    }

    static let update = method("update", "other=None, /, **kwargs",
                               "Sets the entries of other (a dict or (key, value) pairs), then the keyword arguments.",
                               "settings.update(stride=2)") { dict, call throws(Diagnostic) in
        try fill(dict, call, from: "other")
        return .none
    }

    static let pop = method("pop", "key, default=None, /", "Removes key and returns its value; without it, default (KeyError if none is given).",
                            "sd.pop('bias', None)") { dict, call throws(Diagnostic) in
        let key = try key(call)
        if let i = dict.index(of: key) { return dict.entries.remove(at: i).value }
        if call.has("default") { return call["default"] }
        throw Diagnostic.keyError(key, at: call.range)
    }

    static let setdefault = method("setdefault", "key, default=None, /", "The value for key; when missing, key is first set to default.",
                                   "counts.setdefault('conv', 0)") { dict, call throws(Diagnostic) in
        let key = try key(call)
        if let value = dict[key] { return value }
        let value = call["default"]
        try call.interpreter.checkInsertion([key, value], into: dict, at: call.range)
        dict.entries.append((key, value))
        return value
    }

    static let copy = method("copy", "", "A new dict of the same entries (a shallow copy).", "before = settings.copy()") { dict, _ throws(Diagnostic) in
        .newDict(dict.entries, ordered: dict.ordered)
    }

    static let clear = method("clear", "", "Removes every entry.", "settings.clear()") { dict, _ throws(Diagnostic) in
        dict.entries = []
        return .none
    }

    /// A new dict (an `OrderedDict` when `ordered`) of the call's argument `name` and
    /// keyword arguments, as `dict(...)` and `OrderedDict(...)` make it.
    static func made(_ call: Call, from name: String, ordered: Bool) throws(Diagnostic) -> DictObject {
        let dict = DictObject(ordered: ordered)
        try fill(dict, call, from: name)
        return dict
    }

    /// `dict.update`: the entries of the call's argument `name` (when given), then its
    /// `kwargs`.
    private static func fill(_ dict: DictObject, _ call: Call, from name: String) throws(Diagnostic) {
        var pairs: [(key: Value, value: Value)] = []
        if call.has(name) { pairs = try self.pairs(of: call[name], call, name) }
        if case .dict(let keywords) = call["kwargs"] { pairs += keywords.entries }
        try call.interpreter.checkInsertion(pairs.lazy.flatMap { [$0.key, $0.value] }, into: dict, at: call.range)
        for (key, value) in pairs { dict.set(value, for: key) }
    }

    /// The (key, value) pairs of a dict, or of an iterable of two-item iterables, with
    /// Python's errors for anything else.
    private static func pairs(of source: Value, _ call: Call, _ name: String) throws(Diagnostic) -> [(key: Value, value: Value)] {
        if case .dict(let other) = source { return other.entries }
        let range = call.range(of: name)
        var pairs: [(key: Value, value: Value)] = []
        for (i, element) in try call.interpreter.items(of: source, at: range).enumerated() {
            let pair: [Value]
            do { pair = try call.interpreter.items(of: element, at: range) } catch {
                throw Diagnostic(.type, "cannot convert dictionary update sequence element #\(i) to a sequence", range)
            }
            guard pair.count == 2 else {
                throw Diagnostic(.value, "dictionary update sequence element #\(i) has length \(pair.count); 2 is required", range)
            }
            pairs.append((try Interpreter.hashable(pair[0], at: range), pair[1]))
        }
        return pairs
    }

    /// The call's `key`, once it is known to be hashable.
    private static func key(_ call: Call) throws(Diagnostic) -> Value {
        try Interpreter.hashable(call["key"], at: call.range(of: "key"))
    }

    private static func method(_ name: String, _ signature: String, _ summary: String, _ example: String,
                               _ body: @escaping Body) -> Builtin {
        Builtin("dict.\(name)", signature, summary: summary, example: example) { (call) throws(Diagnostic) in
            guard case .dict(let dict)? = call.receiver else { preconditionFailure("dict method without a dict receiver") }
            return try body(dict, &call)
        }
    }
}

/// Python's `set` and `frozenset`: the constructors, the methods and the operators
/// (`| & - ^`), built on ``SetObject`` the way CPython's setobject.c builds them, so
/// results iterate in CPython's order. A frozenset has the methods that do not change
/// it; its operations give frozensets.
enum SetMethods {
    typealias Body = @Sendable (SetObject, inout Call) throws(Diagnostic) -> Value

    static let constructors: [Builtin] = [
        Builtin("set", "iterable=(), /", summary: "A new set of the items (each once).", example: "set(x.shape)") { (call) throws(Diagnostic) in
            .set(call.has("iterable") ? try made(from: call["iterable"], frozen: false, call) : SetObject())
        },
        Builtin("frozenset", "iterable=(), /", summary: "A new frozenset (a set that cannot change, and can be a dict key) of the items.",
                example: "frozenset([1, 2])") { (call) throws(Diagnostic) in
            .set(call.has("iterable") ? try made(from: call["iterable"], frozen: true, call) : SetObject(frozen: true))
        },
    ]

    /// The methods of a frozenset: those that leave the set as it is.
    static let frozen: [String: Builtin] = table([copy, union, intersection, difference, symmetricDifference, issubset, issuperset, isdisjoint])

    /// The methods of a set.
    static let mutable: [String: Builtin] = frozen.merging(table([add, remove, discard, pop, clear, update, intersectionUpdate,
                                                                  differenceUpdate, symmetricDifferenceUpdate])) { a, _ in a }

    private static func table(_ builtins: [Builtin]) -> [String: Builtin] {
        Dictionary(builtins.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    static let add = method("add", "object, /", "Adds object (once).", "seen.add(x.shape)") { set, call throws(Diagnostic) in
        set.add(try Interpreter.hashable(call["object"], at: call.range(of: "object")))
        return .none
    }
    static let remove = method("remove", "object, /", "Removes object (KeyError when it is not there).", "seen.remove(3)") { set, call throws(Diagnostic) in
        let key = try Interpreter.hashable(call["object"], at: call.range(of: "object"))
        guard set.discard(key) else { throw Diagnostic(.key, key.reprText, call.range) }
        return .none
    }
    static let discard = method("discard", "object, /", "Removes object if it is there.", "seen.discard(3)") { set, call throws(Diagnostic) in
        set.discard(try Interpreter.hashable(call["object"], at: call.range(of: "object")))
        return .none
    }
    static let pop = method("pop", "", "Removes and returns an element (KeyError when empty).", "seen.pop()") { set, call throws(Diagnostic) in
        guard let key = set.pop() else { throw Diagnostic(.key, "'pop from an empty set'", call.range) }
        return key
    }
    static let clear = method("clear", "", "Removes every element.", "seen.clear()") { set, _ throws(Diagnostic) in
        set.removeAll()
        return .none
    }
    static let copy = method("copy", "", "A new set of the same elements.", "before = seen.copy()") { set, _ throws(Diagnostic) in
        .set(set.copy())
    }
    static let update = method("update", "*others", "Adds the elements of every iterable given.", "seen.update([1, 2])") { set, call throws(Diagnostic) in
        for other in others(call) { try merge(other, into: set, call) }
        return .none
    }
    static let union = method("union", "*others", "A new set of the elements of this set and of every iterable given.", "a.union(b)") { set, call throws(Diagnostic) in
        let result = set.copy()
        for other in others(call) { try merge(other, into: result, call) }
        return .set(result)
    }
    static let intersection = method("intersection", "*others", "A new set of the elements in this set and in every iterable given.", "a.intersection(b)") { set, call throws(Diagnostic) in
        var result = set.copy()
        for other in others(call) { result = try intersect(result, other, call) }
        return .set(result)
    }
    static let intersectionUpdate = method("intersection_update", "*others", "Keeps the elements also in every iterable given.", "a.intersection_update(b)") { set, call throws(Diagnostic) in
        var result = set
        for other in others(call) { result = try intersect(result, other, call) }
        replace(set, with: result)
        return .none
    }
    static let difference = method("difference", "*others", "A new set of the elements in none of the iterables given.", "a.difference(b)") { set, call throws(Diagnostic) in
        let all = others(call)
        guard let first = all.first else { return .set(set.copy()) }
        let result = try subtract(set, first, call)
        for other in all.dropFirst() { try removeAll(of: other, from: result, call) }
        return .set(result)
    }
    static let differenceUpdate = method("difference_update", "*others", "Removes the elements of every iterable given.", "a.difference_update(b)") { set, call throws(Diagnostic) in
        for other in others(call) { try removeAll(of: other, from: set, call) }
        return .none
    }
    static let symmetricDifference = method("symmetric_difference", "other, /", "A new set of the elements in exactly one of the two.", "a.symmetric_difference(b)") { set, call throws(Diagnostic) in
        .set(try symmetricDifference(set, call["other"], call))
    }
    static let symmetricDifferenceUpdate = method("symmetric_difference_update", "other, /", "Keeps the elements in exactly one of the two.", "a.symmetric_difference_update(b)") { set, call throws(Diagnostic) in
        try toggle(set, call["other"], call)
        return .none
    }
    static let issubset = method("issubset", "other, /", "Whether every element is in other.", "a.issubset(b)") { set, call throws(Diagnostic) in
        .bool(isSubset(set, try asSet(call["other"], call)))
    }
    static let issuperset = method("issuperset", "other, /", "Whether every element of other is in this set.", "a.issuperset(b)") { set, call throws(Diagnostic) in
        .bool(isSubset(try asSet(call["other"], call), set))
    }
    static let isdisjoint = method("isdisjoint", "other, /", "Whether no element is in other.", "a.isdisjoint(b)") { set, call throws(Diagnostic) in
        let other = try asSet(call["other"], call)
        return .bool(!set.elements.contains { other.contains($0) })
    }

    // MARK: - CPython's set algebra

    /// `set(iterable)`: CPython's `set_update_internal` into a new set.
    static func made(from source: Value, frozen: Bool, _ call: some EvaluationContext) throws(Diagnostic) -> SetObject {
        let set = SetObject(frozen: frozen)
        try merge(source, into: set, call)
        return set
    }

    private static func merge(_ source: Value, into set: SetObject, _ call: some EvaluationContext) throws(Diagnostic) {
        switch source {
        case .set(let other): set.merge(other)
        case .dict(let dict): set.merge(keysOf: dict)
        default:
            _ = try call.interpreter.forEach(in: source, at: call.range) { (item) throws(Diagnostic) -> Flow? in
                set.add(try Interpreter.hashable(item, at: call.range))
                return nil
            }
        }
    }

    private static func asSet(_ value: Value, _ call: some EvaluationContext) throws(Diagnostic) -> SetObject {
        if case .set(let set) = value { return set }
        return try made(from: value, frozen: false, call)
    }

    /// CPython's `set_intersection`.
    static func intersect(_ set: SetObject, _ other: Value, _ call: some EvaluationContext) throws(Diagnostic) -> SetObject {
        let result = SetObject(frozen: set.isFrozen)
        if case .set(var small) = other {
            var large = set
            if small.count > large.count { swap(&small, &large) }
            for (hash, key) in small.entries where large.contains(key, hash: hash) { result.add(key, hash: hash) }
            return result
        }
        _ = try call.interpreter.forEach(in: other, at: call.range) { (item) throws(Diagnostic) -> Flow? in
            let key = try Interpreter.hashable(item, at: call.range)
            if set.contains(key) { result.add(key) }
            return nil
        }
        return result
    }

    /// CPython's `set_difference`.
    static func subtract(_ set: SetObject, _ other: Value, _ call: some EvaluationContext) throws(Diagnostic) -> SetObject {
        let otherSize: Int
        switch other {
        case .set(let o): otherSize = o.count
        case .dict(let d): otherSize = d.entries.count
        default: otherSize = -1
        }
        if otherSize < 0 || (set.count >> 2) > otherSize {
            let result = set.copy()
            try removeAll(of: other, from: result, call)
            return result
        }
        let result = SetObject(frozen: set.isFrozen)
        for (hash, key) in set.entries {
            let present: Bool
            switch other {
            case .set(let o): present = o.contains(key, hash: hash)
            case .dict(let d): present = d.index(of: key) != nil
            default: present = false
            }
            if !present { result.add(key, hash: hash) }
        }
        return result
    }

    private static func removeAll(of other: Value, from set: SetObject, _ call: some EvaluationContext) throws(Diagnostic) {
        if case .set(let o) = other, o === set { set.removeAll(); return }
        _ = try call.interpreter.forEach(in: other, at: call.range) { (item) throws(Diagnostic) -> Flow? in
            set.discard(try Interpreter.hashable(item, at: call.range))
            return nil
        }
    }

    /// CPython's `set_symmetric_difference`: a set of `other`, toggled by this set's elements.
    static func symmetricDifference(_ set: SetObject, _ other: Value, _ call: some EvaluationContext) throws(Diagnostic) -> SetObject {
        let result = try made(from: other, frozen: set.isFrozen, call)
        try toggle(result, .set(set), call)
        return result
    }

    /// CPython's `set_symmetric_difference_update`.
    private static func toggle(_ set: SetObject, _ other: Value, _ call: some EvaluationContext) throws(Diagnostic) {
        if case .set(let o) = other, o === set { set.removeAll(); return }
        let source = try asSet(other, call)
        for (hash, key) in source.entries where !set.discard(key, hash: hash) { set.add(key, hash: hash) }
    }

    static func isSubset(_ set: SetObject, _ other: SetObject) -> Bool {
        guard set.count <= other.count else { return false }
        return set.entries.allSatisfy { other.contains($0.key, hash: $0.hash) }
    }

    /// Makes `set` hold exactly `source`'s elements, in `source`'s table order.
    private static func replace(_ set: SetObject, with source: SetObject) {
        guard source !== set else { return }
        set.removeAll()
        set.merge(source)
    }

    private static func others(_ call: Call) -> [Value] {
        if case .tuple(let items) = call["others"] { return items }
        return []
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` between sets, and their in-place forms.
    static func binary(_ op: String, _ a: SetObject, _ b: SetObject, inPlace: Bool, _ call: some EvaluationContext) throws(Diagnostic) -> SetObject {
        let result: SetObject
        switch op {
        case "|":
            if inPlace { a.merge(b); return a }
            result = a.copy()
            result.merge(b)
        case "&": result = try intersect(a, .set(b), call)
        case "-":
            if inPlace { try removeAll(of: .set(b), from: a, call); return a }
            result = try subtract(a, .set(b), call)
        default:
            if inPlace { try toggle(a, .set(b), call); return a }
            result = try symmetricDifference(a, .set(b), call)
        }
        if inPlace { replace(a, with: result); return a }
        return result
    }

    private static func method(_ name: String, _ signature: String, _ summary: String, _ example: String,
                               _ body: @escaping Body) -> Builtin {
        Builtin("set.\(name)", signature, summary: summary, example: example) { (call) throws(Diagnostic) in
            guard case .set(let set)? = call.receiver else { preconditionFailure("set method without a set receiver") }
            return try body(set, &call)
        }
    }
}

/// What an operation needs from where it runs: the session, and the source to blame.
/// A builtin's ``Call`` is one; an operator makes an ``OperatorContext``.
protocol EvaluationContext {
    var interpreter: Interpreter { get }
    var range: SourceRange { get }
}

extension Call: EvaluationContext {}

/// The context of an operator (`a | b`) at `range`.
struct OperatorContext: EvaluationContext {
    let interpreter: Interpreter
    let range: SourceRange
}

/// A Python dict or `collections.OrderedDict`: one mutable mapping, shared by every
/// name, container and argument that holds it, like ``ListObject``.
///
/// Entries keep their insertion order, as Python's dicts do; setting a key that is
/// present keeps its place. Keys are found by Python's `==` (`1`, `1.0` and `True` are
/// one key) in a linear scan: ConvLang's dicts are small (a `state_dict`, a few
/// settings). Keys are hashable values (no list or dict inside; the interpreter checks
/// this where keys come in), so comparing two keys never walks into a cycle.
public final class DictObject: CycleTracked, @unchecked Sendable {
    /// The entries, in insertion order, with distinct keys.
    public var entries: [(key: Value, value: Value)]
    /// Whether it is an `OrderedDict`: it prints as one, and two of them are equal
    /// only with their entries in the same order.
    public let ordered: Bool
    /// Whether it is an instance's attributes (`obj.__dict__`): the cycle collector
    /// counts it as part of its instance, as CPython 3.11 does.
    var isInstanceAttributes = false

    /// A dict of `entries`, whose keys must be distinct.
    public init(_ entries: [(key: Value, value: Value)] = [], ordered: Bool = false) {
        self.entries = entries
        self.ordered = ordered
    }

    deinit { ContainerTeardown.release(&entries) }

    /// The position of `key`, or `nil`.
    func index(of key: Value) -> Int? {
        entries.firstIndex { Interpreter.keysEqual($0.key, key) }
    }

    /// The value for `key` (found by Python's `==`), or `nil`.
    public subscript(key: Value) -> Value? {
        index(of: key).map { entries[$0].value }
    }

    /// The position of the string key `name`: a namespace's or an instance's attribute,
    /// found without the general `==` (a string equals only a string).
    func index(ofName name: String) -> Int? {
        entries.firstIndex { if case .string(let key) = $0.key { key == name } else { false } }
    }

    /// The value for the string key `name`, or `nil`.
    public func value(named name: String) -> Value? {
        index(ofName: name).map { entries[$0].value }
    }

    /// Sets the string key `name` to `value`, keeping its place when present.
    public func set(_ value: Value, named name: String) {
        if let i = index(ofName: name) { entries[i].value = value } else { entries.append((.string(name), value)) }
    }

    /// Sets `key` to `value`: in place when the key is present, at the end otherwise.
    func set(_ value: Value, for key: Value) {
        if let i = index(of: key) { entries[i].value = value } else { entries.append((key, value)) }
    }
}

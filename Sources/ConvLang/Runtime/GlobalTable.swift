/// A session's global variables, each with a fixed slot: the resolver turns a global
/// name into its slot once, so running code reads and writes an array, not a
/// dictionary. Reads as a dictionary too (`globals["x"]`), for tools and tests.
public final class GlobalTable: @unchecked Sendable, Sequence {
    private var slots: [String: Int] = [:]
    private var names: [String] = []
    /// The values by slot; `nil` for a name that has a slot but no value (never
    /// assigned, or deleted).
    private var values = SlotStorage(count: 0)

    public init() {}

    deinit { values.deallocate() }

    /// The slot of `name`, made on first use.
    func slot(for name: String) -> Int {
        if let slot = slots[name] { return slot }
        slots[name] = names.count
        names.append(name)
        values.append()
        return names.count - 1
    }

    /// The value in `slot`.
    @inline(__always) subscript(slot slot: Int) -> Value? {
        get { values[slot] }
        set { values[slot] = newValue }
    }

    /// The name of `slot`, for NameError messages.
    func name(of slot: Int) -> String { names[slot] }

    /// The value of `name`, or nil; assigning nil deletes it.
    public subscript(name: String) -> Value? {
        get { slots[name].flatMap { values[$0] } }
        set {
            let slot = slot(for: name)  // first: making a slot may move the storage
            values[slot] = newValue
        }
    }

    /// The names that have a value, in order of first assignment.
    public var keys: [String] { names.indices.filter { values[$0] != nil }.map { names[$0] } }

    public var isEmpty: Bool { !values.values.contains { $0 != nil } }

    /// Removes every value (slots stay, so compiled code keeps working).
    public func removeAll(where shouldRemove: (String) -> Bool = { _ in true }) {
        for (i, name) in names.enumerated() where shouldRemove(name) { values[i] = nil }
    }

    /// The values now, to put back with ``restore(_:)`` (`%timeit` undoes what the
    /// timed code bound).
    func snapshot() -> [Value?] { values.values }

    /// Puts back a ``snapshot()``; names that have a slot only since then lose their value.
    func restore(_ snapshot: [Value?]) {
        for i in 0..<values.count { values[i] = i < snapshot.count ? snapshot[i] : nil }
    }

    public func makeIterator() -> AnyIterator<(key: String, value: Value)> {
        var i = 0
        return AnyIterator { [self] in
            while i < names.count {
                defer { i += 1 }
                if let value = values[i] { return (names[i], value) }
            }
            return nil
        }
    }
}

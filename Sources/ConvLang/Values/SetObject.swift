/// A Python `set` or `frozenset`: CPython's open-addressing hash table (setobject.c:
/// linear probes of 9, then perturbed jumps; a table that grows by four times its
/// used entries when three fifths full), so that iterating and printing a set of ints
/// gives CPython's order. Shared by every name that holds it, like ``ListObject``.
///
/// Elements are hashable values (the interpreter checks this where they come in), so
/// comparing two never walks into a cycle.
public final class SetObject: CycleTracked, @unchecked Sendable {
    enum Slot {
        case empty
        /// A removed element (CPython's `dummy`): probing walks over it.
        case dummy
        case active(hash: Int, key: Value)
    }

    private static let minimumSize = 8
    private static let linearProbes = 9
    private(set) var slots: [Slot] = Array(repeating: .empty, count: minimumSize)
    /// Active and dummy slots.
    private var fill = 0
    /// Active slots.
    private(set) var count = 0
    /// Where `pop` looks next.
    private var finger = 0
    /// Whether it is a `frozenset`.
    let isFrozen: Bool

    init(frozen: Bool = false) { isFrozen = frozen }

    private var mask: Int { slots.count - 1 }

    /// The elements in table order: the order Python iterates them.
    var elements: [Value] {
        slots.compactMap { if case .active(_, let key) = $0 { key } else { nil } }
    }

    /// The elements with their hashes, in table order.
    var entries: [(hash: Int, key: Value)] {
        slots.compactMap { if case .active(let h, let key) = $0 { (h, key) } else { nil } }
    }

    /// Whether `key` is an element.
    func contains(_ key: Value, hash: Int) -> Bool { find(key, hash: hash) != nil }

    func contains(_ key: Value) -> Bool { contains(key, hash: PythonHash.hash(key)) }

    /// CPython's `set_lookkey`: the slot holding `key`, or `nil`.
    private func find(_ key: Value, hash: Int) -> Int? {
        var perturb = UInt(bitPattern: hash)
        var i = Int(UInt(bitPattern: hash) & UInt(mask))
        while true {
            var probes = i + Self.linearProbes <= mask ? Self.linearProbes : 0
            var j = i
            while true {
                switch slots[j] {
                case .empty: return nil
                case .active(let h, let k) where h == hash && Interpreter.keysEqual(k, key): return j
                default: break
                }
                if probes == 0 { break }
                probes -= 1
                j += 1
            }
            perturb >>= 5
            i = Int((UInt(i) &* 5 &+ 1 &+ perturb) & UInt(mask))
        }
    }

    /// CPython's `set_add_entry`.
    func add(_ key: Value, hash: Int) {
        var perturb = UInt(bitPattern: hash)
        var i = Int(UInt(bitPattern: hash) & UInt(mask))
        var freeSlot: Int?
        while true {
            var probes = i + Self.linearProbes <= mask ? Self.linearProbes : 0
            var j = i
            while true {
                switch slots[j] {
                case .empty:
                    if let freeSlot {
                        slots[freeSlot] = .active(hash: hash, key: key)
                        count += 1
                        return
                    }
                    slots[j] = .active(hash: hash, key: key)
                    fill += 1
                    count += 1
                    if fill * 5 >= mask * 3 { resize(count > 50_000 ? count * 2 : count * 4) }
                    return
                case .active(let h, let k) where h == hash && Interpreter.keysEqual(k, key):
                    return
                case .dummy:
                    // The last dummy probed, as CPython 3.11 takes it.
                    freeSlot = j
                case .active:
                    break
                }
                if probes == 0 { break }
                probes -= 1
                j += 1
            }
            perturb >>= 5
            i = Int((UInt(i) &* 5 &+ 1 &+ perturb) & UInt(mask))
        }
    }

    func add(_ key: Value) { add(key, hash: PythonHash.hash(key)) }

    /// Removes `key`; whether it was there.
    @discardableResult
    func discard(_ key: Value, hash: Int) -> Bool {
        guard let j = find(key, hash: hash) else { return false }
        slots[j] = .dummy
        count -= 1
        return true
    }

    @discardableResult
    func discard(_ key: Value) -> Bool { discard(key, hash: PythonHash.hash(key)) }

    /// CPython's `set_pop`: the first element from the finger on; `nil` when empty.
    func pop() -> Value? {
        guard count > 0 else { return nil }
        var j = finger & mask
        while true {
            if case .active(_, let key) = slots[j] {
                slots[j] = .dummy
                count -= 1
                finger = j + 1
                return key
            }
            j = j + 1 > mask ? 0 : j + 1
        }
    }

    func removeAll() {
        slots = Array(repeating: .empty, count: Self.minimumSize)
        fill = 0
        count = 0
    }

    /// CPython's `set_table_resize`: a table of the smallest power of two above
    /// `minimumUsed`, the active elements reinserted in table order.
    private func resize(_ minimumUsed: Int) {
        var size = Self.minimumSize
        while size <= minimumUsed { size <<= 1 }
        if size == Self.minimumSize, slots.count == size, fill == count { return }
        let old = slots
        slots = Array(repeating: .empty, count: size)
        fill = count
        for case .active(let h, let key) in old { insertClean(key, hash: h) }
    }

    /// CPython's `set_insert_clean`: into a table known to hold neither `key` nor dummies.
    private func insertClean(_ key: Value, hash: Int) {
        var perturb = UInt(bitPattern: hash)
        var i = Int(UInt(bitPattern: hash) & UInt(mask))
        while true {
            if case .empty = slots[i] { slots[i] = .active(hash: hash, key: key); return }
            if i + Self.linearProbes <= mask {
                for j in (i + 1)...(i + Self.linearProbes) {
                    if case .empty = slots[j] { slots[j] = .active(hash: hash, key: key); return }
                }
            }
            perturb >>= 5
            i = Int((UInt(i) &* 5 &+ 1 &+ perturb) & UInt(mask))
        }
    }

    /// CPython's `set_merge`: adds every element of `other`.
    func merge(_ other: SetObject) {
        guard other !== self, other.count > 0 else { return }
        if (fill + other.count) * 5 >= mask * 3 { resize((count + other.count) * 2) }
        if fill == 0, mask == other.mask, other.fill == other.count {
            slots = other.slots
            fill = other.fill
            count = other.count
            return
        }
        if fill == 0 {
            fill = other.count
            count = other.count
            for case .active(let h, let key) in other.slots { insertClean(key, hash: h) }
            return
        }
        for case .active(let h, let key) in other.slots { add(key, hash: h) }
    }

    /// Adds a dict's keys, as `set(d)` does (one resize first, as CPython).
    func merge(keysOf dict: DictObject) {
        let size = dict.entries.count
        if (fill + size) * 5 >= mask * 3 { resize((count + size) * 2) }
        for entry in dict.entries { add(entry.key) }
    }

    /// Rebuilds the table when more than a quarter of it is dummies, as CPython ends
    /// `difference_update`.
    func compactIfSparse() {
        guard fill - count > mask / 4 else { return }
        resize(count > 50_000 ? count * 2 : count * 4)
    }

    /// Takes `other`'s table as it is (CPython's `set_swap_bodies`, as the in-place
    /// intersection ends).
    func takeTable(of other: SetObject) {
        slots = other.slots
        fill = other.fill
        count = other.count
    }

    /// A new set (or frozenset) of the same elements, as CPython's `set_copy`.
    func copy(frozen: Bool? = nil) -> SetObject {
        let copy = SetObject(frozen: frozen ?? isFrozen)
        copy.merge(self)
        return copy
    }
}

extension SetObject: CycleTraversable {
    func makeStorageUnique() { slots.withUnsafeMutableBufferPointer { _ in } }
    func visitReferences(_ visit: (CycleTracked) -> Void) {
        for slot in slots { if case .active(_, let key) = slot { key.visitTracked(visit) } }
    }
    func clearReferences() { removeAll() }
}

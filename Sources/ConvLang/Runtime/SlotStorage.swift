/// A fixed run of `Value?` slots in memory of its own, read and written without the
/// retain of an array buffer or a uniqueness check per access: compiled code touches
/// a frame's locals and the globals on every step of a loop. Grows by reallocation;
/// whoever owns it frees it with ``deallocate()``.
struct SlotStorage {
    private(set) var base: UnsafeMutablePointer<Value?>
    private(set) var count: Int
    private var capacity: Int

    init(count: Int) {
        self.capacity = Swift.max(count, 1)
        self.base = .allocate(capacity: capacity)
        base.initialize(repeating: nil, count: capacity)
        self.count = count
    }

    @inline(__always) subscript(slot: Int) -> Value? {
        get { base[slot] }
        nonmutating set { base[slot] = newValue }
    }

    /// Adds an empty slot at the end.
    mutating func append() {
        if count == capacity {
            let grown = UnsafeMutablePointer<Value?>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: capacity)
            (grown + capacity).initialize(repeating: nil, count: capacity)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        count += 1
    }

    /// The slots' values, copied out.
    var values: [Value?] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func deallocate() {
        base.deinitialize(count: capacity)
        base.deallocate()
    }
}

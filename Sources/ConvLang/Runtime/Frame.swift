/// A variable an inner function captures from an enclosing one (CPython's cell): both
/// functions read and write it, so `nonlocal` assignments are seen by each.
public final class Cell: CycleTracked, @unchecked Sendable {
    public var value: Value?
    public init(_ value: Value? = nil) { self.value = value }
}

/// One activation of a function, lambda or comprehension: its uncaptured locals in
/// slots, and its cells (its own captured locals, then those it captured from outside).
/// Module-level code runs in a frame without slots; its names are globals.
final class Frame {
    let slots: SlotStorage
    let cells: [Cell]
    /// A class body's namespace, which its names are stored in (the class's `__dict__`).
    var namespace: DictObject?

    init(slotCount: Int, cells: [Cell]) {
        self.slots = SlotStorage(count: slotCount)
        self.cells = cells
    }

    deinit { slots.deallocate() }

    /// A frame for module-level code.
    static func module() -> Frame { Frame(slotCount: 0, cells: []) }
}

/// How a statement ends: it falls through, or leaves its block by `break`, `continue`
/// or `return` (control travels as a value, not as an error).
enum Flow {
    case next
    case breakLoop
    case continueLoop
    case returnValue(Value)
}

/// Python's `range`: an arithmetic sequence held as its three numbers, never as a list,
/// so `range(10**18)` costs nothing until its items are asked for.
public struct PythonRange: Sendable, Hashable {
    /// The first item (when there is one).
    public var start: Int64
    /// Where the items stop, not included.
    public var stop: Int64
    /// The distance between items; never zero.
    public var step: Int64

    /// The number of items, counted in 128 bits: `range(-2**63 + 1, 2**63 - 1)` holds
    /// more than `Int.max`.
    var exactCount: Int128 {
        let span = Int128(stop) - Int128(start), stride = Int128(step)
        guard (span > 0) == (stride > 0), span != 0 else { return 0 }
        return (span + stride - stride.signum()) / stride
    }

    /// The number of items (Python's `len`), `Int.max` for a range that holds more.
    public var count: Int {
        let count = exactCount
        return count > Int128(Int.max) ? Int.max : Int(count)
    }

    /// The item at `index` (`0..<count`).
    public func item(at index: Int) -> Int64 {
        Int64(Int128(start) + Int128(index) * Int128(step))
    }

    /// Every item, in order.
    public var items: [Int64] { (0..<count).map(item(at:)) }

    /// `self[slice]`, itself a range, as CPython computes it: the slice's indices
    /// against `count`, mapped through this range. `nil` when a bound falls outside
    /// 64-bit integers.
    func sliced(_ slice: PythonSliceBounds) -> PythonRange? {
        guard let (first, end, sliceStep) = slice.indices(count: count) else { return nil }
        let newStart = Int128(start) + Int128(first) * Int128(step)
        let newStop = Int128(start) + Int128(end) * Int128(step)
        let newStep = Int128(step) * Int128(sliceStep)
        guard let a = Int64(exactly: newStart), let b = Int64(exactly: newStop), let c = Int64(exactly: newStep) else { return nil }
        return PythonRange(start: a, stop: b, step: c)
    }

    /// Python's `repr`: `range(0, 3)`, or `range(1, 10, 2)` when the step is not 1.
    public var repr: String {
        step == 1 ? "range(\(start), \(stop))" : "range(\(start), \(stop), \(step))"
    }

    /// Python's `==` on ranges: the same sequence of items.
    public func isEqual(to other: PythonRange) -> Bool {
        let n = exactCount
        guard n == other.exactCount else { return false }
        if n == 0 { return true }
        if start != other.start { return false }
        return n == 1 || step == other.step
    }

    /// Whether `value` is one of the items (Python's `in`), without listing them.
    public func contains(_ value: Int64) -> Bool {
        let offset = Int128(value) - Int128(start)
        guard offset % Int128(step) == 0 else { return false }
        let index = offset / Int128(step)
        return index >= 0 && index < exactCount
    }
}

import Synchronization

/// The sizes ConvLab refuses to allocate, so that a mistyped size gives an error
/// rather than exhausting memory.
public enum EngineLimits {
    /// The default cap: 2^28 elements (1 GiB of float32).
    public static let defaultMaxElements = 1 << 28

    private static let cap = Atomic<Int>(defaultMaxElements)

    /// A cap bound for one piece of work by ``withMaxElements(_:_:)``.
    @TaskLocal private static var scopedCap: Int?

    /// The most elements one tensor (or one list, string or range) may hold: the cap
    /// bound by ``withMaxElements(_:_:)`` around the current work, else the one set
    /// with ``setMaxElements(_:)`` (`convlab run --max-elements N`).
    public static var maxElements: Int { scopedCap ?? cap.load(ordering: .relaxed) }

    /// Changes the cap for everything that runs after (at least 1).
    public static func setMaxElements(_ value: Int) {
        cap.store(max(1, value), ordering: .relaxed)
    }

    /// Runs `body` with the cap `value` (at least 1) for the work it does on this
    /// thread or task, leaving the process-wide cap, and work elsewhere, alone: a test
    /// can lower it without changing what tests running beside it may allocate.
    public static func withMaxElements<R, E: Error>(_ value: Int, _ body: () throws(E) -> R) throws(E) -> R {
        do {
            return try $scopedCap.withValue(max(1, value)) { try body() }
        } catch {
            throw error as! E
        }
    }

    /// The most dimensions a tensor may have (NumPy's limit too). Printing and
    /// `tolist()` recurse once per dimension.
    public static let maxRank = 64

    /// Throws ``EngineError`` (kind `.limit`) when `shape` holds more than
    /// ``maxElements`` elements, has a dimension longer than that (an empty tensor
    /// too: sizes that large would overflow the arithmetic done with them), or has
    /// more than ``maxRank`` dimensions.
    public static func checkElementCount(_ shape: TensorShape) throws(EngineError) {
        guard shape.rank <= maxRank else {
            throw .limit("a tensor of \(shape.rank) dimensions is more than ConvLab's limit of \(maxRank)")
        }
        let limit = maxElements
        if let size = shape.first(where: { $0 > limit }) {
            throw .limit("a tensor of shape \(shape) has a dimension of \(size), more than \(limit), ConvLab's limit")
        }
        var total = 1
        for size in shape.dimensions {
            let (product, overflow) = total.multipliedReportingOverflow(by: max(size, 0))
            if overflow || product > limit {
                throw .limit("a tensor of shape \(shape) would hold more than \(limit) elements, ConvLab's limit")
            }
            total = product
        }
    }
}

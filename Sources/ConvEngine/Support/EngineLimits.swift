/// The sizes ConvLab refuses to allocate, so that a mistyped size gives an error
/// rather than exhausting memory. The element cap belongs to each
/// ``EngineContext`` (``EngineContext/maxElements``); the checks read the current one.
public enum EngineLimits {
    /// The default cap: 2^28 elements (1 GiB of float32).
    public static let defaultMaxElements = 1 << 28

    /// The most dimensions a tensor may have (NumPy's limit too). Printing and
    /// `tolist()` recurse once per dimension.
    public static let maxRank = 64

    /// Throws ``EngineError`` (kind `.limit`) when `shape` holds more than `limit`
    /// elements, has a dimension longer than that (an empty tensor too: sizes that large
    /// would overflow the arithmetic done with them), or has more than ``maxRank``
    /// dimensions.
    /// - Parameter limit: the cap, by default the current context's
    ///   ``EngineContext/maxElements``.
    public static func checkElementCount(
        _ shape: TensorShape, limit: Int = EngineContext.current.maxElements
    ) throws(EngineError) {
        guard shape.rank <= maxRank else {
            throw .limit("a tensor of \(shape.rank) dimensions is more than ConvLab's limit of \(maxRank)")
        }
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

    /// ``checkElementCount(_:limit:)``, then whether the current context's
    /// ``EngineContext/memoryBudget`` has room for a tensor of `shape` and `dtype` (and
    /// the system would give it): what an operation asks before it allocates its result.
    /// - Parameter workingBytesPerElement: bytes an operation's temporaries take per
    ///   element besides the result (`rand` draws doubles before converting); counted for
    ///   room, not named in the error, which names the tensor's bytes as PyTorch does.
    /// - Throws: ``EngineError`` of kind `.limit` past the element cap, else
    ///   ``EngineError/outOfMemory(bytes:)``.
    public static func checkAllocation(
        _ shape: TensorShape, dtype: DType, workingBytesPerElement: Int = 0
    ) throws(EngineError) {
        let context = EngineContext.current
        try checkElementCount(shape, limit: context.maxElements)
        // Within the cap after the check (negative sizes count as empty, as there).
        let count = shape.dimensions.reduce(1) { $0 * max($1, 0) }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize + workingBytesPerElement)
        try context.memoryBudget.checkRoom(for: overflow ? Int.max : bytes, reporting: count * dtype.itemSize)
    }
}

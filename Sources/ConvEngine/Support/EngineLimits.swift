import Synchronization

/// The sizes ConvLab refuses to allocate, so that a mistyped size gives an error
/// rather than exhausting memory.
public enum EngineLimits {
    /// The default cap: 2^28 elements (1 GiB of float32).
    public static let defaultMaxElements = 1 << 28

    private static let cap = Atomic<Int>(defaultMaxElements)

    /// The most elements one tensor may hold. Set it with ``setMaxElements(_:)``
    /// (`convlab run --max-elements N`).
    public static var maxElements: Int { cap.load(ordering: .relaxed) }

    /// Changes the cap for everything that runs after (at least 1).
    public static func setMaxElements(_ value: Int) {
        cap.store(max(1, value), ordering: .relaxed)
    }

    /// Throws ``EngineError`` (kind `.limit`) when `shape` holds more than
    /// ``maxElements`` elements.
    public static func checkElementCount(_ shape: TensorShape) throws(EngineError) {
        let limit = maxElements
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

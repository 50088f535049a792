/// The sizes ConvLab refuses to allocate, so that a mistyped size gives an error
/// rather than exhausting memory.
public enum EngineLimits {
    /// The most elements one tensor may hold: 2^28 (1 GiB of float32).
    public static let maxElements = 1 << 28

    /// Throws ``EngineError`` (kind `.limit`) when `shape` holds more than
    /// ``maxElements`` elements.
    public static func checkElementCount(_ shape: TensorShape) throws(EngineError) {
        var total = 1
        for size in shape.dimensions {
            let (product, overflow) = total.multipliedReportingOverflow(by: max(size, 0))
            if overflow || product > maxElements {
                throw .limit("a tensor of shape \(shape) would hold more than \(maxElements) elements, ConvLab's limit")
            }
            total = product
        }
    }
}

extension RandomGenerator {
    /// Integers uniform in `[low, high)` (`torch.randint`), drawn as PyTorch's CPU
    /// `random_from_to` draws them: for a range below 2^28, one 32-bit draw per element,
    /// taken modulo the range; for a larger range, one 64-bit value from two draws (the
    /// first the high half), modulo the range. The values are then converted to `dtype`.
    /// - Throws: PyTorch's messages when `low >= high` or the bounds do not fit a bool;
    ///   ``EngineError`` for a negative size or one beyond ConvLab's limit.
    public func randint(low: Int64, high: Int64, _ shape: [Int], dtype: DType = .int64) throws(EngineError) -> Tensor {
        let shape = try Tensor.checkedShape(shape, dtype: dtype, workingBytesPerElement: 8)
        guard low < high else {
            throw .argument("random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(high)")
        }
        if dtype == .bool {
            guard low >= 0, low <= 1 else { throw .argument("from is out of bounds for bool") }
            guard high - 1 <= 1 else { throw .argument("to - 1 is out of bounds for bool") }
        }
        let range = UInt64(bitPattern: high &- low)
        let values: [Int64] = withTwister { twister in
            (0..<shape.elementCount).map { _ in
                let draw: UInt64
                if range >= 1 << 28 {
                    let high = UInt64(twister.next()), low = UInt64(twister.next())
                    draw = high << 32 | low
                } else {
                    draw = UInt64(twister.next())
                }
                return Int64(bitPattern: (draw % range) &+ UInt64(bitPattern: low))
            }
        }
        if dtype == .int64 { return Tensor(shape: shape, storage: .int64(values)) }
        return Tensor(shape: shape, storage: .converting(values, to: dtype))
    }
}

/// Google Brain's 16-bit float: float32's sign and exponent with 7 bits of mantissa,
/// stored as float32's upper half. Converting from float32 rounds to nearest, ties to
/// even, as PyTorch's `c10::BFloat16` does; NaN stays NaN.
public struct BFloat16: Sendable, Hashable {
    /// The upper 16 bits of the float32 value.
    public var bits: UInt16

    public init(bits: UInt16) { self.bits = bits }

    public init(_ value: Float) {
        if value.isNaN { bits = 0x7FC0; return }
        let raw = value.bitPattern
        let roundingBias = UInt32(0x7FFF) + ((raw >> 16) & 1)
        bits = UInt16(truncatingIfNeeded: (raw &+ roundingBias) >> 16)
    }

    /// The value as a float32 (exact).
    public var floatValue: Float { Float(bitPattern: UInt32(bits) << 16) }
}

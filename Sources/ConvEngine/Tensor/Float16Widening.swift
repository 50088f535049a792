extension Float16 {
    /// The value as a float, exactly: c10's `fp16_ieee_to_fp32_value`, in integer and
    /// float operations (Swift's `Float(_:)` calls a library routine for each element on
    /// an x86-64 target without F16C). Normal values, infinities and NaNs are rebiased by
    /// a multiplication; subnormal ones come from a float with the half's bits as its
    /// lowest, less 0.5.
    @inline(__always)
    var widened: Float {
        let w = UInt32(bitPattern) << 16
        let twice = w &+ w
        let normal = Float(bitPattern: (twice >> 4) &+ (0xE0 << 23)) * 0x1p-112
        let subnormal = Float(bitPattern: (twice >> 17) | (126 << 23)) - 0.5
        return Float(bitPattern: (w & 0x8000_0000) | (twice < 1 << 27 ? subnormal.bitPattern : normal.bitPattern))
    }

    /// Eight values as floats, exactly, from their bit patterns (``widened``, lane by lane).
    @inline(__always)
    static func widened(_ bits: SIMD8<UInt16>) -> SIMD8<Float> {
        let w = SIMD8<UInt32>(truncatingIfNeeded: bits) &<< 16
        let twice = w &+ w
        let normal = unsafeBitCast((twice &>> 4) &+ (0xE0 << 23), to: SIMD8<Float>.self) * 0x1p-112
        let subnormal = unsafeBitCast((twice &>> 17) | (126 << 23), to: SIMD8<Float>.self) - 0.5
        // All ones where the half is normal (`twice >> 27` not 0), in integer operations
        // (a lane-wise select goes element by element through memory).
        let high = twice &>> 27
        let isNormal = 0 &- ((high | (0 &- high)) &>> 31)
        let magnitude = (unsafeBitCast(normal, to: SIMD8<UInt32>.self) & isNormal)
            | (unsafeBitCast(subnormal, to: SIMD8<UInt32>.self) & ~isNormal)
        return unsafeBitCast((w & 0x8000_0000) | magnitude, to: SIMD8<Float>.self)
    }
}

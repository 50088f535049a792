/// Copies and zero fills of a few bytes, as plain loads and stores: the lowerings copy
/// and clear runs of a few elements (a 4-wide output row, the one or two zeros at a padded
/// row's ends) hundreds of thousands of times a call, and a call to `memmove` or
/// `memset` for each cost more than the run itself (a third as much again as dcgan1's
/// lowering, a fifth of grouped_convT's phase planes).
enum ShortRuns {
    /// Copies `bytes` bytes, sixteen at a time (the last sixteen overlapping the ones
    /// before when `bytes` is not a multiple).
    @inline(__always)
    static func copy(_ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, bytes: Int) {
        guard bytes >= 16 else {
            target.copyMemory(from: source, byteCount: bytes)
            return
        }
        var offset = 0
        while offset + 16 < bytes {
            target.storeBytes(of: source.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self),
                              toByteOffset: offset, as: SIMD16<UInt8>.self)
            offset += 16
        }
        let last = bytes - 16
        target.storeBytes(of: source.loadUnaligned(fromByteOffset: last, as: SIMD16<UInt8>.self),
                          toByteOffset: last, as: SIMD16<UInt8>.self)
    }

    /// Writes `bytes` zero bytes (so `+0.0` in every float or double they hold), sixteen
    /// at a time, the last store overlapping the one before; under sixteen, two
    /// overlapping stores of eight or of four.
    @inline(__always)
    static func zero(_ target: UnsafeMutableRawPointer, bytes: Int) {
        switch bytes {
        case ..<4:
            for offset in 0..<max(bytes, 0) { target.storeBytes(of: UInt8(0), toByteOffset: offset, as: UInt8.self) }
        case ..<8:
            target.storeBytes(of: UInt32(0), toByteOffset: 0, as: UInt32.self)
            target.storeBytes(of: UInt32(0), toByteOffset: bytes - 4, as: UInt32.self)
        case ..<16:
            target.storeBytes(of: UInt64(0), toByteOffset: 0, as: UInt64.self)
            target.storeBytes(of: UInt64(0), toByteOffset: bytes - 8, as: UInt64.self)
        default:
            var offset = 0
            while offset + 16 < bytes {
                target.storeBytes(of: SIMD16<UInt8>(), toByteOffset: offset, as: SIMD16<UInt8>.self)
                offset += 16
            }
            target.storeBytes(of: SIMD16<UInt8>(), toByteOffset: bytes - 16, as: SIMD16<UInt8>.self)
        }
    }
}

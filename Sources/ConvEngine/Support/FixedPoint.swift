/// `%.<digits>f` of a double in integer arithmetic, for the values a tensor's printout
/// is made of: a tensor's repr and its HTML table format every element several times,
/// and the C library's conversion (multi-precision, through `printf`'s format parser)
/// was the largest part of rendering a small result.
///
/// The result is the C library's, character for character: the decimal value of
/// `value * 10^digits` rounded to the nearest integer, ties to even (glibc's and
/// CPython's rounding of the exact binary value), with the sign of `value` (so `-0.0`
/// and small negatives print as `-0.0000`).
enum FixedPoint {
    /// The most digits after the point done here (10^9 < 2^30, so `value`'s 53-bit
    /// significand times 10^digits stays below 2^83).
    static let maxDigits = 9
    /// The largest magnitude done here: the scaled integer stays below 10^18.
    static let maxMagnitude = 1e9

    private static let powersOfTen: [UInt64] = (0...maxDigits).map { power in
        (0..<power).reduce(UInt64(1)) { product, _ in product * 10 }
    }

    /// The text, or `nil` when `value` is not finite, is at least ``maxMagnitude``, or
    /// `digits` is outside `0...maxDigits` (the caller formats those with `printf`).
    static func format(_ value: Double, digits: Int) -> String? {
        guard value.isFinite, abs(value) < maxMagnitude, (0...maxDigits).contains(digits) else { return nil }
        let unit = powersOfTen[digits]
        let (whole, fraction) = rounded(value, times: unit).quotientAndRemainder(dividingBy: unit)
        // At most: sign, 10 digits, point, 9 digits. Written on the stack: a string of up
        // to 15 bytes is then made without allocating.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { buffer in
            var end = 0
            if value.sign == .minus {
                buffer[end] = UInt8(ascii: "-")
                end += 1
            }
            end = writeDigits(whole, minimumCount: 1, into: buffer, at: end)
            if digits > 0 {
                buffer[end] = UInt8(ascii: ".")
                end = writeDigits(fraction, minimumCount: digits, into: buffer, at: end + 1)
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<end]), as: UTF8.self)
        }
    }

    /// `|value| * scale` rounded to the nearest integer, ties to even, exactly.
    private static func rounded(_ value: Double, times scale: UInt64) -> UInt64 {
        // |value| = significand * 2^exponent, exactly.
        let significand = value.significandBitPattern | (value.isNormal ? 1 << 52 : 0)
        let exponent = (value.isNormal ? Int(value.exponentBitPattern) : 1) - 1075
        let product = UInt128(significand) * UInt128(scale)
        // Positive: |value| < 2^52, so its last significand bit is a fraction.
        let shift = -exponent
        // The product is below 2^83: past that shift the value rounds to 0.
        guard shift < 100 else { return 0 }
        let quotient = product >> shift
        let remainder = product - (quotient << shift)
        let half = UInt128(1) << (shift - 1)
        let up = remainder > half || (remainder == half && quotient & 1 == 1)
        return UInt64(quotient) + (up ? 1 : 0)
    }

    /// Writes `number` in decimal, left-padded with zeros to `minimumCount` digits;
    /// returns the index after the last digit.
    private static func writeDigits(_ number: UInt64, minimumCount: Int, into buffer: UnsafeMutableBufferPointer<UInt8>,
                                    at start: Int) -> Int {
        var count = 1
        var rest = number / 10
        while rest > 0 { count += 1; rest /= 10 }
        count = max(count, minimumCount)
        rest = number
        for i in stride(from: start + count - 1, through: start, by: -1) {
            buffer[i] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        return start + count
    }
}

import ConvEngine
import Foundation

/// Floats as NumPy writes them (`dragon4_positional` and `dragon4_scientific`, from
/// `numpy/_core/src/multiarray/dragon4.c`), for arrays and NumPy scalars.
///
/// NumPy prints the shortest digits that read back as the same value *in the value's own
/// type* (`np.float32(0.1)` is `0.1`, not `0.10000000149011612`), cut at `precision`
/// digits, and extended to `minDigits` digits when asked; a cut or an extension rounds
/// the exact binary value half to even. Swift's `description` gives the same shortest
/// digits for `Float16`, `Float` and `Double`; C's `printf` gives the exactly rounded
/// ones.
enum FloatText {
    /// What happens to trailing zeros and the decimal point (`trim=` in NumPy).
    enum Trim {
        /// `'k'`: keep them, and pad with zeros up to `minDigits`.
        case keep
        /// `'.'`: remove trailing zeros, keep the point (`1.`).
        case zeros
        /// `'0'`: remove trailing zeros but leave one after the point (`1.0`).
        case leaveOneZero
        /// `'-'`: remove trailing zeros and the point (`1`).
        case pointAndZeros
    }

    /// `value` in positional notation, `precision` digits after the point at most
    /// (-1: as many as the shortest digits need).
    /// - Parameters:
    ///   - padLeft: the width the sign and whole digits are padded to with spaces.
    ///   - padRight: the width the fraction digits are padded to with spaces.
    static func positional(_ value: Double, _ dtype: DType, precision: Int = -1, minDigits: Int = -1,
                           trim: Trim = .keep, padLeft: Int = -1, padRight: Int = -1) -> String {
        if let special = nonFinite(value) { return special }
        let magnitude = Swift.abs(value)
        var number = DecimalDigits.shortest(magnitude, dtype)
        let fractionCount = max(0, number.digits.count - 1 - number.exponent)
        if precision >= 0, fractionCount > precision {
            number = DecimalDigits(parsing: CFormat.printf("%.\(precision)f", magnitude))
        } else if minDigits > fractionCount {
            number = DecimalDigits(parsing: CFormat.printf("%.\(minDigits)f", magnitude))
        }
        let (whole, fraction) = number.positionalParts
        var text = whole
        var fractionDigits = fraction.count
        if fractionDigits > 0 { text += "." + fraction }
        if trim != .pointAndZeros, fractionDigits == 0 { text += "." }
        let wanted = max(minDigits, 0)
        if trim == .leaveOneZero {
            if fractionDigits == 0 { text += "0"; fractionDigits = 1 }
        } else if trim == .keep, wanted > fractionDigits {
            text += String(repeating: "0", count: wanted - fractionDigits)
            fractionDigits = wanted
        }
        if trim != .keep, fractionDigits > 0 {
            while text.hasSuffix("0") { text.removeLast(); fractionDigits -= 1 }
            if text.hasSuffix(".") {
                if trim == .leaveOneZero { text += "0"; fractionDigits += 1 } else if trim == .pointAndZeros { text.removeLast() }
            }
        }
        if padRight >= fractionDigits {
            if trim == .pointAndZeros, fractionDigits == 0 { text += " " }
            text += String(repeating: " ", count: padRight - fractionDigits)
        }
        let sign = value.sign == .minus ? "-" : ""
        let taken = whole.count + sign.count
        return String(repeating: " ", count: max(0, padLeft - taken)) + sign + text
    }

    /// `value` in scientific notation, `precision` digits after the first at most
    /// (-1: as many as the shortest digits need), the exponent written with at least
    /// `expDigits` digits (-1: two).
    static func scientific(_ value: Double, _ dtype: DType, precision: Int = -1, minDigits: Int = -1,
                           trim: Trim = .keep, padLeft: Int = -1, expDigits: Int = -1) -> String {
        if let special = nonFinite(value) { return special }
        let magnitude = Swift.abs(value)
        var number = DecimalDigits.shortest(magnitude, dtype)
        let fractionCount = number.digits.count - 1
        if precision >= 0, fractionCount > precision {
            number = DecimalDigits(parsing: CFormat.printf("%.\(precision)e", magnitude))
        } else if minDigits > fractionCount {
            number = DecimalDigits(parsing: CFormat.printf("%.\(minDigits)e", magnitude))
        }
        let sign = value.sign == .minus ? "-" : ""
        var text = String(repeating: " ", count: max(0, padLeft - 1 - sign.count)) + sign
        text += String(number.digits[0])
        var fractionDigits = number.digits.count - 1
        if fractionDigits > 0 { text += "." + number.digits.dropFirst().map(String.init).joined() }
        if trim != .pointAndZeros, fractionDigits == 0 { text += "." }
        let wanted = max(minDigits, 0)
        if trim == .leaveOneZero {
            if fractionDigits == 0 { text += "0"; fractionDigits = 1 }
        } else if trim == .keep, wanted > fractionDigits {
            text += String(repeating: "0", count: wanted - fractionDigits)
            fractionDigits = wanted
        }
        if trim != .keep, fractionDigits > 0 {
            while text.hasSuffix("0") { text.removeLast() }
            if trim == .leaveOneZero, text.hasSuffix(".") { text += "0" }
        }
        let exponent = number.exponent
        var expText = String(Swift.abs(exponent))
        let minimum = expDigits < 0 ? 2 : min(expDigits, 5)
        if expText.count < minimum { expText = String(repeating: "0", count: minimum - expText.count) + expText }
        return text + "e" + (exponent < 0 ? "-" : "+") + expText
    }

    /// `str()` of a NumPy float scalar: positional between 1e-4 and a cutoff that
    /// depends on the type (1e3 for float16, 1e6 for float32, 1e16 for float64),
    /// scientific outside, with the shortest digits (`np.float32(1e+10)`, `0.1`).
    static func scalar(_ value: Double, _ dtype: DType) -> String {
        let magnitude = Swift.abs(value)
        let cutoff: Double = switch dtype {
        case .float16: 1e3
        case .float32: 1e6
        default: 1e16
        }
        if value.isNaN || value == 0 || (magnitude < cutoff && magnitude >= 1e-4) {
            return positional(value, dtype, trim: .leaveOneZero)
        }
        return scientific(value, dtype, trim: .pointAndZeros)
    }

    private static func nonFinite(_ value: Double) -> String? {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return nil
    }
}

/// A non-negative decimal number: its significant digits and the power of ten of the
/// first (`0.0125` is digits 1, 2, 5 and exponent -2). Zero is the digit 0, exponent 0.
struct DecimalDigits {
    var digits: [Int]
    var exponent: Int

    init(digits: [Int], exponent: Int) {
        self.digits = digits
        self.exponent = exponent
    }

    /// The shortest digits that read back as `magnitude` in `dtype`'s precision.
    ///
    /// Swift's `description` gives them for `Float` and `Double` (it writes integers
    /// below 2^24 and 2^53 in full, which there are the shortest too); `Float16` writes
    /// every integer in full (`65504.0`, where NumPy's `6.55e+04` is shorter), so half
    /// precision has its own digit generation.
    static func shortest(_ magnitude: Double, _ dtype: DType) -> DecimalDigits {
        if dtype == .float16 { return shortest(half: Float16(magnitude)) }
        let text: String = dtype == .float32 ? Float(magnitude).description : magnitude.description
        var number = DecimalDigits(parsing: text)
        while number.digits.count > 1, number.digits.last == 0 { number.digits.removeLast() }
        return number
    }

    /// Reads `1.25e-05`, `123.0` or `0.00120` (trailing zeros are kept as digits).
    init(parsing text: String) {
        var mantissa = Substring(text)
        var powerOfTen = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            powerOfTen = Int(text[text.index(after: e)...]) ?? 0
            mantissa = text[..<e]
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts.first ?? "0"
        let fraction = parts.count > 1 ? parts[1] : ""
        var digits = (whole + fraction).compactMap { $0.wholeNumberValue }
        var exponent = whole.count - 1 + powerOfTen
        while digits.count > 1, digits[0] == 0 {
            digits.removeFirst()
            exponent -= 1
        }
        if digits.allSatisfy({ $0 == 0 }) { (digits, exponent) = ([0], 0) }
        self.digits = digits
        self.exponent = exponent
    }

    /// The digits before and after the decimal point.
    var positionalParts: (whole: String, fraction: String) {
        let text = digits.map(String.init).joined()
        if exponent < 0 { return ("0", String(repeating: "0", count: -exponent - 1) + text) }
        let wholeCount = exponent + 1
        if digits.count <= wholeCount { return (text + String(repeating: "0", count: wholeCount - digits.count), "") }
        return (String(text.prefix(wholeCount)), String(text.dropFirst(wholeCount)))
    }

    /// Steele and White's free-format digits (Dragon4 as NumPy runs it) of a finite,
    /// non-negative half, exact in 128-bit integers: digits stop as soon as they name
    /// the value uniquely, and the last one rounds to the nearest (half to even).
    static func shortest(half value: Float16) -> DecimalDigits {
        guard value > 0 else { return DecimalDigits(digits: [0], exponent: 0) }
        let exponentField = Int((value.bitPattern >> 10) & 0x1f), fraction = Int128(value.bitPattern & 0x3ff)
        let (f, e): (Int128, Int) = exponentField == 0 ? (fraction, -24) : (1024 + fraction, exponentField - 25)
        let even = f % 2 == 0
        // value = r / s; the halfway points to the neighbours are mMinus / s below and
        // mPlus / s above (twice as far above at a power of two).
        let unequal = exponentField > 1 && fraction == 0
        var (r, s, mPlus, mMinus): (Int128, Int128, Int128, Int128)
        if e >= 0 {
            (r, s, mPlus, mMinus) = unequal ? (f << (e + 2), 4, 1 << (e + 1), 1 << e) : (f << (e + 1), 2, 1 << e, 1 << e)
        } else {
            (r, s, mPlus, mMinus) = unequal ? (f * 4, 1 << (2 - e), 2, 1) : (f * 2, 1 << (1 - e), 1, 1)
        }
        var k = 0
        while even ? r + mPlus >= s : r + mPlus > s { s *= 10; k += 1 }
        while even ? (r + mPlus) * 10 < s : (r + mPlus) * 10 <= s { r *= 10; mPlus *= 10; mMinus *= 10; k -= 1 }
        var digits: [Int] = []
        while true {
            r *= 10; mPlus *= 10; mMinus *= 10
            var digit = Int(r / s)
            r %= s
            let low = even ? r <= mMinus : r < mMinus
            let high = even ? r + mPlus >= s : r + mPlus > s
            if !low && !high { digits.append(digit); continue }
            if high && (!low || r * 2 > s || (r * 2 == s && digit % 2 == 1)) { digit += 1 }
            digits.append(digit)
            break
        }
        // A final 10 carries into the digits before it.
        var i = digits.count - 1
        while i > 0, digits[i] == 10 { digits[i] = 0; digits[i - 1] += 1; i -= 1 }
        if digits[0] == 10 { digits[0] = 1; digits.insert(0, at: 1); k += 1 }
        while digits.count > 1, digits.last == 0 { digits.removeLast() }
        return DecimalDigits(digits: digits, exponent: k - 1)
    }
}

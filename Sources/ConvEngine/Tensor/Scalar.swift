/// A single number as the language hands it to the engine: a Python `bool`, `int`
/// or `float`. Type promotion treats these as PyTorch treats Python scalars: they
/// never widen a tensor within its category (`float32 * 2.5` stays `float32`).
public enum Scalar: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case int(Int64)
    case double(Double)

    /// The value as a double.
    public var doubleValue: Double {
        switch self {
        case .bool(let b): b ? 1 : 0
        case .int(let i): Double(i)
        case .double(let d): d
        }
    }

    /// The dtype a tensor made of this value alone gets (`torch.tensor(2.0)` is float32).
    public var defaultDType: DType {
        switch self {
        case .bool: .bool
        case .int: .int64
        case .double: .float32
        }
    }

    public var description: String {
        switch self {
        case .bool(let b): b ? "True" : "False"
        case .int(let i): String(i)
        case .double(let d): PythonFormat.float(d)
        }
    }
}

/// Formats numbers the way Python's `repr` does, for messages that quote them.
public enum PythonFormat {
    /// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation
    /// when the decimal exponent is in [-4, 16) and scientific otherwise (`1.0`, `0.1`,
    /// `1e-05`, `1e+16`, `inf`, `nan`).
    public static func float(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description also gives the shortest round-trip digits; re-lay them.
        var text = "\(abs(value))"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...])!
            text = String(text[..<e])
        }
        var digits = text.replacingOccurrences(of: ".", with: "")
        let point = text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? text.count
        var decimalExponent = point - 1 + exponent  // value = d.ddd x 10^decimalExponent
        let leadingZeros = digits.prefix { $0 == "0" }.count
        digits.removeFirst(leadingZeros)
        decimalExponent -= leadingZeros
        while digits.count > 1, digits.hasSuffix("0") { digits.removeLast() }
        let sign = value < 0 ? "-" : ""
        if decimalExponent < -4 || decimalExponent >= 16 {
            let mantissa = digits.count > 1 ? "\(digits.first!).\(digits.dropFirst())" : digits
            let e = abs(decimalExponent)
            return "\(sign)\(mantissa)e\(decimalExponent < 0 ? "-" : "+")\(e < 10 ? "0" : "")\(e)"
        }
        if decimalExponent < 0 {
            return sign + "0." + String(repeating: "0", count: -decimalExponent - 1) + digits
        }
        let integerDigits = decimalExponent + 1
        if digits.count <= integerDigits {
            return sign + digits + String(repeating: "0", count: integerDigits - digits.count) + ".0"
        }
        return sign + digits.prefix(integerDigits) + "." + digits.dropFirst(integerDigits)
    }

    /// A Python list literal of integers, `[1, 2, 3]`.
    public static func list(_ values: [Int]) -> String {
        "[" + values.map(String.init).joined(separator: ", ") + "]"
    }

    /// A Python tuple literal of integers, `(1, 2)`, with the trailing comma of a
    /// one-element tuple, `(1,)`.
    public static func tuple(_ values: [Int]) -> String {
        values.count == 1 ? "(\(values[0]),)" : "(" + values.map(String.init).joined(separator: ", ") + ")"
    }
}

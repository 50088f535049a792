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
    /// Python's `repr(float)`: shortest round-trip digits, always with a decimal point
    /// or exponent (`1.0`, `0.1`, `1e-05`, `inf`, `nan`).
    public static func float(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        var text = "\(value)"
        // Swift prints 1e-05 as "1e-05" and 1.0 as "1.0", like Python; it prints
        // large values as "1e+16" where Python writes "1e+16" too.
        if !text.contains(".") && !text.contains("e") && !text.contains("n") { text += ".0" }
        return text
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

import ConvEngine

/// The formatter NumPy picks for an array's dtype (`BoolFormat`, `IntegerFormat`,
/// `FloatingFormat`), fitted to its values.
enum ArrayElementFormat {
    case bool(trueText: String)
    case integer(width: Int)
    case floating(ArrayFloatFormat)

    init(_ tensor: Tensor, values: [Scalar]) {
        switch tensor.dtype {
        case .bool:
            self = .bool(trueText: tensor.rank == 0 ? "True" : " True")
        case let dtype where dtype.isFloatingPoint:
            self = .floating(ArrayFloatFormat(values.map(\.doubleValue), dtype))
        default:
            let integers = values.compactMap { if case .int(let i) = $0 { i } else { nil } }
            let widths = [integers.max(), integers.min()].compactMap { $0.map { String($0).count } }
            self = .integer(width: widths.max() ?? 0)
        }
    }

    func callAsFunction(_ value: Scalar) -> String {
        switch (self, value) {
        case (.bool(let trueText), .bool(let b)): return b ? trueText : "False"
        case (.integer(let width), .int(let i)):
            let text = String(i)
            return String(repeating: " ", count: max(0, width - text.count)) + text
        case (.floating(let format), _): return format(value.doubleValue)
        default: return value.description
        }
    }
}

/// `FloatingFormat` with `floatmode='maxprec'`: one layout for every element.
struct ArrayFloatFormat {
    let dtype: DType
    var scientific = false
    var padLeft = 0
    var padRight = 0
    var precision = ArrayFormatter.precision
    var minDigits = -1
    var expSize = -1

    init(_ values: [Double], _ dtype: DType) {
        self.dtype = dtype
        let finite = values.filter(\.isFinite)
        let magnitudes = finite.filter { $0 != 0 }.map { Swift.abs($0) }
        if let high = magnitudes.max(), let low = magnitudes.min() {
            scientific = high >= Self.scientificCutoff(dtype) || low < Self.small(dtype) || Self.ratio(high, low, dtype) > 1000
        }
        if finite.isEmpty {
            // Only nan and inf: they print bare.
        } else if scientific {
            let texts = finite.map { FloatText.scientific($0, dtype, precision: precision, trim: .zeros) }
            let parts = texts.map { text -> (whole: Substring, fraction: Substring, exponent: Substring) in
                let e = text.firstIndex(of: "e")!
                let mantissa = text[..<e]
                let point = mantissa.firstIndex(of: ".")!
                return (mantissa[..<point], mantissa[mantissa.index(after: point)...], text[text.index(after: e)...])
            }
            expSize = parts.map(\.exponent.count).max()! - 1
            precision = parts.map(\.fraction.count).max()!
            minDigits = precision
            padLeft = parts.map(\.whole.count).max()!
            padRight = expSize + 2 + precision
        } else {
            let texts = finite.map { FloatText.positional($0, dtype, precision: precision, trim: .zeros) }
            let parts = texts.map { text in text.split(separator: ".", omittingEmptySubsequences: false) }
            padLeft = parts.map { $0[0].count }.max()!
            padRight = parts.map { $0.count > 1 ? $0[1].count : 0 }.max()!
            minDigits = 0
        }
        if finite.count != values.count {
            let negativeInfinity = values.contains { $0.isInfinite && $0 < 0 } ? 1 : 0
            let offset = padRight + 1
            padLeft = max(padLeft, 3 - offset, 3 + negativeInfinity - offset)
        }
    }

    func callAsFunction(_ x: Double) -> String {
        if !x.isFinite {
            let text = x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
            return String(repeating: " ", count: max(0, padLeft + padRight + 1 - text.count)) + text
        }
        if scientific {
            return FloatText.scientific(x, dtype, precision: precision, minDigits: minDigits, trim: .keep,
                                        padLeft: padLeft, expDigits: expSize)
        }
        return FloatText.positional(x, dtype, precision: precision, minDigits: minDigits, trim: .zeros,
                                    padLeft: padLeft, padRight: padRight)
    }

    /// `10 ** min(8, finfo(dtype).precision)`.
    static func scientificCutoff(_ dtype: DType) -> Double {
        switch dtype {
        case .float16: 1e3
        case .float32: 1e6
        default: 1e8
        }
    }

    /// 0.0001 as the dtype holds it (the comparison NumPy makes is in the dtype).
    static func small(_ dtype: DType) -> Double {
        switch dtype {
        case .float16: Double(Float16(0.0001 as Float))
        case .float32: Double(Float(0.0001))
        default: 0.0001
        }
    }

    /// `max / min` computed in the dtype (it may overflow to inf).
    static func ratio(_ high: Double, _ low: Double, _ dtype: DType) -> Double {
        switch dtype {
        case .float16: Double(Float16(Float(high) / Float(low)))
        case .float32: Double(Float(high) / Float(low))
        default: high / low
        }
    }
}

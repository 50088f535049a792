import ConvEngine
import Foundation

/// Python's format-specification mini-language (`format(value, spec)`, f-string fields,
/// `str.format`): `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
struct FormatSpec {
    var fill: Character = " "
    var align: Character?
    var sign: Character = "-"
    var alternate = false
    var zeroPad = false
    var width = 0
    var grouping: Character?
    var precision: Int?
    var type: Character?

    /// A spec with nothing set (as `format(x, '')`), to be filled in field by field.
    init() {}

    /// Parses a spec.
    /// - Throws: Python's ValueError for a spec it cannot read.
    init(_ text: String) throws(Diagnostic) {
        var chars = Array(text)[...]
        func peek(_ offset: Int = 0) -> Character? { chars.count > offset ? chars[chars.startIndex + offset] : nil }
        if let second = peek(1), "<>=^".contains(second) {
            fill = peek()!
            align = second
            chars = chars.dropFirst(2)
        } else if let first = peek(), "<>=^".contains(first) {
            align = first
            chars = chars.dropFirst()
        }
        if let s = peek(), "+- ".contains(s) { sign = s; chars = chars.dropFirst() }
        if peek() == "z" { chars = chars.dropFirst() }
        if peek() == "#" { alternate = true; chars = chars.dropFirst() }
        if peek() == "0" {
            zeroPad = true
            if align == nil { fill = "0"; align = "=" }
            chars = chars.dropFirst()
        }
        var digits = ""
        while let d = peek(), d.isASCII, d.isNumber { digits.append(d); chars = chars.dropFirst() }
        width = Int(digits) ?? 0
        try Self.checkSize(digits)
        if let g = peek(), g == "," || g == "_" { grouping = g; chars = chars.dropFirst() }
        if peek() == "." {
            chars = chars.dropFirst()
            var p = ""
            while let d = peek(), d.isASCII, d.isNumber { p.append(d); chars = chars.dropFirst() }
            guard !p.isEmpty else { throw Diagnostic(.value, "Format specifier missing precision", nil) }
            try Self.checkSize(p)
            precision = Int(p)
        }
        if let t = peek() { type = t; chars = chars.dropFirst() }
        guard chars.isEmpty else { throw Diagnostic(.value, "Invalid format specifier '\(text)' for object of type", nil) }
    }

    /// A width or precision: CPython's ValueError past its integers, ConvLab's
    /// LimitError past what one string may hold.
    private static func checkSize(_ digits: String) throws(Diagnostic) {
        if digits.count > 18 { throw Diagnostic(.value, "Too many decimal digits in format string", nil) }
        if let n = Int(digits), n > EngineContext.current.maxElements {
            throw Diagnostic(.limit, "a str of \(n) characters would hold more than \(EngineContext.current.maxElements) elements, ConvLab's limit", nil)
        }
    }

    /// `value` formatted: ints, floats, bools, strings, None and one-element tensors.
    static func format(_ value: Value, _ spec: String, at range: SourceRange) throws(Diagnostic) -> String {
        if spec.isEmpty { return value.strText }
        let parsed: FormatSpec
        do throws(Diagnostic) { parsed = try FormatSpec(spec) } catch {
            let message = error.message.hasSuffix("type") ? "Invalid format specifier '\(spec)' for object of type '\(value.typeName)'" : error.message
            throw Diagnostic(error.kind == Diagnostic.Category.limit.rawValue ? .limit : .value, message, range)
        }
        switch value {
        case .bool(let b) where parsed.type == nil || parsed.type == "s": return parsed.pad(b ? "True" : "False", numeric: false)
        case .bool(let b): return try parsed.formatInteger(b ? 1 : 0, typeName: "bool", at: range)
        case .int(let i): return try parsed.formatInteger(i, typeName: "int", at: range)
        case .float(let d): return try parsed.formatFloat(d, at: range)
        case .string(let s):
            guard parsed.type == nil || parsed.type == "s" else {
                throw Diagnostic(.value, "Unknown format code '\(parsed.type!)' for object of type 'str'", range)
            }
            guard parsed.sign == "-" else { throw Diagnostic(.value, "Sign not allowed in string format specifier", range) }
            let text = parsed.precision.map { String(s.prefix($0)) } ?? s
            return parsed.pad(text, numeric: false)
        case .tensor(let box) where box.tensor.count == 1 && box.tensor.rank == 0:
            // Tensor.__format__: a 0-dimensional tensor formats its item.
            switch try? box.tensor.item() {
            case .int(let i)?: return try parsed.formatInteger(i, typeName: "int", at: range)
            case .double(let d)?: return try parsed.formatFloat(d, at: range)
            case .bool(let b)?: return parsed.pad(b ? "True" : "False", numeric: false)
            case nil: return value.strText
            }
        default:
            throw Diagnostic(.type, "unsupported format string passed to \(value.typeName).__format__", range)
        }
    }

    func formatInteger(_ value: Int64, typeName: String, at range: SourceRange) throws(Diagnostic) -> String {
        let kind = type ?? "d"
        if "eEfFgG%".contains(kind) { return try formatFloat(Double(value), at: range) }
        guard precision == nil else { throw Diagnostic(.value, "Precision not allowed in integer format specifier", range) }
        let magnitude = value.magnitude
        var digits: String
        switch kind {
        case "d", "n": digits = String(magnitude)
        case "b": digits = String(magnitude, radix: 2)
        case "o": digits = String(magnitude, radix: 8)
        case "x": digits = String(magnitude, radix: 16)
        case "X": digits = String(magnitude, radix: 16).uppercased()
        case "c": return pad(String(UnicodeScalar(UInt32(truncatingIfNeeded: value)).map(Character.init) ?? " "), numeric: false)
        default: throw Diagnostic(.value, "Unknown format code '\(kind)' for object of type '\(typeName)'", range)
        }
        if let grouping { digits = Self.group(digits, with: grouping, every: kind == "d" || kind == "n" ? 3 : 4) }
        let prefix = alternate ? ["b": "0b", "o": "0o", "x": "0x", "X": "0X"][kind] ?? "" : ""
        return pad(signText(negative: value < 0) + prefix, digits)
    }

    func formatFloat(_ value: Double, at range: SourceRange) throws(Diagnostic) -> String {
        let kind = type
        var body: String
        let magnitude = Swift.abs(value)
        if value.isNaN || value.isInfinite {
            body = value.isNaN ? "nan" : "inf"
            if kind == "E" || kind == "F" || kind == "G" { body = body.uppercased() }
        } else {
            switch kind {
            case "f", "F": body = CFormat.printf("%.\(precision ?? 6)f", magnitude)
            case "e", "E": body = CFormat.printf("%.\(precision ?? 6)\(kind!)", magnitude)
            case "%": body = CFormat.printf("%.\(precision ?? 6)f", magnitude * 100) + "%"
            case "g", "G", "n":
                body = CFormat.printf("%.\(max(precision ?? 6, 1))\(kind == "G" ? "G" : "g")", magnitude)
                if alternate == false, body.contains("e") || body.contains("E") {
                    // Python writes at least two exponent digits, as C does.
                }
            case nil:
                if let precision {
                    // Python's general format without a type: 'g', but a fixed-point
                    // result keeps one digit after the point.
                    body = CFormat.printf("%.\(max(precision, 1))g", magnitude)
                    if !body.contains(".") && !body.contains("e") { body += ".0" }
                } else {
                    body = PythonFormat.float(magnitude)
                }
            default:
                throw Diagnostic(.value, "Unknown format code '\(kind!)' for object of type 'float'", range)
            }
        }
        if let grouping {
            let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            let integral = String(parts[0])
            if integral.allSatisfy(\.isNumber) {
                body = Self.group(integral, with: grouping, every: 3) + (parts.count > 1 ? "." + parts[1] : "")
            }
        }
        let negative = value.sign == .minus && !value.isNaN
        return pad(signText(negative: negative), body)
    }

    private func signText(negative: Bool) -> String {
        if negative { return "-" }
        switch sign {
        case "+": return "+"
        case " ": return " "
        default: return ""
        }
    }

    /// A number padded to the width: `=` puts the fill between sign and digits.
    private func pad(_ sign: String, _ digits: String) -> String {
        let text = sign + digits
        let missing = width - text.count
        guard missing > 0 else { return text }
        let filler = String(repeating: fill, count: missing)
        switch align ?? ">" {
        case "<": return text + filler
        case "^": return String(repeating: fill, count: missing / 2) + text + String(repeating: fill, count: missing - missing / 2)
        case "=": return sign + filler + digits
        default: return filler + text
        }
    }

    func pad(_ text: String, numeric: Bool) -> String {
        let missing = width - text.count
        guard missing > 0 else { return text }
        let filler = String(repeating: fill, count: missing)
        switch align ?? (numeric ? ">" : "<") {
        case ">": return filler + text
        case "^": return String(repeating: fill, count: missing / 2) + text + String(repeating: fill, count: missing - missing / 2)
        default: return text + filler
        }
    }

    private static func group(_ digits: String, with separator: Character, every count: Int) -> String {
        var out: [Character] = []
        for (i, c) in digits.reversed().enumerated() {
            if i > 0, i % count == 0 { out.append(separator) }
            out.append(c)
        }
        return String(out.reversed())
    }
}

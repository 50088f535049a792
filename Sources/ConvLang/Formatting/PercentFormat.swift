import ConvEngine

/// Python's `format % values` (printf-style formatting): `%[(name)][flags][width]
/// [.precision]type` with the types `d i u o x X e E f F g G c r s a %`, `*` widths,
/// a tuple, a single value or a dict on the right; CPython 3.11's errors.
enum PercentFormat {
    static func format(_ template: String, _ values: Value, at range: SourceRange) throws(Diagnostic) -> String {
        let chars = Array(template.unicodeScalars)
        let arguments: [Value]
        var mapping: DictObject?
        switch values {
        case .tuple(let items): arguments = items
        case .dict(let dict): arguments = [values]; mapping = dict
        default: arguments = [values]
        }
        var next = 0
        // After a `%(key)s`, CPython has no positional argument left to take.
        var keyed = false
        func take() throws(Diagnostic) -> Value {
            guard next < arguments.count, !keyed else { throw Diagnostic(.type, "not enough arguments for format string", range) }
            defer { next += 1 }
            return arguments[next]
        }
        var out = ""
        var i = 0
        while i < chars.count {
            guard chars[i] == "%" else { out.unicodeScalars.append(chars[i]); i += 1; continue }
            i += 1
            func peek() -> Unicode.Scalar? { i < chars.count ? chars[i] : nil }
            var value: Value?
            if peek() == "(" {
                guard let mapping else { throw Diagnostic(.type, "format requires a mapping", range) }
                var level = 1, j = i + 1
                while j < chars.count {
                    if chars[j] == "(" { level += 1 } else if chars[j] == ")" { level -= 1; if level == 0 { break } }
                    j += 1
                }
                guard j < chars.count else { throw Diagnostic(.value, "incomplete format key", range) }
                let key = StringMethods.text(chars[(i + 1)..<j])
                guard let found = mapping[.string(key)] else { throw Diagnostic.keyError(.string(key), at: range) }
                value = found
                keyed = true
                i = j + 1
            }
            var spec = FormatSpec.empty
            var leftAlign = false, zero = false
            while let c = peek(), "-+ #0".unicodeScalars.contains(c) {
                switch c {
                case "-": leftAlign = true
                case "+": spec.sign = "+"
                case " ": if spec.sign != "+" { spec.sign = " " }
                case "#": spec.alternate = true
                default: zero = true
                }
                i += 1
            }
            if peek() == "*" {
                guard case .int(let w) = try take() else { throw Diagnostic(.type, "* wants int", range) }
                if w < 0 { leftAlign = true }
                spec.width = Int(w.magnitude)
                i += 1
            } else {
                while let c = peek(), let d = Int(String(c)), c.isASCII {
                    spec.width = spec.width &* 10 &+ d
                    i += 1
                    if spec.width > EngineContext.current.maxElements || spec.width < 0 { break }
                }
            }
            if spec.width > EngineContext.current.maxElements || spec.width < 0 {
                throw Diagnostic(.limit, "a str of \(spec.width) characters would hold more than \(EngineContext.current.maxElements) elements, ConvLab's limit", range)
            }
            if peek() == "." {
                i += 1
                var precision = 0
                if peek() == "*" {
                    guard case .int(let p) = try take() else { throw Diagnostic(.type, "* wants int", range) }
                    precision = max(0, Int(p))
                    i += 1
                } else {
                    while let c = peek(), let d = Int(String(c)), c.isASCII { precision = precision * 10 + d; i += 1 }
                }
                spec.precision = precision
            }
            // Length modifiers are accepted and ignored, as in CPython.
            while let c = peek(), "hlL".unicodeScalars.contains(c) { i += 1 }
            guard let type = peek() else { throw Diagnostic(.value, "incomplete format", range) }
            let typeIndex = i
            i += 1
            if type == "%" && value == nil {
                out += "%"
                continue
            }
            let argument: Value
            if let value { argument = value } else { argument = try take() }
            if leftAlign { spec.align = "<" } else if zero && "diuoxXeEfFgG".unicodeScalars.contains(type) { spec.fill = "0"; spec.align = "=" }
            out += try convert(argument, type, spec, index: typeIndex, at: range)
        }
        if mapping == nil, next < arguments.count {
            throw Diagnostic(.type, "not all arguments converted during string formatting", range)
        }
        return out
    }

    private static func convert(_ value: Value, _ type: Unicode.Scalar, _ spec: FormatSpec, index: Int, at range: SourceRange) throws(Diagnostic) -> String {
        var spec = spec
        var value = value
        // A one-element tensor converts to its number (`__int__`, `__float__`).
        if case .tensor(let box) = value, box.tensor.count == 1, !"sra".unicodeScalars.contains(type) {
            value = box.tensor.integerItem.map { .int(Int64($0)) } ?? .float(box.tensor.doubles[0])
        }
        switch type {
        case "s", "r", "a":
            let text = type == "s" ? value.strText : type == "r" ? value.reprText : NumberBuiltins.asciiRepr(value)
            spec.type = nil
            return try spec.formatText(spec.precision.map { String(text.prefix($0)) } ?? text)
        case "d", "i", "u":
            spec.precision = nil
            spec.type = "d"
            switch value {
            case .int(let n): return try spec.formatInteger(n, typeName: "int", at: range)
            case .bool(let b): return try spec.formatInteger(b ? 1 : 0, typeName: "int", at: range)
            case .float(let d) where d.isFinite:
                return try spec.formatInteger(try Interpreter.integer(d, rounded: .towardZero, at: range), typeName: "int", at: range)
            case .float(let d):
                throw Diagnostic(.value, d.isNaN ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer", range, kind: d.isNaN ? nil : "OverflowError")
            default: throw Diagnostic(.type, "%\(Character(type)) format: a real number is required, not \(value.typeName)", range)
            }
        case "x", "X", "o":
            spec.precision = nil
            spec.type = Character(type)
            guard let n = value.asInteger else {
                throw Diagnostic(.type, "%\(Character(type)) format: an integer is required, not \(value.typeName)", range)
            }
            return try spec.formatInteger(n, typeName: "int", at: range)
        case "e", "E", "f", "F", "g", "G":
            spec.type = Character(type)
            guard let d = value.asNumber else {
                throw Diagnostic(.type, "must be real number, not \(value.typeName)", range)
            }
            return try spec.formatFloat(d, at: range)
        case "c":
            spec.precision = nil
            switch value {
            case .string(let s) where s.unicodeScalars.count == 1: return try spec.formatText(s)
            case .int(let n):
                guard let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: n)), n >= 0, n <= 0x10FFFF else {
                    throw Diagnostic(.value, "%c arg not in range(0x110000)", range, kind: "OverflowError")
                }
                return try spec.formatText(String(scalar))
            default: throw Diagnostic(.type, "%c requires int or char", range)
            }
        default:
            let code = String(type.value, radix: 16)
            throw Diagnostic(.value, "unsupported format character '\(Character(type))' (0x\(code)) at index \(index)", range)
        }
    }
}

extension FormatSpec {
    static var empty: FormatSpec { FormatSpec() }

    /// Text padded to the width, right-aligned unless the spec says otherwise (as
    /// `%5s` pads).
    func formatText(_ text: String) throws(Diagnostic) -> String {
        pad(text, numeric: true)
    }
}

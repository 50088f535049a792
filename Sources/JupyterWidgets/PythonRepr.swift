import Foundation
import JupyterKernel

/// Python's `repr` of a JSON value as the Python object it stands for: strings quoted
/// as CPython quotes them, `True`/`None`, floats in CPython's shortest form, arrays as
/// lists or (for tuple traits) tuples.
enum PythonRepr {
    /// How arrays print: as Python lists, or as tuples (with tuples inside two-element pairs).
    enum Sequence { case list, tuple }

    /// - Parameter widget: resolves `"IPY_MODEL_<id>"` strings to the widget's repr.
    static func of(_ value: JSONValue, as sequence: Sequence = .list, widget: (String) -> String? = { _ in nil }) -> String {
        switch value {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .double(let d): return float(d)
        case .string(let s):
            if s.hasPrefix("IPY_MODEL_"), let text = widget(String(s.dropFirst(10))) { return text }
            return string(s)
        case .array(let items):
            let parts = items.map { item -> String in
                if case .array(let inner) = item, sequence == .tuple, inner.count == 2 {
                    return of(item, as: .tuple, widget: widget)
                }
                return of(item, as: sequence, widget: widget)
            }
            switch sequence {
            case .list: return "[" + parts.joined(separator: ", ") + "]"
            case .tuple: return parts.count == 1 ? "(" + parts[0] + ",)" : "(" + parts.joined(separator: ", ") + ")"
            }
        case .object(let members):
            let parts = orderedKeys(members).map { string($0) + ": " + of(members[$0]!, as: sequence, widget: widget) }
            return "{" + parts.joined(separator: ", ") + "}"
        }
    }

    /// Keys in the order Python built them where known (output dicts), else sorted.
    private static func orderedKeys(_ members: [String: JSONValue]) -> [String] {
        let known = ["output_type", "name", "text", "data", "metadata"]
        let first = known.filter { members[$0] != nil }
        return first + members.keys.filter { !known.contains($0) }.sorted()
    }

    /// CPython's `repr(str)`: single quotes unless the text holds `'` and no `"`.
    static func string(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote { out += "\\" + String(quote) }
                else if scalar.value < 0x20 || scalar.value == 0x7f { out += String(format: "\\x%02x", scalar.value) }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + String(quote)
    }

    /// CPython's `repr(float)`: the shortest round-tripping digits, `1e-05`, `inf`, `nan`.
    static func float(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        var text = "\(d)"
        if let e = text.firstIndex(of: "e") {
            var mantissa = String(text[..<e])
            if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
            var exponent = String(text[text.index(after: e)...])
            let sign = exponent.hasPrefix("-") ? "-" : "+"
            exponent = exponent.trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
            if exponent.count < 2 { exponent = "0" + exponent }
            text = mantissa + "e" + sign + exponent
        }
        return text
    }

    /// traitlets' `describe("the", value)`: "the str 'a'", "the NoneType None".
    static func describe(_ value: JSONValue) -> String {
        let type = switch value {
        case .null: "NoneType"
        case .bool: "bool"
        case .int: "int"
        case .double: "float"
        case .string: "str"
        case .array: "list"
        case .object: "dict"
        }
        return "the \(type) \(of(value))"
    }
}

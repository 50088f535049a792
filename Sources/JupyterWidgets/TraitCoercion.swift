import Foundation
import JupyterKernel

/// traitlets' per-type validation of one trait value (`Int`, `CInt`, `Float`, `CFloat`,
/// `Bool`, `Unicode`, `Tuple`), before any model's own validators run.
enum TraitCoercion {
    /// The value as the trait stores it, or traitlets' TraitError text.
    static func coerce(_ value: JSONValue, name: String, spec: ModelSpec) throws(WidgetError) -> JSONValue {
        guard let kind = spec.kinds[name] else { return value }
        if value == .null {
            if spec.nullable.contains(name) { return .null }
            throw refusal(value, name: name, spec: spec)
        }
        let coerced: JSONValue? = switch kind {
        case "int": try intValue(value, casting: false)
        case "cint": try intValue(value, casting: true)
        case "float": floatValue(value, casting: false)
        case "cfloat": floatValue(value, casting: true)
        case "bool": boolValue(value)
        case "str": value.string.map(JSONValue.string)
        case "tuple": value.array.map(JSONValue.array)
        // traitlets' Instance: another widget, held as its reference.
        case "widget": value.string?.hasPrefix("IPY_MODEL_") == true ? value : nil
        default: value
        }
        guard let coerced else { throw refusal(value, name: name, spec: spec) }
        return coerced
    }

    /// "The 'value' trait of an IntSlider instance expected an int, not the str 'a'."
    static func refusal(_ value: JSONValue, name: String, spec: ModelSpec) -> WidgetError {
        refusal(described: PythonRepr.describe(value), name: name, spec: spec)
    }

    private static func refusal(described: String, name: String, spec: ModelSpec) -> WidgetError {
        let info = spec.infos[name] ?? "a value"
        return .trait("The '\(name)' trait of \(instanceName(spec)) instance expected \(info), not \(described).")
    }

    /// traitlets' `class_of`: "an IntSlider", "a HBox".
    static func instanceName(_ spec: ModelSpec) -> String {
        let cls = spec.pythonClass
        return ("AEIOUaeiou".contains(cls.first ?? "x") ? "an " : "a ") + cls
    }

    /// The refusal of binary data for a trait: ipykernel hands buffers to the widget as
    /// memoryviews (`the memoryview <memory at 0x7f...>`).
    static func refusal(_ bytes: Data, name: String, spec: ModelSpec) -> WidgetError {
        let address = bytes.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
        return refusal(described: "the memoryview <memory at 0x\(String(address, radix: 16))>", name: name, spec: spec)
    }

    /// `Int` takes ints (and bools); `CInt` also casts as Python's `int()` does, within
    /// 64 bits (a float beyond them is the OverflowError ConvLang's `int()` gives).
    static func intValue(_ value: JSONValue, casting: Bool) throws(WidgetError) -> JSONValue? {
        switch value {
        case .int: return value
        case .bool(let b): return .int(b ? 1 : 0)
        case .double(let d) where casting && d.isFinite:
            guard let int = Int(exactly: d.rounded(.towardZero)) else {
                throw .overflow("cannot convert float \(PythonRepr.float(d)) to integer: too large for ConvLang (64-bit integers)")
            }
            return .int(int)
        case .string(let s) where casting:
            return Int(s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")).map(JSONValue.int)
        default: return nil
        }
    }

    /// `Float` takes floats and ints; `CFloat` also casts as Python's `float()` does.
    static func floatValue(_ value: JSONValue, casting: Bool) -> JSONValue? {
        switch value {
        case .double: return value
        case .int(let i): return .double(Double(i))
        case .bool(let b) where casting: return .double(b ? 1 : 0)
        case .string(let s) where casting:
            return Double(s.trimmingCharacters(in: .whitespaces)).map(JSONValue.double)
        default: return nil
        }
    }

    /// `Bool` takes bools and the ints 0 and 1.
    static func boolValue(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .bool: value
        case .int(0): .bool(false)
        case .int(1): .bool(true)
        default: nil
        }
    }

    /// Python's `==` between the objects two JSON values stand for (`1 == 1.0 == True`).
    static func pythonEqual(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        switch (a, b) {
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { pythonEqual($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { pythonEqual(value, $0) } ?? false }
        default:
            return a == b
        }
    }

    private static func number(_ v: JSONValue) -> Double? {
        switch v {
        case .int(let i): Double(i)
        case .double(let d): d
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }
}

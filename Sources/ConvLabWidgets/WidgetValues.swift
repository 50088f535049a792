import ConvLang
import Foundation
import JupyterKernel
import JupyterWidgets

/// Traits between the language and the widget layer: Python values as JSON (widgets as
/// `"IPY_MODEL_<id>"` references) and back, as traitlets holds them (sequences as tuples).
enum WidgetValues {
    /// A trait's JSON as the Python value ipywidgets gives: `None`, numbers, strings,
    /// tuples, dicts, and widgets for references to live ones.
    static func value(_ json: JSONValue, bridge: WidgetBridge) -> Value {
        switch json {
        case .null: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int64(i))
        case .double(let d): return .float(d)
        case .string(let s):
            if s.hasPrefix("IPY_MODEL_"), let object = bridge.object(modelID: String(s.dropFirst("IPY_MODEL_".count))) {
                return .host(object)
            }
            return .string(s)
        case .array(let items): return .tuple(items.map { value($0, bridge: bridge) })
        case .object(let members):
            return .newDict(orderedKeys(members).map { (.string($0), value(members[$0] ?? .null, bridge: bridge)) })
        }
    }

    /// A JSON object's keys in the order ipywidgets builds its dicts (an output's
    /// `output_type` first, as Output's `append_*` write them), the rest sorted.
    static func orderedKeys(_ members: [String: JSONValue]) -> [String] {
        let leading = ["output_type", "name", "text", "data", "metadata", "execution_count"].filter { members[$0] != nil }
        return leading + members.keys.filter { !leading.contains($0) }.sorted()
    }

    /// A Python value as the JSON a trait takes, or a clear refusal for values widgets
    /// cannot hold (tensors, functions): ConvLab's traits hold what JSON can say.
    static func json(_ value: Value, trait: String, of model: String) throws(Diagnostic) -> JSONValue {
        guard let json = jsonIfPossible(value) else {
            throw Diagnostic(.notImplemented, "ConvLab's widgets hold numbers, strings, booleans, None, tuples, lists, dicts and widgets; the '\(trait)' trait of \(model) cannot hold a \(value.typeName)", nil)
        }
        return json
    }

    static func jsonIfPossible(_ value: Value) -> JSONValue? {
        switch value {
        case .none: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int(i))
        case .float(let d): return .double(d)
        case .string(let s): return .string(s)
        case .host(let object as WidgetObject): return object.widget.reference
        case .dict(let dict):
            var members: [String: JSONValue] = [:]
            for (key, item) in dict.entries {
                guard case .string(let name) = key, let converted = jsonIfPossible(item) else { return nil }
                members[name] = converted
            }
            return .object(members)
        default:
            guard let items = value.listOrTupleItems else { return nil }
            var converted: [JSONValue] = []
            for item in items {
                guard let json = jsonIfPossible(item) else { return nil }
                converted.append(json)
            }
            return .array(converted)
        }
    }

    /// A widget layer bundle as the language's display bundle: JSON types as JSON text.
    static func textBundle(_ bundle: [String: JSONValue]) -> [String: String] {
        bundle.mapValues { value in
            if case .string(let text) = value { return text }
            return String(decoding: value.encoded(), as: UTF8.self)
        }
    }
}

/// The widget layer's errors as the language's exceptions.
enum WidgetErrors {
    /// traitlets' `TraitError`, which ipywidgets raises for refused values.
    static let traitError = ExceptionType("TraitError", [.exception], module: "traitlets.traitlets")

    /// Runs `body`, turning a ``WidgetError`` into the Python exception ipywidgets raises.
    static func raising<T>(_ body: () throws(WidgetError) -> T) throws(Diagnostic) -> T {
        do throws(WidgetError) {
            return try body()
        } catch {
            throw diagnostic(error)
        }
    }

    static func diagnostic(_ error: WidgetError) -> Diagnostic {
        switch error {
        case .trait(let message): Diagnostic(raising: ExceptionObject(type: traitError, args: [.string(message)]), at: nil)
        case .unknownTrait: Diagnostic(.attribute, error.message, nil)
        case .unknownModel: Diagnostic(.name, error.message, nil)
        case .type(let message): Diagnostic(.type, message, nil)
        }
    }
}

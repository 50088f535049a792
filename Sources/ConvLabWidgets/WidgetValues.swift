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
    /// cannot hold (tensors, functions): ConvLab's traits hold what JSON can say. A
    /// container that holds itself is json.dumps's ValueError, as Python's would be when
    /// the widget synced it.
    static func json(_ value: Value, trait: String, of model: String) throws(Diagnostic) -> JSONValue {
        var conversion = JSONConversion()
        if let json = conversion.convert(value) { return json }
        switch conversion.refusal {
        case .circular: throw Diagnostic(.value, "Circular reference detected", nil)
        case .tooLarge: throw Diagnostic(.notImplemented, "ConvLab's widgets hold at most \(JSONConversion.maxItems) items nested at most \(JSONConversion.maxDepth) deep; the '\(trait)' trait of \(model) was given more", nil)
        case .unsupported, nil:
            throw Diagnostic(.notImplemented, "ConvLab's widgets hold numbers, strings, booleans, None, tuples, lists, dicts and widgets; the '\(trait)' trait of \(model) cannot hold a \(value.typeName)", nil)
        }
    }

    /// The value as JSON, or nil when a trait cannot hold it.
    static func jsonIfPossible(_ value: Value) -> JSONValue? {
        var conversion = JSONConversion()
        return conversion.convert(value)
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
        case .overflow(let message): Diagnostic(.value, message, nil, kind: "OverflowError")
        }
    }
}

import ConvLang
import JupyterWidgets

/// The `change` an observer receives: traitlets' Bunch, a dict whose keys are also
/// attributes (`change['new']`, `change.new`).
final class TraitChange: HostObject, @unchecked Sendable {
    static let cls = ClassObject.host("Bunch", module: "traitlets.utils.bunch", constructor: nil)
    static let keys = ["name", "old", "new", "owner", "type"]

    let entries: [String: Value]

    init(_ change: WidgetChange, bridge: WidgetBridge) {
        entries = [
            "name": .string(change.name),
            "old": WidgetValues.value(change.old, bridge: bridge),
            "new": WidgetValues.value(change.new, bridge: bridge),
            "owner": .host(bridge.object(for: change.owner)),
            "type": .string("change"),
        ]
    }

    var hostClass: ClassObject { Self.cls }

    var reprText: String {
        "{" + Self.keys.map { "'\($0)': \((entries[$0] ?? .none).reprText)" }.joined(separator: ", ") + "}"
    }

    var attributeNames: [String] { Self.keys }

    func attribute(_ name: String, in interpreter: Interpreter) throws(Diagnostic) -> Value? { entries[name] }

    func item(_ key: Value, in interpreter: Interpreter) throws(Diagnostic) -> Value? {
        guard case .string(let name) = key, let value = entries[name] else {
            throw Diagnostic(.key, key.reprText, nil)
        }
        return value
    }
}

import ConvLang
import Foundation
import JupyterKernel
import JupyterWidgets

/// A widget as a Python object: `w.value`, `w.value = 3`, `w.observe(f, names='value')`,
/// `display(w)`. Its traits are read and written through the ``Widget``; the widget's
/// observers call the language's callables.
final class WidgetObject: HostObject, @unchecked Sendable {
    let widget: Widget
    unowned let bridge: WidgetBridge
    /// The class it shows as when not the model's own (`interactive`, a VBox).
    var classOverride: ClassObject?
    /// The language's observers, so `unobserve(f)` finds the one `observe(f)` made.
    var observers: [(handler: Value, names: [String]?, id: ObserverID)] = []

    init(_ widget: Widget, bridge: WidgetBridge) {
        self.widget = widget
        self.bridge = bridge
    }

    var hostClass: ClassObject { classOverride ?? bridge.classes[widget.modelName] ?? WidgetClasses.base }

    /// ipywidgets' repr, under the class it shows as.
    var reprText: String { renamed(widget.repr) }

    private func renamed(_ text: String) -> String {
        guard let classOverride, text.hasPrefix(widget.modelName + "(") else { return text }
        return classOverride.name + text.dropFirst(widget.modelName.count)
    }

    var attributeNames: [String] { widget.keys.filter { !$0.hasPrefix("_") } + ["keys", "model_id"] }

    func attribute(_ name: String, in interpreter: Interpreter) throws(Diagnostic) -> Value? {
        switch name {
        case "keys": return .newList(widget.keys.map { .string($0) })
        case "model_id": return .string(widget.modelID)
        case "lower", "upper" where widget.modelName.hasSuffix("RangeSlider"):
            // ipywidgets' properties over a range's value.
            let bounds = widget["value"].array ?? []
            return WidgetValues.value(bounds.count == 2 ? bounds[name == "lower" ? 0 : 1] : .null, bridge: bridge)
        default:
            guard widget.hasTrait(name) else { return nil }
            return WidgetValues.value(widget[name], bridge: bridge)
        }
    }

    func setAttribute(_ name: String, to value: Value, in interpreter: Interpreter) throws(Diagnostic) -> Bool {
        if (name == "lower" || name == "upper"), widget.modelName.hasSuffix("RangeSlider"), let bounds = widget["value"].array, bounds.count == 2 {
            let other = bounds[name == "lower" ? 1 : 0]
            let json = try WidgetValues.json(value, trait: name, of: widget)
            return try setAttribute("value", to: WidgetValues.value(.array(name == "lower" ? [json, other] : [other, json]), bridge: bridge), in: interpreter)
        }
        guard widget.hasTrait(name) else { return false }
        let json = try WidgetValues.json(value, trait: name, of: widget)
        try WidgetErrors.raising { () throws(WidgetError) in try widget.set([(name, json)]) }
        try bridge.raisePendingObserverError()
        return true
    }

    func mimeBundle() -> [String: String]? {
        var bundle = WidgetValues.textBundle(widget.displayData())
        if let text = bundle["text/plain"] { bundle["text/plain"] = renamed(text) }
        return bundle
    }
}

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
    /// The language's observers by trait name (``allTraits`` for every trait), in order.
    var notifiers: [String: [Value]] = [:]
    /// The one observer of the widget that calls them.
    var observerID: ObserverID?
    /// Attributes that are no traits (`w.note = 1`, `interactive`'s `result`): Python
    /// objects take any attribute.
    var extras: [String: Value] = [:]

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

    var attributeNames: [String] { widget.keys.filter { !$0.hasPrefix("_") } + ["keys", "model_id"] + extras.keys.sorted() }

    func attribute(_ name: String, in interpreter: Interpreter) throws(Diagnostic) -> Value? {
        switch name {
        case "keys": return .newList(widget.keys.map { .string($0) })
        case "model_id": return .string(widget.modelID)
        case "lower" where widget.modelName.hasSuffix("RangeSlider"), "upper" where widget.modelName.hasSuffix("RangeSlider"):
            // ipywidgets' properties over a range's value.
            let bounds = widget["value"].array ?? []
            return WidgetValues.value(bounds.count == 2 ? bounds[name == "lower" ? 0 : 1] : .null, bridge: bridge)
        default:
            guard widget.hasTrait(name) else { return extras[name] }
            return WidgetValues.value(widget[name], bridge: bridge)
        }
    }

    func setAttribute(_ name: String, to value: Value, in interpreter: Interpreter) throws(Diagnostic) -> Bool {
        if (name == "lower" || name == "upper"), widget.modelName.hasSuffix("RangeSlider"), let bounds = widget["value"].array, bounds.count == 2 {
            let other = bounds[name == "lower" ? 1 : 0]
            let json = try WidgetValues.json(value, trait: name, of: widget.modelName)
            return try setAttribute("value", to: WidgetValues.value(.array(name == "lower" ? [json, other] : [other, json]), bridge: bridge), in: interpreter)
        }
        guard widget.hasTrait(name) else {
            guard !name.hasPrefix("__") else { return false }
            extras[name] = value
            return true
        }
        let json = try bridge.traitValue(value, trait: name, of: widget.modelName)
        try bridge.changing { () throws(WidgetError) in try widget.set([(name, json)]) }
        return true
    }

    /// ipywidgets' `_repr_mimebundle_`: the view, and the repr (under the class it shows
    /// as) cut at 110 characters.
    func mimeBundle() -> [String: String]? {
        var bundle = WidgetValues.textBundle(widget.displayData())
        let text = reprText
        bundle["text/plain"] = text.unicodeScalars.count > 110 ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(110))) + "…" : text
        return bundle
    }
}

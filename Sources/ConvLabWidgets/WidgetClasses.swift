import ConvLang
import Foundation
import JupyterKernel
import JupyterWidgets

/// The widget classes as the language sees them: ipywidgets' names, modules and
/// constructor signatures, all deriving from `Widget`, whose methods they share.
enum WidgetClasses {
    /// Each class: its ipywidgets module, and the constructor's signature before `**kwargs`.
    static let catalogue: [(name: String, module: String, parameters: String)] = [
        ("IntSlider", "widget_int", "value=None, min=None, max=None, step=None"),
        ("FloatSlider", "widget_float", "value=None"),
        ("IntRangeSlider", "widget_int", ""),
        ("Play", "widget_int", "value=None, min=None, max=None, step=None"),
        ("Dropdown", "widget_selection", ""),
        ("ToggleButtons", "widget_selection", ""),
        ("Checkbox", "widget_bool", "value=None"),
        ("Label", "widget_string", "value=None"),
        ("HTML", "widget_string", "value=None"),
        ("Output", "widget_output", ""),
        ("HBox", "widget_box", "children=()"),
        ("VBox", "widget_box", "children=()"),
        ("Layout", "widget_layout", ""),
        ("Link", "widget_link", "source, target"),
        ("DirectionalLink", "widget_link", "source, target"),
        ("DescriptionStyle", "widget_description", ""),
        ("SliderStyle", "widget_int", ""),
        ("ToggleButtonsStyle", "widget_selection", ""),
        ("CheckboxStyle", "widget_bool", ""),
        ("HTMLStyle", "widget_string", ""),
        ("LabelStyle", "widget_string", ""),
    ]

    /// `Widget`, the base of every class: its methods, no constructor of its own.
    static let base = ClassObject.host("Widget", module: "ipywidgets.widgets.widget", constructor: nil, methods: [])

    static func make(_ bridge: WidgetBridge) -> [String: ClassObject] {
        let widget = ClassObject.host("Widget", module: "ipywidgets.widgets.widget", constructor: nil, methods: WidgetMethods.common(bridge))
        var classes: [String: ClassObject] = ["Widget": widget]
        for entry in catalogue {
            let signature = entry.parameters.isEmpty ? "**kwargs" : entry.parameters + ", **kwargs"
            let methods = entry.name == "Output" ? WidgetMethods.output(bridge) : []
            classes[entry.name] = ClassObject.host(entry.name, module: "ipywidgets.widgets." + entry.module, base: widget,
                                                   constructor: constructor(entry.name, signature, bridge), methods: methods)
        }
        return classes
    }

    /// `IntSlider(value=2, min=1, description='stride')`: the traits in ipywidgets' order
    /// (the keyword arguments, then the named parameters it moves into them).
    static func constructor(_ name: String, _ signature: String, _ bridge: WidgetBridge) -> Builtin {
        Builtin(name, signature, summary: "ipywidgets' \(name): a model the frontend shows and keeps in sync with the kernel. In a console it prints as its repr.",
                example: example(name)) { (call) throws(Diagnostic) in
            var traits: [(String, Value)] = []
            if case .dict(let kwargs) = call["kwargs"] {
                for (key, value) in kwargs.entries { if case .string(let k) = key { traits.append((k, value)) } }
            }
            for parameter in call.builtin.parameters where !parameter.collectsKeywords {
                let value = call[parameter.name]
                if case .none = value { continue }
                traits.append((parameter.name, value))
            }
            return .host(try bridge.make(name, traits, at: call.range))
        }
    }

    static func example(_ name: String) -> String {
        switch name {
        case "IntSlider": "IntSlider(min=1, max=5, value=2, description='stride')"
        case "FloatSlider": "FloatSlider(min=0.0, max=1.0, step=0.1, value=0.5)"
        case "IntRangeSlider": "IntRangeSlider(min=0, max=10, value=(2, 7))"
        case "Dropdown", "ToggleButtons": "\(name)(options=['zeros', 'reflect'], value='zeros', description='mode')"
        case "HBox", "VBox": "\(name)([IntSlider(), IntSlider()])"
        case "Output": "out = Output()\nwith out:\n    print('captured')"
        default: "\(name)()"
        }
    }
}

extension WidgetBridge {
    /// A new widget of model `name` with `traits` (Python values), as the language's object.
    func make(_ name: String, _ traits: [(String, Value)], at range: SourceRange) throws(Diagnostic) -> WidgetObject {
        var converted: [(String, JSONValue)] = []
        for (key, value) in traits { converted.append((key, try traitValue(value, trait: key, of: name))) }
        let manager = self.manager
        let widget = try changing { () throws(WidgetError) in try manager.make(name, converted) }
        return object(for: widget)
    }

    /// A Python value as trait `trait` of model `model` takes it. A trait that holds a
    /// widget (`layout`, `style`) takes one of its model, or a dict of that model's traits
    /// (traitlets' `InstanceDict`: the model is made from it); anything else is
    /// traitlets' TraitError.
    func traitValue(_ value: Value, trait: String, of model: String) throws(Diagnostic) -> JSONValue {
        if let submodel = WidgetManager.submodelName(model: model, trait: trait) {
            switch value {
            case .host(let object as WidgetObject) where object.widget.modelName == submodel:
                return object.widget.reference
            case .dict(let dict):
                var traits: [(String, Value)] = []
                for (key, item) in dict.entries {
                    guard case .string(let name) = key else { break }
                    traits.append((name, item))
                }
                return try make(submodel, traits, at: SourceRange(0, 0)).widget.reference
            default:
                let article = "AEIOU".contains(model.first ?? "x") ? "an" : "a"
                let described = if case .host(let object as WidgetObject) = value { "the \(object.widget.modelName) \(object.reprText)" } else { "the \(value.typeName) \(value.reprText)" }
                throw WidgetErrors.diagnostic(.trait("The '\(trait)' trait of \(article) \(model) instance expected a \(submodel), not \(described)."))
            }
        }
        return try WidgetValues.json(value, trait: trait, of: model)
    }
}

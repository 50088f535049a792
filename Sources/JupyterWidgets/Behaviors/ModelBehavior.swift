import JupyterKernel

/// A model's own rules, as its ipywidgets class declares them: traitlets' `@validate`
/// (cross-validation) and `@observe` handlers, and what its `__init__` does to the
/// keyword arguments. One instance per widget, so it can keep per-widget bookkeeping.
class ModelBehavior: @unchecked Sendable {
    /// Type checks beyond the trait's kind, made on every set, held or not (the element
    /// traits of a `Tuple(CInt(), CInt())`).
    func typeCheck(_ widget: Widget, _ name: String, _ value: JSONValue) throws(WidgetError) -> JSONValue {
        value
    }

    /// The model's `@validate` for `name`: the value to store, or a TraitError. May set
    /// other traits through ``Widget/assign(_:_:)`` as ipywidgets' validators do.
    func validate(_ widget: Widget, _ name: String, _ proposal: JSONValue) throws(WidgetError) -> JSONValue {
        proposal
    }

    /// The model's `@observe` handlers for `name`, run before the user's observers.
    func didChange(_ widget: Widget, _ name: String, old: JSONValue, new: JSONValue) {}

    /// What the class's `__init__` does to its keyword arguments before traitlets sets them.
    func prepare(_ widget: Widget, _ kwargs: inout [(String, JSONValue)]) throws(WidgetError) {}

    /// Called once the constructor's traits are set.
    func finishInit(_ widget: Widget) {}

    /// Traits kept in the kernel only (not synced), with their defaults: Dropdown's
    /// `value`, `label` and `options`.
    var localTraits: [String: JSONValue] { [:] }

    /// The behaviour of the model `name`.
    static func make(for name: String) -> ModelBehavior {
        switch name {
        case "IntSlider", "Play": BoundedNumberBehavior(minMessage: "setting min > max")
        case "FloatSlider": BoundedNumberBehavior(minMessage: "Setting min > max")
        case "IntRangeSlider": IntRangeBehavior()
        case "Dropdown", "ToggleButtons": SelectionBehavior()
        case "HBox", "VBox": BoxBehavior()
        case "Link", "DirectionalLink": LinkBehavior()
        default: ModelBehavior()
        }
    }
}

import JupyterKernel

/// One widget model as ipywidgets declares it: what ``WidgetDefaults`` holds for each
/// model, generated from ipywidgets itself by `scripts/generate_widget_fixtures.py`.
struct ModelSpec: Sendable {
    /// The Python class name (`IntSlider`), which the repr starts with.
    let pythonClass: String
    /// The synced traits (ipywidgets' `keys`), sorted as ipywidgets sorts them.
    let keys: [String]
    /// The full default state, `get_state()` of a fresh instance; references to other
    /// models are `"IPY_MODEL_"` here and filled in per widget.
    let state: [String: JSONValue]
    /// The traits holding another model by default, with that model's name (`layout`: `Layout`).
    let submodels: [String: String]
    /// Each synced trait's kind: `int`, `cint`, `float`, `cfloat`, `bool`, `str`, `tuple`, `widget`, `any`.
    let kinds: [String: String]
    /// traitlets' `info()` per trait ("an int"), for the messages of type errors.
    let infos: [String: String]
    /// The traits that accept `None`.
    let nullable: [String]
    /// The traits traitlets refuses to set from the kernel.
    let readOnly: [String]
    /// Whether the class is a `ValueWidget` (its repr starts with `value`).
    let isValueWidget: Bool
    /// Whether the class is a `_Selection` (index, value, label and options kept consistent).
    let isSelection: Bool
    /// Each trait's class default, which its repr leaves out.
    let reprDefaults: [String: JSONValue]
    /// Containers whose default is built per instance: the repr leaves them out when empty.
    let emptyContainerDefaults: [String]
}

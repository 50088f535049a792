import JupyterKernel

/// How a widget shows itself: ipywidgets' `__repr__` (`_repr_keys`) and `_repr_mimebundle_`.
extension Widget {
    /// ipywidgets' `repr(widget)`: `IntSlider(value=2, description='stride', max=5, min=1)`.
    public var repr: String { manager.locked { reprText() } }

    /// ipywidgets' `_repr_mimebundle_`: the widget view (`version_major` 2,
    /// `version_minor` 0, the model id) and the repr as `text/plain`, cut at 110
    /// characters. Models without a view (links) and closed widgets give only the text.
    public func displayData() -> [String: JSONValue] {
        manager.locked {
            var text = reprText()
            // Python cuts at 110 code points.
            if text.unicodeScalars.count > 110 { text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(110))) + "…" }
            var bundle: [String: JSONValue] = ["text/plain": .string(text)]
            if !closed, trait("_view_name") != .null {
                bundle["application/vnd.jupyter.widget-view+json"] = [
                    "version_major": 2, "version_minor": 0, "model_id": .string(modelID),
                ]
            }
            return bundle
        }
    }

    func reprText() -> String {
        makeSubmodels()
        let args = reprKeys().map { "\($0)=\(reprValue($0))" }
        return "\(spec.pythonClass)(\(args.joined(separator: ", ")))"
    }

    /// `_repr_keys` through the class hierarchy: sorted synced keys without private ones
    /// and defaults; `value` first for value widgets; selections sorted with `options`
    /// and without `index` 0; layout and style only when not default; `_dom_classes` last.
    func reprKeys() -> [String] {
        var keys: [String] = []
        for key in spec.keys.sorted() where !key.hasPrefix("_") {
            let value = trait(key)
            if let d = spec.reprDefaults[key], TraitCoercion.pythonEqual(value, d) { continue }
            if spec.emptyContainerDefaults.contains(key), value == .null || value.array?.isEmpty == true { continue }
            if spec.kinds[key] == "widget", let sub = referencedWidget(value), sub.reprText() == "\(sub.spec.pythonClass)()" { continue }
            keys.append(key)
        }
        if spec.isValueWidget { keys = ["value"] + keys.filter { $0 != "value" } }
        if spec.isSelection {
            keys = (keys + ["options"]).sorted().filter { !($0 == "index" && trait("index") == 0) }
        }
        if trait("_dom_classes").array?.isEmpty == false { keys.append("_dom_classes") }
        return keys
    }

    private func reprValue(_ key: String) -> String {
        let tuple = spec.kinds[key] == "tuple" || key == "options" || (spec.isValueWidget && spec.kinds[key] == "tuple")
        return PythonRepr.of(trait(key), as: tuple ? .tuple : .list) { id in
            manager.widgetsByID[id]?.reprText()
        }
    }

    /// The widget an `"IPY_MODEL_<id>"` value names.
    func referencedWidget(_ value: JSONValue) -> Widget? {
        guard let s = value.string, s.hasPrefix("IPY_MODEL_") else { return nil }
        return manager.widgetsByID[String(s.dropFirst(10))]
    }
}

import JupyterKernel

/// `_Selection` (Dropdown, ToggleButtons): `options` are values or (label, value)
/// pairs; the synced `index` and the kernel's `value` and `label` follow one another.
final class SelectionBehavior: ModelBehavior, @unchecked Sendable {
    /// `_options_full`: (label, value) per option.
    private var options: [(label: String, value: JSONValue)] = []
    private var initializing = false

    override var localTraits: [String: JSONValue] { ["value": .null, "label": .null, "options": []] }

    override func prepare(_ widget: Widget, _ kwargs: inout [(String, JSONValue)]) throws(WidgetError) {
        initializing = true
        let given = kwargs.last { $0.0 == "options" }?.1 ?? []
        kwargs.removeAll { $0.0 == "options" }
        kwargs.insert(("options", given), at: 0)
        options = try Self.full(given, widget: widget)
        propagateOptions(widget)
        if !kwargs.contains(where: { ["index", "value", "label"].contains($0.0) }) {
            let first = options.first
            kwargs.append(("index", first == nil ? .null : 0))
            kwargs.append(("label", first.map { .string($0.label) } ?? .null))
            kwargs.append(("value", first?.value ?? .null))
        }
    }

    override func finishInit(_ widget: Widget) {
        initializing = false
    }

    /// ipywidgets' `_make_options`: pairs when every item is a two-element sequence,
    /// else each value labelled with its `str()`.
    static func full(_ x: JSONValue, widget: Widget) throws(WidgetError) -> [(label: String, value: JSONValue)] {
        let items: [JSONValue]
        switch x {
        case .array(let a): items = a
        case .object:
            // Python keeps a dict's order; a JSON object does not, so this layer refuses
            // rather than reorder the options.
            throw .type("options given as a dict are not supported; pass a list of (label, value) pairs")
        case .string(let s): items = s.map { .string(String($0)) }
        default: throw .trait("'\(typeName(x))' object is not iterable")
        }
        if items.allSatisfy({ $0.array?.count == 2 }) {
            return items.map { (str($0.array![0]), $0.array![1]) }
        }
        return items.map { (str($0), $0) }
    }

    /// Python's `str()` of the value.
    static func str(_ v: JSONValue) -> String {
        if case .string(let s) = v { return s }
        return PythonRepr.of(v)
    }

    private static func typeName(_ v: JSONValue) -> String {
        switch v {
        case .int: "int"
        case .double: "float"
        case .bool: "bool"
        default: "NoneType"
        }
    }

    override func validate(_ widget: Widget, _ name: String, _ proposal: JSONValue) throws(WidgetError) -> JSONValue {
        switch name {
        case "options":
            options = try Self.full(proposal, widget: widget)
            return proposal
        case "index":
            guard let i = proposal.int else { return proposal }
            if !(0..<options.count).contains(i) { throw .trait("Invalid selection: index out of bounds") }
            return proposal
        case "value":
            if proposal == .null { return .null }
            guard let found = options.first(where: { TraitCoercion.pythonEqual($0.value, proposal) }) else {
                throw .trait("Invalid selection: value not found")
            }
            return found.value
        case "label":
            if proposal != .null, !options.contains(where: { .string($0.label) == proposal }) {
                throw .trait("Invalid selection: label not found")
            }
            return proposal
        default:
            return proposal
        }
    }

    override func didChange(_ widget: Widget, _ name: String, old: JSONValue, new: JSONValue) {
        switch name {
        case "options":
            propagateOptions(widget)
            guard widget.trait("index") != .null, !initializing else { return }
            if options.isEmpty { try? widget.assign("index", .null) }
            else if widget.trait("index") == 0 { widget.notify("index", old: 0, new: 0) }
            else { try? widget.assign("index", 0) }
        case "index":
            let i = new.int
            try? widget.assign("label", i.map { .string(options[$0].label) } ?? .null)
            try? widget.assign("value", i.map { options[$0].value } ?? .null)
        case "value":
            follow(widget, new) { TraitCoercion.pythonEqual($0.value, new) }
        case "label":
            follow(widget, new) { .string($0.label) == new }
        default:
            break
        }
    }

    /// `_propagate_value` / `_propagate_label`: the index of the option now selected.
    private func follow(_ widget: Widget, _ new: JSONValue, _ matches: ((label: String, value: JSONValue)) -> Bool) {
        var index: JSONValue = .null
        if new != .null {
            if let current = widget.trait("index").int, options.indices.contains(current), matches(options[current]) {
                index = .int(current)
            } else if let found = options.firstIndex(where: matches) {
                index = .int(found)
            }
        }
        if widget.trait("index") != index { try? widget.assign("index", index) }
    }

    /// `_propagate_options`: the synced labels.
    private func propagateOptions(_ widget: Widget) {
        widget.store("_options_labels", .array(options.map { .string($0.label) }))
    }
}

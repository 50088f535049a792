import JupyterKernel

/// `Box` (HBox, VBox): `children` must be widgets.
final class BoxBehavior: ModelBehavior, @unchecked Sendable {
    override func typeCheck(_ widget: Widget, _ name: String, _ proposal: JSONValue) throws(WidgetError) -> JSONValue {
        guard name == "children", let items = proposal.array else { return proposal }
        for item in items where widget.referencedWidget(item) == nil {
            throw .trait("The 'children' trait of \(widget.spec.pythonClass.first.map { "AEIOU".contains($0) } == true ? "an" : "a") \(widget.spec.pythonClass) instance contains an Instance of a TypedTuple which expected a Widget, not \(PythonRepr.describe(item)).")
        }
        return proposal
    }
}

/// `Link` / `DirectionalLink`: `source` and `target` are (widget, synced trait name) pairs.
final class LinkBehavior: ModelBehavior, @unchecked Sendable {
    override func typeCheck(_ widget: Widget, _ name: String, _ proposal: JSONValue) throws(WidgetError) -> JSONValue {
        guard name == "source" || name == "target" else { return proposal }
        guard let pair = proposal.array, pair.count == 2, let other = widget.referencedWidget(pair[0]),
              let traitName = pair[1].string
        else { throw TraitCoercion.refusal(proposal, name: name, spec: widget.spec) }
        let traitRepr = "\(other.spec.pythonClass).\(traitName)"
        if !other.hasTrait(traitName) { throw .type("No such trait: \(traitRepr)") }
        if !other.spec.keys.contains(traitName) { throw .type("\(traitRepr) cannot be synced") }
        return proposal
    }
}

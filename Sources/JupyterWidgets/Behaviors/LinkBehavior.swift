import JupyterKernel

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

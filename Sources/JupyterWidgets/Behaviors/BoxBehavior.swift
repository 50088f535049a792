import JupyterKernel

/// `Box` (HBox, VBox): `children` must be widgets.
final class BoxBehavior: ModelBehavior, @unchecked Sendable {
    override func typeCheck(_ widget: Widget, _ name: String, _ proposal: JSONValue) throws(WidgetError) -> JSONValue {
        guard name == "children", let items = proposal.array else { return proposal }
        for item in items where widget.referencedWidget(item) == nil {
            throw .trait("The 'children' trait of \(TraitCoercion.instanceName(widget.spec)) instance contains an Instance of a TypedTuple which expected a Widget, not \(PythonRepr.describe(item)).")
        }
        return proposal
    }
}

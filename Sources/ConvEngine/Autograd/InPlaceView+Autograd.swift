/// The view operations done in place (`t_`, `transpose_`, `squeeze_`, `unsqueeze_`,
/// `as_strided_`), which change a tensor's own sizes and strides: to autograd they are
/// in-place operations, refused on a leaf that requires grad, counted by the version,
/// and recorded under PyTorch's in-place names (`t_()` is `TBackward1`).
extension Tensor {
    /// PyTorch's node names for the in-place forms, by the out-of-place node's name.
    private static let inPlaceViewNames = [
        "TBackward0": "TBackward1", "TransposeBackward0": "TransposeBackward1", "UnsqueezeBackward0": "UnsqueezeBackward1",
        "SqueezeBackward0": "SqueezeBackward3", "SqueezeBackward1": "SqueezeBackward4", "SqueezeBackward2": "SqueezeBackward5",
        "AsStridedBackward0": "AsStridedBackward1",
    ]

    /// Takes the sizes and strides of `view`, which a view operation made of this
    /// tensor; when the graph is recorded, this tensor's history becomes the view's node
    /// under its in-place name, with the old history as its input.
    /// - Throws: PyTorch's refusal for a leaf that requires grad.
    public mutating func adoptView(_ view: Tensor) throws(EngineError) {
        var node: GradientNode?
        if try checkInPlaceWrite(inputs: []), let viewNode = view.gradFn {
            let name = Self.inPlaceViewNames[viewNode.name] ?? viewNode.name
            node = viewing(view.layout).recorded(name, inputs: [self]) { g, _ throws(EngineError) in
                try viewNode.apply(g, keepingSaved: true)
            }.autograd.gradFn
        }
        adoptLayout(of: view)
        markWritten()
        if let node {
            autograd.gradFn = node
            autograd.outputNumber = 0
        }
    }
}

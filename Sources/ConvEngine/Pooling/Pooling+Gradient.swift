/// The gradients of pooling, under PyTorch's names: `MaxPool2DWithIndicesBackward0` /
/// `MaxPool3DWithIndicesBackward0` and `AvgPool2DBackward0` / `AvgPool3DBackward0`;
/// one-dimensional pooling is PyTorch's 2-d pooling of the input unsqueezed at -2
/// (`UnsqueezeBackward0`), squeezed back (`SqueezeBackward1`).
///
/// The backward kernels are loops, not engine operations: a backward pass that records
/// its graph (`create_graph=True`) through them is refused.
extension Pooling {
    /// `output`, the pooling of `input` by `plan`, recorded under `operation`'s node
    /// (`MaxPool` or `AvgPool`) with `backward` mapping the output's gradient to the
    /// input's (in the shapes of the pooling itself).
    static func recorded(_ output: Tensor, of input: Tensor, spatialRank: Int, operation: String, saving saved: [Tensor],
                         backward: @escaping (_ grad: Tensor, _ saved: [Tensor], _ inputShape: TensorShape) -> Tensor) -> Tensor {
        guard Tensor.isRecording([input]) else { return output }
        let suffix = operation == "MaxPool" ? "WithIndicesBackward0" : "Backward0"
        let name = "\(operation)\(Swift.max(spatialRank, 2))D\(suffix)"
        let function = "\(operation == "MaxPool" ? "max" : "avg")_pool\(spatialRank)d"
        func node(_ output: Tensor, _ input: Tensor) -> Tensor {
            let inputShape = input.shape
            return output.recorded(name, inputs: [input], saving: saved) { g, values throws(EngineError) in
                try Tensor.refuseSecondDerivative(of: function, [g[0]])
                return [backward(g[0], values, inputShape)]
            }
        }
        guard spatialRank == 1 else { return node(output, input) }
        let lifted = input.withShape(input.shape.insertingOneBeforeLast())
            .recorded("UnsqueezeBackward0", inputs: [input]) { g, _ throws(EngineError) in [try g[0].squeezed(dim: -2)] }
        let pooled = node(output.withShape(output.shape.insertingOneBeforeLast()), lifted)
        return pooled.withShape(output.shape)
            .recorded("SqueezeBackward1", inputs: [pooled]) { g, _ throws(EngineError) in [try g[0].unsqueezed(dim: -2)] }
    }
}

extension TensorShape {
    /// These sizes with a 1 inserted before the last (PyTorch's `unsqueeze(-2)`).
    func insertingOneBeforeLast() -> TensorShape {
        var sizes = dimensions
        sizes.insert(1, at: Swift.max(sizes.count - 1, 0))
        return TensorShape(sizes)
    }
}

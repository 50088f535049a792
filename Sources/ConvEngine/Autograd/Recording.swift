/// The one place where operations join the autograd graph.
///
/// A differentiable operation computes its result as before and hands it to
/// ``Tensor/recorded(_:inputs:saving:savingOutput:formula:)`` with its inputs and the
/// formula of its gradients. When grad mode is on and an input requires a gradient, a
/// ``GradientNode`` records the operation and the result becomes its output (it then
/// prints `grad_fn=<Name>`); otherwise the result is returned untouched, at the cost of
/// a glance at each input.
extension Tensor {
    /// Whether an operation on `inputs` records a node now.
    static func isRecording(_ inputs: [Tensor?]) -> Bool {
        guard inputs.contains(where: { $0?.requiresGrad == true }) else { return false }
        return EngineContext.current.gradMode.isGradEnabled
    }

    /// ``isRecording(_:)`` for a convolution's three operands, without gathering them
    /// into an array first (the check runs on every call, however small).
    static func isRecording(_ input: Tensor, _ weight: Tensor, _ bias: Tensor?) -> Bool {
        guard input.requiresGrad || weight.requiresGrad || bias?.requiresGrad == true else { return false }
        return EngineContext.current.gradMode.isGradEnabled
    }

    /// This result of the operation `name` on `inputs`, recorded when the graph is.
    ///
    /// - Parameters:
    ///   - name: the node's name as PyTorch prints it (`MulBackward0`).
    ///   - inputs: the differentiable inputs, in the formula's order (`nil` for an
    ///     absent optional input, such as a missing bias).
    ///   - saved: tensors the formula needs, handed to it in this order.
    ///   - savingOutput: whether the formula also needs this result (handed after `saved`).
    ///   - formula: the gradients of the inputs from the gradient of the result.
    func recorded(_ name: String, inputs: [Tensor?], saving saved: [Tensor] = [], savingOutput: Bool = false,
                  formula: @escaping GradientNode.Formula) -> Tensor {
        guard Tensor.isRecording(inputs) else { return self }
        return Tensor.record([self], name: name, inputs: inputs, saving: saved, savingOutputs: savingOutput, formula: formula)[0]
    }

    /// Records one node with several outputs (`unbind`, `split`, `max(dim)`'s values),
    /// when the graph is recorded; the outputs are returned either way.
    /// - Parameter materializingGradients: whether an output that gets no gradient is
    ///   handed to the formula as zeros of its shape, or as an empty `[0]` tensor (see
    ///   ``GradientNode/materializesGradients``).
    static func recorded(_ outputs: [Tensor], name: String, inputs: [Tensor?], saving saved: [Tensor] = [],
                         materializingGradients: Bool = true, formula: @escaping GradientNode.Formula) -> [Tensor] {
        guard isRecording(inputs) else { return outputs }
        return record(outputs, name: name, inputs: inputs, saving: saved, savingOutputs: false,
                      materializingGradients: materializingGradients, formula: formula)
    }

    private static func record(_ outputs: [Tensor], name: String, inputs: [Tensor?], saving saved: [Tensor],
                               savingOutputs: Bool, materializingGradients: Bool = true,
                               formula: @escaping GradientNode.Formula) -> [Tensor] {
        // An operation that handed back one of its inputs gets a fresh view to record on,
        // so that a tensor never becomes its own input.
        let outputs = outputs.map { output in
            inputs.contains { $0?.autograd === output.autograd } ? output.viewing(output.layout) : output
        }
        var toSave = saved.map { SavedTensor($0) }
        if savingOutputs { toSave += outputs.indices.map { SavedTensor(outputs[$0], isOutputNumber: $0) } }
        let node = GradientNode(name: name, nextEdges: inputs.map { $0.flatMap(\.gradientEdge) },
                                inputs: inputs, outputs: outputs, saved: toSave,
                                materializesGradients: materializingGradients, formula: formula)
        for (number, output) in outputs.enumerated() {
            output.autograd.gradFn = node
            output.autograd.outputNumber = number
            output.autograd.requiresGradFlag = false
        }
        return outputs
    }

    /// Where a gradient for this tensor goes: the node that made it, or the leaf's
    /// `AccumulateGrad`; `nil` when it needs none.
    var gradientEdge: GradientEdge? {
        refreshViewHistory()
        let meta = autograd
        if let node = meta.gradFn { return GradientEdge(node: node, inputNumber: meta.outputNumber) }
        guard meta.requiresGradFlag else { return nil }
        if let accumulator = meta.accumulator { return GradientEdge(node: accumulator, inputNumber: 0) }
        let accumulator = GradientNode(accumulatingInto: self)
        meta.accumulator = accumulator
        return GradientEdge(node: accumulator, inputNumber: 0)
    }
}

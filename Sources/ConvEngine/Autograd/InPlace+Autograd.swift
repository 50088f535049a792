/// How in-place writes meet autograd, in one place: PyTorch's refusals (a leaf that
/// requires grad, a view of one), and the history a written tensor takes on — its
/// `grad_fn` becomes the node of the operation written in (`x.add_(1)` makes it
/// `AddBackward0`, with the old history as its input).
extension Tensor {
    /// Writes `compute(self)` into this tensor's elements, recording the write when
    /// the graph is (the in-place methods: `add_`, `relu_`, `clamp_`, ...).
    ///
    /// - Parameters:
    ///   - inputs: the operation's other tensor inputs, which may require grad.
    ///   - otherShape: the shape the result was broadcast with, for PyTorch's message
    ///     when it would change this tensor's shape.
    ///   - compute: the out-of-place operation. When the write is recorded it runs on a
    ///     copy of the elements that keeps this tensor's history, so that what its node
    ///     saves is not changed by the write.
    public func updateInPlace(inputs: [Tensor?] = [], broadcastWith otherShape: TensorShape = [],
                              _ compute: (Tensor) throws(EngineError) -> Tensor) throws(EngineError) {
        let source = try inPlaceSource(inputs: inputs)
        try finishInPlace(with: try compute(source), broadcastWith: otherShape)
    }

    /// The first half of ``updateInPlace(inputs:broadcastWith:_:)``, for callers that
    /// compute the result themselves (`x += y` in the language): PyTorch's checks, then
    /// the tensor to compute from — this one, or, when the write will be recorded, a copy
    /// of its elements that keeps its history.
    public func inPlaceSource(inputs: [Tensor?]) throws(EngineError) -> Tensor {
        try checkInPlaceWrite(inputs: inputs) ? snapshotKeepingHistory() : self
    }

    /// The second half: writes `result` into this tensor's elements and, when it was
    /// recorded, makes its node this tensor's history.
    /// - Throws: NotImplementedError, before writing, when this tensor requires grad and
    ///   the operation recorded nothing (it has no gradient in ConvLab yet): the write
    ///   would otherwise leave a history that skips it.
    public func finishInPlace(with result: Tensor, broadcastWith otherShape: TensorShape = []) throws(EngineError) {
        if EngineContext.current.gradMode.isGradEnabled, requiresGrad, result.dtype.isFloatingPoint,
           result.autograd !== autograd, result.autograd.gradFn == nil {
            throw EngineError(.argument, "ConvLab does not compute the gradient of this in-place operation yet: call it under torch.no_grad(), or on a tensor's .detach()", pythonType: "NotImplementedError")
        }
        try writeResult(result, broadcastWith: otherShape)
        if let node = result.autograd.gradFn, result.autograd !== autograd {
            takeHistory(node, outputNumber: result.autograd.outputNumber)
        }
    }

    /// PyTorch's checks before an in-place write while grad mode is on; returns whether
    /// the write joins the graph (this tensor or an input requires grad).
    /// - Throws: for a leaf that requires grad or a view of one, a view made in no_grad
    ///   mode of a tensor that requires grad, and an output of `unbind`/`split`/`chunk`.
    func checkInPlaceWrite(inputs: [Tensor?]) throws(EngineError) -> Bool {
        guard EngineContext.current.gradMode.isGradEnabled else { return false }
        // PyTorch's check_inplace, in its order: an output of a multi-view function, a
        // view of a leaf (`torch.arange(6.).reshape(2, 3).requires_grad_()` is one), a leaf.
        try checkNotOneOfSeveralViews()
        if let base = viewBase, base.gradFn == nil, requiresGrad || base.requiresGradFlag {
            throw .argument("a view of a leaf Variable that requires grad is being used in an in-place operation.")
        }
        if isLeaf && requiresGrad {
            throw .argument("a leaf Variable that requires grad is being used in an in-place operation.")
        }
        if let base = viewBase {
            try checkViewWritable(baseRequiresGrad: base.requiresGradFlag || base.gradFn != nil)
        }
        return requiresGrad || inputs.contains { $0?.requiresGrad == true }
    }

    /// Runs `write`, which replaces this tensor's elements by the operation `name` (fill,
    /// zero, copy, index_put) whose inputs are this tensor's old history and `inputs`;
    /// when `recording`, the node is made before the write (with the inputs' histories
    /// as they were, as PyTorch takes them) and becomes this tensor's history after it.
    func rewrite(recording: Bool, _ name: String, inputs: [Tensor?], formula: @escaping GradientNode.Formula,
                 _ write: () throws(EngineError) -> Void) throws(EngineError) {
        let node = recording ? viewing(layout).recorded(name, inputs: [self] + inputs, formula: formula).autograd.gradFn : nil
        try write()
        if let node { takeHistory(node, outputNumber: 0) }
    }

    /// A contiguous copy of the elements with this tensor's history as it is now, so that
    /// an operation recorded on it takes that history as its input (and what it saves
    /// keeps pointing there after this tensor's history moves on: no cycle).
    private func snapshotKeepingHistory() -> Tensor {
        let history = AutogradMeta()
        history.gradFn = autograd.gradFn
        history.outputNumber = autograd.outputNumber
        history.requiresGradFlag = autograd.requiresGradFlag
        return Tensor(buffer: TensorBuffer(contiguousStorage), layout: TensorLayout(shape: shape.dimensions, strides: shape.strides, offset: 0),
                      version: VersionCounter(), autograd: history)
    }
}

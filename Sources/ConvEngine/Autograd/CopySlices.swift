/// In-place writes into views, as PyTorch records them: when a view of a tensor (its
/// base) is written while the graph is recorded, the base's history becomes a
/// `CopySlices` node — the gradient of the base passes through unchanged outside the
/// view, and through the written operation's formula inside it — and the view's
/// becomes `AsStridedBackward0` of the base's new history. This is what makes
/// `Y[i, j] = (X[i:i + h, j:j + w] * K).sum()` and `z[0] = x[1]` differentiate.
extension Tensor {
    /// The autograd state of the tensor this one is a view of; `nil` for a base or a
    /// detached alias (`detach()`, `.data`).
    var viewBase: AutogradMeta? {
        guard let base = buffer.baseAutograd, base !== autograd, !autograd.isDetachedAlias else { return nil }
        return base
    }

    /// The names of the nodes whose outputs are several views, which PyTorch forbids
    /// writing into.
    private static let multipleViewNodes: Set<String> = ["UnbindBackward0", "SplitBackward0", "SplitWithSizesBackward0"]

    /// PyTorch's refusal to write into an output of `unbind`, `split` or `chunk` while
    /// grad mode is on.
    func checkNotOneOfSeveralViews() throws(EngineError) {
        if let node = autograd.gradFn, Self.multipleViewNodes.contains(node.name) {
            throw .argument("Output \(autograd.outputNumber) of \(node.operationName) is a view and is being modified inplace. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.")
        }
    }

    /// PyTorch's refusal to write, while grad mode is on, into a view made in no_grad
    /// mode of a tensor that requires grad.
    func checkViewWritable(baseRequiresGrad: Bool) throws(EngineError) {
        if baseRequiresGrad && !requiresGrad {
            throw .argument("A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).")
        }
    }

    /// Makes `node` this tensor's history after a recorded in-place write; for a view,
    /// its base's history becomes `CopySlices` around `node`.
    func takeHistory(_ node: GradientNode, outputNumber: Int) {
        guard let base = viewBase else {
            // PyTorch moves a retain_grad() hook to the new grad_fn.
            if autograd.retainsGrad {
                autograd.gradFn?.retainedOutputs[autograd.outputNumber] = nil
                node.retainedOutputs[outputNumber] = WeakMeta(meta: autograd)
            }
            autograd.gradFn = node
            autograd.outputNumber = outputNumber
            return
        }
        recordWriteIntoView(of: base, written: node)
    }

    private func recordWriteIntoView(of base: AutogradMeta, written node: GradientNode) {
        let baseLayout = buffer.baseLayout
        let (baseShape, viewShape, dtype) = (TensorShape(baseLayout.shape), shape, dtype)
        let positions = positionsInBase(baseLayout)
        let baseEdge = base.gradFn.map { GradientEdge(node: $0, inputNumber: base.outputNumber) }
        let copySlices = GradientNode(
            name: "CopySlices", nextEdges: [baseEdge] + node.nextEdges.dropFirst(),
            inputShapes: [baseShape] + node.inputShapes.dropFirst(), inputDTypes: [dtype] + node.inputDTypes.dropFirst(),
            outputShapes: [baseShape], outputDTypes: [dtype], saved: []
        ) { g, _ throws(EngineError) in
            let slice = try g[0].picking(positions, shape: viewShape, name: "AsStridedBackward0")
            var grads = try node.apply([slice], keepingSaved: true)
            while grads.count < node.nextEdges.count { grads.append(nil) }
            // Outside the view the base's gradient passes through; inside, the formula's.
            var baseGrad = try g[0].maskedFilled(Tensor.mask(baseShape, at: positions), .int(0))
            if var inside = grads[0] {
                if inside.shape != viewShape { inside = try inside.summed(toShape: viewShape) }
                if inside.dtype != dtype { inside = try inside.recordedConversion(to: dtype) }
                baseGrad = try baseGrad.applying(.add, inside.scatterAdded(into: baseShape, at: positions, name: "AsStridedBackward0"))
            }
            return [baseGrad] + grads.dropFirst()
        }
        base.gradFn = copySlices
        base.outputNumber = 0
        takeBaseHistory(base, positions: positions)
    }

    /// The view's history as `AsStridedBackward0` of its base's current one.
    private func takeBaseHistory(_ base: AutogradMeta, positions: [Int]) {
        let baseHandle = Tensor(buffer: buffer, layout: buffer.baseLayout, version: version, autograd: base)
        let view = viewing(layout).recordedPick("AsStridedBackward0", of: baseHandle, positions: positions)
        guard let node = view.autograd.gradFn else { return }  // grad mode is off: later
        autograd.gradFn = node
        autograd.outputNumber = 0
        autograd.viewVersion = version.value
    }

    /// A view whose elements were written in place since its history was set (through
    /// its base or another view) takes `AsStridedBackward0` of the base's history, as
    /// PyTorch regenerates it.
    func refreshViewHistory() {
        guard let seen = autograd.viewVersion, seen != version.value, let base = viewBase else { return }
        guard base.gradFn != nil || base.requiresGradFlag else {
            autograd.viewVersion = version.value
            return
        }
        takeBaseHistory(base, positions: positionsInBase(buffer.baseLayout))
    }

    /// Where each of this view's elements is among its base's, row-major.
    private func positionsInBase(_ baseLayout: TensorLayout) -> [Int] {
        if baseLayout.isContiguous {
            let range = baseLayout.offset..<(baseLayout.offset + TensorShape(baseLayout.shape).elementCount)
            return layout.flatIndices().map { range.contains($0) ? $0 - baseLayout.offset : -1 }
        }
        var element: [Int: Int] = [:]
        for (i, position) in baseLayout.flatIndices().enumerated() where element[position] == nil { element[position] = i }
        return layout.flatIndices().map { element[$0] ?? -1 }
    }

    /// A bool tensor of `shape`, true at row-major `positions` (-1: none).
    static func mask(_ shape: TensorShape, at positions: [Int]) -> Tensor {
        var flags = [Bool](repeating: false, count: shape.elementCount)
        for p in positions where p >= 0 { flags[p] = true }
        return Tensor(shape: shape, storage: .bool(flags))
    }
}

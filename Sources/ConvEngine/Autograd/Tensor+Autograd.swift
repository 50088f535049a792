/// The autograd API of a tensor, as `torch.Tensor` has it: `requires_grad`, `grad_fn`,
/// `is_leaf`, `grad`, `retain_grad()`, `detach()`, `backward()`.
extension Tensor {
    /// `requires_grad`: set on a leaf, or implied by having a `grad_fn`.
    public var requiresGrad: Bool { autograd.requiresGradFlag || gradFn != nil }

    /// `grad_fn`: the node that made this tensor; `nil` for a leaf.
    public var gradFn: GradientNode? {
        refreshViewHistory()
        return autograd.gradFn
    }

    /// `is_leaf`: made by no recorded operation.
    public var isLeaf: Bool { gradFn == nil }

    /// `retains_grad`.
    public var retainsGrad: Bool { autograd.gradFn != nil && autograd.retainsGrad }

    /// `output_nr`: which output of `grad_fn` this tensor is.
    public var outputNumber: Int { autograd.outputNumber }

    /// `.grad`: what backward passes accumulated into this leaf (or retained non-leaf).
    public var grad: Tensor? { autograd.grad }

    /// Assigns `.grad` (`x.grad = None`, `x.grad = g`) with PyTorch's checks.
    public func setGrad(_ newGrad: Tensor?) throws(EngineError) {
        if let g = newGrad {
            guard g.dtype == dtype else {
                throw .argument("attempting to assign a gradient with dtype '\(g.dtype.cTypeName)' to a tensor with grad_dtype '\(dtype.scalarTypeName)'. The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can set the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break downstream systems that assume they match.")
            }
            guard g.shape == shape else {
                throw .argument("attempting to assign a gradient of size '\(g.shape)' to a tensor of size '\(shape)'. Please ensure that the gradient and the tensor are the same size")
            }
        }
        autograd.grad = newGrad
        autograd.gradObject = nil
    }

    /// `requires_grad_(flag)` / `x.requires_grad = flag`.
    /// - Throws: PyTorch's messages for a non-leaf set to `False` and for a tensor that
    ///   is not floating point set to `True`.
    public func setRequiresGrad(_ flag: Bool) throws(EngineError) {
        guard isLeaf else {
            if flag { return }
            throw .argument("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
        }
        if flag, !dtype.isFloatingPoint {
            throw .argument("only Tensors of floating point and complex dtype can require gradients")
        }
        autograd.requiresGradFlag = flag
    }

    /// `retain_grad()`: a non-leaf keeps its gradient in `.grad` after backward passes.
    public func retainGrad() throws(EngineError) {
        guard requiresGrad else { throw .argument("can't retain_grad on Tensor that has requires_grad=False") }
        guard let node = autograd.gradFn else { return }
        autograd.retainsGrad = true
        node.retainedOutputs[autograd.outputNumber] = WeakMeta(meta: autograd)
    }

    /// `detach()`: the same elements and version counter, outside the graph.
    public func detached() -> Tensor {
        let alias = viewing(layout)
        alias.autograd.isDetachedAlias = true
        return alias
    }

    /// `backward(gradient, retain_graph, create_graph)`.
    public func backward(gradient: Tensor? = nil, retainGraph: Bool? = nil, createGraph: Bool = false,
                         inputs: [Tensor]? = nil, cancellation: CancellationFlag? = nil) throws(EngineError) {
        try Autograd.backward([self], gradients: [gradient], retainGraph: retainGraph, createGraph: createGraph,
                              inputs: inputs, cancellation: cancellation)
    }

    /// This gradient summed over the dimensions broadcasting stretched, down to `target`
    /// (PyTorch's `sum_to`), recorded like any sum.
    /// - Throws: when this shape does not broadcast from `target`.
    func summed(toShape target: TensorShape) throws(EngineError) -> Tensor {
        guard shape != target else { return self }
        guard (try? TensorShape.broadcast(target, shape)) == shape else {
            throw .shape("shape \(shape) cannot be summed to \(target)")
        }
        let lead = rank - target.rank
        var dims = Array(0..<lead)
        for (i, size) in target.enumerated() where size == 1 && shape[lead + i] != 1 { dims.append(lead + i) }
        var result = dims.isEmpty ? self : try reduced(.sum, dims: dims, keepDim: true)
        if lead > 0 { result = try result.viewed(target.dimensions) }
        return result
    }

    /// This tensor converted to `dtype`, recorded (`ToCopyBackward0`) when the graph is.
    func recordedConversion(to target: DType) throws(EngineError) -> Tensor {
        let source = dtype
        return converted(to: target).recorded("ToCopyBackward0", inputs: [self]) { grads, _ throws(EngineError) in
            [grads[0].converted(to: source)]
        }
    }
}

extension Tensor {
    /// These elements under `other`'s identity to autograd and its version counter
    /// (`param.data = K`: the parameter keeps requiring grad and keeps its `.grad`).
    public func replacingAutograd(with other: Tensor) -> Tensor {
        Tensor(buffer: buffer, layout: layout, version: other.version, autograd: other.autograd)
    }
}

extension GradientNode {
    /// `next_functions`: for each input, the node its gradient goes to and which of
    /// that node's outputs it is; `nil` (Python's `None`, 0) for an input that needs none.
    public var nextFunctions: [(node: GradientNode?, inputNumber: Int)] {
        nextEdges.map { ($0?.node, $0?.inputNumber ?? 0) }
    }

    /// `AccumulateGrad.variable`: the leaf an `AccumulateGrad` node accumulates into.
    public var variable: Tensor? { leafTensor }
}

extension Tensor {
    /// Zeros of this tensor's shape and dtype (`torch.zeros_like`), requiring no grad.
    public func zerosLike() -> Tensor {
        Tensor(shape: shape, storage: .filled(with: 0.0, count: count, dtype: dtype))
    }
}

extension Tensor {
    /// The values converted to `dtype` under this tensor's identity to autograd (a
    /// module's `to(torch.float64)`): `requires_grad` is kept, `.grad` converted, and the
    /// leaf's gradient accumulator made afresh for the new dtype.
    public func convertedKeepingIdentity(to target: DType) -> Tensor {
        guard target != dtype else { return self }
        let values = converted(to: target)
        autograd.grad = autograd.grad?.converted(to: target)
        autograd.accumulator = nil
        values.buffer.makeBase(autograd, layout: values.layout)
        return Tensor(buffer: values.buffer, layout: values.layout, version: version, autograd: autograd)
    }
}

extension Tensor {
    /// `detach_()`: this tensor leaves the graph and becomes a leaf that requires no
    /// grad, keeping its `.grad`.
    /// - Throws: PyTorch's refusal for a view.
    public func detachInPlace() throws(EngineError) {
        if viewBase != nil {
            throw .argument("Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.")
        }
        if autograd.retainsGrad { autograd.gradFn?.retainedOutputs[autograd.outputNumber] = nil }
        autograd.gradFn = nil
        autograd.outputNumber = 0
        autograd.requiresGradFlag = false
        autograd.retainsGrad = false
    }
}

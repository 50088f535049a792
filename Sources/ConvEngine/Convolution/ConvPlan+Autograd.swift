/// How a convolution joins the autograd graph, as PyTorch records it:
/// `ConvolutionBackward0` with the (batched) input, the weight and the bias as inputs
/// (`None` for a missing bias), saving the input and the weight; an unbatched input goes
/// through `UnsqueezeBackward0` before it and the output through `SqueezeBackward1` after
/// (`F.conv2d` on a `(C, H, W)` input prints `grad_fn=<SqueezeBackward1>`), and
/// `padding='same'` with an uneven total through `ConstantPadNdBackward0`. The gradient
/// formula is ``Convolution/backward(gradOutput:input:weight:hasBias:spatialRank:stride:padding:dilation:groups:transposed:outputPadding:outputMask:cancellation:)``,
/// computing only the gradients whose inputs need one.
extension ConvPlan {
    /// `output` (batched) as the caller gets it: without the batch dimension if the
    /// caller's input had none, and recorded when the graph is.
    /// - Throws: NotImplementedError where PyTorch's graph has a node ConvLab does not
    ///   record yet and the input requires a gradient: the pad of a `padding_mode` other
    ///   than zeros (`ReflectionPad2DBackward0`, `ReplicationPad2DBackward0`,
    ///   `CopySlices`).
    func recorded(_ output: Tensor, cancellation: CancellationFlag?) throws(EngineError) -> Tensor {
        guard Tensor.isRecording(callerInput, weight, bias) else { return unbatched(output) }
        try checkRecordable()
        // The batched input, as PyTorch's `unsqueeze(0)` of an unbatched one.
        var nodeInput = input
        if !batched {
            let sourceShape = sourceInput.shape.dimensions
            nodeInput = input.viewing(input.layout).recorded("UnsqueezeBackward0", inputs: [sourceInput]) { g, _ in
                [Self.squeezedFirst(g[0], to: sourceShape)]
            }
        }
        // 'same' with an uneven total: PyTorch's _convolution_mode adds the extra zeros
        // after (`constant_pad_nd`, recorded as ConstantPadNdBackward0) and convolves the
        // padded copy with the smaller padding on both sides; that copy is what it saves.
        if paddingBefore != paddingAfter {
            let pads = paddingBefore.indices.reversed().flatMap { [0, paddingAfter[$0] - paddingBefore[$0]] }
            nodeInput = try Self.constantPadded(nodeInput, pads)
        }
        let mask: ConvGradientMask = [nodeInput.requiresGrad ? .input : [], weight.requiresGrad ? .weight : [],
                                      bias?.requiresGrad == true ? .bias : []]
        let formula = gradientFormula(padding: paddingBefore, mask: mask, hasBias: bias != nil, cancellation: cancellation)
        let result = output.recorded("ConvolutionBackward0", inputs: [nodeInput, weight, bias],
                                     saving: [nodeInput, weight], formula: formula)
        guard !batched else { return result }
        let batchedShape = result.shape.dimensions
        // `unbatched` makes a new view, which the squeeze node's output becomes.
        return unbatched(result).recorded("SqueezeBackward1", inputs: [result]) { g, _ in
            [Self.unsqueezedFirst(g[0], to: batchedShape)]
        }
    }

    // The formulas of the nodes around a convolution, recorded in turn when a backward
    // pass creates a graph, under the names PyTorch's formulas record: `squeeze(0)`
    // and `unsqueeze(0)` undo each other, and `constant_pad_nd` with the pads negated.

    /// `g` without its leading dimension of size 1 (`SqueezeBackward1`).
    static func squeezedFirst(_ g: Tensor, to shape: [Int]) -> Tensor {
        let batchedShape = g.shape.dimensions
        return g.withShape(TensorShape(shape)).recorded("SqueezeBackward1", inputs: [g]) { gg, _ in
            [unsqueezedFirst(gg[0], to: batchedShape)]
        }
    }

    /// `g` with a leading dimension of size 1 (`UnsqueezeBackward0`).
    static func unsqueezedFirst(_ g: Tensor, to shape: [Int]) -> Tensor {
        let unbatchedShape = g.shape.dimensions
        return g.withShape(TensorShape(shape)).recorded("UnsqueezeBackward0", inputs: [g]) { gg, _ in
            [squeezedFirst(gg[0], to: unbatchedShape)]
        }
    }

    /// `F.pad(g, pads)` with zeros, negative pads cropping, recorded as
    /// `ConstantPadNdBackward0` whose gradient is the same pad negated (PyTorch's
    /// `constant_pad_nd_backward`), at every order.
    static func constantPadded(_ g: Tensor, _ pads: [Int]) throws(EngineError) -> Tensor {
        try g.detached().padded(pads, mode: .constant).recorded("ConstantPadNdBackward0", inputs: [g]) { gg, _ throws(EngineError) in
            [try constantPadded(gg[0], pads.map { -$0 })]
        }
    }

    /// The formula of `ConvolutionBackward0`: the gradients from the saved input and
    /// weight, with this plan's parameters and `padding` on both sides (no tensors
    /// captured); recorded as `ConvolutionBackwardBackward0` when the backward pass
    /// creates a graph.
    private func gradientFormula(padding: [Int], mask: ConvGradientMask, hasBias: Bool,
                                 cancellation: CancellationFlag?) -> GradientNode.Formula {
        let parameters = ConvGradientParameters(
            rank: operation.spatialRank, transposed: operation.isTransposed, groups: groups,
            stride: SpatialParameter(stride), padding: padding, dilation: SpatialParameter(dilation),
            outputPadding: SpatialParameter(outputPadding))
        return { g, saved throws(EngineError) in
            let grads = try parameters.backward(g[0], input: saved[0], weight: saved[1], hasBias: hasBias, mask: mask,
                                                cancellation: cancellation)
            return parameters.recorded(grads, gradOutput: g[0], input: saved[0], weight: saved[1],
                                       cancellation: cancellation)
        }
    }

    /// Refuses what would cut the graph where PyTorch's has a node ConvLab lacks.
    private func checkRecordable() throws(EngineError) {
        if callerInput.requiresGrad && !sourceInput.requiresGrad {
            let rank = operation.spatialRank
            let node = switch paddingMode {
            case .reflect: "ReflectionPad\(rank)DBackward0"
            case .replicate: "ReplicationPad\(rank)DBackward0"
            case .circular, .zeros: "CopySlices"
            }
            throw EngineError(.argument, "ConvLab does not record the gradient of padding_mode='\(paddingMode.rawValue)' "
                              + "(PyTorch's \(node)) yet",
                              pythonType: "NotImplementedError")
        }
    }
}

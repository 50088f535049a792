/// A recorded convolution's parameters as its gradient formulas use them: the forward,
/// its gradients, and the second derivative PyTorch records when a backward pass
/// creates a graph (`create_graph=True`).
///
/// With the graph recorded, `ConvolutionBackward0` hands back its gradients as the
/// outputs of one node, `ConvolutionBackwardBackward0` (PyTorch's
/// `convolution_backward`), whose inputs are the output gradient, the input and the
/// weight, as PyTorch's `next_functions` show them. Its formula is PyTorch's
/// `_convolution_double_backward` (aten/src/ATen/native/Convolution.cpp): from the
/// gradients `ggI`, `ggW`, `ggb` of those outputs,
///
/// - the output gradient's: `conv(ggI, w) + conv(x, ggW) + ggb` (broadcast);
/// - the input's: the input gradient of `conv(x, ggW)` for that output gradient;
/// - the weight's: the weight gradient of `conv(ggI, w)` for that output gradient,
///
/// each computed with the fast kernels in this convolution's geometry (PyTorch writes
/// the last two as convolutions with swapped roles; the sums are the same, in another
/// order). A third derivative, which would record this formula in turn, is refused.
///
/// Cost: up to two forwards and two backward directions of the convolution.
struct ConvGradientParameters: Sendable {
    let rank: Int
    let transposed: Bool
    let groups: Int
    let stride: SpatialParameter
    /// The same on both sides (an uneven 'same' has padded the saved input already).
    let padding: [Int]
    let dilation: SpatialParameter
    let outputPadding: SpatialParameter

    /// The operation on `input` with `weight`, without a bias, from the fast kernels and
    /// recorded nowhere.
    func forward(_ input: Tensor, _ weight: Tensor, cancellation: CancellationFlag?) throws(EngineError) -> Tensor {
        let plan = transposed
            ? try ConvPlan.transposed(input, weight: weight, spatialRank: rank, stride: stride,
                                      padding: SpatialParameter(padding), outputPadding: outputPadding, groups: groups,
                                      dilation: dilation)
            : try ConvPlan.convolution(input, weight: weight, spatialRank: rank, stride: stride,
                                       padding: .explicit(padding), dilation: dilation, groups: groups)
        return try plan.computed(cancellation: cancellation)
    }

    /// The gradients of the operation on `input` with `weight` for `gradOutput` (the
    /// fast kernels, recorded nowhere).
    func backward(_ gradOutput: Tensor, input: Tensor, weight: Tensor, hasBias: Bool, mask: ConvGradientMask,
                  cancellation: CancellationFlag?) throws(EngineError) -> ConvGradients {
        try Convolution.backward(gradOutput: gradOutput, input: input, weight: weight, hasBias: hasBias,
                                 spatialRank: rank, stride: stride, padding: .explicit(padding), dilation: dilation,
                                 groups: groups, transposed: transposed, outputPadding: outputPadding,
                                 outputMask: mask, cancellation: cancellation)
    }

    /// The first gradients (input, weight, bias), recorded as the outputs of
    /// `ConvolutionBackwardBackward0` when the graph is; `nil` where the mask left one out.
    func recorded(_ grads: ConvGradients, gradOutput: Tensor, input: Tensor, weight: Tensor,
                  cancellation: CancellationFlag?) -> [Tensor?] {
        let results = [grads.input, grads.weight, grads.bias]
        let operands = [gradOutput, input, weight]
        guard Tensor.isRecording(operands) else { return results }
        // A left-out gradient keeps its output number with an empty stand-in, as
        // PyTorch's undefined output does. An output that gets no gradient is undefined
        // to the formula too (an empty tensor, not zeros), so that what it would reach
        // gets no gradient from it, as in PyTorch (`None` with allow_unused).
        let shapes = results.map { $0?.shape }
        let outputs = results.map { $0 ?? Tensor(shape: [0], storage: .filled(with: 0.0, count: 0, dtype: gradOutput.dtype)) }
        let needed = operands.map(\.requiresGrad)
        let recorded = Tensor.recorded(outputs, name: "ConvolutionBackwardBackward0", inputs: operands, saving: operands,
                                       materializingGradients: false) { gg, saved throws(EngineError) in
            if Tensor.isRecording(gg + saved) {
                throw EngineError(.argument, "ConvLab does not compute the third derivative of a convolution "
                                  + "(a graph of PyTorch's ConvolutionBackwardBackward0) yet", pythonType: "NotImplementedError")
            }
            let defined = gg.indices.map { gg[$0].shape == shapes[$0] ? gg[$0] : nil }
            return try doubleBackward(ggI: defined[0], ggW: defined[1], ggb: defined[2], gradOutput: saved[0],
                                      input: saved[1], weight: saved[2], needed: needed, cancellation: cancellation)
        }
        return recorded.indices.map { shapes[$0] == nil ? nil : recorded[$0] }
    }

    /// `_convolution_double_backward`: the gradients of the output gradient, the input
    /// and the weight (where `needed`) from those of the first gradients.
    ///
    /// As in PyTorch, an empty input (no samples or no channels) gives no convolution
    /// terms: the input's and the weight's gradients are undefined (`None` with
    /// `allow_unused`), and the output gradient's is `ggb` alone, or undefined. `ggb` is
    /// expanded to the output gradient's shape whether or not that gradient is needed, so
    /// a bias of more channels than an empty output has raises PyTorch's `expand` error.
    func doubleBackward(ggI: Tensor?, ggW: Tensor?, ggb: Tensor?, gradOutput: Tensor, input: Tensor, weight: Tensor,
                        needed: [Bool], cancellation: CancellationFlag?) throws(EngineError) -> [Tensor?] {
        let convolves = input.count != 0
        // (C) viewed as (1, C, 1, ...) and expanded over the output gradient.
        let biasTerm = try ggb.map { (ggb) throws(EngineError) in
            try ggb.withShape(TensorShape([1, ggb.count] + Array(repeating: 1, count: gradOutput.rank - 2)))
                .expanded(to: gradOutput.shape.dimensions)
        }
        var ggO: Tensor?
        if needed[0] {
            var terms: [Tensor] = []
            if convolves, let ggI { terms.append(try forward(ggI, weight, cancellation: cancellation)) }
            if convolves, let ggW { terms.append(try forward(input, ggW, cancellation: cancellation)) }
            if let biasTerm { terms.append(terms.isEmpty ? try gradOutput.zerosLike().applying(.add, biasTerm) : biasTerm) }
            for term in terms { ggO = try ggO.map { (sum) throws(EngineError) in try sum.applying(.add, term) } ?? term }
        }
        var gI: Tensor?, gW: Tensor?
        if convolves, needed[1], let ggW {
            gI = try backward(gradOutput, input: input, weight: ggW, hasBias: false, mask: .input,
                              cancellation: cancellation).input
        }
        if convolves, needed[2], let ggI {
            gW = try backward(gradOutput, input: ggI, weight: weight, hasBias: false, mask: .weight,
                              cancellation: cancellation).weight
        }
        return [ggO, gI, gW]
    }
}

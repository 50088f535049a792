/// The gradients of the activations and the other piecewise elementwise functions,
/// recorded under PyTorch's names: `ReluBackward0` (saves the result),
/// `LeakyReluBackward0`, `HardtanhBackward0` (also `relu6`), `EluBackward0`,
/// `TanhBackward0`, `AbsBackward0`. Each is written with the engine's own operations,
/// so that a backward pass that records its graph (`create_graph=True`) records them.
extension Tensor {
    /// `grad` where `mask` is true, zero elsewhere (PyTorch's `where(mask, grad, 0)`: a
    /// NaN gradient masked out becomes 0).
    static func gradient(_ grad: Tensor, keptWhere mask: Tensor) throws(EngineError) -> Tensor {
        try select(where: mask, .tensor(grad), .scalar(.int(0)))
    }

    /// `relu`'s result, recorded: `threshold_backward(grad, result, 0)`.
    func recordedReLU(of input: Tensor) -> Tensor {
        recorded("ReluBackward0", inputs: [input], savingOutput: true) { g, saved throws(EngineError) in
            try Tensor.refuseSecondDerivative(of: "relu", g + saved)
            return [try Tensor.gradient(g[0], keptWhere: try saved[0].compared(.greater, .int(0)))]
        }
    }

    /// `leaky_relu`'s result, recorded: the gradient where the input is positive, times
    /// the slope elsewhere. In place (`LeakyReluBackward1`) the result is saved
    /// instead of the input, which a negative slope makes useless.
    func recordedLeakyReLU(of input: Tensor, slope: Double, inPlace: Bool) -> Tensor {
        let formula: GradientNode.Formula = { g, saved throws(EngineError) in
            try Tensor.refuseSecondDerivative(of: "leaky_relu", g + saved)
            if inPlace, slope < 0 {
                throw .argument("In-place leakyReLu backward calculation is triggered with a negative slope which is not supported. This is caused by calling in-place forward function with a negative slope, please call out-of-place version instead. File an issue at https://github.com/pytorch/pytorch if you do require supporting in-place leakRelu backward calculation with negative slope")
            }
            return [try Tensor.select(where: try saved[0].compared(.greater, .int(0)), .tensor(g[0]),
                                      .tensor(try g[0].applying(.multiply, .double(slope))))]
        }
        return inPlace ? recorded("LeakyReluBackward1", inputs: [input], savingOutput: true, formula: formula)
                       : recorded("LeakyReluBackward0", inputs: [input], saving: [input], formula: formula)
    }

    /// `hardtanh`'s result, recorded: zero at and beyond the bounds.
    func recordedHardtanh(of input: Tensor, lower: Double, upper: Double) -> Tensor {
        recorded("HardtanhBackward0", inputs: [input], saving: [input]) { g, saved throws(EngineError) in
            try Tensor.refuseSecondDerivative(of: "hardtanh", g + saved)
            let x = saved[0]
            let inside = try Tensor.logical(.and, try x.compared(.greater, .double(lower)), try x.compared(.less, .double(upper)))
            return [try Tensor.gradient(g[0], keptWhere: inside)]
        }
    }

    /// `elu`'s result, recorded: the gradient where the input is positive, times
    /// `alpha * exp(x)` elsewhere.
    func recordedELU(of input: Tensor, alpha: Double) -> Tensor {
        recorded("EluBackward0", inputs: [input], saving: [input]) { g, saved throws(EngineError) in
            try Tensor.refuseSecondDerivative(of: "elu", g + saved)
            let x = saved[0]
            let negative = try g[0].applying(.multiply, try x.applying(.exp).applying(.multiply, .double(alpha)))
            return [try Tensor.select(where: try x.compared(.greater, .int(0)), .tensor(g[0]), .tensor(negative))]
        }
    }

    /// `tanh`'s result, recorded: `grad * (1 - y * y)`.
    func recordedTanh(of input: Tensor) -> Tensor {
        recorded("TanhBackward0", inputs: [input], savingOutput: true) { g, saved throws(EngineError) in
            [try Tensor.activationGradient("TanhBackwardBackward0", grad: g[0], result: saved[0],
                                           slope: { (y) throws(EngineError) in try Tensor.apply(.subtract, .scalar(.int(1)), .tensor(try y.applying(.multiply, y))) },
                                           slopeDerivative: { (y) throws(EngineError) in try y.applying(.multiply, .int(-2)) })]
        }
    }

    /// `abs`'s result, recorded: `grad * sign(x)` (0 at 0).
    func recordedAbsolute(of input: Tensor) -> Tensor {
        recorded("AbsBackward0", inputs: [input], saving: [input]) { g, saved throws(EngineError) in
            [try g[0].applying(.multiply, try saved[0].recordedSigns(as: g[0].dtype))]
        }
    }

    /// -1, 0 or 1 for each element, in `dtype` (`sgn`), recorded as `SgnBackward0`
    /// (a zero gradient) when the graph is, as PyTorch's `abs` backward records it.
    func recordedSigns(as dtype: DType) throws(EngineError) -> Tensor {
        let positive = try compared(.greater, .int(0)).converted(to: dtype)
        let negative = try compared(.less, .int(0)).converted(to: dtype)
        return try positive.applying(.subtract, negative).recorded("SgnBackward0", inputs: [self]) { g, _ in [g[0].zerosLike()] }
    }
}

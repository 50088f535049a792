import ConvEngine

/// `F.mse_loss` and `F.l1_loss` as PyTorch 2.15's `torch.nn.functional` writes them:
/// the warning for a target of another size, the legacy `size_average`/`reduce`
/// arguments, `torch.broadcast_tensors`, then the engine's loss
/// (``ConvEngine/Tensor/mseLoss(_:_:reduction:)``).
enum LossFunctions {
    static let functional: [Builtin] = [loss("mse_loss", "The mean (or sum) of the squared differences (input - target) ** 2; one MseLossBackward0 node.",
                                             example: "F.mse_loss(y_hat, y)", Tensor.mseLoss),
                                        loss("l1_loss", "The mean (or sum) of the absolute differences |input - target|.",
                                             example: "F.l1_loss(y_hat, y, reduction='sum')", Tensor.l1Loss)]

    private static func loss(_ name: String, _ summary: String, example: String,
                             _ compute: @escaping @Sendable (Tensor, Tensor, LossReduction) throws(EngineError) -> Tensor) -> Builtin {
        Builtin("torch.nn.functional.\(name)", "input, target, size_average=None, reduce=None, reduction='mean', weight=None",
                summary: summary, example: example) { (call) throws(Diagnostic) in
            // PyTorch reads target.size() first, then input.size().
            for name in ["target", "input"] {
                guard case .tensor = call[name] else {
                    throw Diagnostic(.attribute, "'\(call[name].typeName)' object has no attribute 'size'", call.range(of: name))
                }
            }
            let (input, target) = (try call.tensor("input"), try call.tensor("target"))
            if target.shape != input.shape {
                call.interpreter.warn("Using a target size (\(Value.size(target.shape.dimensions).reprText)) that is different to the input size (\(Value.size(input.shape.dimensions).reprText)). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.")
            }
            let reduction = try reductionArgument(call)
            guard call["weight"].isNone else {
                throw Diagnostic(.notImplemented, "ConvLab does not weight \(name) yet", call.range(of: "weight"))
            }
            let result = try call.engine { () throws(EngineError) in
                let shape = try TensorShape.broadcast(input.shape, target.shape)
                let a = input.shape == shape ? input : try input.expanded(to: shape.dimensions)
                let b = target.shape == shape ? target : try target.expanded(to: shape.dimensions)
                return try compute(a, b, reduction)
            }
            return .tensor(result)
        }
    }

    /// `reduction`, or what the legacy `size_average`/`reduce` give (with PyTorch's warning).
    static func reductionArgument(_ call: Call) throws(Diagnostic) -> LossReduction {
        if !call["size_average"].isNone || !call["reduce"].isNone {
            let sizeAverage = call["size_average"].isNone ? true : try call["size_average"].truthValue(at: call.range(of: "size_average"))
            let reduce = call["reduce"].isNone ? true : try call["reduce"].truthValue(at: call.range(of: "reduce"))
            let legacy: LossReduction = sizeAverage && reduce ? .mean : reduce ? .sum : .none
            call.interpreter.warn("size_average and reduce args will be deprecated, please use reduction='\(legacy.rawValue)' instead.")
            return legacy
        }
        let name = try call.string("reduction")
        if name == "elementwise_mean" {
            call.interpreter.warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.")
            return .mean
        }
        guard let reduction = LossReduction(rawValue: name) else {
            throw Diagnostic(.value, "\(name) is not a valid value for reduction", call.range(of: "reduction"))
        }
        return reduction
    }
}

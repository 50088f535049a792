import ConvEngine

/// `nn.MSELoss` and `nn.L1Loss`: modules without parameters that keep `reduction` and
/// whose `forward(input, target)` runs `F.mse_loss`/`F.l1_loss` with it, as PyTorch's
/// `_Loss` subclasses do. Their repr is `MSELoss()`.
struct LossModule: NativeModule {
    let className: String
    let reduction: String
    let function: Builtin

    var fields: [(name: String, value: Value)] { [("reduction", .string(reduction))] }

    var forward: Builtin { Self.forward }

    static let forward = Builtin("forward", "input, target", summary: "The loss between input and target.", example: "loss_fn(y_hat, y)") { (call) throws(Diagnostic) in
        guard let native = call.selfModule().native as? LossModule else { preconditionFailure("loss forward on another module") }
        return try call.invoking(native.function, [call["input"], call["target"]], [("reduction", .string(native.reduction))])
    }

    static let constructors: [Builtin] = [
        constructor("MSELoss", "The mean squared error between input and target (reduction 'mean', 'sum' or 'none').",
                    example: "loss_fn = nn.MSELoss()", function: LossFunctions.functional[0]),
        constructor("L1Loss", "The mean absolute error between input and target (reduction 'mean', 'sum' or 'none').",
                    example: "loss_fn = nn.L1Loss(reduction='sum')", function: LossFunctions.functional[1]),
    ]

    private static func constructor(_ name: String, _ summary: String, example: String, function: Builtin) -> Builtin {
        Builtin("torch.nn.\(name)", "size_average=None, reduce=None, reduction='mean'", summary: summary, example: example) { (call) throws(Diagnostic) in
            let reduction: String
            if !call["size_average"].isNone || !call["reduce"].isNone {
                reduction = try LossFunctions.reductionArgument(call).rawValue
            } else {
                reduction = try call.string("reduction")
            }
            return .nnModule(ModuleObject(.native(LossModule(className: name, reduction: reduction, function: function))))
        }
    }
}

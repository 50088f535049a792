import Foundation

/// The settings of one `torch.optim.Adam` parameter group.
public struct AdamSettings: Sendable, Hashable {
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var weightDecay: Double
    public var amsgrad: Bool
    public var maximize: Bool
    /// AdamW's decay: the parameter shrinks by `1 - lr * weight_decay` before the step.
    public var decoupledWeightDecay: Bool

    public init(learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                weightDecay: Double = 0, amsgrad: Bool = false, maximize: Bool = false, decoupledWeightDecay: Bool = false) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        self.maximize = maximize
        self.decoupledWeightDecay = decoupledWeightDecay
    }
}

/// What Adam keeps per parameter, as PyTorch's `optimizer.state[p]` holds it:
/// `step` (a float32 scalar tensor), `exp_avg`, `exp_avg_sq` and, with amsgrad,
/// `max_exp_avg_sq`, all updated in place by each step.
public struct AdamState: Sendable {
    public let step: Tensor
    public let expAvg: Tensor
    public let expAvgSq: Tensor
    public let maxExpAvgSq: Tensor?

    public init(step: Tensor, expAvg: Tensor, expAvgSq: Tensor, maxExpAvgSq: Tensor?) {
        self.step = step
        self.expAvg = expAvg
        self.expAvgSq = expAvgSq
        self.maxExpAvgSq = maxExpAvgSq
    }

    /// The state before a parameter's first step: `step` 0, the averages zeros like it.
    public static func initial(for parameter: Tensor, amsgrad: Bool) -> AdamState {
        AdamState(step: Tensor(scalar: .double(0), dtype: .float32), expAvg: parameter.zerosLike(), expAvgSq: parameter.zerosLike(),
                  maxExpAvgSq: amsgrad ? parameter.zerosLike() : nil)
    }
}

/// One Adam step on one parameter, as PyTorch's `_single_tensor_adam` computes it on
/// the CPU (neither capturable nor differentiable), operation for operation:
///
/// ```python
/// step_t += 1
/// exp_avg.lerp_(grad, 1 - beta1)
/// exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
/// step = step_t.item()
/// bias_correction1 = 1 - beta1 ** step
/// bias_correction2 = 1 - beta2 ** step
/// step_size = lr / bias_correction1
/// bias_correction2_sqrt = bias_correction2 ** 0.5
/// denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
/// param.addcdiv_(exp_avg, denom, value=-step_size)
/// ```
///
/// The Python-number arithmetic is in double, with the C library's `pow`, as CPython's.
public enum AdamUpdate {
    /// Updates `parameter` and `state` in place from `gradient`.
    public static func step(_ parameter: Tensor, gradient: Tensor, state: AdamState, _ settings: AdamSettings) throws(EngineError) {
        var grad = settings.maximize ? try gradient.detachedCopy().negated() : gradient
        let count = try state.step.item().doubleValue + 1
        try state.step.writeResult(Tensor(scalar: .double(count), dtype: state.step.dtype))
        if settings.weightDecay != 0 {
            if settings.decoupledWeightDecay {
                try parameter.scaleInPlace(by: 1 - settings.learningRate * settings.weightDecay)
            } else {
                grad = try grad.addingScaled(parameter, alpha: settings.weightDecay)
            }
        }
        try state.expAvg.lerpInPlace(toward: grad, weight: 1 - settings.beta1)
        try state.expAvgSq.scaleInPlace(by: settings.beta2)
        try state.expAvgSq.addProductInPlace(grad, grad, value: 1 - settings.beta2)

        let step = try state.step.item().doubleValue
        let biasCorrection1 = 1 - pow(settings.beta1, step)
        let biasCorrection2 = 1 - pow(settings.beta2, step)
        let stepSize = settings.learningRate / biasCorrection1
        let biasCorrection2Sqrt = pow(biasCorrection2, 0.5)

        var second = state.expAvgSq
        if let maximum = state.maxExpAvgSq {
            try maximum.maximumInPlace(state.expAvgSq)
            second = maximum
        }
        let denominator = try second.applying(.sqrt).applying(.divide, .double(biasCorrection2Sqrt)).applying(.add, .double(settings.epsilon))
        try parameter.addQuotientInPlace(state.expAvg, denominator, value: -stepSize)
    }
}

/// The settings of one `torch.optim.SGD` parameter group.
public struct SGDSettings: Sendable, Hashable {
    public var learningRate: Double
    public var momentum: Double
    public var dampening: Double
    public var weightDecay: Double
    public var nesterov: Bool
    public var maximize: Bool

    public init(learningRate: Double, momentum: Double = 0, dampening: Double = 0, weightDecay: Double = 0,
                nesterov: Bool = false, maximize: Bool = false) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        self.maximize = maximize
    }
}

/// One step of stochastic gradient descent on one parameter, as PyTorch's
/// `_single_tensor_sgd` computes it (its CPU path), operation for operation:
///
/// ```python
/// grad = grad if not maximize else -grad
/// if weight_decay != 0: grad = grad.add(param, alpha=weight_decay)
/// if momentum != 0:
///     if buf is None: buf = grad.detach().clone()
///     else: buf.mul_(momentum).add_(grad, alpha=1 - dampening)
///     grad = grad.add(buf, alpha=momentum) if nesterov else buf
/// param.add_(grad, alpha=-lr)
/// ```
public enum SGDUpdate {
    /// Updates `parameter` in place from `gradient`.
    /// - Parameter momentumBuffer: the parameter's `momentum_buffer`, or `nil` before
    ///   its first step with momentum.
    /// - Returns: the momentum buffer to keep (`nil` without momentum): the one given,
    ///   updated in place, or a new one.
    public static func step(_ parameter: Tensor, gradient: Tensor, momentumBuffer: Tensor?,
                            _ settings: SGDSettings) throws(EngineError) -> Tensor? {
        var grad = settings.maximize ? try gradient.detachedCopy().negated() : gradient
        if settings.weightDecay != 0 { grad = try grad.addingScaled(parameter, alpha: settings.weightDecay) }
        var buffer = momentumBuffer
        if settings.momentum != 0 {
            if let buffer {
                try buffer.scaleInPlace(by: settings.momentum)
                try buffer.addScaledInPlace(grad, alpha: 1 - settings.dampening)
            } else {
                buffer = grad.detachedCopy()
            }
            guard let buffer else { return nil }
            grad = settings.nesterov ? try grad.addingScaled(buffer, alpha: settings.momentum) : buffer
        }
        try parameter.addScaledInPlace(grad, alpha: -settings.learningRate)
        return buffer
    }
}

extension Tensor {
    /// NotImplementedError when a backward pass records its graph (`create_graph=True`)
    /// through a formula whose own derivative ConvLab does not record under PyTorch's
    /// name (`TanhBackwardBackward0`, `ThresholdBackwardBackward0`,
    /// `NativeBatchNormBackwardBackward0`, ...) or at all (the pooling and interpolation
    /// loops): the gradient would print another `grad_fn`, or none.
    /// - Parameter tensors: the gradient and the saved tensors the formula reads.
    static func refuseSecondDerivative(of function: String, _ tensors: [Tensor]) throws(EngineError) {
        guard EngineContext.current.gradMode.isGradEnabled, tensors.contains(where: \.requiresGrad) else { return }
        throw EngineError(.argument, "ConvLab does not compute the second derivative of \(function) yet", pythonType: "NotImplementedError")
    }
}

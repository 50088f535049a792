/// The backward of an activation computed from its result, as PyTorch records it when
/// a backward pass records its own graph (`create_graph=True`): one node
/// `<Name>BackwardBackward0` whose inputs are the incoming gradient and the saved result
/// (`SigmoidBackwardBackward0`, `TanhBackwardBackward0`), instead of the chain of
/// arithmetic nodes the formula would leave.
extension Tensor {
    /// `grad * slope(y)`, recorded as `name` over `(grad, y)` when the graph is.
    ///
    /// - Parameters:
    ///   - slope: the derivative of the activation from its result, `y * (1 - y)` for
    ///     the sigmoid.
    ///   - slopeDerivative: the derivative of `slope` with respect to `y`, `1 - 2y`.
    static func activationGradient(_ name: String, grad: Tensor, result y: Tensor,
                                   slope: @escaping (Tensor) throws(EngineError) -> Tensor,
                                   slopeDerivative: @escaping (Tensor) throws(EngineError) -> Tensor) throws(EngineError) -> Tensor {
        let value = try EngineContext.current.withoutGrad { () throws(EngineError) in try grad.applying(.multiply, try slope(y)) }
        return value.recorded(name, inputs: [grad, y], saving: [grad, y]) { gg, saved throws(EngineError) in
            let (g, y) = (saved[0], saved[1])
            return [try gg[0].applying(.multiply, try slope(y)),
                    try gg[0].applying(.multiply, g).applying(.multiply, try slopeDerivative(y))]
        }
    }
}

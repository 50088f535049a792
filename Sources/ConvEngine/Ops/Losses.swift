/// How a loss reduces its elementwise values: PyTorch's `reduction='none'|'mean'|'sum'`.
public enum LossReduction: String, Sendable, CaseIterable {
    case none, mean, sum
}

/// The regression losses `F.mse_loss` and `F.l1_loss`, on an input and a target
/// already broadcast to one shape (the language does `torch.broadcast_tensors` and
/// PyTorch's warning).
///
/// `mse_loss` is one node, `MseLossBackward0`, as in PyTorch: the values are
/// `(input - target) ** 2` computed as `d * d`, reduced by the engine's `mean`/`sum`;
/// the gradient is `(norm * (input - target)) * grad` with `norm` `2 / numel` for
/// `mean` and `2` otherwise (ATen's `mse_backward_cpu_kernel`), the target's its
/// negation. `l1_loss` is, as PyTorch 2.15 decomposes it, `(input - target).abs()`
/// then `mean`/`sum`: its nodes are `SubBackward0`, `AbsBackward0`, `MeanBackward0`.
extension Tensor {
    /// `F.mse_loss(input, target, reduction=reduction)`.
    /// - Throws: for shapes that differ or integer/bool dtypes (PyTorch's `"mse_cpu"
    ///   not implemented for 'Long'`).
    public static func mseLoss(_ input: Tensor, _ target: Tensor, reduction: LossReduction) throws(EngineError) -> Tensor {
        guard input.shape == target.shape else {
            throw .shape("mse_loss needs an input and a target of one shape: got \(input.shape) and \(target.shape)")
        }
        let dtype = TypePromotion.resultType([.tensor(input), .tensor(target)])
        guard dtype.isFloatingPoint else {
            throw EngineError(.dtype, "\"mse_cpu\" not implemented for '\(dtype.scalarTypeName)'", pythonType: "NotImplementedError")
        }
        let (a, b) = (input.converted(to: dtype), target.converted(to: dtype))
        let squares = try Tensor.apply(.subtract, .tensor(a.detachedCopy()), .tensor(b.detachedCopy()))
        let elementwise = try squares.applying(.multiply, squares)
        let values: Tensor = switch reduction {
        case .none: elementwise
        case .mean: try elementwise.reduced(.mean)
        case .sum: try elementwise.reduced(.sum)
        }
        let norm = reduction == .mean ? 2.0 / Double(input.count) : 2.0
        let (inputDType, targetDType) = (input.dtype, target.dtype)
        return values.recorded("MseLossBackward0", inputs: [input, target], saving: [input, target]) { g, saved throws(EngineError) in
            let difference = try Tensor.apply(.subtract, .tensor(saved[0].converted(to: dtype)), .tensor(saved[1].converted(to: dtype)))
            let gradInput = try difference.applying(.multiply, .double(norm)).applying(.multiply, g[0])
            let gradTarget = try difference.negated().applying(.multiply, .double(norm)).applying(.multiply, g[0])
            return [gradInput.converted(to: inputDType), gradTarget.converted(to: targetDType)]
        }
    }

    /// `F.l1_loss(input, target, reduction=reduction)`, recorded as PyTorch 2.15
    /// decomposes it.
    public static func l1Loss(_ input: Tensor, _ target: Tensor, reduction: LossReduction) throws(EngineError) -> Tensor {
        let absolute = try Tensor.apply(.subtract, .tensor(input), .tensor(target)).absolute()
        if reduction == .mean, !absolute.dtype.isFloatingPoint {
            // What l1_loss's mean says (NotImplementedError there, unlike Tensor.mean's RuntimeError).
            throw EngineError(.dtype, "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: \(absolute.dtype.scalarTypeName)",
                              pythonType: "NotImplementedError")
        }
        switch reduction {
        case .none: return absolute
        case .mean: return try absolute.reduced(.mean)
        case .sum: return try absolute.reduced(.sum)
        }
    }
}

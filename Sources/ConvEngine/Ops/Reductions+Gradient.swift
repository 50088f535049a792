/// The gradients of `sum`, `mean` and the whole-tensor `max`/`min`: `SumBackward0`
/// (everything) / `SumBackward1` (along dims), `MeanBackward0` / `MeanBackward1`,
/// `MaxBackward1` / `MinBackward1` (the gradient shared evenly by the elements equal
/// to the result, as PyTorch's `evenly_distribute_backward`).
extension Tensor {
    func recordedReduction(_ reduction: Reduction, _ result: Tensor, dims: [Int], keepDim: Bool, whole: Bool) -> Tensor {
        guard Tensor.isRecording([self]) else { return result }
        let inputShape = shape
        let suffix = whole ? "0" : "1"
        switch reduction {
        case .sum:
            return result.recorded("SumBackward" + suffix, inputs: [self]) { g, _ throws(EngineError) in
                [try g[0].expandedBack(to: inputShape, reducedDims: dims, keptDims: keepDim)]
            }
        case .mean:
            let count = dims.isEmpty && inputShape.rank > 0 ? inputShape.elementCount : dims.reduce(1) { $0 * inputShape[$1] }
            let divisor = inputShape.rank == 0 ? 1 : count
            return result.recorded("MeanBackward" + suffix, inputs: [self]) { g, _ throws(EngineError) in
                [try g[0].expandedBack(to: inputShape, reducedDims: dims, keptDims: keepDim).dividedInFormula(by: .int(Int64(divisor)))]
            }
        case .max, .min:
            let name = (reduction == .max ? "MaxBackward" : "MinBackward") + "1"
            return result.recorded(name, inputs: [self], saving: [self], savingOutput: true) { g, saved throws(EngineError) in
                let (input, extreme) = (saved[0], saved[1])
                // PyTorch's evenly_distribute_backward: a NaN result shares among the NaNs.
                let hits = try Tensor.logical(.or, try input.compared(.equal, extreme),
                                              try Tensor.logical(.and, try input.compared(.notEqual, input), try extreme.compared(.notEqual, extreme)))
                let mask = hits.converted(to: g[0].dtype)
                let share = try g[0].applying(.divide, try mask.reduced(.sum))
                return [try mask.applying(.multiply, share)]
            }
        case .all, .any:
            return result
        }
    }

    /// A reduction's gradient put back in the input's shape: the reduced dimensions
    /// restored as 1s (unless kept) and expanded.
    /// As PyTorch's `sum_backward`: a whole reduction's 0-d gradient is expanded as it is,
    /// otherwise the reduced dimensions are unsqueezed back one by one (unless kept).
    func expandedBack(to inputShape: TensorShape, reducedDims dims: [Int], keptDims: Bool) throws(EngineError) -> Tensor {
        guard rank != 0 else { return try expanded(to: inputShape.dimensions) }
        var unsqueezed = self
        if !keptDims {
            for d in dims.sorted() where unsqueezed.rank < inputShape.rank { unsqueezed = try unsqueezed.unsqueezed(dim: d) }
        }
        return try unsqueezed.expanded(to: inputShape.dimensions)
    }
}

/// The gradients of `clamp`/`clip`, as PyTorch records them: `ClampBackward1` when the
/// bounds are numbers (the gradient passes where `min < x < max`), `ClampBackward0`
/// when they are tensors, with an input for each bound (`None` for a missing one).
extension Tensor {
    func recordedClamp(of input: Tensor, min lower: Operand?, max upper: Operand?) -> Tensor {
        let (lowerTensor, upperTensor) = (lower?.tensorOrNil, upper?.tensorOrNil)
        guard lowerTensor != nil || upperTensor != nil else {
            let saved = SavedSlots(needs: [.tensor(input), lower, upper])
            return recorded("ClampBackward1", inputs: [input], saving: saved.tensors) { g, values throws(EngineError) in
                let x = try saved.operand(0, in: values)!.tensor
                return [try Tensor.gradient(g[0], keptWhere: try Tensor.within(x, try saved.operand(1, in: values), try saved.operand(2, in: values)))]
            }
        }
        // PyTorch 2.15 shares the gradient at ties between the input and a tensor bound
        // by a rule ConvLab does not reproduce yet: the node is recorded, its backward refused.
        return recorded("ClampBackward0", inputs: [input, lowerTensor, upperTensor]) { _, _ throws(EngineError) in
            throw EngineError(.argument, "ConvLab does not compute the gradient of clamp with tensor bounds yet", pythonType: "NotImplementedError")
        }
    }

    /// Where `lower < x < upper` (a missing bound always holds): PyTorch 2.15 gives a
    /// number bound's ties no gradient.
    private static func within(_ x: Tensor, _ lower: Operand?, _ upper: Operand?) throws(EngineError) -> Tensor {
        let above = try lower.map { (lo) throws(EngineError) in try compare(.greater, .tensor(x), lo) }
        let below = try upper.map { (hi) throws(EngineError) in try compare(.less, .tensor(x), hi) }
        switch (above, below) {
        case let (a?, b?): return try logical(.and, a, b)
        case let (a?, nil): return a
        case let (nil, b?): return b
        case (nil, nil): return Tensor(shape: x.shape, storage: .bool([Bool](repeating: true, count: x.count)))
        }
    }
}

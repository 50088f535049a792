/// The gradients of `clamp`/`clip`, as PyTorch records them: `ClampBackward1` when the
/// bounds are numbers (the gradient passes where `min < x < max`), `ClampBackward0`
/// when they are tensors, with an input for each bound (`None` for a missing one) that
/// gets the gradient where the result is that bound.
extension Tensor {
    func recordedClamp(of input: Tensor, min lower: Operand?, max upper: Operand?) -> Tensor {
        let (lowerTensor, upperTensor) = (lower?.tensorOrNil, upper?.tensorOrNil)
        guard lowerTensor != nil || upperTensor != nil else {
            let (slots, tensors) = SavedSlots.make(needs: [.tensor(input), lower, upper])
            return recorded("ClampBackward1", inputs: [input], saving: tensors) { g, values throws(EngineError) in
                let x = slots.operand(0, in: values)!.tensor
                return [try Tensor.gradient(g[0], keptWhere: try Tensor.within(x, slots.operand(1, in: values), slots.operand(2, in: values)))]
            }
        }
        let (slots, tensors) = SavedSlots.make(needs: [.tensor(input), lower, upper])
        return recorded("ClampBackward0", inputs: [input, lowerTensor, upperTensor], saving: tensors) { g, values throws(EngineError) in
            let x = Operand.tensor(slots.operand(0, in: values)!.tensor)
            return try Tensor.clampGradients(g[0], x, slots.operand(1, in: values), slots.operand(2, in: values))
        }
    }

    /// PyTorch 2.15's gradients of a clamp with tensor bounds: the gradient goes to
    /// whichever of input and bounds the result is; a tie between the input and one
    /// bound shares it half and half, the input keeps all of it when both bounds equal
    /// it, and a lower bound above the upper one gives all of it to the upper.
    static func clampGradients(_ g: Tensor, _ x: Operand, _ lower: Operand?, _ upper: Operand?) throws(EngineError) -> [Tensor?] {
        let half = try g.applying(.divide, .int(2))
        func mask(_ op: Comparison, _ a: Operand, _ b: Operand) throws(EngineError) -> Tensor { try compare(op, a, b) }
        func both(_ a: Tensor, _ b: Tensor) throws(EngineError) -> Tensor { try logical(.and, a, b) }
        func either(_ a: Tensor, _ b: Tensor) throws(EngineError) -> Tensor { try logical(.or, a, b) }
        /// The first value whose condition holds, else 0.
        func pick(_ cases: [(Tensor, Tensor)]) throws(EngineError) -> Tensor {
            var result = Operand.scalar(.int(0))
            for (condition, value) in cases.reversed() { result = .tensor(try select(where: condition, .tensor(value), result)) }
            return result.tensor
        }
        switch (lower, upper) {
        case let (lo?, hi?):
            let (ordered, equal) = (try mask(.less, lo, hi), try mask(.equal, lo, hi))
            let (atLower, atUpper) = (try mask(.equal, x, lo), try mask(.equal, x, hi))
            let inside = try both(try mask(.greater, x, lo), try mask(.less, x, hi))
            let gradX = try pick([(try both(equal, atLower), g), (try both(ordered, inside), g),
                                  (try both(ordered, try either(atLower, atUpper)), half)])
            let notReversed = try either(ordered, equal)
            let gradLower = try pick([(try both(ordered, atLower), half), (try both(notReversed, try mask(.less, x, lo)), g)])
            let gradUpper = try pick([(try mask(.greater, lo, hi), g), (try both(ordered, atUpper), half),
                                      (try both(notReversed, try mask(.greater, x, hi)), g)])
            return [gradX, lower?.tensorOrNil == nil ? nil : gradLower, upper?.tensorOrNil == nil ? nil : gradUpper]
        case let (lo?, nil):
            let tie = try mask(.equal, x, lo)
            return [try pick([(try mask(.greater, x, lo), g), (tie, half)]),
                    try pick([(try mask(.less, x, lo), g), (tie, half)]), nil]
        case let (nil, hi?):
            let tie = try mask(.equal, x, hi)
            return [try pick([(try mask(.less, x, hi), g), (tie, half)]), nil,
                    try pick([(try mask(.greater, x, hi), g), (tie, half)])]
        case (nil, nil):
            return [g, nil, nil]
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

/// The gradients of the reductions that pick or summarise elements along dimensions:
/// `MaxBackward0` / `MinBackward0` (`x.max(dim)`'s values: the gradient goes to the
/// chosen index), `AmaxBackward0` / `AminBackward0` (shared evenly by the elements
/// equal to the result), `VarBackward0` and `StdBackward0` (with the correction).
extension Tensor {
    /// `x.max(dim)` / `x.min(dim)`'s values, recorded; the indices stay outside the graph.
    func recordedExtreme(_ reduction: Reduction, of input: Tensor, indices: Tensor, axis: Int, keepDim: Bool) -> Tensor {
        let name = reduction == .max ? "MaxBackward0" : "MinBackward0"
        let inputShape = input.shape
        return recorded(name, inputs: [input], saving: [indices]) { g, saved throws(EngineError) in
            guard inputShape.rank > 0 else { return [g[0]] }
            var sizes = [Int](repeating: 1, count: inputShape.rank)
            sizes[axis] = inputShape[axis]
            let positions = Tensor(shape: TensorShape(sizes), storage: .int64((0..<Int64(inputShape[axis])).map { $0 }))
            let chosen = keepDim ? saved[0] : try saved[0].unsqueezed(dim: axis)
            let grad = keepDim ? g[0] : try g[0].unsqueezed(dim: axis)
            let mask = try positions.compared(.equal, chosen)
            return [try Tensor.select(where: mask, .tensor(grad), .scalar(.int(0)))]
        }
    }

    /// `amax` / `amin`'s result, recorded.
    func recordedExtremeValues(_ kind: ExtremeKind, of input: Tensor, dims: [Int], keepDim: Bool) -> Tensor {
        let name = kind == .max ? "AmaxBackward0" : "AminBackward0"
        let kept = Tensor.keptSizes(input.shape, dims)
        return recorded(name, inputs: [input], saving: [input], savingOutput: true) { g, saved throws(EngineError) in
            let (x, result) = (saved[0], saved[1])
            let restored = keepDim ? result : try result.viewed(kept)
            let grad = keepDim ? g[0] : try g[0].viewed(kept)
            let mask = try x.compared(.equal, restored).converted(to: grad.dtype)
            let reduceDims = dims.isEmpty ? Array(0..<x.rank) : dims
            let share = try grad.applying(.divide, try mask.reduced(.sum, dims: reduceDims, keepDim: true))
            return [try share.applying(.multiply, mask)]
        }
    }

    /// `var` / `std`'s result, recorded: `2 / (n - correction) * grad * (x - mean)`,
    /// for `std` with `grad / (2 * result)` (0 where the result is 0).
    func recordedVariance(of input: Tensor, dims: [Int], correction: Double, keepDim: Bool, squareRoot: Bool) -> Tensor {
        let kept = Tensor.keptSizes(input.shape, dims)
        let reduceDims = dims.isEmpty ? Array(0..<input.rank) : dims
        let perOutput = reduceDims.reduce(1) { $0 * input.shape[$1] }
        let degreesOfFreedom = Double(perOutput) - correction
        let name = squareRoot ? "StdBackward0" : "VarBackward0"
        return recorded(name, inputs: [input], saving: [input], savingOutput: squareRoot) { g, saved throws(EngineError) in
            guard degreesOfFreedom > 0 else {
                throw EngineError(.argument, "ConvLab does not compute the gradient of \(squareRoot ? "std" : "var") with no degrees of freedom yet", pythonType: "NotImplementedError")
            }
            var grad = keepDim ? g[0] : try g[0].viewed(kept)
            if squareRoot {
                let result = keepDim ? saved[1] : try saved[1].viewed(kept)
                grad = try grad.applying(.divide, try result.applying(.multiply, .int(2)))
                grad = try Tensor.select(where: try result.compared(.equal, .int(0)), .scalar(.int(0)), .tensor(grad))
            }
            let x = saved[0]
            let centred = try x.applying(.subtract, try x.reduced(.mean, dims: reduceDims, keepDim: true))
            return [try grad.applying(.multiply, .double(2 / degreesOfFreedom)).applying(.multiply, centred)]
        }
    }

    /// The input's sizes with the reduced dimensions (all when `dims` is empty) set to 1.
    static func keptSizes(_ shape: TensorShape, _ dims: [Int]) -> [Int] {
        var sizes = shape.dimensions
        for d in dims.isEmpty ? Array(sizes.indices) : dims { sizes[d] = 1 }
        return sizes
    }
}

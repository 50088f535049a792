extension Tensor {
    /// Every element limited to `[min, max]` (`torch.clamp`, `clip`): `min(max(x, lo),
    /// hi)`, so when `min > max` every element becomes `max`, and NaN stays NaN.
    ///
    /// The bounds may be numbers or tensors; the result's dtype is PyTorch's result type
    /// of the tensor and the bounds (`int_tensor.clamp(min=0.5)` is float32), and its
    /// shape the broadcast of all three.
    /// - Throws: PyTorch's message when both bounds are missing, or shapes that do not
    ///   broadcast.
    public func clamped(min lower: Operand?, max upper: Operand?) throws(EngineError) -> Tensor {
        try clampedValues(min: lower, max: upper).recordedClamp(of: self, min: lower, max: upper)
    }

    private func clampedValues(min lower: Operand?, max upper: Operand?) throws(EngineError) -> Tensor {
        guard lower != nil || upper != nil else {
            throw .argument("torch.clamp: At least one of 'min' or 'max' must not be None")
        }
        let operands = [Operand.tensor(self)] + [lower, upper].compactMap { $0 }
        let resultType = TypePromotion.resultType(operands)
        var outShape = shape
        for bound in [lower, upper].compactMap({ $0 }) {
            outShape = try TensorShape.broadcast(outShape, bound.shape)
        }
        try EngineLimits.checkAllocation(outShape, dtype: resultType)
        func spread(_ operand: Operand) throws(EngineError) -> Tensor {
            let t = operand.tensor
            return t.shape == outShape ? t : try t.expanded(to: outShape.dimensions)
        }
        let x = try spread(.tensor(self))
        let lo = try lower.map { (bound) throws(EngineError) in try spread(bound) }
        let hi = try upper.map { (bound) throws(EngineError) in try spread(bound) }
        func clamp<T: Comparable & TensorElement>(_ type: T.Type) -> [T] {
            var values = x.elements(as: T.self)
            if let lo {
                let bounds = lo.elements(as: T.self)
                for i in values.indices where values[i] < bounds[i] { values[i] = bounds[i] }
            }
            if let hi {
                let bounds = hi.elements(as: T.self)
                for i in values.indices where bounds[i] < values[i] { values[i] = bounds[i] }
            }
            return values
        }
        switch resultType {
        case .float32: return Tensor(shape: outShape, storage: .float32(clamp(Float.self)))
        case let type where type.isFloatingPoint:
            return Tensor(shape: outShape, storage: .converting(clamp(Double.self), to: type))
        case .int64: return Tensor(shape: outShape, storage: .int64(clamp(Int64.self)))
        case let type:
            return Tensor(shape: outShape, storage: .converting(clamp(Int64.self), to: type))
        }
    }
}

/// The in-place pointwise kernels PyTorch's optimisers run (`add_(other, alpha=)`,
/// `mul_`, `lerp_`, `addcmul_`, `addcdiv_`, `maximum(out=)`), rounded as PyTorch's CPU
/// kernels round them, so that a step gives PyTorch's numbers to the last bit:
///
/// - `add_(other, alpha=a)` is one fused multiply-add, `self + a * other` rounded once
///   (ATen's vectorized `fmadd`);
/// - `lerp_(end, w)` is `self + w * (end - self)` fused when `|w| < 0.5`, otherwise
///   `end + (w - 1) * (end - self)` fused;
/// - `addcmul_(t1, t2, value=v)` rounds `v * t1`, then fuses `self + (v * t1) * t2`;
/// - `addcdiv_(t1, t2, value=v)` rounds `v * t1`, divides by `t2`, then adds.
///
/// Scalars are first rounded to the tensor's dtype (`value.to<scalar_t>()`). The
/// kernels record no gradient and write through the tensor's strides, bumping its
/// version counter: optimisers call them on parameters outside the graph (PyTorch's
/// `step` runs under `no_grad`). Operands must have this tensor's shape and dtype.
extension Tensor {
    /// `self.add_(other, alpha=alpha)`.
    public func addScaledInPlace(_ other: Tensor, alpha: Double) throws(EngineError) {
        try rewrite(other, other, float: { s, o, _ in s.addingProduct(Float(alpha), o) },
                    double: { s, o, _ in s.addingProduct(alpha, o) })
    }

    /// `self.add(other, alpha=alpha)`: a new tensor.
    public func addingScaled(_ other: Tensor, alpha: Double) throws(EngineError) -> Tensor {
        let result = detachedCopy()
        try result.addScaledInPlace(other, alpha: alpha)
        return result
    }

    /// The values of `lhs + alpha * rhs` (`lhs - alpha * rhs` for `.subtract`) with
    /// broadcasting, rounded once as PyTorch's float32/float64 CPU kernel rounds them;
    /// `nil` for other dtypes (integers are exact anyway; half types round in float).
    static func fusedAddValues(_ op: BinaryOperation, _ lhs: Operand, _ rhs: Operand, alpha: Scalar) throws(EngineError) -> Tensor? {
        let dtype = TypePromotion.resultType([lhs, rhs])
        guard dtype == .float32 || dtype == .float64 else { return nil }
        let (a, b, _) = try broadcastPair(lhs.tensor.converted(to: dtype), rhs.tensor.converted(to: dtype))
        let result = a.detachedCopy()
        try result.addScaledInPlace(b.detachedCopy(), alpha: op == .subtract ? -alpha.doubleValue : alpha.doubleValue)
        return result
    }

    /// `self.mul_(factor)`.
    public func scaleInPlace(by factor: Double) throws(EngineError) {
        try rewrite(self, self, float: { s, _, _ in s * Float(factor) }, double: { s, _, _ in s * factor })
    }

    /// `self.lerp_(end, weight)`.
    public func lerpInPlace(toward end: Tensor, weight: Double) throws(EngineError) {
        try rewrite(end, end, float: { s, e, _ in Self.lerp(s, e, Float(weight)) }, double: { s, e, _ in Self.lerp(s, e, weight) })
    }

    /// `self.addcmul_(t1, t2, value=value)`.
    public func addProductInPlace(_ t1: Tensor, _ t2: Tensor, value: Double) throws(EngineError) {
        try rewrite(t1, t2, float: { s, a, b in s.addingProduct(Float(value) * a, b) },
                    double: { s, a, b in s.addingProduct(value * a, b) })
    }

    /// `self.addcdiv_(t1, t2, value=value)`.
    public func addQuotientInPlace(_ t1: Tensor, _ t2: Tensor, value: Double) throws(EngineError) {
        try rewrite(t1, t2, float: { s, a, b in s + Float(value) * a / b }, double: { s, a, b in s + value * a / b })
    }

    /// `torch.maximum(self, other, out=self)`: NaN wins, as in PyTorch.
    public func maximumInPlace(_ other: Tensor) throws(EngineError) {
        try rewrite(other, other, float: { s, o, _ in Self.maximum(s, o) }, double: { s, o, _ in Self.maximum(s, o) })
    }

    /// A contiguous copy of the elements outside the graph (`detach().clone()`).
    public func detachedCopy() -> Tensor {
        Tensor(shape: shape, storage: contiguousStorage)
    }

    private static func lerp<T: BinaryFloatingPoint>(_ start: T, _ end: T, _ weight: T) -> T {
        let difference = end - start
        return Swift.abs(weight) < 0.5 ? start.addingProduct(weight, difference) : end.addingProduct(weight - 1, difference)
    }

    private static func maximum<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> T {
        a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
    }

    /// Writes `f(self[i], a[i], b[i])` into every element, in float32 or float64.
    private func rewrite(_ a: Tensor, _ b: Tensor, float: (Float, Float, Float) -> Float,
                         double: (Double, Double, Double) -> Double) throws(EngineError) {
        for operand in [a, b] where operand.shape != shape || operand.dtype != dtype {
            throw .argument("an optimizer's update needs tensors of one shape and dtype: got \(operand.shape) \(operand.dtype.torchName) for \(shape) \(dtype.torchName)")
        }
        switch dtype {
        case .float32:
            let (s, x, y) = (elements(as: Float.self), a.elements(as: Float.self), b.elements(as: Float.self))
            var out = [Float](repeating: 0, count: s.count)
            for i in out.indices { out[i] = float(s[i], x[i], y[i]) }
            try writeResult(Tensor(shape: shape, storage: .float32(out)))
        case .float64:
            let (s, x, y) = (elements(as: Double.self), a.elements(as: Double.self), b.elements(as: Double.self))
            var out = [Double](repeating: 0, count: s.count)
            for i in out.indices { out[i] = double(s[i], x[i], y[i]) }
            try writeResult(Tensor(shape: shape, storage: .float64(out)))
        default:
            throw EngineError(.dtype, "ConvLab does not update \(dtype.torchName) parameters yet (only float32 and float64)",
                              pythonType: "NotImplementedError")
        }
    }
}

extension GradMode {
    /// Runs `body` with gradients off (what PyTorch's optimisers' `step` does), then
    /// restores the mode.
    public func withGradDisabled<R>(_ body: () throws(EngineError) -> R) throws(EngineError) -> R {
        let saved = state
        state.isGradEnabled = false
        defer { state = saved }
        return try body()
    }
}

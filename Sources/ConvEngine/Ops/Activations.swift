/// The activation functions of `torch.nn` (`F.relu`, `F.leaky_relu`, `torch.tanh`,
/// `F.hardtanh`, `F.elu`; `torch.sigmoid` is ``Tensor/applying(_:)`` with
/// ``UnaryFunction/sigmoid``).
///
/// ```swift
/// let x = try Tensor(shape: [3], elements: [Float]([-2, 0, 3]))
/// try x.relu()                          // [0, 0, 3]
/// try x.leakyReLU(negativeSlope: 0.1)   // [-0.2, 0, 3]
/// ```
///
/// float32 is computed in single precision, float64 in double, as PyTorch's CPU
/// kernels do. The comparisons and products (`relu`, `leaky_relu`, `hardtanh`) give
/// PyTorch's bits, NaN and the sign of zero included; `tanh` and `elu` use the C
/// library's `tanhf` / `expm1f` where PyTorch uses its vectorised SLEEF functions, so
/// the last bit may differ (both are within one unit in the last place).
extension Tensor {
    /// `F.relu`: `x < 0 ? 0 : x` (NaN and -0.0 pass through). Integer tensors stay integer.
    /// - Throws: NotImplementedError for bool tensors.
    public func relu() throws(EngineError) -> Tensor {
        switch dtype {
        case .bool:
            throw EngineError(.dtype, "Boolean inputs not supported for relu", pythonType: "NotImplementedError")
        case let type where type.isFloatingPoint:
            return mapFloating(ReLU()).recordedReLU(of: self)
        default:
            return Tensor(shape: shape, storage: .converting(elements(as: Int64.self).map { $0 < 0 ? 0 : $0 }, to: dtype))
        }
    }

    /// `F.leaky_relu`: `x > 0 ? x : x * negativeSlope`, the slope rounded to the
    /// element type first.
    /// - Parameter inPlace: whether the result is written back into this tensor
    ///   (`inplace=True`): its node is then PyTorch's `LeakyReluBackward1`, which saves
    ///   the result.
    /// - Throws: NotImplementedError for integer and bool tensors.
    public func leakyReLU(negativeSlope: Double = 0.01, inPlace: Bool = false) throws(EngineError) -> Tensor {
        try requireFloating("leaky_relu_cpu")
        return mapFloating(LeakyReLU(slope: negativeSlope)).recordedLeakyReLU(of: self, slope: negativeSlope, inPlace: inPlace)
    }

    /// `F.hardtanh`: every element clamped to `[min, max]` (NaN stays NaN). Integer
    /// tensors stay integer.
    /// - Throws: ValueError when `min > max`, as `F.hardtanh` checks; NotImplementedError
    ///   for bool tensors.
    public func hardtanh(min lower: Double = -1, max upper: Double = 1) throws(EngineError) -> Tensor {
        guard lower <= upper else { throw .valueError("min_val cannot be greater than max_val") }
        if dtype == .bool {
            throw EngineError(.dtype, "\"hardtanh_cpu\" not implemented for 'Bool'", pythonType: "NotImplementedError")
        }
        if dtype.isFloatingPoint {
            return mapFloating(Clamp(lower: lower, upper: upper)).recordedHardtanh(of: self, lower: lower, upper: upper)
        }
        let (lo, hi) = (Int64(convertingDouble: lower), Int64(convertingDouble: upper))
        let values = elements(as: Int64.self).map { Swift.min(Swift.max($0, lo), hi) }
        return Tensor(shape: shape, storage: .converting(values, to: dtype))
    }

    /// `F.elu`: `x > 0 ? x : alpha * (exp(x) - 1)`, with `expm1`.
    /// - Throws: NotImplementedError for integer and bool tensors.
    public func elu(alpha: Double = 1) throws(EngineError) -> Tensor {
        try requireFloating("elu_cpu")
        return mapFloating(ELU(alpha: alpha)).recordedELU(of: self, alpha: alpha)
    }

    /// `torch.tanh`. Integer and bool tensors give float32, as PyTorch's "int to float"
    /// unary functions do.
    public func tanh() -> Tensor {
        dtype.isFloatingPoint ? mapFloating(HyperbolicTangent()).recordedTanh(of: self)
                              : converted(to: .float32).mapFloating(HyperbolicTangent())
    }

    /// PyTorch's dispatch refusal for a kernel that takes floating-point types only.
    func requireFloating(_ kernel: String) throws(EngineError) {
        guard dtype.isFloatingPoint else {
            throw EngineError(.dtype, "\"\(kernel)\" not implemented for '\(dtype.scalarTypeName)'", pythonType: "NotImplementedError")
        }
    }
}

private struct ReLU: NNFloatMapper {
    func map<T: NNFloat>(_ values: [T]) -> [T] { values.map { $0 < 0 ? 0 : $0 } }
}

private struct LeakyReLU: NNFloatMapper {
    let slope: Double
    func map<T: NNFloat>(_ values: [T]) -> [T] {
        let s = T(slope)
        return values.map { $0 > 0 ? $0 : $0 * s }
    }
}

private struct Clamp: NNFloatMapper {
    let lower: Double, upper: Double
    func map<T: NNFloat>(_ values: [T]) -> [T] {
        let (lo, hi) = (T(lower), T(upper))
        return values.map { x in x.isNaN ? x : (x < lo ? lo : (x > hi ? hi : x)) }
    }
}

private struct ELU: NNFloatMapper {
    let alpha: Double
    func map<T: NNFloat>(_ values: [T]) -> [T] {
        let a = T(alpha)
        return values.map { $0 > 0 ? $0 : T.exponentialMinusOne($0) * a }
    }
}

private struct HyperbolicTangent: NNFloatMapper {
    func map<T: NNFloat>(_ values: [T]) -> [T] { values.map(T.hyperbolicTangent) }
}

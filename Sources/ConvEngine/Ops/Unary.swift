import Foundation

/// The elementwise functions of one tensor whose results are floating point.
public enum UnaryFunction: String, Sendable, CaseIterable {
    /// The square root (NaN below zero).
    case sqrt
    /// e to the power of the element.
    case exp
    /// The natural logarithm (-inf at zero, NaN below).
    case log
    /// The logistic function, `1 / (1 + exp(-x))`.
    case sigmoid
    /// `1 / x`.
    case reciprocal
    /// The sine and the cosine, of radians.
    case sin, cos

    /// The function in single precision, as PyTorch's float kernels compute it.
    func callAsFunction(_ x: Float) -> Float {
        switch self {
        case .sqrt: x.squareRoot()
        case .exp: Foundation.expf(x)
        case .log: Foundation.logf(x)
        case .sigmoid: 1 / (1 + Foundation.expf(-x))
        case .reciprocal: 1 / x
        case .sin: Foundation.sinf(x)
        case .cos: Foundation.cosf(x)
        }
    }

    /// The function in double precision.
    func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .sqrt: x.squareRoot()
        case .exp: Foundation.exp(x)
        case .log: Foundation.log(x)
        case .sigmoid: 1 / (1 + Foundation.exp(-x))
        case .reciprocal: 1 / x
        case .sin: Foundation.sin(x)
        case .cos: Foundation.cos(x)
        }
    }
}

extension Tensor {
    /// `function` applied to every element (`torch.sqrt`, `exp`, `log`, `sigmoid`).
    /// Integer and bool tensors give float32, as PyTorch's "int to float" unary ops do;
    /// float32 is computed in single precision, float64 in double.
    public func applying(_ function: UnaryFunction) -> Tensor {
        let result = values(of: function)
        guard Tensor.isRecording([self]) else { return result }
        switch function {
        case .sqrt:
            return result.recorded("SqrtBackward0", inputs: [self], savingOutput: true) { g, saved throws(EngineError) in
                [try g[0].applying(.divide, try saved[0].applying(.multiply, .int(2)))]
            }
        case .exp:
            return result.recorded("ExpBackward0", inputs: [self], savingOutput: true) { g, saved throws(EngineError) in
                [try g[0].applying(.multiply, saved[0])]
            }
        case .log:
            return result.recorded("LogBackward0", inputs: [self], saving: [self]) { g, saved throws(EngineError) in
                [try g[0].applying(.divide, saved[0])]
            }
        case .sigmoid:
            return result.recorded("SigmoidBackward0", inputs: [self], savingOutput: true) { g, saved throws(EngineError) in
                [try Tensor.activationGradient("SigmoidBackwardBackward0", grad: g[0], result: saved[0],
                                               slope: { (y) throws(EngineError) in try y.applying(.multiply, try Tensor.apply(.subtract, .scalar(.int(1)), .tensor(y))) },
                                               slopeDerivative: { (y) throws(EngineError) in try Tensor.apply(.subtract, .scalar(.int(1)), .tensor(try y.applying(.multiply, .int(2)))) })]
            }
        case .reciprocal:
            return result.recorded("ReciprocalBackward0", inputs: [self], savingOutput: true) { g, saved throws(EngineError) in
                let y = saved[0]
                return [try g[0].negated().applying(.multiply, try y.applying(.multiply, y))]
            }
        case .sin:
            return result.recorded("SinBackward0", inputs: [self], saving: [self]) { g, saved throws(EngineError) in
                [try g[0].applying(.multiply, saved[0].applying(.cos))]
            }
        case .cos:
            return result.recorded("CosBackward0", inputs: [self], saving: [self]) { g, saved throws(EngineError) in
                [try g[0].applying(.multiply, try saved[0].applying(.sin).negated())]
            }
        }
    }

    private func values(of function: UnaryFunction) -> Tensor {
        if dtype == .float64 {
            return Tensor(shape: shape, storage: .float64(elements(as: Double.self).map { function($0) }))
        }
        if dtype.isFloatingPoint && dtype != .float32 {
            // A narrower float (added later) computes in float and keeps its own dtype.
            let values = elements(as: Float.self).map { Double(function($0)) }
            return Tensor(shape: shape, storage: .converting(values, to: dtype))
        }
        return Tensor(shape: shape, storage: .float32(elements(as: Float.self).map { function($0) }))
    }

    /// The elements rounded half to even (`torch.round`); with `decimals`, to that many
    /// decimal places (negative: to tens, hundreds...), computed as PyTorch does:
    /// `nearbyint(x * 10^d) / 10^d` in the element's precision (`nearbyint(x / 10^-d) *
    /// 10^-d` for negative `d`).
    ///
    /// - Parameter decimals: `nil` is PyTorch's `round(x)` without the argument, which
    ///   returns integer tensors unchanged.
    /// - Throws: NotImplementedError for bool tensors, and for integer tensors when
    ///   `decimals` is given.
    public func rounded(decimals: Int? = nil) throws(EngineError) -> Tensor {
        try roundedValues(decimals: decimals).recordedRounding(of: self, decimals: decimals)
    }

    private func roundedValues(decimals: Int?) throws(EngineError) -> Tensor {
        guard dtype.isFloatingPoint else {
            if decimals == nil, dtype != .bool { return self }
            let kernel = (decimals ?? 0) == 0 ? "round_vml_cpu" : "round_cpu"
            throw EngineError(.dtype, "\"\(kernel)\" not implemented for '\(dtype.scalarTypeName)'", pythonType: "NotImplementedError")
        }
        let d = decimals ?? 0
        func round<T: BinaryFloatingPoint>(_ values: [T]) -> [T] {
            guard d != 0 else { return values.map { $0.rounded(.toNearestOrEven) } }
            let scale = T(Foundation.pow(10.0, Double(Swift.abs(d))))
            return d > 0 ? values.map { ($0 * scale).rounded(.toNearestOrEven) / scale }
                         : values.map { ($0 / scale).rounded(.toNearestOrEven) * scale }
        }
        if dtype == .float64 { return Tensor(shape: shape, storage: .float64(round(elements(as: Double.self)))) }
        let values = round(elements(as: Float.self))
        if dtype == .float32 { return Tensor(shape: shape, storage: .float32(values)) }
        return Tensor(shape: shape, storage: .converting(values.map(Double.init), to: dtype))
    }
}

import Foundation

extension Init {
    /// `trunc_normal_(tensor, mean, std, a, b)` as PyTorch 2.15 draws it (not the
    /// inverse-CDF method of earlier versions). When the normal puts more than 0.3 of
    /// its mass in `[a, b]`: normal values, and every one outside redrawn from a fresh
    /// normal tensor of the same size until none is. Otherwise rejection sampling:
    /// candidates uniform in `[a, b)`, each accepted when `log(u) <= log_pdf - log_peak`
    /// for a fresh uniform `u`, the rejected ones drawn again, all in the tensor's
    /// precision.
    ///
    /// The acceptance test takes `logf` where PyTorch takes its vectorised `log`; the
    /// two could only disagree on a candidate that lies within a unit in the last place
    /// of the boundary.
    /// - Throws: ZeroDivisionError for `std == 0`; the errors of ``normal(_:mean:std:generator:)``
    ///   and ``uniform(_:a:b:generator:)`` (NotImplementedError for integer tensors,
    ///   PyTorch's message when `a > b`).
    @discardableResult
    public static func truncNormal(_ tensor: Tensor, mean: Double = 0, std: Double = 1, a: Double = -2, b: Double = 2,
                                   generator: RandomGenerator) throws(EngineError) -> Tensor {
        guard std != 0 else { throw EngineError(.argument, "float division by zero", pythonType: "ZeroDivisionError") }
        func cdf(_ x: Double) -> Double { (1 + Foundation.erf(x / 2.0.squareRoot())) / 2 }
        let mass = cdf((b - mean) / std) - cdf((a - mean) / std)
        let sampler = TruncatedNormalSampler(tensor: tensor, mean: mean, std: std, a: a, b: b, generator: generator)
        if tensor.dtype == .float64 {
            return try mass > 0.3 ? sampler.redrawOutside(Double.self) : sampler.rejectUniform(Double.self)
        }
        return try mass > 0.3 ? sampler.redrawOutside(Float.self) : sampler.rejectUniform(Float.self)
    }
}

/// The two samplers of `_no_grad_trunc_normal_`.
private struct TruncatedNormalSampler {
    let tensor: Tensor
    let mean: Double, std: Double, a: Double, b: Double
    let generator: RandomGenerator

    var shape: [Int] { tensor.shape.dimensions }

    /// Normal values; the ones outside `[a, b]` (the bounds rounded to the tensor's
    /// dtype) replaced from a whole new normal tensor until none is left.
    func redrawOutside<T: NNFloat>(_ type: T.Type) throws(EngineError) -> Tensor {
        let (lo, hi) = (T(DTypeRounding.rounded(a, tensor.dtype)), T(DTypeRounding.rounded(b, tensor.dtype)))
        try Init.normal(tensor, mean: mean, std: std, generator: generator)
        var result = tensor.elements(as: T.self)
        while result.contains(where: { $0 < lo || $0 > hi }) {
            let fresh = try generator.normal(shape, mean: mean, std: std, dtype: tensor.dtype).elements(as: T.self)
            for i in result.indices where result[i] < lo || result[i] > hi { result[i] = fresh[i] }
        }
        try tensor.copyIn(Tensor.fromComputed(result, shape: tensor.shape, dtype: tensor.dtype))
        return tensor
    }

    /// Uniform candidates in `[a, b)`, each kept when the log of a fresh uniform is at
    /// most its log density less the peak's; the pending ones drawn again together.
    func rejectUniform<T: NNFloat>(_ type: T.Type) throws(EngineError) -> Tensor {
        let mode = Swift.max(a, Swift.min(mean, b))
        let peak = (mode - mean) / std
        let logPeak = -0.5 * (peak * peak)
        func logDensity(_ candidates: [T]) -> [T] {
            candidates.map { c in
                let z = (c - T(mean)) / T(std)
                return z * z * T(-0.5) - T(logPeak)
            }
        }
        func rejected(_ density: [T]) throws(EngineError) -> [Bool] {
            let u = try generator.uniform(shape, from: 0, to: 1, dtype: tensor.dtype).elements(as: T.self)
            return zip(u, density).map { T.naturalLogarithm($0) > $1 }
        }
        try Init.uniform(tensor, a: a, b: b, generator: generator)
        var result = tensor.elements(as: T.self)
        var pending = try rejected(logDensity(result))
        guard pending.contains(true) else { return tensor }
        repeat {
            let candidates = try generator.uniform(shape, from: a, to: b, dtype: tensor.dtype).elements(as: T.self)
            for i in result.indices where pending[i] { result[i] = candidates[i] }
            let again = try rejected(logDensity(candidates))
            for i in pending.indices where pending[i] { pending[i] = again[i] }
        } while pending.contains(true)
        try tensor.copyIn(Tensor.fromComputed(result, shape: tensor.shape, dtype: tensor.dtype))
        return tensor
    }
}

/// `tensor.new_tensor(x).item()`: `x` rounded to a floating dtype and back.
private enum DTypeRounding {
    static func rounded(_ x: Double, _ dtype: DType) -> Double {
        TensorStorage.converting([x], to: dtype).double(at: 0)
    }
}

import Foundation

/// A variance or standard deviation and whether PyTorch warns about it.
public struct VarianceResult: Sendable {
    /// The variance (or its square root).
    public var tensor: Tensor
    /// Whether the number of elements per output, less the correction, is at most zero:
    /// PyTorch then warns "degrees of freedom is <= 0".
    public var degreesOfFreedomNotPositive: Bool
}

extension Tensor {
    /// The variance over `dims` (`var`), or its square root (`std`), with Bessel's
    /// `correction` (1 by default; 0 is `unbiased=False`). Every dimension when `dims`
    /// is `nil` or empty.
    ///
    /// The numbers are PyTorch's CPU ones: a single output is computed in two passes
    /// (the mean first, in the tensor's own precision, then the squared deviations
    /// summed in double); several outputs by Welford's algorithm in double. Either way
    /// the result is rounded to the tensor's dtype once, at the end. The divisor is
    /// `max(0, n - correction)`, so a non-positive one gives infinity or NaN.
    /// - Throws: NotImplementedError for integer and bool tensors; PyTorch's errors for
    ///   dimensions out of range or repeated.
    public func variance(dims: [Int]? = nil, correction: Double = 1, keepDim: Bool = false,
                         squareRoot: Bool = false) throws(EngineError) -> VarianceResult {
        guard dtype.isFloatingPoint else {
            throw EngineError(.dtype, "std and var only support floating point and complex dtypes", pythonType: "NotImplementedError")
        }
        let dims = dims ?? []
        let wrapped = try ReductionAxes.wrapped(dims, rank: rank)
        let axes = dims.isEmpty ? ReductionAxes(everyDimensionOf: shape) : ReductionAxes(shape: shape, axes: wrapped)
        let outShape = axes.outputShape(keepDim: keepDim)
        let outputCount = outShape.elementCount
        let perOutput = outputCount == 0 ? 0 : count / outputCount
        let warning = Double(perOutput) - correction <= 0
        let values: [Double]
        if count == 0 {
            values = [Double](repeating: .nan, count: outputCount)
        } else if outputCount == 1 {
            values = [twoPassVariance(correction: correction, squareRoot: squareRoot)]
        } else {
            let x = elements(as: Double.self)
            values = axes.lanes().map { lane in Self.welford(lane.lazy.map { x[$0] }, correction: correction, squareRoot: squareRoot) }
        }
        let result = Tensor(shape: outShape, storage: .converting(values, to: dtype))
            .recordedVariance(of: self, dims: dims.isEmpty || rank == 0 ? [] : wrapped, correction: correction,
                              keepDim: keepDim, squareRoot: squareRoot)
        return VarianceResult(tensor: result, degreesOfFreedomNotPositive: warning)
    }

    /// `std_var_all_cpu`: the mean as `mean()` gives it (in the tensor's precision), then
    /// the squared deviations from it summed in double.
    private func twoPassVariance(correction: Double, squareRoot: Bool) -> Double {
        let x = elements(as: Double.self)
        let total = x.reduce(0, +)
        let mean = dtype == .float32 ? Double(Float(total) / Float(x.count)) : total / Double(x.count)
        var sum = 0.0
        for v in x {
            let d = v - mean
            sum += d * d
        }
        let variance = sum / Swift.max(0, Double(x.count) - correction)
        return squareRoot ? variance.squareRoot() : variance
    }

    /// `WelfordOps` in double over one lane, then `project`.
    private static func welford<S: Sequence>(_ values: S, correction: Double, squareRoot: Bool) -> Double where S.Element == Double {
        var mean = 0.0, m2 = 0.0, n = 0
        for v in values {
            n += 1
            let delta = v - mean
            mean += delta / Double(n)
            m2 += delta * (v - mean)
        }
        let nf = Double(n)
        let divisor = nf > correction ? nf - correction : 0
        let variance = m2 / divisor
        return squareRoot ? variance.squareRoot() : variance
    }
}

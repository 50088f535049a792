import Foundation

/// PyTorch's CPU batch norm arithmetic in `T` (float for float32 and the narrower
/// floats, double for float64): statistics, running-statistics update, and the
/// per-channel linear transform.
struct BatchNormKernel<T: NNFloat> {
    let layout: BatchNormLayout
    let x: [T]
    let input: Tensor
    let weight: Tensor?, bias: Tensor?, runningMean: Tensor?, runningVar: Tensor?
    let training: Bool, momentum: Double, eps: Double

    init(_ layout: BatchNormLayout, _ input: Tensor, weight: Tensor?, bias: Tensor?, runningMean: Tensor?,
         runningVar: Tensor?, training: Bool, momentum: Double, eps: Double) {
        self.layout = layout
        self.x = input.elements(as: T.self)
        self.input = input
        (self.weight, self.bias, self.runningMean, self.runningVar) = (weight, bias, runningMean, runningVar)
        (self.training, self.momentum, self.eps) = (training, momentum, eps)
    }

    /// The normalised output, and the mean and inverse standard deviation it used
    /// (the batch's in training, the running ones' otherwise), which the backward
    /// pass needs.
    func run() throws(EngineError) -> (output: Tensor, mean: Tensor, invstd: Tensor) {
        let channels = layout.channels
        var mean = [T](repeating: 0, count: channels), invstd = [T](repeating: 0, count: channels)
        if training {
            let (batchMean, varianceSum) = statistics()
            let n = layout.perChannel
            mean = batchMean
            for c in 0..<channels {
                // VarTransform<double>: 1 / sqrt(var_sum / n + eps), the quotient in T.
                invstd[c] = T(1 / (Double(varianceSum[c] / T(n)) + eps).squareRoot())
            }
            // PyTorch blends in T with momentum_ = T(momentum): the mean in T, the
            // variance with T(var_sum / (n - 1)) widened to double (its accscalar_t).
            let take = T(momentum), keep = 1 - T(momentum)
            if let runningMean {
                let old = runningMean.elements(as: T.self)
                let updated = (0..<channels).map { take * batchMean[$0] + keep * old[$0] }
                try runningMean.copyIn(Tensor.fromComputed(updated, shape: runningMean.shape, dtype: runningMean.dtype))
            }
            if let runningVar {
                let old = runningVar.elements(as: T.self)
                let updated = (0..<channels).map { c in
                    T(Double(take) * Double(varianceSum[c] / T(n - 1)) + Double(keep * old[c]))
                }
                try runningVar.copyIn(Tensor.fromComputed(updated, shape: runningVar.shape, dtype: runningVar.dtype))
            }
        } else {
            mean = runningMean!.elements(as: T.self)
            let variance = runningVar!.elements(as: T.self)
            invstd = variance.map { 1 / ($0 + T(eps)).squareRoot() }
        }
        let w = weight?.elements(as: T.self), b = bias?.elements(as: T.self)
        var out = x
        for c in 0..<channels {
            let alpha = invstd[c] * (w?[c] ?? 1)
            let beta = (b?[c] ?? 0).addingProduct(-mean[c], alpha)
            for n in 0..<layout.batch {
                let start = (n * channels + c) * layout.image
                for i in start..<(start + layout.image) { out[i] = beta.addingProduct(x[i], alpha) }
            }
        }
        let statisticsType: DType = input.dtype == .float64 ? .float64 : .float32
        return (Tensor.fromComputed(out, shape: layout.shape, dtype: input.dtype),
                Tensor.fromComputed(mean, shape: [channels], dtype: statisticsType),
                Tensor.fromComputed(invstd, shape: [channels], dtype: statisticsType))
    }

    /// The batch's mean and the sum of squared deviations from it, per channel.
    /// With one element per channel and sample PyTorch reduces row by row in `T`
    /// (`batch_norm_cpu_collect_stats_channels_last_impl`), otherwise channel by
    /// channel in double (`..._contiguous_impl`).
    private func statistics() -> (mean: [T], varianceSum: [T]) {
        let (channels, image, n) = (layout.channels, layout.image, layout.perChannel)
        var mean = [T](repeating: 0, count: channels), varianceSum = [T](repeating: 0, count: channels)
        if image == 1 {
            var sums = [T](repeating: 0, count: channels)
            for row in 0..<layout.batch { for c in 0..<channels { sums[c] += x[row * channels + c] } }
            for c in 0..<channels { mean[c] = T(Double(sums[c]) / Double(n)) }
            var squares = [T](repeating: 0, count: channels)
            for row in 0..<layout.batch {
                for c in 0..<channels {
                    let d = x[row * channels + c] - mean[c]
                    squares[c] = squares[c].addingProduct(d, d)
                }
            }
            return (mean, squares)
        }
        for c in 0..<channels {
            var sum = 0.0
            forEach(channel: c) { sum += Double($0) }
            let m = T(sum / Double(n))
            var squares = 0.0
            forEach(channel: c) { value in
                let d = value - m
                squares += Double(d * d)
            }
            mean[c] = m
            varianceSum[c] = T(squares)
        }
        return (mean, varianceSum)
    }

    private func forEach(channel c: Int, _ body: (T) -> Void) {
        for n in 0..<layout.batch {
            let start = (n * layout.channels + c) * layout.image
            for i in start..<(start + layout.image) { body(x[i]) }
        }
    }
}

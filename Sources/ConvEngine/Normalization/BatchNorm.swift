/// `F.batch_norm` on the CPU: each channel (dimension 1) of a 2-d to 5-d input
/// normalised by its mean and variance, then scaled by `weight` and shifted by `bias`.
///
/// ```swift
/// let runningMean = try Tensor.zeros([3]), runningVar = try Tensor.ones([3])
/// // training: the batch's statistics, and the running ones updated in place
/// let y = try BatchNorm.batchNorm(x, runningMean: runningMean, runningVar: runningVar,
///                                 training: true, momentum: 0.1, eps: 1e-5)
/// ```
///
/// In training the batch's mean and biased variance normalise the input, and the
/// running statistics, when given, are updated through their buffers (every view of
/// them sees it): `running = momentum * batch + (1 - momentum) * running`, with the
/// unbiased variance. In evaluation the running statistics normalise.
///
/// The arithmetic is PyTorch's (`batch_norm_cpu_update_stats_template`,
/// `batch_norm_cpu_collect_linear_and_constant_terms`): for float32 the sums run in
/// double over each channel (in float, row by row, for inputs with one element per
/// channel and sample, as PyTorch's channels-last reduction does on one thread), the
/// mean and the summed squared deviations are rounded to float, `1 / sqrt(var + eps)`
/// is taken in double, the running statistics are blended as PyTorch blends them
/// (in float, the unbiased variance widened to double), and the output
/// is `x * alpha + beta` with `alpha = invstd * weight`, `beta = bias - mean * alpha`
/// in float, the multiply-adds fused as PyTorch's compiled kernel fuses them. The
/// results are PyTorch's bits on one thread; with several, PyTorch splits the sums
/// of inputs with one element per channel and sample into per-thread partial sums,
/// which may move the last bit.
public enum BatchNorm {
    /// `F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)`.
    /// - Throws: PyTorch's ValueErrors (one value per channel in training, `eps`), its
    ///   RuntimeErrors for statistics or parameters of the wrong size or dtype, and
    ///   NotImplementedError for integer and bool inputs, and for float16 and bfloat16
    ///   inputs in training (their statistics are not yet summed as PyTorch sums them).
    public static func batchNorm(
        _ input: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor? = nil, bias: Tensor? = nil,
        training: Bool, momentum: Double = 0.1, eps: Double = 1e-5
    ) throws(EngineError) -> Tensor {
        if training {
            var perChannel = input.rank > 0 ? input.shape[0] : 1
            for size in input.shape.dimensions.dropFirst(2) { perChannel *= size }
            if perChannel == 1 {
                throw .valueError("Expected more than 1 value per channel when training, got input size torch.Size(\(input.shape))")
            }
            guard eps > 0 else { throw .valueError("batch_norm eps must be positive during training, but got \(PythonFormat.float(eps))") }
        } else if eps < 0 {
            throw .valueError("batch_norm eps must be non-negative, but got \(PythonFormat.float(eps))")
        }
        // An empty input is copied before any other check, as `_batch_norm_impl_index` does.
        if input.count == 0 { return input.clone(preserveFormat: false) }
        let features = input.rank > 1 ? input.shape[1] : 0
        func check(_ tensor: Tensor?, _ name: String, requiredInEvaluation: Bool) throws(EngineError) {
            if let tensor {
                guard tensor.count == features else {
                    throw .argument("\(name) should contain \(features) elements not \(tensor.count)")
                }
            } else if requiredInEvaluation, !training {
                throw .argument("\(name) must be defined in evaluation mode")
            }
        }
        try check(runningMean, "running_mean", requiredInEvaluation: true)
        try check(runningVar, "running_var", requiredInEvaluation: true)
        try check(weight, "weight", requiredInEvaluation: false)
        try check(bias, "bias", requiredInEvaluation: false)
        try input.requireFloating("batch_norm")
        let parameters = [weight, bias, runningMean, runningVar].compactMap { $0 }
        if parameters.contains(where: { $0.dtype != input.dtype }) {
            // PyTorch's one mixed pattern: a float16 / bfloat16 input with float32 parameters.
            guard parameters.allSatisfy({ $0.dtype == .float32 }) else {
                throw .argument("mixed dtype (CPU): expect parameter to have scalar type of Float")
            }
            guard input.dtype == .float16 || input.dtype == .bfloat16 else {
                throw .argument("mixed dtype (CPU): all inputs must share same datatype.")
            }
        }
        // PyTorch sums a float16 or bfloat16 batch's statistics in float32 vector lanes
        // (`batch_norm_cpu_collect_stats_contiguous_internal`), not in double as it does
        // float32's: computing them as for float32 would differ from it in the last bits.
        if training, input.dtype == .float16 || input.dtype == .bfloat16 {
            throw EngineError(.dtype, "ConvLab does not compute batch_norm's batch statistics in \(input.dtype.rawValue) yet; "
                              + "use float32 or float64 (evaluation mode, with running statistics, works)", pythonType: "NotImplementedError")
        }
        let layout = BatchNormLayout(input)
        let run = if input.dtype == .float64 {
            try BatchNormKernel<Double>(layout, input, weight: weight, bias: bias, runningMean: runningMean,
                                        runningVar: runningVar, training: training, momentum: momentum, eps: eps).run()
        } else {
            try BatchNormKernel<Float>(layout, input, weight: weight, bias: bias, runningMean: runningMean,
                                       runningVar: runningVar, training: training, momentum: momentum, eps: eps).run()
        }
        return run.output.recordedBatchNorm(input, weight: weight, bias: bias, mean: run.mean, invstd: run.invstd,
                                            training: training)
    }
}

/// The input seen as `(N, C, image)`.
struct BatchNormLayout {
    var batch: Int, channels: Int, image: Int
    var shape: TensorShape

    init(_ input: Tensor) {
        shape = input.shape
        batch = input.shape[0]
        channels = input.shape[1]
        image = TensorShape(Array(input.shape.dimensions.dropFirst(2))).elementCount
    }

    /// The elements per channel (`N * image`).
    var perChannel: Int { batch * image }
}

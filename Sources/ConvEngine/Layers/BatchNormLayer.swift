/// `nn.BatchNorm1d` / `2d` / `3d`: batch normalisation with learnable `weight` and
/// `bias` (ones and zeros) and running statistics (`running_mean` zeros,
/// `running_var` ones, `num_batches_tracked` 0), as PyTorch's module keeps them.
///
/// ```swift
/// let bn = try BatchNormLayer(spatialRank: 2, numFeatures: 3)
/// let y = try bn.forward(x, training: true)   // updates bn.runningMean in place
/// ```
///
/// In training, `num_batches_tracked` counts the batches and the running statistics
/// move by `momentum`, or with `momentum: nil` by `1 / num_batches_tracked` (a
/// cumulative average). In evaluation the running statistics normalise, unless the
/// layer does not track them. The tensors are shared handles: a copy of the layer
/// updates the same buffers.
public struct BatchNormLayer: Sendable {
    /// 1, 2 or 3 (`BatchNorm1d`, `2d`, `3d`).
    public let spatialRank: Int
    /// The channels `C` (`num_features`).
    public let numFeatures: Int
    /// Added to the variance before its square root.
    public let eps: Double
    /// `nil` for a cumulative moving average.
    public let momentum: Double?
    /// Whether the layer has `weight` (and `bias`).
    public let affine: Bool
    /// Whether the layer keeps running statistics.
    public let trackRunningStats: Bool
    /// The scale `(C)`, ones at first; `nil` without `affine`.
    public var weight: Tensor?
    /// The shift `(C)`, zeros at first; `nil` without `affine` or with `bias: false`.
    public var bias: Tensor?
    /// The running mean `(C)`, zeros at first; `nil` without `trackRunningStats`.
    public var runningMean: Tensor?
    /// The running (unbiased) variance `(C)`, ones at first; `nil` without `trackRunningStats`.
    public var runningVar: Tensor?
    /// An int64 scalar.
    public var numBatchesTracked: Tensor?

    /// PyTorch's class name: `BatchNorm2d`.
    public var className: String { "BatchNorm\(spatialRank)d" }

    /// Builds the layer with PyTorch's initial values (no random draws).
    public init(spatialRank: Int, numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true,
                trackRunningStats: Bool = true, bias: Bool = true, dtype: DType = .float32) throws(EngineError) {
        guard dtype.isFloatingPoint else {
            throw .argument("Only Tensors of floating point and complex dtype can require gradients")
        }
        self.spatialRank = spatialRank
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.trackRunningStats = trackRunningStats
        if affine {
            weight = try Tensor.ones([numFeatures], dtype: dtype)
            if bias { self.bias = try Tensor.zeros([numFeatures], dtype: dtype) }
        }
        if trackRunningStats {
            runningMean = try Tensor.zeros([numFeatures], dtype: dtype)
            runningVar = try Tensor.ones([numFeatures], dtype: dtype)
            numBatchesTracked = Tensor(scalar: .int(0), dtype: .int64)
        }
    }

    /// `layer(input)` in training or evaluation mode.
    /// - Throws: the module's ValueError for an input of the wrong rank, then
    ///   ``BatchNorm/batchNorm(_:runningMean:runningVar:weight:bias:training:momentum:eps:)``'s errors.
    public func forward(_ input: Tensor, training: Bool) throws(EngineError) -> Tensor {
        switch spatialRank {
        case 1 where !(input.rank == 2 || input.rank == 3):
            throw .valueError("expected 2D or 3D input (got \(input.rank)D input)")
        case 2 where input.rank != 4, 3 where input.rank != 5:
            throw .valueError("expected \(spatialRank + 2)D input (got \(input.rank)D input)")
        default: break
        }
        var factor = momentum ?? 0
        if training, trackRunningStats, let numBatchesTracked {
            try numBatchesTracked.applyInPlace(.add, .scalar(.int(1)))
            if momentum == nil { factor = 1 / numBatchesTracked.scalar(at: 0).doubleValue }
        }
        let useBatchStatistics = training || (runningMean == nil && runningVar == nil)
        let passStatistics = !training || trackRunningStats
        return try BatchNorm.batchNorm(input, runningMean: passStatistics ? runningMean : nil,
                                       runningVar: passStatistics ? runningVar : nil, weight: weight, bias: bias,
                                       training: useBatchStatistics, momentum: factor, eps: eps)
    }
}

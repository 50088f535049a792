/// Max and average pooling over 1, 2 or 3 spatial dimensions, as `F.max_pool1d/2d/3d`
/// and `F.avg_pool1d/2d/3d` (and `nn.MaxPoolNd`, `nn.AvgPoolNd`) compute them on the CPU.
///
/// ```swift
/// // (1, 3, 7, 8) -> (1, 3, 4, 4): 3x3 windows, 2 apart, one row of padding each side
/// let (y, indices) = try Pooling.maxPool(x, spatialRank: 2, kernelSize: [3], stride: [2],
///                                        padding: [1], returnIndices: true)
/// let z = try Pooling.avgPool(x, spatialRank: 2, kernelSize: [2])
/// ```
///
/// Parameters are lists with one value for every spatial dimension or a single value
/// for all of them, as PyTorch's `IntArrayRef`s; `stride` defaults to `kernelSize`.
/// The input is `(N, C, *spatial)` or, unbatched, `(C, *spatial)`.
///
/// The output size of each dimension is PyTorch's `pooling_output_shape`:
/// `floor((in + 2*pad - dilation*(k-1) - 1) / stride) + 1`, rounded up instead with
/// `ceilMode`, in which case a last window that would start past the input and its
/// left padding is dropped. Refusals carry PyTorch's messages, which differ between
/// the operations (`max_pool1d` without indices has its own checks).
///
/// Max pooling keeps the first largest element of each window, and a NaN wins (the
/// last NaN of the window, as PyTorch's `val > max || isnan(val)` gives); indices are
/// positions in the flattened spatial plane of the input. Average pooling sums each
/// window in the element type (float for float32, int64 for integers, which divide
/// toward zero) and divides by the window's size: counting the padding
/// (`countIncludePad`, the default) or not, or by `divisorOverride`. Both are exact
/// reproductions of PyTorch's CPU loops.
public enum Pooling {
    /// `F.max_poolNd`; with `returnIndices`, also the indices (`return_indices=True`),
    /// else `indices` is `nil`.
    /// - Parameter spatialRank: 1, 2 or 3.
    /// - Throws: PyTorch's messages for parameters, ranks and output sizes it refuses;
    ///   NotImplementedError for bool tensors (and integer ones in `max_pool1d` without
    ///   indices).
    public static func maxPool(
        _ input: Tensor, spatialRank: Int, kernelSize: [Int], stride: [Int] = [], padding: [Int] = [0],
        dilation: [Int] = [1], ceilMode: Bool = false, returnIndices: Bool = false
    ) throws(EngineError) -> (output: Tensor, indices: Tensor?) {
        let request = PoolRequest(kind: .max, spatialRank: spatialRank, kernelSize: kernelSize, stride: stride,
                                  padding: padding, dilation: dilation, ceilMode: ceilMode)
        let plan = try request.plan(for: input, withIndices: returnIndices)
        let (output, indices) = PoolKernels.maxPool(input, plan)
        let result = recorded(output, of: input, spatialRank: spatialRank, operation: "MaxPool", saving: [indices]) { g, saved, shape in
            PoolKernels.maxPoolBackward(g, indices: saved[0], plan, inputShape: shape)
        }
        return (result, returnIndices ? indices : nil)
    }

    /// `F.avg_poolNd`.
    /// - Parameters:
    ///   - spatialRank: 1, 2 or 3.
    ///   - countIncludePad: whether padding counts in the divisor (PyTorch's default).
    ///   - divisorOverride: a fixed divisor (not accepted by `avg_pool1d`, whose
    ///     signature lacks it).
    /// - Throws: PyTorch's messages for parameters, ranks and output sizes it refuses;
    ///   NotImplementedError for bool tensors.
    public static func avgPool(
        _ input: Tensor, spatialRank: Int, kernelSize: [Int], stride: [Int] = [], padding: [Int] = [0],
        ceilMode: Bool = false, countIncludePad: Bool = true, divisorOverride: Int? = nil
    ) throws(EngineError) -> Tensor {
        let request = PoolRequest(kind: .average(countIncludePad: countIncludePad, divisorOverride: divisorOverride),
                                  spatialRank: spatialRank, kernelSize: kernelSize, stride: stride,
                                  padding: padding, dilation: [1], ceilMode: ceilMode)
        let plan = try request.plan(for: input, withIndices: false)
        return recorded(PoolKernels.avgPool(input, plan), of: input, spatialRank: spatialRank, operation: "AvgPool", saving: []) { g, _, shape in
            PoolKernels.avgPoolBackward(g, plan, inputShape: shape)
        }
    }
}

/// What the caller asked for, before PyTorch's checks.
struct PoolRequest {
    enum Kind {
        case max
        case average(countIncludePad: Bool, divisorOverride: Int?)
    }

    var kind: Kind
    var spatialRank: Int
    var kernelSize: [Int]
    var stride: [Int]
    var padding: [Int]
    var dilation: [Int]
    var ceilMode: Bool

    var isMax: Bool { if case .max = kind { true } else { false } }
}

/// The checked geometry of one pooling: the input's planes and spatial sizes, the
/// output's, and the window parameters per spatial dimension.
struct PoolPlan {
    var planes: Int
    var inputSizes: [Int]
    var outputSizes: [Int]
    var kernel: [Int]
    var stride: [Int]
    var padding: [Int]
    var dilation: [Int]
    /// The output's shape, batched or not as the input.
    var outputShape: TensorShape
    var countIncludePad = true
    var divisorOverride: Int?
}

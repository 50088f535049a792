extension ConvPadding: ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    public init(integerLiteral value: Int) { self = .explicit([value]) }
    public init(arrayLiteral elements: Int...) { self = .explicit(elements) }
}

/// Convolution and transposed convolution, as `torch.nn.functional` computes them.
///
/// Shapes follow PyTorch: input `(N, C_in, *spatial)` or unbatched `(C_in, *spatial)`;
/// a convolution's weight is `(C_out, C_in / groups, *kernel)` and a transposed
/// convolution's `(C_in, C_out / groups, *kernel)`. Every refusal is PyTorch's, in its
/// order and words. Output sizes come from ``ShapeArithmetic``.
///
/// Cost: `2 * N * C_out * (C_in / groups) * prod(kernel) * prod(output)` floating-point
/// operations for a convolution; the column workspace is bounded (see ``ConvKernels``).
public enum Convolution {
    /// A convolution over `spatialRank` dimensions (`F.conv1d`, `F.conv2d`, `F.conv3d`).
    ///
    /// - Parameters:
    ///   - input: `(N, C_in, *spatial)` or `(C_in, *spatial)`, any floating dtype, or an
    ///     integer dtype where PyTorch's CPU kernels take it (int64 always).
    ///   - weight: `(C_out, C_in / groups, *kernel)`.
    ///   - bias: `(C_out)` or `nil`.
    ///   - stride, dilation: one value or one per spatial dimension.
    ///   - padding: explicit sizes, `.same` or `.valid`.
    ///   - groups: how many independent channel groups.
    ///   - paddingMode: `nn.ConvNd`'s `padding_mode`: anything but `.zeros` pads the input
    ///     with `F.pad` in that mode first and then convolves with no padding.
    ///   - cancellation: checked between slices of work; raising it throws
    ///     ``EngineError/cancelled``.
    /// - Precondition: none; every invalid argument throws.
    public static func convolution(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, spatialRank: Int,
        stride: SpatialParameter = 1, padding: ConvPadding = 0, dilation: SpatialParameter = 1,
        groups: Int = 1, paddingMode: ConvPaddingMode = .zeros, cancellation: CancellationFlag? = nil
    ) throws(EngineError) -> Tensor {
        let plan = try ConvPlan.convolution(input, weight: weight, bias: bias, spatialRank: spatialRank,
                                            stride: stride, padding: padding, dilation: dilation,
                                            groups: groups, paddingMode: paddingMode)
        return try plan.run(cancellation: cancellation)
    }

    /// A transposed convolution over `spatialRank` dimensions (`F.conv_transpose1d`,
    /// `2d`, `3d`): the adjoint of ``convolution(_:weight:bias:spatialRank:stride:padding:dilation:groups:paddingMode:cancellation:)``
    /// with the same weight.
    ///
    /// - Parameters:
    ///   - input: `(N, C_in, *spatial)` or `(C_in, *spatial)`, any floating dtype (float16
    ///     rounded where PyTorch rounds it: ``Float16TransposedConvolution``), or an
    ///     integer dtype where PyTorch's CPU kernels take it (int64 always).
    ///   - weight: `(C_in, C_out / groups, *kernel)`.
    ///   - bias: `(C_out)` or `nil`.
    ///   - padding: removed from each side of the full output; more than `d(k-1)` crops.
    ///   - outputPadding: added on the far side; must be smaller than stride or dilation.
    public static func transposedConvolution(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, spatialRank: Int,
        stride: SpatialParameter = 1, padding: SpatialParameter = 0, outputPadding: SpatialParameter = 0,
        groups: Int = 1, dilation: SpatialParameter = 1, cancellation: CancellationFlag? = nil
    ) throws(EngineError) -> Tensor {
        let plan = try ConvPlan.transposed(input, weight: weight, bias: bias, spatialRank: spatialRank,
                                           stride: stride, padding: padding, outputPadding: outputPadding,
                                           groups: groups, dilation: dilation)
        return try plan.run(cancellation: cancellation)
    }
}

extension PaddingMode {
    /// The `F.pad` mode an `nn.ConvNd` `padding_mode` uses.
    init(_ mode: ConvPaddingMode) {
        switch mode {
        case .zeros: self = .constant
        case .reflect: self = .reflect
        case .replicate: self = .replicate
        case .circular: self = .circular
        }
    }
}

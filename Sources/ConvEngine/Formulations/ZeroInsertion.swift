/// The zero-insertion form of a transposed convolution (articles 003 and 004), with its
/// intermediate tensors.
///
/// 1. insert `stride - 1` zeros between neighbouring inputs;
/// 2. pad each side by `dilation * (kernel - 1) - padding` (crop when negative) and
///    add `output_padding` zeros on the far side;
/// 3. convolve with stride 1 and the kernel flipped in every spatial axis, its in and
///    out channels swapped per group.
public struct ZeroInsertionTrace: Sendable {
    /// The plan the trace follows.
    public let plan: ConvPlan
    /// Step 1, batched: `(N, C_in, *((i - 1) * s + 1))`.
    public let zeroInserted: Tensor
    /// Step 2, batched: the zero-inserted input padded (or cropped).
    public let padded: Tensor
    /// Step 3's weight: `(C_out, C_in / groups, *kernel)`, flipped.
    public let flippedKernel: Tensor
    /// The result, equal to `conv_transposeNd` (unbatched if the input was).
    public let output: Tensor
    /// The shape arithmetic of each spatial dimension.
    public let derivations: [TransposedConvolutionDerivation]
}

extension Formulation {
    /// Computes a transposed convolution by zero insertion, padding and a stride-1
    /// convolution with the flipped kernel.
    /// - Throws: ``EngineError`` when the plan is not a transposed convolution, or when
    ///   cancelled.
    public static func zeroInsertion(_ plan: ConvPlan, cancellation: CancellationFlag? = nil) throws(EngineError) -> ZeroInsertionTrace {
        guard plan.operation.isTransposed else {
            throw .valueError("zero insertion computes a transposed convolution; \(plan.operation) is a convolution")
        }
        let rank = plan.operation.spatialRank
        let x = plan.input
        let derivations = (0..<rank).map { ShapeArithmetic.transposed(plan.dimension($0)) }

        // 1. Zeros between inputs: write x at every stride-th position of a zero tensor.
        let insertedShape = [x.shape[0], x.shape[1]] + derivations.map(\.dilatedSize)
        let zeroInserted = try Tensor.zeros(insertedShape, dtype: x.dtype)
        var strides = zeroInserted.strides
        for d in 0..<rank { strides[d + 2] *= plan.stride[d] }
        try zeroInserted.asStrided(size: x.shape.dimensions, stride: strides, offset: 0).copyIn(x)

        // 2. Pad (or crop) by d(k-1) - p, plus output_padding after. F.pad lists the last
        //    dimension first.
        let pads = derivations.reversed().flatMap { [$0.effectivePadding, $0.effectivePadding + $0.dimension.outputPadding] }
        let padded = try zeroInserted.padded(pads, mode: .constant, value: 0)

        // 3. The kernel, channels swapped per group and flipped in every spatial axis.
        let w = plan.weight
        let inPerGroup = w.shape[0] / plan.groups
        let outPerGroup = w.shape[1]
        let kernel = plan.kernelSize
        let regrouped = try w.reshaped([plan.groups, inPerGroup, outPerGroup] + kernel)
            .permuted([0, 2, 1] + (0..<rank).map { $0 + 3 })
            .reshaped([plan.groups * outPerGroup, inPerGroup] + kernel)
        let flipped = try regrouped.flipped(Array(2..<(rank + 2)))

        // An output of size 0 (where PyTorch's oneDNN route gives an empty tensor): the
        // padded input is shorter than the dilated kernel, which a convolution refuses.
        let result = plan.outputShape.elementCount == 0
            ? try Tensor.zeros(plan.outputShape.dimensions, dtype: x.dtype)
            : try Convolution.convolution(
                padded, weight: flipped, bias: plan.bias, spatialRank: rank, stride: 1, padding: 0,
                dilation: SpatialParameter(plan.dilation), groups: plan.groups, cancellation: cancellation)
        return ZeroInsertionTrace(plan: plan, zeroInserted: zeroInserted, padded: padded, flippedKernel: flipped,
                                  output: plan.unbatched(result), derivations: derivations)
    }
}

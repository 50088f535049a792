/// The transposed convolution that brings a convolution's output back to the size of
/// its input: same kernel, stride, padding and dilation, plus an output padding.
public struct TransposedInverse: Sendable, Hashable {
    public var kernelSize: Int
    public var stride: Int
    public var padding: Int
    public var dilation: Int
    /// The output padding that picks this input size among those the convolution
    /// maps to the same output: it equals the rows or columns the convolution left
    /// unused at the end.
    public var outputPadding: Int
    /// The derivation of the transposed convolution, from the conv's output size.
    public var derivation: TransposedConvolutionDerivation
}

extension ShapeArithmetic {
    /// Every input size that a convolution with these parameters maps to `outputSize`,
    /// or `nil` when none does. With stride `s` there are up to `s` of them: the
    /// convolution drops the rows past its last window, so 7 and 8 both give 3 for
    /// k=3, s=2.
    public static func inputSizes(producing outputSize: Int, kernelSize: Int, stride: Int,
                                  padding: Int, dilation: Int = 1) -> ClosedRange<Int>? {
        guard outputSize >= 1, stride >= 1 else { return nil }
        let span = dilation * (kernelSize - 1) + 1
        let smallest = (outputSize - 1) * stride + span - 2 * padding
        let largest = smallest + stride - 1
        guard largest >= 1 else { return nil }
        return max(smallest, 1)...largest
    }

    /// The transposed convolution that maps the output of `convolution` back to its
    /// input size.
    /// - Throws: ``EngineError`` when the convolution is not valid, when its padding is
    ///   asymmetric (`"same"` with an odd total, which no transposed convolution's
    ///   padding reproduces), or when the output padding needed is not smaller than
    ///   the stride or the dilation, which PyTorch refuses.
    public static func transposedInverse(of convolution: ConvDimension) throws(EngineError) -> TransposedInverse {
        let forward = ShapeArithmetic.convolution(convolution)
        guard forward.outputSize >= 1 else {
            throw .shape("Calculated padded input size per channel: (\(forward.paddedSize)). Kernel size: (\(forward.kernelSpan)). Kernel size can't be greater than actual input size")
        }
        guard convolution.paddingBefore == convolution.paddingAfter else {
            throw .valueError("this convolution pads \(convolution.paddingBefore) before and \(convolution.paddingAfter) after; a transposed convolution pads both sides alike, so no padding of it gives back size \(convolution.inputSize)")
        }
        let outputPadding = forward.unusedAtEnd
        guard outputPadding < max(convolution.stride, convolution.dilation) else {
            throw .argument("output padding must be smaller than either stride or dilation, but the inverse needs output_padding=\(outputPadding) with stride=\(convolution.stride) and dilation=\(convolution.dilation)")
        }
        let back = ConvDimension(inputSize: forward.outputSize, kernelSize: convolution.kernelSize,
                                 stride: convolution.stride, padding: convolution.paddingBefore,
                                 dilation: convolution.dilation, outputPadding: outputPadding)
        return TransposedInverse(kernelSize: convolution.kernelSize, stride: convolution.stride,
                                 padding: convolution.paddingBefore, dilation: convolution.dilation,
                                 outputPadding: outputPadding, derivation: transposed(back))
    }

    /// The output padding that makes a transposed convolution produce `outputSize`, as
    /// `ConvTransposeNd.forward(input, output_size=...)` chooses it.
    ///
    /// - Parameters:
    ///   - outputSize: the wanted size: one number per spatial dimension, or the whole
    ///     shape including batch and channel (which are dropped), as PyTorch accepts.
    ///   - inputShape: the input's full shape (batched or not).
    /// - Throws: PyTorch's `ValueError` when the list has the wrong length or a size is
    ///   outside `[min, min + stride - 1]`.
    public static func outputPadding(forOutputSize outputSize: [Int], inputShape: [Int], kernelSize: [Int],
                                     stride: [Int], padding: [Int], dilation: [Int]) throws(EngineError) -> [Int] {
        let spatialRank = kernelSize.count
        let hasBatch = inputShape.count == spatialRank + 2
        let nonSpatial = hasBatch ? 2 : 1
        var wanted = outputSize
        if wanted.count == nonSpatial + spatialRank { wanted = Array(wanted.dropFirst(nonSpatial)) }
        guard wanted.count == spatialRank else {
            throw .valueError("ConvTranspose\(spatialRank)D: for \(inputShape.count)D input, output_size must have \(spatialRank) or \(nonSpatial + spatialRank) elements (got \(outputSize.count))")
        }
        let spatialInput = Array(inputShape.suffix(spatialRank))
        var minSizes: [Int] = []
        var maxSizes: [Int] = []
        for d in 0..<spatialRank {
            let smallest = transposed(ConvDimension(inputSize: spatialInput[d], kernelSize: kernelSize[d],
                                                    stride: stride[d], padding: padding[d],
                                                    dilation: dilation[d])).outputSize
            minSizes.append(smallest)
            maxSizes.append(smallest + stride[d] - 1)
        }
        for d in 0..<spatialRank where wanted[d] < minSizes[d] || wanted[d] > maxSizes[d] {
            throw .valueError("requested an output size of \(PythonFormat.list(outputSize)), but valid sizes range from \(PythonFormat.list(minSizes)) to \(PythonFormat.list(maxSizes)) (for an input of torch.Size(\(PythonFormat.list(spatialInput))))")
        }
        return (0..<spatialRank).map { wanted[$0] - minSizes[$0] }
    }
}

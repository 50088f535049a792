/// The numbers that decide one spatial dimension of a convolution.
public struct ConvDimension: Sendable, Hashable {
    public var inputSize: Int
    public var kernelSize: Int
    public var stride: Int
    /// Padding before the input (left, top, front).
    public var paddingBefore: Int
    /// Padding after the input (right, bottom, back). Differs from `paddingBefore` only
    /// for `padding="same"` with an odd total.
    public var paddingAfter: Int
    public var dilation: Int
    /// Extra size added on the far side of a transposed convolution's output.
    public var outputPadding: Int

    public init(inputSize: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                dilation: Int = 1, outputPadding: Int = 0) {
        self.init(inputSize: inputSize, kernelSize: kernelSize, stride: stride,
                  paddingBefore: padding, paddingAfter: padding, dilation: dilation,
                  outputPadding: outputPadding)
    }

    public init(inputSize: Int, kernelSize: Int, stride: Int, paddingBefore: Int, paddingAfter: Int,
                dilation: Int, outputPadding: Int) {
        self.inputSize = inputSize
        self.kernelSize = kernelSize
        self.stride = stride
        self.paddingBefore = paddingBefore
        self.paddingAfter = paddingAfter
        self.dilation = dilation
        self.outputPadding = outputPadding
    }

    /// The span a dilated kernel covers: `dilation * (kernel - 1) + 1`.
    public var kernelSpan: Int { dilation * (kernelSize - 1) + 1 }
}

/// How a convolution turns an input size into an output size, every term named.
///
/// `o = floor((i + p_before + p_after - span) / s) + 1` with `span = d(k-1) + 1`.
/// The windows that fit are the outputs; the rows or columns past the last window are
/// never read (`unusedAtEnd`): 7 and 8 both give 3 with k=3, s=2.
public struct ConvolutionDerivation: Sendable, Hashable {
    public var dimension: ConvDimension
    /// `i + p_before + p_after`.
    public var paddedSize: Int
    /// `d(k-1) + 1`.
    public var kernelSpan: Int
    /// `padded - span`: how far the window can move.
    public var travel: Int
    /// The number of window positions: the output size (may be below 1 when the kernel
    /// is larger than the padded input).
    public var outputSize: Int
    /// Input positions (of the padded input) after the last window, never read.
    public var unusedAtEnd: Int

    init(_ dim: ConvDimension) {
        dimension = dim
        paddedSize = dim.inputSize + dim.paddingBefore + dim.paddingAfter
        kernelSpan = dim.kernelSpan
        travel = paddedSize - kernelSpan
        if travel >= 0 {
            outputSize = travel / dim.stride + 1
            unusedAtEnd = travel % dim.stride
        } else {
            // Python's floor division, as PyTorch computes it.
            outputSize = Int((Double(travel) / Double(dim.stride)).rounded(.down)) + 1
            unusedAtEnd = 0
        }
    }
}

/// How a transposed convolution turns an input size into an output size, as the
/// zero-insertion recipe computes it.
///
/// 1. insert `s - 1` zeros between neighbouring inputs: `(i - 1) * s + 1`;
/// 2. pad each side by `d(k-1) - p` (a negative amount crops instead) and add
///    `output_padding` on the far side;
/// 3. convolve with stride 1 and the kernel flipped: `o = that - span + 1`.
///
/// Together: `o = (i - 1)s - 2p + d(k-1) + output_padding + 1`.
public struct TransposedConvolutionDerivation: Sendable, Hashable {
    public var dimension: ConvDimension
    /// `s - 1`: zeros between neighbouring inputs.
    public var zerosBetween: Int
    /// `(i - 1)(s - 1)`: all the zeros inserted.
    public var zerosInserted: Int
    /// `(i - 1)s + 1`: the input with zeros inserted.
    public var dilatedSize: Int
    /// `d(k-1) - p`: zeros added on each side; negative means that many are cropped.
    public var effectivePadding: Int
    /// `dilated + 2 * effectivePadding + output_padding`.
    public var paddedSize: Int
    /// `d(k-1) + 1`.
    public var kernelSpan: Int
    /// `padded - span + 1`.
    public var outputSize: Int
    /// `(i - 1)s + d(k-1) + 1`: the full output before `padding` crops it and
    /// `output_padding` extends it (the scatter-add canvas).
    public var uncroppedSize: Int

    init(_ dim: ConvDimension) {
        dimension = dim
        zerosBetween = dim.stride - 1
        zerosInserted = max(dim.inputSize - 1, 0) * (dim.stride - 1)
        dilatedSize = (dim.inputSize - 1) * dim.stride + 1
        effectivePadding = dim.dilation * (dim.kernelSize - 1) - dim.paddingBefore
        paddedSize = dilatedSize + 2 * effectivePadding + dim.outputPadding
        kernelSpan = dim.kernelSpan
        outputSize = paddedSize - kernelSpan + 1
        uncroppedSize = dilatedSize + kernelSpan - 1
    }

    /// Whether the effective padding is negative, so the recipe crops the zero-inserted
    /// input instead of padding it (PyTorch allows `padding > d(k-1)`).
    public var crops: Bool { effectivePadding < 0 }
}

/// Shape arithmetic for convolutions, the one place the output-size formulas live.
/// The engine sizes its outputs from here, and renderers explain from here.
public enum ShapeArithmetic {
    /// The derivation of a convolution's output size along one dimension.
    public static func convolution(_ dimension: ConvDimension) -> ConvolutionDerivation {
        ConvolutionDerivation(dimension)
    }

    /// The derivation of a transposed convolution's output size along one dimension.
    public static func transposed(_ dimension: ConvDimension) -> TransposedConvolutionDerivation {
        TransposedConvolutionDerivation(dimension)
    }

    /// `padding="same"`: the total `d(k-1)`, half before, the rest after.
    public static func samePadding(kernelSize: Int, dilation: Int) -> (before: Int, after: Int) {
        let total = dilation * (kernelSize - 1)
        return (total / 2, total - total / 2)
    }
}

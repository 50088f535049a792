import ConvEngine
import ConvLang

/// An explanation as plain text for consoles: each dimension's arithmetic with the
/// numbers substituted, at most 80 columns wide where the numbers allow.
public enum ExplanationText {
    public static func render(_ e: Explanation) -> String {
        let plan = e.plan
        var lines = ["\(plan.operation): input \(PythonFormat.list(plan.input.shape.dimensions)) -> output \(PythonFormat.list(plan.outputShape.dimensions))"]
        for (name, dimension) in zip(e.dimensionNames, e.dimensions) {
            lines.append("")
            switch dimension {
            case .transposed(let t): lines += transposed(name, t)
            case .convolution(let c, let inputs, let inverse): lines += convolution(name, c, inputs, inverse)
            }
        }
        return lines.joined(separator: "\n")
    }

    static func transposed(_ name: String, _ t: TransposedConvolutionDerivation) -> [String] {
        let d = t.dimension
        var lines = ["\(name): input \(d.inputSize), kernel \(d.kernelSize), stride \(d.stride), padding \(d.paddingBefore), output_padding \(d.outputPadding), dilation \(d.dilation)"]
        lines.append("  1. insert stride-1 = \(t.zerosBetween) zero\(t.zerosBetween == 1 ? "" : "s") between neighbours: (\(d.inputSize)-1)*\(d.stride)+1 = \(t.dilatedSize)")
        let e = t.effectivePadding
        let formula = "dilation*(kernel-1) - padding = \(d.dilation)*(\(d.kernelSize)-1) - \(d.paddingBefore) = \(e)"
        if t.crops {
            lines.append("  2. crop \(-e) from each side (\(formula): padding exceeds dilation*(kernel-1))")
        } else {
            lines.append("  2. pad each side by \(formula)")
        }
        if d.outputPadding > 0 { lines.append("     and add output_padding \(d.outputPadding) on the far side") }
        lines.append("     size \(t.dilatedSize) + 2*(\(e)) + \(d.outputPadding) = \(t.paddedSize)")
        lines.append("  3. convolve with stride 1 and the kernel flipped (span \(d.dilation)*(\(d.kernelSize)-1)+1 = \(t.kernelSpan)): \(t.paddedSize) - \(t.kernelSpan) + 1 = \(t.outputSize)")
        lines.append("  output = (i-1)*s - 2p + d*(k-1) + output_padding + 1 = (\(d.inputSize)-1)*\(d.stride) - 2*\(d.paddingBefore) + \(d.dilation)*(\(d.kernelSize)-1) + \(d.outputPadding) + 1 = \(t.outputSize)")
        return lines
    }

    static func convolution(_ name: String, _ c: ConvolutionDerivation, _ inputs: ClosedRange<Int>?, _ inverse: TransposedInverse?) -> [String] {
        let d = c.dimension
        let padding = d.paddingBefore == d.paddingAfter ? "padding \(d.paddingBefore)" : "padding \(d.paddingBefore) before, \(d.paddingAfter) after"
        var lines = ["\(name): input \(d.inputSize), kernel \(d.kernelSize), stride \(d.stride), \(padding), dilation \(d.dilation)"]
        lines.append("  padded size \(d.inputSize) + \(d.paddingBefore) + \(d.paddingAfter) = \(c.paddedSize); the kernel spans \(d.dilation)*(\(d.kernelSize)-1)+1 = \(c.kernelSpan)")
        lines.append("  windows: floor((\(c.paddedSize) - \(c.kernelSpan)) / \(d.stride)) + 1 = \(c.outputSize)")
        if c.unusedAtEnd > 0 {
            lines.append("  \(c.unusedAtEnd) position\(c.unusedAtEnd == 1 ? "" : "s") at the end never read (\(c.travel) is not a multiple of stride \(d.stride))")
        }
        if let inputs, inputs.count > 1 {
            lines.append("  inputs \(inputs.lowerBound) to \(inputs.upperBound) all give \(c.outputSize)")
        }
        if let inverse {
            lines.append("  back: ConvTranspose with kernel \(inverse.kernelSize), stride \(inverse.stride), padding \(inverse.padding), output_padding \(inverse.outputPadding) maps \(c.outputSize) to \(inverse.derivation.outputSize)")
        }
        return lines
    }
}

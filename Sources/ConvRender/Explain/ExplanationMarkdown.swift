import ConvEngine
import ConvLang

/// An explanation as Markdown with LaTeX formulas, for notebooks.
public enum ExplanationMarkdown {
    public static func render(_ e: Explanation) -> String {
        let plan = e.plan
        var out = "**`\(plan.operation)`**: input `\(PythonFormat.list(plan.input.shape.dimensions))` → output `\(PythonFormat.list(plan.outputShape.dimensions))`\n"
        for (name, dimension) in zip(e.dimensionNames, e.dimensions) {
            out += "\n**\(name)**\n\n"
            switch dimension {
            case .transposed(let t):
                let d = t.dimension
                out += "1. insert $s-1 = \(t.zerosBetween)$ zeros between neighbours: $(i-1)s+1 = (\(d.inputSize)-1)\\cdot \(d.stride)+1 = \(t.dilatedSize)$\n"
                out += "2. \(t.crops ? "crop" : "pad") each side by $d(k-1)-p = \(d.dilation)(\(d.kernelSize)-1)-\(d.paddingBefore) = \(t.effectivePadding)$"
                out += d.outputPadding > 0 ? ", output padding $\(d.outputPadding)$ on the far side" : ""
                out += ": size $\(t.paddedSize)$\n"
                out += "3. convolve with stride 1 and the flipped kernel (span $\(t.kernelSpan)$): $\(t.paddedSize) - \(t.kernelSpan) + 1 = \(t.outputSize)$\n\n"
                out += "$$o = (i-1)s - 2p + d(k-1) + o_p + 1 = (\(d.inputSize)-1)\\cdot \(d.stride) - 2\\cdot \(d.paddingBefore) + \(d.dilation)(\(d.kernelSize)-1) + \(d.outputPadding) + 1 = \(t.outputSize)$$\n"
            case .convolution(let c, let inputs, let inverse):
                let d = c.dimension
                out += "$$o = \\left\\lfloor \\frac{i + p_l + p_r - d(k-1) - 1}{s} \\right\\rfloor + 1 = \\left\\lfloor \\frac{\(d.inputSize) + \(d.paddingBefore) + \(d.paddingAfter) - \(d.dilation)(\(d.kernelSize)-1) - 1}{\(d.stride)} \\right\\rfloor + 1 = \(c.outputSize)$$\n"
                if c.unusedAtEnd > 0 { out += "\n$\(c.unusedAtEnd)$ position(s) at the end are never read.\n" }
                if let inputs, inputs.count > 1 { out += "\nInputs $\(inputs.lowerBound)$ to $\(inputs.upperBound)$ all give $\(c.outputSize)$.\n" }
                if let inverse {
                    out += "\nBack: a transposed convolution with $k=\(inverse.kernelSize), s=\(inverse.stride), p=\(inverse.padding)$, output padding $\(inverse.outputPadding)$ maps $\(c.outputSize)$ to $\(inverse.derivation.outputSize)$.\n"
                }
            }
        }
        return out
    }
}

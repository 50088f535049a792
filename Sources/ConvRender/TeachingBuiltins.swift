import ConvEngine
import ConvLang

/// The teaching commands the renderers add to the language (`explain`, ...), each
/// taking a layer and an input, or a convolution function with keyword parameters.
public enum TeachingBuiltins {
    public static let all: [Builtin] = [explain]

    static let explain = Builtin("explain", "op, input=None, kernel_size=None, stride=1, padding=0, output_padding=0, dilation=1",
                                 summary: "The shape arithmetic of a convolution or transposed convolution, for every spatial dimension with the numbers substituted: zeros inserted, padding or cropping, windows, unused rows, and the transposed convolution that undoes a convolution. Give a layer and an input, or a function with keyword parameters; input may be a size, a shape or a tensor.",
                                 example: "explain(F.conv_transpose2d, input=3, kernel_size=3, stride=2, padding=1, output_padding=1)") { (call) throws(Diagnostic) in
        let plan = try TeachingBuiltins.plan(call)
        let explanation = Explanation(plan)
        return .rich(RichOutput(typeName: "Explanation", plain: ExplanationText.render(explanation),
                                extra: ["text/markdown": ExplanationMarkdown.render(explanation)]))
    }

    /// The plan a teaching command describes: from a layer and an input, or from a
    /// function name and keyword parameters (one input and one output channel).
    static func plan(_ call: Call) throws(Diagnostic) -> ConvPlan {
        switch call["op"] {
        case .layer(let box):
            let input = try inputTensor(call, rank: box.layer.spatialRank, channels: box.layer.inChannels)
            let layer = box.current
            return try call.engine { () throws(EngineError) in try layer.plan(for: input) }
        case .function(let f) where f.name.hasPrefix("conv"):
            let transposed = f.name.hasPrefix("conv_transpose")
            guard let rank = Int(String(f.name.dropLast().suffix(1))) else { throw call.typeError("op", expected: "a convolution") }
            let input = try inputTensor(call, rank: rank, channels: nil)
            guard call.has("kernel_size") else {
                throw Diagnostic(.type, "explain() needs kernel_size for \(f.name)", call.range)
            }
            let kernel = try call.ints("kernel_size")
            let k = kernel.count == 1 ? Array(repeating: kernel[0], count: rank) : kernel
            let channels = input.shape[1]
            let weightShape = transposed ? [channels, 1] + k : [1, channels] + k
            let (s, p, op, d) = (SpatialParameter(try call.ints("stride")), try call.ints("padding"),
                                 SpatialParameter(try call.ints("output_padding")), SpatialParameter(try call.ints("dilation")))
            return try call.engine { () throws(EngineError) in
                let weight = try Tensor.zeros(weightShape)
                return transposed
                    ? try ConvPlan.transposed(input, weight: weight, spatialRank: rank, stride: s, padding: SpatialParameter(p), outputPadding: op, dilation: d)
                    : try ConvPlan.convolution(input, weight: weight, spatialRank: rank, stride: s, padding: .explicit(p), dilation: d)
            }
        default:
            throw call.typeError("op", expected: "a layer or a convolution function such as F.conv_transpose2d")
        }
    }

    /// The input as a batched tensor: a size (square), spatial sizes, a full shape, or a tensor.
    static func inputTensor(_ call: Call, rank: Int, channels: Int?) throws(Diagnostic) -> Tensor {
        if case .tensor(let box) = call["input"] { return box.tensor }
        guard call.has("input") else { throw Diagnostic(.type, "explain() needs input (a size, a shape or a tensor)", call.range) }
        let sizes = try call.ints("input")
        let shape: [Int]
        if sizes.count == 1 { shape = [1, channels ?? 1] + Array(repeating: sizes[0], count: rank) }
        else if sizes.count == rank { shape = [1, channels ?? 1] + sizes }
        else { shape = sizes }
        return try call.engine { () throws(EngineError) in try Tensor.zeros(shape) }
    }
}

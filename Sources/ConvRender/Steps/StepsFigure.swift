import ConvEngine
import ConvLang

/// What `steps(...)` shows: the intermediate tensors of one of the engine's teaching
/// formulations of a transposed convolution, ending with the result and whether it
/// equals the fast path.
public struct StepsFigure: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        case scatter
        case zeroInsert = "zero_insert"
    }

    /// A heading and the tensor it introduces.
    public struct Section: Sendable {
        public let heading: String
        public let tensor: Tensor
    }

    public let method: Method
    public let introduction: String
    public let sections: [Section]
    /// Whether the formulation's result equals `F.conv_transposeNd` (the fast path).
    public let matchesFastPath: Bool
    /// The largest difference between the two, element by element.
    public let maxDifference: Double
    /// The operation's name, as in `F.conv_transpose2d`.
    public let operation: String

    /// The most input elements whose contributions are shown one by one.
    public static let maxContributions = 12

    /// The scatter-add steps: each input element's scaled kernel on the canvas, the
    /// canvas, the cropped result.
    public static func scatter(_ trace: ScatterAddTrace, fastPath: Tensor) throws(EngineError) -> StepsFigure {
        let plan = trace.plan
        let inputs = plan.input.doubles
        let inChannels = plan.input.shape[1]
        let spatial = plan.inputSpatial
        let perChannel = spatial.reduce(1, *)
        var sections: [Section] = []
        let shown = min(inputs.count, maxContributions)
        for flat in 0..<shown {
            let n = flat / (inChannels * perChannel)
            let channel = (flat / perChannel) % inChannels
            let position = unflatten(flat % perChannel, spatial)
            let index = [n, channel] + position
            let contribution = try trace.contribution(batch: n, inputChannel: channel, position: position)
            sections.append(Section(heading: "x\(PythonFormat.list(index)) = \(PythonFormat.float(inputs[flat])) times the kernel, placed at \(PythonFormat.list(zip(position, plan.stride).map { $0 * $1 })) (position x stride)",
                                    tensor: try dropUnitLeading(contribution)))
        }
        let canvasSize = DiagramCaption.size(Array(trace.canvas.shape.dimensions.dropFirst(2)))
        sections.append(Section(heading: "the canvas: the sum of every contribution (\(canvasSize))", tensor: try dropUnitLeading(trace.canvas)))
        let crop = trace.cropBefore.contains { $0 > 0 } ? "crop the padding \(PythonFormat.list(trace.cropBefore)) from the start of each side" : "nothing to crop (padding 0)"
        let extra = plan.outputPadding.contains { $0 > 0 } ? ", keep output_padding \(PythonFormat.list(plan.outputPadding)) more on the far side" : ""
        let bias = plan.bias == nil ? "" : ", add the bias"
        sections.append(Section(heading: "the result: \(crop)\(extra)\(bias)", tensor: try dropUnitLeading(trace.output)))
        var intro = "\(plan.operation) by scatter-add: every input element multiplies the whole kernel, and the product is added into the output at the element's position times the stride"
        if inputs.count > shown { intro += " (the first \(shown) of \(inputs.count) contributions are shown)" }
        return try StepsFigure(method: .scatter, operation: "\(plan.operation)", introduction: intro, sections: sections, result: trace.output, fastPath: fastPath)
    }

    /// The zero-insertion steps: zeros between inputs, padding, the flipped kernel, the
    /// stride-1 convolution.
    public static func zeroInsertion(_ trace: ZeroInsertionTrace, fastPath: Tensor) throws(EngineError) -> StepsFigure {
        let d = trace.derivations
        let stride = d.map(\.dimension.stride)
        let inserted = "insert stride-1 = \(PythonFormat.list(d.map(\.zerosBetween))) zeros between neighbours: \(DiagramCaption.size(d.map(\.dimension.inputSize))) -> \(DiagramCaption.size(d.map(\.dilatedSize)))"
        let padding = d.map(\.effectivePadding)
        let verb = padding.contains { $0 < 0 } ? "pad (negative: crop)" : "pad"
        let outputPadding = d.map(\.dimension.outputPadding)
        let padded = "\(verb) each side by dilation*(kernel-1) - padding = \(PythonFormat.list(padding))"
            + (outputPadding.contains { $0 > 0 } ? ", plus output_padding \(PythonFormat.list(outputPadding)) on the far side" : "")
            + ": \(DiagramCaption.size(d.map(\.paddedSize)))"
        let sections = [
            Section(heading: "1. \(inserted)", tensor: try dropUnitLeading(trace.zeroInserted)),
            Section(heading: "2. \(padded)", tensor: try dropUnitLeading(trace.padded)),
            Section(heading: "3. the kernel flipped in every spatial axis\(trace.flippedKernel.shape[0] > 1 || trace.flippedKernel.shape[1] > 1 ? ", in and out channels swapped" : "")", tensor: try dropUnitLeading(trace.flippedKernel)),
            Section(heading: "4. convolve step 2 with step 3, stride 1\(trace.plan.bias == nil ? "" : ", plus the bias"): \(DiagramCaption.size(d.map(\.outputSize)))", tensor: try dropUnitLeading(trace.output)),
        ]
        let intro = "\(trace.plan.operation) by zero insertion (stride \(PythonFormat.tuple(stride))): a stride-1 convolution of the zero-inserted, padded input with the flipped kernel"
        return try StepsFigure(method: .zeroInsert, operation: "\(trace.plan.operation)", introduction: intro, sections: sections, result: trace.output, fastPath: fastPath)
    }

    private init(method: Method, operation: String, introduction: String, sections: [Section], result: Tensor, fastPath: Tensor) throws(EngineError) {
        self.method = method
        self.operation = operation
        self.introduction = introduction
        self.sections = sections
        let a = result.doubles, b = fastPath.doubles
        maxDifference = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        matchesFastPath = try result.allClose(fastPath, rtol: 1e-4, atol: 1e-5)
    }

    /// The closing line: the check against the fast path.
    var check: String {
        "matches F.\(operation)(x, weight) (fast path): \(matchesFastPath ? "True" : "False"), largest difference \(PythonFormat.float(maxDifference))"
    }

    /// A tensor without its leading dimensions of size 1 (batch and channel), keeping two.
    static func dropUnitLeading(_ tensor: Tensor) throws(EngineError) -> Tensor {
        var dims = tensor.shape.dimensions
        while dims.count > 2 && dims[0] == 1 { dims.removeFirst() }
        return try tensor.reshaped(dims)
    }

    static func unflatten(_ flat: Int, _ sizes: [Int]) -> [Int] {
        var rest = flat
        var out = Array(repeating: 0, count: sizes.count)
        for i in sizes.indices.reversed() { out[i] = rest % sizes[i]; rest /= sizes[i] }
        return out
    }
}

/// Steps as text: each heading, then the tensor as PyTorch prints it.
public enum StepsText {
    public static func render(_ figure: StepsFigure) -> String {
        let wrap = { (text: String) in DiagramCaption.wrapWords(text, indent: "  ").joined(separator: "\n") }
        var out = wrap(figure.introduction) + "\n"
        for section in figure.sections {
            out += "\n" + wrap(section.heading) + "\n" + Value.tensor(TensorBox(section.tensor)).displayText + "\n"
        }
        return out + "\n" + wrap(figure.check)
    }
}

/// Steps as HTML: each heading, then the tensor as a table.
public enum StepsHTML {
    public static func render(_ figure: StepsFigure) -> String {
        var html = "<div class=\"convlab-steps\"><p>\(Markup.escape(figure.introduction))</p>"
        for section in figure.sections {
            html += "<p><strong>\(Markup.escape(section.heading))</strong></p>" + TensorHTML.render(section.tensor)
        }
        return html + "<p>\(Markup.escape(figure.check))</p></div>"
    }
}

import ConvEngine
import ConvLang

/// The teaching commands the renderers add to the language: `explain`, `diagram`,
/// `animate`, `matrix` and `steps`. Each takes a layer and an input, or a convolution
/// function with keyword parameters (and `diagram`/`animate`/`explain` a
/// conv_arithmetic name), and returns a rich value: text for consoles, Markdown, SVG or
/// HTML for notebooks.
public enum TeachingBuiltins {
    public static let all: [Builtin] = [explain, diagram, animate, matrix, steps]

    /// The keyword parameters every command shares, after `op` and `input`.
    static let convolutionParameters = "kernel_size=None, stride=1, padding=0, output_padding=0, dilation=1, groups=1"

    static let explain = Builtin("explain", "op, input=None, \(convolutionParameters)",
                                 summary: "The shape arithmetic of a convolution or transposed convolution, for every spatial dimension with the numbers substituted: zeros inserted, padding or cropping, windows, unused rows, and the transposed convolution that undoes a convolution; then the diagram. Give a layer and an input, a function with keyword parameters (input may be a size, a shape or a tensor), or a conv_arithmetic name.",
                                 example: "explain(F.conv_transpose2d, input=3, kernel_size=3, stride=2, padding=1, output_padding=1)") { (call) throws(Diagnostic) in
        let plan = try TeachingPlan.plan(call)
        let explanation = Explanation(plan)
        if plan.operation.spatialRank <= 2, SlidingWindowLayout.refusal(plan) == nil {
            // An empty output (a transposed convolution's size 0) has no position to draw.
            let layout = SlidingWindowLayout(plan)
            if layout.positionCount > 0 { call.interpreter.output.display(diagramValue(layout, step: 0)) }
        }
        return .rich(RichOutput(typeName: "Explanation", plain: ExplanationText.render(explanation),
                                extra: ["text/markdown": ExplanationMarkdown.render(explanation)]))
    }

    static let diagram = Builtin("diagram", "op, input=None, \(convolutionParameters), step=0, overlaps=False",
                                 summary: "The conv_arithmetic picture of a convolution or transposed convolution: the grid the kernel slides over (input, padding, inserted zeros) beside the output, with the kernel at output position `step` (a number in row-major order, or a tuple). ASCII in a console, SVG in a notebook. A transposed convolution is drawn as the stride-1 convolution it equals. With overlaps=True each output cell shows how many input values lie under the kernel there: for a transposed convolution, how many scaled kernels overlap (the checkerboard of kernel 3, stride 2). Also takes the names of conv_arithmetic's 15 animations, such as 'padding_strides_transposed'.",
                                 example: "diagram(F.conv_transpose2d, input=3, kernel_size=3, stride=2, padding=1, step=4)") { (call) throws(Diagnostic) in
        let overlaps = try call.bool("overlaps")
        return try picture(call, "diagram") { (layout) throws(Diagnostic) in
            diagramValue(layout, step: try step(call, layout), overlaps: overlaps)
        }
    }

    static let animate = Builtin("animate", "op, input=None, \(convolutionParameters)",
                                 summary: "The kernel sliding across every output position, like conv_arithmetic's animations: an animated SVG in a notebook, the frames one after another as ASCII in a console. Same arguments as diagram.",
                                 example: "animate('padding_strides_transposed')") { (call) throws(Diagnostic) in
        try picture(call, "animate") { (layout) throws(Diagnostic) in
            if let refusal = AnimationSVG.refusal(layout) { throw Diagnostic(.value, refusal, call.range) }
            return .rich(RichOutput(typeName: "Animation", plain: DiagramText.frames(layout),
                                    extra: ["image/svg+xml": AnimationSVG.render(layout)]))
        }
    }

    static let matrix = Builtin("matrix", "op, input=None, kernel=None, \(convolutionParameters)",
                                summary: "A convolution written as a matrix product, vec(y) = C vec(x), with C built by the engine (zeros as dots); for a transposed convolution, C^T. Give the kernel as a tensor (2-D for conv2d, 1-D for conv1d, or a full weight), or kernel_size for a kernel numbered 1, 2, 3, ... With an input tensor, the product is checked against the convolution.",
                                example: "matrix(F.conv2d, input=4, kernel=torch.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]]))") { (call) throws(Diagnostic) in
        let (weight, numbered) = try kernel(call)
        let plan = try TeachingPlan.plan(call, weight: weight)
        let cancellation = call.interpreter.cancellation
        let figure = try call.engine { () throws(EngineError) -> MatrixFigure in
            let g = plan.outputShape.elementCount / plan.outputShape[0], x = plan.input.count / plan.input.shape[0]
            guard g <= MatrixFigure.maxSide, x <= MatrixFigure.maxSide else {
                throw EngineError(.limit, "the matrix would be \(g) x \(x); matrix() shows up to \(MatrixFigure.maxSide) x \(MatrixFigure.maxSide): use a smaller input or kernel", pythonType: "ValueError")
            }
            let trace = try Formulation.matrixForm(plan, cancellation: cancellation)
            var matches: Bool?
            if case .tensor = call["input"] { matches = try trace.output.allClose(try plan.run(cancellation: cancellation), rtol: 1e-4, atol: 1e-5) }
            return MatrixFigure(trace: trace, numberedKernel: numbered, matchesFastPath: matches)
        }
        return .rich(RichOutput(typeName: "Matrix", plain: MatrixText.render(figure), extra: ["text/html": MatrixHTML.render(figure)]))
    }

    static let steps = Builtin("steps", "op, input=None, weight=None, method='zero_insert', bias=None, \(convolutionParameters)",
                               summary: "The intermediate tensors of a transposed convolution by one of the teaching formulations: method='scatter' shows each input element's scaled kernel placed in the output, the canvas and the crop; method='zero_insert' shows the zero-inserted input, the padded input, the flipped kernel and the stride-1 convolution. Ends with a check that the result equals the fast path.",
                               example: "steps(F.conv_transpose2d, torch.tensor([[[[0., 1.], [2., 3.]]]]), torch.tensor([[[[0., 1.], [2., 3.]]]]), method='scatter')") { (call) throws(Diagnostic) in
        let method = try call.string("method")
        guard let chosen = StepsFigure.Method(rawValue: method) else {
            throw Diagnostic(.value, "steps() method must be 'scatter' or 'zero_insert', not '\(method)'", call.range(of: "method"))
        }
        var weight: Tensor?
        if case .nnModule = call["op"] {} else {
            guard call.has("weight") else { throw Diagnostic(.type, "steps() needs weight (the kernel tensor) for a function", call.range) }
            weight = try call.tensor("weight")
        }
        let plan = try TeachingPlan.plan(call, weight: weight)
        guard plan.operation.isTransposed else {
            throw Diagnostic(.value, "steps() shows the formulations of a transposed convolution; \(plan.operation) is a convolution (try matrix(...) or diagram(...))", call.range(of: "op"))
        }
        let cancellation = call.interpreter.cancellation
        let figure = try call.engine { () throws(EngineError) -> StepsFigure in
            let fast = try plan.run(cancellation: cancellation)
            switch chosen {
            case .scatter: return try StepsFigure.scatter(try Formulation.scatterAdd(plan, cancellation: cancellation), fastPath: fast)
            case .zeroInsert: return try StepsFigure.zeroInsertion(try Formulation.zeroInsertion(plan, cancellation: cancellation), fastPath: fast)
            }
        }
        return .rich(RichOutput(typeName: "Steps", plain: StepsText.render(figure), extra: ["text/html": StepsHTML.render(figure)]))
    }

    /// The diagram at one step, as text and SVG.
    /// A 1-D or 2-D picture drawn by `draw` from the call's layout; for 3-D, the
    /// arithmetic and a note instead.
    static func picture(_ call: Call, _ command: String,
                        draw: (SlidingWindowLayout) throws(Diagnostic) -> Value) throws(Diagnostic) -> Value {
        let plan = try TeachingPlan.plan(call)
        guard plan.operation.spatialRank <= 2 else { return threeDimensional(plan, command) }
        if let refusal = SlidingWindowLayout.refusal(plan) { throw Diagnostic(.value, "\(command)(): \(refusal)", call.range) }
        let layout = SlidingWindowLayout(plan)
        guard layout.positionCount > 0 else {
            throw Diagnostic(.value, "\(command)(): the output is empty: nothing to draw", call.range)
        }
        return try draw(layout)
    }

    static func diagramValue(_ layout: SlidingWindowLayout, step: Int, overlaps: Bool = false) -> Value {
        .rich(RichOutput(typeName: "Diagram", plain: DiagramText.render(layout, step: step, overlaps: overlaps),
                         extra: ["image/svg+xml": DiagramSVG.render(layout, step: step, overlaps: overlaps)]))
    }

    /// What a picture command gives for a 3-D convolution: the arithmetic and a note.
    static func threeDimensional(_ plan: ConvPlan, _ command: String) -> Value {
        let note = "\(command)() draws 1-D and 2-D convolutions; each axis of this 3-D one works as below (diagram a 1-D or 2-D convolution with the same numbers to see it)."
        let explanation = Explanation(plan)
        return .rich(RichOutput(typeName: "Explanation", plain: note + "\n\n" + ExplanationText.render(explanation),
                                extra: ["text/markdown": "*\(note)*\n\n" + ExplanationMarkdown.render(explanation)]))
    }

    /// The output position `step=` names: a row-major number or a position tuple.
    static func step(_ call: Call, _ layout: SlidingWindowLayout) throws(Diagnostic) -> Int {
        let count = layout.positionCount
        let given = try call.ints("step")
        let number: Int
        if given.count == 1 && layout.axes.count > 1 {
            number = given[0] < 0 ? count + given[0] : given[0]
        } else if given.count == layout.axes.count {
            guard zip(given, layout.outputSize).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
                throw Diagnostic(.index, "step \(PythonFormat.tuple(given)) is outside the output \(PythonFormat.tuple(layout.outputSize))", call.range(of: "step"))
            }
            number = zip(given, layout.outputSize).reduce(0) { $0 * $1.1 + $1.0 }
        } else {
            throw Diagnostic(.value, "step must be a number or a position of \(layout.axes.count) values", call.range(of: "step"))
        }
        guard number >= 0, number < count else {
            throw Diagnostic(.index, "step \(given[0]) is out of range: there are \(count) output positions (0 to \(count - 1))", call.range(of: "step"))
        }
        return number
    }

    /// The kernel `matrix` uses: `kernel=` as given (a bare 1-D or 2-D kernel gets its
    /// channel dimensions), or the numbered kernel 1, 2, 3, ... of `kernel_size`.
    static func kernel(_ call: Call) throws(Diagnostic) -> (Tensor?, Bool) {
        guard case .function(let f) = call["op"] else { return (nil, false) }
        let rank = Int(String(f.name.dropLast().suffix(1))) ?? 2
        if call.has("kernel") {
            let k = try call.tensor("kernel")
            guard k.rank == rank else { return (k, false) }
            return (try call.engine { () throws(EngineError) in try k.reshaped([1, 1] + k.shape.dimensions) }, false)
        }
        guard call.has("kernel_size") else { return (nil, false) }
        let sizes = try call.ints("kernel_size")
        let k = sizes.count == 1 ? Array(repeating: sizes[0], count: rank) : sizes
        let numbered = try call.engine { () throws(EngineError) in
            // Checked before counting: sizes beyond the cap would overflow the product.
            try EngineLimits.checkElementCount(TensorShape([1, 1] + k))
            let count = k.reduce(1) { $0 * max($1, 0) }
            return try Tensor(shape: [1, 1] + k, elements: (0..<count).map { Float($0 + 1) })
        }
        return (numbered, true)
    }
}

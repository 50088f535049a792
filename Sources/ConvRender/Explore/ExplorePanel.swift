import ConvEngine

/// The picture `explore` redraws on every slider change: for one set of values and one
/// kernel step, the diagram with the kernel there, the output shape as PyTorch prints
/// it, and `explain`'s derivation; or, for a combination PyTorch refuses, PyTorch's
/// error. One self-contained HTML fragment (for an ipywidgets `HTML` widget's value)
/// and the same as console text. Rendering never throws.
///
/// Cost: one plan on zero tensors of the setup's shapes, one layout, one SVG of at most
/// 40 cells a side; a few milliseconds for a 16x16 input (`convlab bench` measures it).
public enum ExplorePanel {
    /// One rendered picture.
    public struct Frame: Sendable {
        public let html: String
        public let text: String
        /// Output positions the kernel steps over (a Play widget's range is
        /// `0..<positionCount`); 0 when PyTorch refuses the values or nothing is drawn.
        public let positionCount: Int
        /// The step drawn: the one asked for, brought into `0..<positionCount`.
        public let step: Int
        /// The shape the operation returns, as PyTorch would (without a batch for an
        /// unbatched input); `nil` when PyTorch refuses.
        public let outputShape: [Int]?
        /// PyTorch's refusal of the values, if it refuses them.
        public let error: EngineError?
    }

    /// What a console shows after the text picture: sliders need a notebook.
    public static let consoleNote = "explore(): the sliders need a notebook (JupyterLab or Notebook with widgets); this is the picture for the starting values."

    public static func render(_ setup: ExploreSetup, _ values: ExploreValues, step: Int) -> Frame {
        let plan: ConvPlan
        do {
            plan = try setup.plan(values)
        } catch {
            return refused(setup, values, error)
        }
        let shape = plan.batched ? plan.outputShape.dimensions : Array(plan.outputShape.dimensions.dropFirst())
        let shapeLine = "torch.Size(\(PythonFormat.list(shape)))"
        let explanation = Explanation(plan)
        let derivation = ExplanationText.render(explanation)
        if let refusal = SlidingWindowLayout.refusal(plan) {
            return Frame(html: container(shapeLine: shapeLine, body: note(refusal), derivation: derivation),
                         text: [shapeLine, refusal, derivation].joined(separator: "\n\n"),
                         positionCount: 0, step: 0, outputShape: shape, error: nil)
        }
        let layout = SlidingWindowLayout(plan)
        let count = layout.positionCount
        let clamped = count == 0 ? 0 : min(max(step, 0), count - 1)
        let svg = count == 0 ? note("the output is empty: nothing to draw") : DiagramSVG.render(layout, step: clamped)
        let picture = count == 0 ? "the output is empty: nothing to draw" : DiagramText.render(layout, step: clamped)
        return Frame(html: container(shapeLine: shapeLine, body: svg, derivation: derivation),
                     text: [shapeLine, picture, derivation].joined(separator: "\n\n"),
                     positionCount: count, step: clamped, outputShape: shape, error: nil)
    }

    /// The panel for values PyTorch refuses: its error, and the values tried.
    static func refused(_ setup: ExploreSetup, _ values: ExploreValues, _ error: EngineError) -> Frame {
        let message = "\(error.pythonType): \(error.message)"
        let tried = "\(setup.operation) with " + summary(setup, values)
        let html = "<div class=\"convlab-explore\" style=\"font-family: DejaVu Sans, Helvetica, Arial, sans-serif\">"
            + "<pre class=\"convlab-explore-error\" style=\"color: #b00020; white-space: pre-wrap; margin: 0 0 6px 0\">\(Markup.escape(message))</pre>"
            + "<div style=\"color: #555555\">\(Markup.escape(tried))</div></div>"
        return Frame(html: html, text: message + "\n\n" + tried, positionCount: 0, step: 0, outputShape: nil, error: error)
    }

    /// `input 3x3, kernel_size 3, stride 2, padding 1, dilation 1, output_padding 1`.
    static func summary(_ setup: ExploreSetup, _ values: ExploreValues) -> String {
        var parts = ExploreParameter.allCases.filter { $0 != .outputPadding || setup.operation.isTransposed }.map { p -> String in
            if p == .padding, let keyword = setup.paddingKeyword { return "padding \(keyword)" }
            let v = values[p]
            let shown = p == .input ? v.map(String.init).joined(separator: "x")
                                    : (Set(v).count == 1 ? String(v[0]) : PythonFormat.tuple(v))
            return "\(p.rawValue) \(shown)"
        }
        if setup.groups != 1 { parts.append("groups \(setup.groups)") }
        return parts.joined(separator: ", ")
    }

    static func note(_ text: String) -> String {
        "<div class=\"convlab-explore-note\" style=\"color: #555555\">\(Markup.escape(text))</div>"
    }

    static func container(shapeLine: String, body: String, derivation: String) -> String {
        "<div class=\"convlab-explore\" style=\"font-family: DejaVu Sans, Helvetica, Arial, sans-serif\">"
            + "<div class=\"convlab-explore-shape\" style=\"font-family: monospace; font-size: 14px; margin-bottom: 6px\">output: \(Markup.escape(shapeLine))</div>"
            + body
            + "<pre class=\"convlab-explore-derivation\" style=\"font-size: 12px; margin-top: 6px\">\(Markup.escape(derivation))</pre></div>"
    }
}

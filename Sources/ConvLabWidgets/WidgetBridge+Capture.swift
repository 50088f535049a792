import ConvLang
import ConvRender
import Foundation
import JupyterKernel
import JupyterWidgets

/// Output widgets capturing output as ipywidgets 8 does: `with out:` sets the widget's
/// `msg_id` to the request being handled, and the frontend diverts the outputs of that
/// request into the widget (a console, which has no widgets, shows them as usual);
/// leaving the block clears it. Without a frontend nothing is captured.
extension WidgetBridge {
    /// `out.__enter__()`.
    func beginCapture(_ output: WidgetObject) {
        guard let parent = currentRequestID() else { return }
        captureDepth[ObjectIdentifier(output), default: 0] += 1
        try? output.widget.set([("msg_id", .string(parent))])
    }

    /// `out.__exit__()`.
    func endCapture(_ output: WidgetObject) {
        let key = ObjectIdentifier(output)
        guard let depth = captureDepth[key] else { return }
        if depth <= 1 {
            captureDepth[key] = nil
            try? output.widget.set([("msg_id", "")])
        } else {
            captureDepth[key] = depth - 1
        }
    }

    /// Runs `body` with `output` capturing.
    func capturing<T>(into output: WidgetObject, _ body: () throws(Diagnostic) -> T) rethrows -> T {
        beginCapture(output)
        defer { endCapture(output) }
        return try body()
    }

    /// `out.append_display_data(value)`: the value's display bundle added to the
    /// widget's `outputs` (JSON types as JSON).
    func append(_ value: Value, to output: WidgetObject) throws(Diagnostic) {
        var bundle: [String: JSONValue] = [:]
        for (type, text) in MimeBundle.render(value) {
            if type.hasSuffix("+json"), let json = try? JSONValue.decode(Data(text.utf8)) { bundle[type] = json } else { bundle[type] = .string(text) }
        }
        try WidgetErrors.raising { () throws(WidgetError) in try output.widget.appendDisplayData(bundle) }
    }

    /// `out.clear_output(wait=...)`: ipywidgets clears inside the widget's capture, so
    /// the frontend clears the widget.
    func clear(_ output: WidgetObject, wait: Bool, interpreter: Interpreter) {
        capturing(into: output) { interpreter.output.clearOutput(wait: wait) }
    }
}

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
    func beginCapture(_ output: WidgetObject) throws(Diagnostic) {
        guard let parent = currentRequestID() else { return }
        captureDepth[ObjectIdentifier(output), default: 0] += 1
        try changing { () throws(WidgetError) in try output.widget.set([("msg_id", .string(parent))]) }
    }

    /// `out.__exit__()`.
    func endCapture(_ output: WidgetObject) throws(Diagnostic) {
        let key = ObjectIdentifier(output)
        guard let depth = captureDepth[key] else { return }
        if depth <= 1 {
            captureDepth[key] = nil
            try changing { () throws(WidgetError) in try output.widget.set([("msg_id", "")]) }
        } else {
            captureDepth[key] = depth - 1
        }
    }

    /// `out.append_display_data(value)`: the value's display bundle added to the
    /// widget's `outputs` (JSON types as JSON).
    func append(_ value: Value, to output: WidgetObject) throws(Diagnostic) {
        let bundle = MimeBundle.json(value)
        try changing { () throws(WidgetError) in try output.widget.appendDisplayData(bundle) }
    }

    /// `out.clear_output(wait=...)`: ipywidgets clears inside the widget's capture, so
    /// the frontend clears the widget.
    func clear(_ output: WidgetObject, wait: Bool, interpreter: Interpreter) throws(Diagnostic) {
        try beginCapture(output)
        interpreter.output.clearOutput(wait: wait)
        try endCapture(output)
    }
}

extension MimeBundle {
    /// A value's display bundle as a Jupyter message carries it: JSON types (a widget's
    /// view) as JSON, the others as text.
    public static func json(_ value: Value) -> [String: JSONValue] {
        var bundle: [String: JSONValue] = [:]
        for (type, text) in render(value) {
            if type.hasSuffix("+json"), let json = try? JSONValue.decode(Data(text.utf8)) { bundle[type] = json } else { bundle[type] = .string(text) }
        }
        return bundle
    }
}

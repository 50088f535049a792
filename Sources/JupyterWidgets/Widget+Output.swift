import JupyterKernel

/// The Output widget's helpers, as ipywidgets' `Output` methods change its `outputs` trait.
extension Widget {
    /// `append_stdout(text)`: a `stream` output named `stdout`.
    public func appendStdout(_ text: String) throws(WidgetError) {
        try appendOutput(["output_type": "stream", "name": "stdout", "text": .string(text)])
    }

    /// `append_stderr(text)`: a `stream` output named `stderr`.
    public func appendStderr(_ text: String) throws(WidgetError) {
        try appendOutput(["output_type": "stream", "name": "stderr", "text": .string(text)])
    }

    /// `append_display_data(obj)`: a `display_data` output with the object's mime bundle.
    public func appendDisplayData(_ data: [String: JSONValue], metadata: [String: JSONValue] = [:]) throws(WidgetError) {
        try appendOutput(["output_type": "display_data", "data": .object(data), "metadata": .object(metadata)])
    }

    /// Empties `outputs`. (ipywidgets' `clear_output` clears through the kernel's output
    /// capture, which ends with the frontend's `outputs` empty; this layer empties the trait.)
    public func clearOutput() throws(WidgetError) {
        try set([("outputs", [])])
    }

    private func appendOutput(_ output: JSONValue) throws(WidgetError) {
        guard hasTrait("outputs") else { throw .unknownTrait(model: spec.pythonClass, name: "outputs") }
        try manager.locked { () throws(WidgetError) in
            try set([("outputs", .array((trait("outputs").array ?? []) + [output]))])
        }
    }
}

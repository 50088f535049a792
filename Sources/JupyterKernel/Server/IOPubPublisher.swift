/// Publishes a request's output on iopub, with the request as parent (or, without one,
/// whatever request is being handled when it publishes), each message within the
/// kernel's ``OutputCap``.
struct IOPubPublisher: Publisher {
    let core: KernelCore
    let parent: JSONValue?
    let silent: Bool
    /// Whether the request is a line of history (`store_history`, not silent), whose
    /// result's text is then kept as that line's output. A result of any other request
    /// is kept nowhere: it must not replace the output of the line before it.
    let storesHistory: Bool

    private var cap: OutputCap { core.outputCap }

    /// The most bytes of a result's text kept in history (history is for recalling,
    /// not for output).
    static let historyOutputLimit = 16 << 10

    private func publish(_ type: String, _ content: JSONValue) {
        core.publish(type, content, parent: parent ?? core.iopub.currentParent)
    }

    func stream(_ name: String, _ text: String) {
        publish("stream", ["name": .string(name), "text": .string(cap.text(text))])
    }

    func displayData(_ data: [String: JSONValue], metadata: [String: JSONValue], displayID: String?) {
        var content: JSONValue = ["data": .object(cap.bundle(data)), "metadata": .object(metadata), "transient": [:]]
        if let displayID { content["transient"] = ["display_id": .string(displayID)] }
        publish("display_data", content)
    }

    func updateDisplayData(_ data: [String: JSONValue], metadata: [String: JSONValue], displayID: String) {
        publish("update_display_data", ["data": .object(cap.bundle(data)), "metadata": .object(metadata),
                                        "transient": ["display_id": .string(displayID)]])
    }

    func executeResult(count: Int, data: [String: JSONValue], metadata: [String: JSONValue]) {
        guard !silent else { return }
        let data = cap.bundle(data)
        if storesHistory, let text = data["text/plain"]?.string {
            core.history.setOutput(line: count, text: OutputCap(bytes: Self.historyOutputLimit).text(text))
        }
        publish("execute_result", ["execution_count": .int(count), "data": .object(data), "metadata": .object(metadata)])
    }

    func error(name: String, value: String, traceback: [String]) {
        publish("error", ["ename": .string(name), "evalue": .string(cap.text(value)),
                          "traceback": .array(traceback.map { .string(cap.text($0)) })])
    }

    func clearOutput(wait: Bool) {
        publish("clear_output", ["wait": .bool(wait)])
    }
}

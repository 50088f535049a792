/// Publishes a request's output on iopub, with the request as parent, each message
/// within the server's ``OutputCap``.
struct IOPubPublisher: Publisher {
    let server: KernelServer
    let parent: JSONValue
    let silent: Bool

    private var cap: OutputCap { server.outputCap }

    func stream(_ name: String, _ text: String) {
        server.publish("stream", ["name": .string(name), "text": .string(cap.text(text))], parent: parent)
    }

    func displayData(_ data: [String: JSONValue], metadata: [String: JSONValue], displayID: String?) {
        var content: JSONValue = ["data": .object(cap.bundle(data)), "metadata": .object(metadata), "transient": [:]]
        if let displayID { content["transient"] = ["display_id": .string(displayID)] }
        server.publish("display_data", content, parent: parent)
    }

    func updateDisplayData(_ data: [String: JSONValue], metadata: [String: JSONValue], displayID: String) {
        server.publish("update_display_data", ["data": .object(cap.bundle(data)), "metadata": .object(metadata),
                                               "transient": ["display_id": .string(displayID)]], parent: parent)
    }

    func executeResult(count: Int, data: [String: JSONValue], metadata: [String: JSONValue]) {
        guard !silent else { return }
        let data = cap.bundle(data)
        if let text = data["text/plain"]?.string { server.history.setOutput(line: count, text: text) }
        server.publish("execute_result", ["execution_count": .int(count), "data": .object(data), "metadata": .object(metadata)], parent: parent)
    }

    func error(name: String, value: String, traceback: [String]) {
        server.publish("error", ["ename": .string(name), "evalue": .string(cap.text(value)),
                                 "traceback": .array(traceback.map { .string(cap.text($0)) })], parent: parent)
    }

    func clearOutput(wait: Bool) {
        server.publish("clear_output", ["wait": .bool(wait)], parent: parent)
    }
}

import Foundation

/// `execute_request`, on the execution thread.
extension KernelCore {
    /// How long a reply waits at most for its cell's history writes (SQLite in WAL
    /// mode commits in well under a millisecond; a stalled disk must not hold replies).
    static let historyWriteWait: Duration = .milliseconds(100)

    /// Runs the code and replies. After an error (not silent, `stop_on_error` unset or
    /// true, as ipykernel) the executions already queued are aborted once this request
    /// is idle; the error reply is held until they are taken off the queue, so only
    /// those sent before the client could have seen the error are aborted.
    func execute(_ request: KernelRequest) {
        let content = request.content
        let code = content["code"].string ?? ""
        let silent = content["silent"].bool ?? false
        let storeHistory = (content["store_history"].bool ?? true) && !silent
        if storeHistory { executionCount += 1 }
        if !silent {
            publish("execute_input", ["code": .string(code), "execution_count": .int(executionCount)], parent: request.header)
        }
        if storeHistory { history.append(line: executionCount, source: code) }
        var expressions: [String: String] = [:]
        for (name, value) in content["user_expressions"].object ?? [:] { expressions[name] = value.string ?? "" }
        let publisher = IOPubPublisher(core: self, parent: request.header, silent: silent, storesHistory: storeHistory)
        let allowStdin = content["allow_stdin"].bool ?? false
        stdin.begin(allowStdin ? request.message : nil)
        let outcome = interpreter.execute(code: code, executionCount: executionCount, silent: silent, storeHistory: storeHistory,
                                          userExpressions: expressions, allowStdin: allowStdin, publisher: publisher)
        stdin.begin(nil)
        // A cell whose reply went out is in the history file, even if the kernel is
        // killed right after (the write queued as it started is usually long done).
        if storeHistory { history.waitForWrites(upTo: Self.historyWriteWait) }
        switch outcome {
        case .ok(let payload, let userExpressions):
            reply(to: request, ["status": "ok", "execution_count": .int(executionCount),
                                "payload": .array(payload), "user_expressions": .object(userExpressions.mapValues(capped))])
        case .error(let name, let value, let traceback):
            if !silent, content["stop_on_error"].bool ?? true {
                // Read the requests already on their way (as ipykernel flushes its
                // socket before aborting).
                flushShell(for: Self.abortFlushDelay)
                pendingAborts = queue.removeAll { $0.type == "execute_request" }
            }
            reply(to: request, ["status": "error", "execution_count": .int(executionCount),
                                "ename": .string(name), "evalue": .string(outputCap.text(value)),
                                "traceback": .array(traceback.map { .string(outputCap.text($0)) })])
        }
    }

    /// Takes in shell's requests for `interval` seconds: on this thread when the transport
    /// lets it, else by letting the shell thread do it.
    private func flushShell(for interval: TimeInterval) {
        let deadline = Date(timeIntervalSinceNow: interval)
        while case let left = deadline.timeIntervalSinceNow, left > 0 {
            guard transport.serveShellWhileIdle(timeout: left, hasWork: { false }) else {
                Thread.sleep(forTimeInterval: left)
                return
            }
        }
    }

    /// A user expression's result with its bundle within ``outputCap``.
    private func capped(_ result: JSONValue) -> JSONValue {
        guard let data = result["data"].object else { return result }
        var result = result
        result["data"] = .object(outputCap.bundle(data))
        return result
    }
}

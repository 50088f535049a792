import Foundation

/// The requests' handlers, on the thread that serves each (execution, or control).
extension KernelServer {
    /// Messages that need no reply: comms ConvLab has no targets for.
    static let answeredWithoutReply: Set<String> = ["comm_open", "comm_msg", "comm_close"]

    /// Runs an execute request; returns whether it ended in an error.
    func execute(_ message: Message, send: (([Data]) -> Void)) -> Bool {
        let content = message.content
        let code = content["code"].string ?? ""
        let silent = content["silent"].bool ?? false
        let storeHistory = (content["store_history"].bool ?? true) && !silent
        if storeHistory { executionCount += 1 }
        if !silent {
            publish("execute_input", ["code": .string(code), "execution_count": .int(executionCount)], parent: message.header)
        }
        if storeHistory { history.append(line: executionCount, input: code) }
        var expressions: [String: String] = [:]
        for (name, value) in content["user_expressions"].object ?? [:] { expressions[name] = value.string ?? "" }
        let publisher = IOPubPublisher(server: self, parent: message.header, silent: silent)
        let outcome = interpreter.execute(code: code, executionCount: executionCount, silent: silent, storeHistory: storeHistory, userExpressions: expressions,
                                          allowStdin: content["allow_stdin"].bool ?? false, publisher: publisher)
        switch outcome {
        case .ok(let payload, let userExpressions):
            send(reply(to: message, type: "execute_reply", content: [
                "status": "ok", "execution_count": .int(executionCount),
                "payload": .array(payload), "user_expressions": .object(userExpressions.mapValues(capped)),
            ]))
            return false
        case .error(let name, let value, let traceback):
            send(reply(to: message, type: "execute_reply", content: [
                "status": "error", "execution_count": .int(executionCount),
                "ename": .string(name), "evalue": .string(outputCap.text(value)),
                "traceback": .array(traceback.map { .string(outputCap.text($0)) }),
            ]))
            return true
        }
    }

    func abort(_ message: Message, send: ([Data]) -> Void) {
        publishStatus("busy", parent: message.header)
        let type = message.type.replacingOccurrences(of: "_request", with: "_reply")
        send(reply(to: message, type: type, content: ["status": "aborted", "execution_count": .int(executionCount)]))
        publishStatus("idle", parent: message.header)
    }

    /// The reply to every request that is not execute, shutdown or interrupt.
    func answer(_ message: Message) -> (String, JSONValue)? {
        let content = message.content
        switch message.type {
        case "kernel_info_request":
            var reply = interpreter.kernelInfo()
            reply["status"] = "ok"
            reply["protocol_version"] = .string(Self.protocolVersion)
            return ("kernel_info_reply", reply)
        case "complete_request":
            let code = content["code"].string ?? ""
            let (matches, start, end) = interpreter.complete(code: code, cursor: content["cursor_pos"].int ?? code.unicodeScalars.count)
            return ("complete_reply", ["status": "ok", "matches": .array(matches.map { .string($0) }),
                                       "cursor_start": .int(start), "cursor_end": .int(end), "metadata": [:]])
        case "inspect_request":
            let code = content["code"].string ?? ""
            let data = interpreter.inspect(code: code, cursor: content["cursor_pos"].int ?? code.unicodeScalars.count,
                                           detailLevel: content["detail_level"].int ?? 0)
            return ("inspect_reply", ["status": "ok", "found": .bool(data != nil), "data": .object(data ?? [:]), "metadata": [:]])
        case "is_complete_request":
            let (status, indent) = interpreter.isComplete(code: content["code"].string ?? "")
            var reply: JSONValue = ["status": .string(status)]
            if status == "incomplete" { reply["indent"] = .string(indent) }
            return ("is_complete_reply", reply)
        case "history_request":
            return ("history_reply", ["status": "ok", "history": .array(history.reply(to: content))])
        case "comm_info_request":
            return ("comm_info_reply", ["status": "ok", "comms": [:]])
        case "comm_open":
            // No comm targets: close it, as ipykernel does for unknown targets.
            publish("comm_close", ["comm_id": content["comm_id"], "data": [:]], parent: message.header)
            return nil
        case "comm_msg", "comm_close":
            return nil
        default:
            return nil
        }
    }

    /// Answers a shutdown on the socket it came by and, as ipykernel does, on iopub
    /// (so every attached frontend learns of it), then stops the loops.
    func handleShutdown(_ message: Message, send: ([Data]) -> Void) {
        let restart = message.content["restart"].bool ?? false
        if restart { restartRequested.store(true, ordering: .relaxed) }
        publishStatus("busy", parent: message.header)
        interpreter.interrupt()
        interpreter.shutdown(restart: restart)
        let content: JSONValue = ["status": "ok", "restart": .bool(restart)]
        send(reply(to: message, type: "shutdown_reply", content: content))
        publish("shutdown_reply", content, parent: message.header)
        publishStatus("idle", parent: message.header)
        log.info("shutdown requested (restart: \(restart))")
        stop()
    }

    /// A user expression's result with its bundle within ``outputCap``.
    private func capped(_ result: JSONValue) -> JSONValue {
        guard let data = result["data"].object else { return result }
        var result = result
        result["data"] = .object(outputCap.bundle(data))
        return result
    }
}

import Foundation

/// The handler table and the handlers of every request but execution.
extension KernelCore {
    /// Every message type the kernel serves, and where. Types not here are logged and
    /// ignored (with busy/idle on shell, as ipykernel).
    static let handlers: [String: RequestHandler] = [
        "execute_request": RequestHandler(onShell: .inOrder, servedOnControl: false) { $0.execute($1) },
        "complete_request": RequestHandler(onShell: .inOrder, servedOnControl: false) { $0.complete($1) },
        "inspect_request": RequestHandler(onShell: .inOrder, servedOnControl: false) { $0.inspect($1) },
        "is_complete_request": RequestHandler(onShell: .inOrder, servedOnControl: false) { $0.isComplete($1) },
        // These never touch the interpreter's running state: control answers them while a cell runs.
        "kernel_info_request": RequestHandler(onShell: .inOrder, servedOnControl: true) { $0.kernelInfo($1) },
        "history_request": RequestHandler(onShell: .inOrder, servedOnControl: true) { $0.history($1) },
        "comm_info_request": RequestHandler(onShell: .inOrder, servedOnControl: true) { $0.commInfo($1) },
        "comm_open": RequestHandler(onShell: .inOrder, servedOnControl: false) { $0.comm($1) },
        "comm_msg": RequestHandler(onShell: .inOrder, servedOnControl: false) { $0.comm($1) },
        "comm_close": RequestHandler(onShell: .inOrder, servedOnControl: false) { $0.comm($1) },
        "interrupt_request": RequestHandler(onShell: .atOnce, servedOnControl: true) { $0.interrupt($1) },
        // Old clients send it on shell: answered at once, not queued behind a cell.
        "shutdown_request": RequestHandler(onShell: .atOnce, servedOnControl: true) { $0.shutdown($1) },
    ]

    func kernelInfo(_ request: KernelRequest) {
        var content = interpreter.kernelInfo()
        content["status"] = "ok"
        content["protocol_version"] = .string(Self.protocolVersion)
        reply(to: request, content)
    }

    func complete(_ request: KernelRequest) {
        let code = request.content["code"].string ?? ""
        let completions = interpreter.complete(code: code, cursor: request.content["cursor_pos"].int ?? code.unicodeScalars.count)
        reply(to: request, ["status": "ok", "matches": .array(completions.matches.map { .string($0) }),
                            "cursor_start": .int(completions.cursorStart), "cursor_end": .int(completions.cursorEnd),
                            "metadata": completions.metadata])
    }

    func inspect(_ request: KernelRequest) {
        let code = request.content["code"].string ?? ""
        let data = interpreter.inspect(code: code, cursor: request.content["cursor_pos"].int ?? code.unicodeScalars.count,
                                       detailLevel: request.content["detail_level"].int ?? 0)
        reply(to: request, ["status": "ok", "found": .bool(data != nil), "data": .object(data ?? [:]), "metadata": [:]])
    }

    func isComplete(_ request: KernelRequest) {
        let (status, indent) = interpreter.isComplete(code: request.content["code"].string ?? "")
        var content: JSONValue = ["status": .string(status)]
        if status == "incomplete" { content["indent"] = .string(indent) }
        reply(to: request, content)
    }

    func history(_ request: KernelRequest) {
        reply(to: request, ["status": "ok", "history": .array(HistoryReply.entries(for: request.content, from: history))])
    }

    /// The open comms, those of `target_name` only when it is given (ipykernel's rule).
    func commInfo(_ request: KernelRequest) {
        let comms = self.comms.info(targetName: request.content["target_name"].string)
        reply(to: request, ["status": "ok", "comms": .object(comms.mapValues { ["target_name": .string($0)] })])
    }

    /// `comm_open`, `comm_msg`, `comm_close`: handed to the comms; no reply.
    func comm(_ request: KernelRequest) {
        comms.handle(type: request.message.type, content: request.content, metadata: request.message.metadata,
                     buffers: request.message.buffers)
    }

    func interrupt(_ request: KernelRequest) {
        interpreter.interrupt()
        reply(to: request, ["status": "ok"])
    }

    /// Closes the comms, answers on the channel the request came by and, as ipykernel
    /// does, on iopub (so every attached frontend learns of it), then stops serving.
    func shutdown(_ request: KernelRequest) {
        let restart = request.content["restart"].bool ?? false
        if restart { restartRequested.store(true, ordering: .relaxed) }
        // A cell waiting in `input()` ends now.
        stdin.close()
        interpreter.interrupt()
        interpreter.shutdown(restart: restart)
        comms.closeAll()
        let content: JSONValue = ["status": "ok", "restart": .bool(restart)]
        reply(to: request, content)
        publish("shutdown_reply", content, parent: request.header)
        log.info("shutdown requested (restart: \(restart))")
        transport.stop()
    }
}

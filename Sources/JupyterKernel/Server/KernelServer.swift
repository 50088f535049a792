import Foundation
import Synchronization

/// A Jupyter kernel's transport and dispatcher: binds the five sockets from a connection
/// file, reads and signs messages, answers every request type, and publishes
/// `status: busy`/`idle` around each one, on shell and control alike.
///
/// Threads: shell, control and heartbeat each own their socket; code runs on an
/// execution thread, so control (interrupt, shutdown) and heartbeat answer while a cell
/// computes. Execution replies reach the shell socket through an inproc pipe that the
/// shell thread drains; iopub is send-only and guarded by a lock.
public final class KernelServer: @unchecked Sendable {
    public static let protocolVersion = "5.3"

    let info: ConnectionInfo
    let interpreter: KernelInterpreter
    let signer: Signer
    let log: KernelLog
    let session = UUID().uuidString.lowercased()
    let history = History()
    /// The largest message accepted, in bytes.
    public var maxMessageBytes = 64 << 20

    private let context = ZMQContext()
    private let iopub: ZMQSocket
    private let iopubLock = NSLock()
    private let running = Atomic<Bool>(true)
    private let restartRequested = Atomic<Bool>(false)
    private let queue = RequestQueue()
    private var executionCount = 0

    public init(connection: ConnectionInfo, interpreter: KernelInterpreter, log: KernelLog = KernelLog()) throws {
        guard connection.signatureScheme == "hmac-sha256" || connection.key.isEmpty else {
            throw ZMQError(code: EINVAL, operation: "signature scheme \(connection.signatureScheme) (only hmac-sha256 is supported)")
        }
        info = connection
        self.interpreter = interpreter
        self.log = log
        signer = Signer(key: connection.key)
        iopub = try ZMQSocket(context, .pub)
        try iopub.bind(connection.endpoint(connection.iopubPort))
    }

    /// Serves until a shutdown request; returns whether a restart was asked for.
    public func run() throws -> Bool {
        let shell = try ZMQSocket(context, .router)
        try shell.bind(info.endpoint(info.shellPort))
        let control = try ZMQSocket(context, .router)
        try control.bind(info.endpoint(info.controlPort))
        let stdin = try ZMQSocket(context, .router)
        try stdin.bind(info.endpoint(info.stdinPort))
        let heartbeat = try ZMQSocket(context, .rep)
        try heartbeat.bind(info.endpoint(info.hbPort))
        let shellOut = try ZMQSocket(context, .pull)
        try shellOut.bind("inproc://convlab-shell-out")
        let replies = try ZMQSocket(context, .push)
        try replies.connect("inproc://convlab-shell-out")
        log.info("listening: shell \(info.shellPort), iopub \(info.iopubPort), control \(info.controlPort), hb \(info.hbPort)")

        let threads = [
            Thread { [self] in heartbeatLoop(heartbeat) },
            Thread { [self] in controlLoop(control) },
            Thread { [self] in executionLoop(replies) },
        ]
        threads[2].stackSize = 64 << 20  // deep expressions evaluate recursively
        for t in threads { t.start() }
        publishStatus("starting", parent: .object([:]))
        shellLoop(shell, shellOut)
        queue.close()
        Thread.sleep(forTimeInterval: 0.05)
        _ = stdin
        return restartRequested.load(ordering: .relaxed)
    }

    var isRunning: Bool { running.load(ordering: .relaxed) }

    func stop() { running.store(false, ordering: .relaxed) }

    // MARK: - Loops

    private func heartbeatLoop(_ socket: ZMQSocket) {
        while isRunning {
            do {
                if let frames = try socket.receive(timeout: 100) { try socket.send(frames) }
            } catch {
                log.error("heartbeat: \(error)")
            }
        }
    }

    private func shellLoop(_ shell: ZMQSocket, _ shellOut: ZMQSocket) {
        while isRunning {
            do {
                let ready = try ZMQSocket.poll([shell, shellOut], timeout: 100)
                if ready[1], let frames = try shellOut.receive(timeout: 0) { try shell.send(frames) }
                if ready[0], let message = receiveMessage(shell, channel: "shell") {
                    if message.type == "shutdown_request" {
                        // Old clients send it on shell: answer here so it is not queued behind a cell.
                        handleShutdown(message) { frames in try? shell.send(frames) }
                    } else {
                        queue.push(message)
                    }
                }
            } catch {
                log.error("shell: \(error)")
            }
        }
        // Flush replies still in the pipe.
        while let frames = try? shellOut.receive(timeout: 50) { try? shell.send(frames) }
    }

    private func controlLoop(_ control: ZMQSocket) {
        while isRunning {
            guard let message = receiveMessage(control, channel: "control") else { continue }
            let send: ([Data]) -> Void = { frames in
                do { try control.send(frames) } catch { self.log.error("control send: \(error)") }
            }
            switch message.type {
            case "shutdown_request":
                if message.content["restart"].bool == true { restartRequested.store(true, ordering: .relaxed) }
                handleShutdown(message, send: send)
            case "interrupt_request":
                publishStatus("busy", parent: message.header)
                interpreter.interrupt()
                send(reply(to: message, type: "interrupt_reply", content: ["status": "ok"]))
                publishStatus("idle", parent: message.header)
            case "kernel_info_request", "comm_info_request", "history_request":
                // Answered here because they never touch the interpreter, which runs on the
                // execution thread.
                publishStatus("busy", parent: message.header)
                if let (type, content) = answer(message) { send(reply(to: message, type: type, content: content)) }
                publishStatus("idle", parent: message.header)
            default:
                log.warning("control: \(message.type) is not served on control, ignored")
            }
        }
    }

    /// How long, after an error, the execution thread lets the shell thread read requests
    /// already on their way, before it aborts the queued executions.
    static let abortFlushDelay: TimeInterval = 0.005

    private func executionLoop(_ replies: ZMQSocket) {
        while let message = queue.pop() {
            let send: ([Data]) -> Void = { frames in
                do { try replies.send(frames) } catch { self.log.error("reply: \(error)") }
            }
            publishStatus("busy", parent: message.header)
            if message.type == "execute_request" {
                var deferred: [Data]?
                let failed = execute(message) { frames in deferred = frames }
                if failed, message.content["stop_on_error"].bool ?? true {
                    // Abort the executions sent before the client can have seen this error
                    // (as ipykernel flushes its socket, then aborts): the error reply is held
                    // until they are taken off the queue. Other requests keep their order.
                    Thread.sleep(forTimeInterval: Self.abortFlushDelay)
                    let queued = queue.drain()
                    if let deferred { send(deferred) }
                    for request in queued {
                        if request.type == "execute_request" { abort(request, send: send) } else { queue.push(request) }
                    }
                } else if let deferred {
                    send(deferred)
                }
            } else if let (type, content) = answer(message) {
                send(reply(to: message, type: type, content: content))
            } else {
                log.warning("shell: unknown message type \(message.type), ignored")
            }
            publishStatus("idle", parent: message.header)
        }
    }

    private func receiveMessage(_ socket: ZMQSocket, channel: String) -> Message? {
        let frames: [Data]
        do {
            guard let received = try socket.receive(timeout: 100, maxBytes: maxMessageBytes) else { return nil }
            frames = received
        } catch {
            log.warning("\(channel): dropped a message: \(error)")
            return nil
        }
        do {
            return try Message.parse(frames, signer: signer)
        } catch {
            log.warning("\(channel): dropped a message: \(error)")
            return nil
        }
    }

    // MARK: - Handlers

    /// Runs an execute request; returns whether it ended in an error.
    private func execute(_ message: Message, send: (([Data]) -> Void)) -> Bool {
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
                "payload": .array(payload), "user_expressions": .object(userExpressions),
            ]))
            return false
        case .error(let name, let value, let traceback):
            send(reply(to: message, type: "execute_reply", content: [
                "status": "error", "execution_count": .int(executionCount),
                "ename": .string(name), "evalue": .string(value), "traceback": .array(traceback.map { .string($0) }),
            ]))
            return true
        }
    }

    private func abort(_ message: Message, send: ([Data]) -> Void) {
        publishStatus("busy", parent: message.header)
        let type = message.type.replacingOccurrences(of: "_request", with: "_reply")
        send(reply(to: message, type: type, content: ["status": "aborted", "execution_count": .int(executionCount)]))
        publishStatus("idle", parent: message.header)
    }

    /// The reply to every request that is not execute, shutdown or interrupt.
    private func answer(_ message: Message) -> (String, JSONValue)? {
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

    private func handleShutdown(_ message: Message, send: ([Data]) -> Void) {
        let restart = message.content["restart"].bool ?? false
        publishStatus("busy", parent: message.header)
        interpreter.interrupt()
        interpreter.shutdown(restart: restart)
        send(reply(to: message, type: "shutdown_reply", content: ["status": "ok", "restart": .bool(restart)]))
        publishStatus("idle", parent: message.header)
        log.info("shutdown requested (restart: \(restart))")
        stop()
    }

    // MARK: - Sending

    func reply(to request: Message, type: String, content: JSONValue) -> [Data] {
        Message(identities: request.identities, header: Message.header(type: type, session: session),
                parentHeader: request.header, metadata: [:], content: content, buffers: []).serialize(signer: signer)
    }

    func publish(_ type: String, _ content: JSONValue, parent: JSONValue) {
        let message = Message(identities: [Data("kernel.\(session).\(type)".utf8)], header: Message.header(type: type, session: session),
                              parentHeader: parent, metadata: [:], content: content, buffers: [])
        let frames = message.serialize(signer: signer)
        iopubLock.withLock {
            do { try iopub.send(frames) } catch { log.error("iopub: \(error)") }
        }
    }

    func publishStatus(_ state: String, parent: JSONValue) {
        publish("status", ["execution_state": .string(state)], parent: parent)
    }
}

/// The execution thread's inbox.
final class RequestQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Message] = []
    private var closed = false

    func push(_ message: Message) {
        condition.withLock { items.append(message); condition.signal() }
    }

    /// The next message, waiting for one; `nil` once closed (queued requests are
    /// dropped at shutdown).
    func pop() -> Message? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        return closed ? nil : items.removeFirst()
    }

    /// Everything waiting, removed.
    func drain() -> [Message] {
        condition.withLock { defer { items.removeAll() }; return items }
    }

    func close() {
        condition.withLock { closed = true; condition.broadcast() }
    }
}

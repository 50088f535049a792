import Foundation
import Synchronization

/// A Jupyter kernel's transport and dispatcher: binds the five sockets from a connection
/// file, reads and signs messages, answers every request type, and publishes
/// `status: busy`/`idle` around each one, on shell and control alike.
///
/// Threads: shell, control and heartbeat each own their socket; code runs on an
/// execution thread, so control (interrupt, shutdown) and heartbeat answer while a cell
/// computes. Execution replies reach the shell socket through an inproc pipe that the
/// shell thread drains; iopub is send-only and guarded by a lock. A watch on the
/// parent process ends the kernel when its launcher dies.
///
/// Faults: a message that is unsigned (with a key), forged, replayed, malformed or over
/// ``maxMessageBytes`` is dropped with a log line, on every socket; output over
/// ``outputCap`` is summarised. Neither ends the kernel nor touches its state.
public final class KernelServer: @unchecked Sendable {
    public static let protocolVersion = "5.3"

    let info: ConnectionInfo
    let interpreter: KernelInterpreter
    let signer: Signer
    let log: KernelLog
    let session = UUID().uuidString.lowercased()
    let history = History()
    /// The largest message accepted on any socket, in bytes; larger ones are read,
    /// dropped and logged. Set before ``run()``.
    public var maxMessageBytes = 64 << 20
    /// The most output one iopub message carries. Set before ``run()``.
    public var outputCap = OutputCap()
    /// Whether to end when the launching process dies (``ParentWatch``).
    public var watchesParent = true

    private let context = ZMQContext()
    private let iopub: ZMQSocket
    private let iopubLock = NSLock()
    private let running = Atomic<Bool>(true)
    let restartRequested = Atomic<Bool>(false)
    let queue = RequestQueue()
    var executionCount = 0

    public init(connection: ConnectionInfo, interpreter: KernelInterpreter, log: KernelLog = KernelLog()) throws {
        guard connection.signatureScheme == "hmac-sha256" || connection.key.isEmpty else {
            throw ZMQError(code: EINVAL, operation: "signature scheme \(connection.signatureScheme) (only hmac-sha256 is supported)")
        }
        info = connection
        self.interpreter = interpreter
        self.log = log
        signer = Signer(key: connection.key)
        let publisher = try ZMQSocket(context, .pub)
        if let keys = connection.curve {
            try publisher.makeCurveServer(keys)
            log.info("CurveZMQ encryption on every socket")
        }
        try publisher.bind(connection.endpoint(connection.iopubPort))
        iopub = publisher
    }

    /// Makes a socket facing the frontend a CURVE server when the connection file
    /// carries keys (HMAC signing stays on as well).
    private func secure(_ socket: ZMQSocket) throws {
        if let keys = info.curve { try socket.makeCurveServer(keys) }
    }

    /// Serves until a shutdown request (or the parent's death); returns whether a
    /// restart was asked for. Before returning it stops its threads, closes every
    /// socket and lets libzmq deliver the last replies.
    public func run() throws -> Bool {
        func bound(_ kind: ZMQSocket.Kind, _ port: Int) throws -> ZMQSocket {
            let socket = try ZMQSocket(context, kind)
            try secure(socket)
            try socket.bind(info.endpoint(port))
            return socket
        }
        let shell = try bound(.router, info.shellPort)
        let control = try bound(.router, info.controlPort)
        let stdin = try bound(.router, info.stdinPort)
        let heartbeat = try bound(.rep, info.hbPort)
        let shellOut = try ZMQSocket(context, .pull)
        try shellOut.bind("inproc://convlab-shell-out-\(session)")
        let replies = try ZMQSocket(context, .push)
        try replies.connect("inproc://convlab-shell-out-\(session)")
        log.info("listening: shell \(info.shellPort), iopub \(info.iopubPort), control \(info.controlPort), hb \(info.hbPort)")

        let finished = DispatchGroup()
        func spawn(_ name: String, stack: Int? = nil, _ body: @escaping @Sendable () -> Void) {
            finished.enter()
            let thread = Thread { body(); finished.leave() }
            thread.name = name
            if let stack { thread.stackSize = stack }
            thread.start()
        }
        spawn("convlab-heartbeat") { [self] in heartbeatLoop(heartbeat) }
        spawn("convlab-control") { [self] in controlLoop(control) }
        // Deep expressions evaluate recursively: a large stack for the execution thread.
        spawn("convlab-execution", stack: 64 << 20) { [self] in executionLoop(replies) }
        if watchesParent {
            ParentWatch().start { [self] in
                log.warning("the process that started this kernel is gone: shutting down")
                interpreter.interrupt()
                stop()
            }
        }
        publishStatus("starting", parent: .object([:]))
        shellLoop(shell, shellOut, stdin)
        queue.close()
        // The execution thread ends its cell within a second of the interrupt that a
        // shutdown sends; a cell that does not is abandoned (the process is ending).
        guard finished.wait(timeout: .now() + 3) == .success else {
            log.error("a thread did not stop within 3 s; exiting without closing the sockets")
            return restartRequested.load(ordering: .relaxed)
        }
        for socket in [replies, shellOut, heartbeat, stdin, control, shell] { socket.close() }
        iopubLock.withLock { iopub.close() }
        context.terminate()
        return restartRequested.load(ordering: .relaxed)
    }

    var isRunning: Bool { running.load(ordering: .relaxed) }

    func stop() { running.store(false, ordering: .relaxed) }

    // MARK: - Loops

    private func heartbeatLoop(_ socket: ZMQSocket) {
        while isRunning {
            do {
                if let frames = try socket.receive(timeout: 100, maxBytes: maxMessageBytes) { try socket.send(frames) }
            } catch let error as ZMQError where error.code == EMSGSIZE {
                // A REP socket must answer before it can read again: an empty echo.
                log.warning("heartbeat: dropped a message: \(error)")
                try? socket.send([Data()])
            } catch {
                log.error("heartbeat: \(error)")
            }
        }
    }

    private func shellLoop(_ shell: ZMQSocket, _ shellOut: ZMQSocket, _ stdin: ZMQSocket) {
        while isRunning {
            do {
                let ready = try ZMQSocket.poll([shell, shellOut, stdin], timeout: 100)
                if ready[1], let frames = try shellOut.receive(timeout: 0) { try shell.send(frames) }
                if ready[0], let message = receiveMessage(shell, channel: "shell") {
                    if message.type == "shutdown_request" {
                        // Old clients send it on shell: answer here so it is not queued behind a cell.
                        handleShutdown(message) { frames in try? shell.send(frames) }
                    } else {
                        queue.push(message)
                    }
                }
                if ready[2], let message = receiveMessage(stdin, channel: "stdin") {
                    // ConvLang never asks for input, so no input_reply is awaited.
                    log.warning("stdin: \(message.type) not awaited, ignored")
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
            // From here on an interrupt stops this request, even one that comes before
            // the cell starts: the frontend already shows it as running.
            interpreter.resetInterrupt()
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
            } else if !Self.answeredWithoutReply.contains(message.type) {
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

import Foundation
import Synchronization

/// The Jupyter wire over ZeroMQ (xeus's `xserver_zmq`): binds the five sockets of a
/// connection file, signs and checks every message, answers the heartbeat, and hands
/// each incoming message to the core on the thread of its channel.
///
/// Threads: the caller of ``serve(_:)`` owns shell and stdin; control and heartbeat
/// have a thread each, so they answer while shell's requests wait for the execution
/// thread. A reply may be sent from any thread: it goes through an inproc pipe that the
/// channel's own thread drains onto its socket (libzmq sockets are not thread-safe).
/// iopub is send-only and guarded by a lock.
///
/// Faults: a message that is unsigned (with a key), forged, replayed, malformed or over
/// ``maxMessageBytes`` is dropped with a log line, on every socket. With CurveZMQ keys
/// in the connection file, every socket is a CURVE server.
public final class ZMQTransport: KernelTransport, @unchecked Sendable {
    /// The largest message accepted on any socket, in bytes.
    public let maxMessageBytes: Int

    private let info: ConnectionInfo
    private let name: String
    private let signer: Signer
    private let log: KernelLog
    private let context: ZMQContext
    private let shell, control, stdin, heartbeat, iopub: ZMQSocket
    private let iopubLock = NSLock()
    private let shellOutbox, controlOutbox: Outbox
    private let running = Atomic<Bool>(true)
    private let threads = DispatchGroup()

    /// Binds the sockets.
    /// - Parameters:
    ///   - name: names the threads (`name-control`, `name-heartbeat`) and inproc pipes.
    ///   - maxMessageBytes: larger messages are read, dropped and logged.
    public init(connection: ConnectionInfo, name: String = "kernel", maxMessageBytes: Int = 64 << 20,
                log: KernelLog = KernelLog()) throws {
        guard connection.signatureScheme == "hmac-sha256" || connection.key.isEmpty else {
            throw ZMQError(code: EINVAL, operation: "signature scheme \(connection.signatureScheme) (only hmac-sha256 is supported)")
        }
        info = connection
        self.name = name
        self.maxMessageBytes = maxMessageBytes
        self.log = log
        signer = Signer(key: connection.key)
        let context = ZMQContext()
        self.context = context
        func bound(_ kind: ZMQSocket.Kind, _ port: Int) throws -> ZMQSocket {
            let socket = try ZMQSocket(context, kind)
            if let keys = connection.curve { try socket.makeCurveServer(keys) }
            try socket.bind(connection.endpoint(port))
            return socket
        }
        if connection.curve != nil { log.info("CurveZMQ encryption on every socket") }
        iopub = try bound(.pub, connection.iopubPort)
        shell = try bound(.router, connection.shellPort)
        control = try bound(.router, connection.controlPort)
        stdin = try bound(.router, connection.stdinPort)
        heartbeat = try bound(.rep, connection.hbPort)
        let pipe = "inproc://\(name)-\(UUID().uuidString.lowercased())"
        shellOutbox = try Outbox(context, endpoint: "\(pipe)-shell-out", log: log)
        controlOutbox = try Outbox(context, endpoint: "\(pipe)-control-out", log: log)
        log.info("listening: shell \(connection.shellPort), iopub \(connection.iopubPort), control \(connection.controlPort), hb \(connection.hbPort)")
    }

    private var isRunning: Bool { running.load(ordering: .relaxed) }

    public func stop() { running.store(false, ordering: .relaxed) }

    public func serve(_ deliver: @escaping Deliver) throws {
        spawn("\(name)-heartbeat") { [self] in heartbeatLoop() }
        spawn("\(name)-control") { [self] in routerLoop(control, controlOutbox, channel: .control, deliver) }
        routerLoop(shell, shellOutbox, channel: .shell, deliver, stdin: stdin)
    }

    public func send(_ message: Message, on channel: KernelChannel) {
        let frames = message.serialize(signer: signer)
        switch channel {
        case .shell: shellOutbox.push(frames)
        case .control: controlOutbox.push(frames)
        case .stdin: log.warning("stdin: no request is ever sent on stdin; \(message.type) dropped")
        }
    }

    public func publish(_ message: Message) {
        let frames = message.serialize(signer: signer)
        iopubLock.withLock {
            do { try iopub.send(frames) } catch { log.error("iopub: \(error)") }
        }
    }

    public func close(waitingUntil deadline: DispatchTime) -> Bool {
        guard threads.wait(timeout: deadline) == .success else { return false }
        shellOutbox.close()
        controlOutbox.close()
        for socket in [heartbeat, stdin, control, shell] { socket.close() }
        iopubLock.withLock { iopub.close() }
        context.terminate()
        return true
    }

    // MARK: - Loops

    private func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
        threads.enter()
        let thread = Thread { [threads] in body(); threads.leave() }
        thread.name = name
        thread.start()
    }

    private func heartbeatLoop() {
        while isRunning {
            do {
                if let frames = try heartbeat.receive(timeout: 100, maxBytes: maxMessageBytes) { try heartbeat.send(frames) }
            } catch let error as ZMQError where error.code == EMSGSIZE {
                // A REP socket must answer before it can read again: an empty echo.
                log.warning("heartbeat: dropped a message: \(error)")
                try? heartbeat.send([Data()])
            } catch {
                log.error("heartbeat: \(error)")
            }
        }
    }

    /// Serves a ROUTER socket (and stdin, on the shell thread): forwards its outbox,
    /// delivers what arrives; once stopped, sends what is still in the outbox.
    private func routerLoop(_ socket: ZMQSocket, _ outbox: Outbox, channel: KernelChannel, _ deliver: Deliver,
                            stdin: ZMQSocket? = nil) {
        let polled = [socket, outbox.pull] + (stdin.map { [$0] } ?? [])
        while isRunning {
            do {
                let ready = try ZMQSocket.poll(polled, timeout: 100)
                if ready[1], let frames = try outbox.pull.receive(timeout: 0) { try socket.send(frames) }
                if ready[0], let message = receiveMessage(socket, channel: channel) { deliver(message, channel) }
                if let stdin, ready[2], let message = receiveMessage(stdin, channel: .stdin) { deliver(message, .stdin) }
            } catch {
                log.error("\(channel.rawValue): \(error)")
            }
        }
        while let frames = try? outbox.pull.receive(timeout: 50) { try? socket.send(frames) }
    }

    private func receiveMessage(_ socket: ZMQSocket, channel: KernelChannel) -> Message? {
        do {
            guard let frames = try socket.receive(timeout: 0, maxBytes: maxMessageBytes) else { return nil }
            return try Message.parse(frames, signer: signer)
        } catch {
            log.warning("\(channel.rawValue): dropped a message: \(error)")
            return nil
        }
    }
}

/// A channel's outgoing pipe: any thread pushes (under a lock), the channel's thread
/// pulls and sends on the socket it owns.
private final class Outbox: @unchecked Sendable {
    let pull: ZMQSocket
    private let pushSocket: ZMQSocket
    private let lock = NSLock()
    private let log: KernelLog

    init(_ context: ZMQContext, endpoint: String, log: KernelLog) throws {
        pull = try ZMQSocket(context, .pull)
        try pull.bind(endpoint)
        pushSocket = try ZMQSocket(context, .push)
        try pushSocket.connect(endpoint)
        self.log = log
    }

    func push(_ frames: [Data]) {
        lock.withLock {
            do { try pushSocket.send(frames) } catch { log.error("reply: \(error)") }
        }
    }

    func close() {
        lock.withLock { pushSocket.close() }
        pull.close()
    }
}

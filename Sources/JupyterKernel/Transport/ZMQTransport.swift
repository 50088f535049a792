import Foundation
import Synchronization

/// The Jupyter wire over ZeroMQ (xeus's `xserver_zmq`): binds the five sockets of a
/// connection file, signs and checks every message, answers the heartbeat, and hands
/// each incoming message to the core on the thread of its channel.
///
/// Threads: the caller of ``serve(_:)`` serves shell and stdin; control and heartbeat
/// have a thread each, so they answer while shell's requests wait for the execution
/// thread. A reply is sent directly by the thread that makes it (the execution thread,
/// for most), on a ``RouterChannel`` that shares the socket under a lock; iopub is
/// send-only and guarded by a lock too.
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
    private let stdin, heartbeat, iopub: ZMQSocket
    private let shell, control: RouterChannel
    private let iopubLock = NSLock()
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
        shell = try RouterChannel(bound(.router, connection.shellPort))
        control = try RouterChannel(bound(.router, connection.controlPort))
        stdin = try bound(.router, connection.stdinPort)
        heartbeat = try bound(.rep, connection.hbPort)
        log.info("listening: shell \(connection.shellPort), iopub \(connection.iopubPort), control \(connection.controlPort), hb \(connection.hbPort)")
    }

    private var isRunning: Bool { running.load(ordering: .relaxed) }

    public func stop() { running.store(false, ordering: .relaxed) }

    public func serve(_ deliver: @escaping Deliver) throws {
        spawn("\(name)-heartbeat") { [self] in heartbeatLoop() }
        spawn("\(name)-control") { [self] in routerLoop(control, channel: .control, deliver) }
        routerLoop(shell, channel: .shell, deliver, stdin: stdin)
    }

    public func send(_ message: Message, on channel: KernelChannel) {
        let router: RouterChannel
        switch channel {
        case .shell: router = shell
        case .control: router = control
        case .stdin:
            log.warning("stdin: no request is ever sent on stdin; \(message.type) dropped")
            return
        }
        do { try router.send(message.serialize(signer: signer)) } catch { log.error("\(channel.rawValue) reply: \(error)") }
    }

    public func publish(_ message: Message) {
        let frames = message.serialize(signer: signer)
        iopubLock.withLock {
            do { try iopub.send(frames) } catch { log.error("iopub: \(error)") }
        }
    }

    public func close(waitingUntil deadline: DispatchTime) -> Bool {
        guard threads.wait(timeout: deadline) == .success else { return false }
        for socket in [heartbeat, stdin] { socket.close() }
        control.close()
        shell.close()
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

    /// Serves a ROUTER socket (and stdin, on the shell thread): delivers every message
    /// waiting, then waits for the socket's signal, a wake-up or stdin. Replies are sent
    /// by whoever makes them (``RouterChannel``), so nothing is left to send at the end.
    private func routerLoop(_ router: RouterChannel, channel: KernelChannel, _ deliver: Deliver, stdin: ZMQSocket? = nil) {
        while isRunning {
            do {
                draining: while true {
                    switch receiveMessage(channel: channel, { try router.receiveIfReady(maxBytes: maxMessageBytes) }) {
                    case .message(let message): deliver(message, channel)
                    case .dropped: continue
                    case .none: break draining
                    }
                }
                let stdinReady = try router.wait(timeout: 100, orFor: stdin)
                if let stdin, stdinReady,
                   case .message(let message) = receiveMessage(channel: .stdin, { try stdin.receive(timeout: 0, maxBytes: maxMessageBytes) }) {
                    deliver(message, .stdin)
                }
            } catch {
                log.error("\(channel.rawValue): \(error)")
            }
        }
    }

    /// What one attempt to read a socket gave.
    private enum Received {
        case message(Message)
        /// A message was read and dropped (unsigned, forged, malformed, too large): logged.
        case dropped
        /// Nothing is waiting (or the socket failed: logged; the next wait retries).
        case none
    }

    private func receiveMessage(channel: KernelChannel, _ receive: () throws -> [Data]?) -> Received {
        do {
            guard let frames = try receive() else { return .none }
            return .message(try Message.parse(frames, signer: signer))
        } catch let error as ZMQError where error.code != EMSGSIZE {
            log.error("\(channel.rawValue): \(error)")
            return .none
        } catch {
            log.warning("\(channel.rawValue): dropped a message: \(error)")
            return .dropped
        }
    }
}

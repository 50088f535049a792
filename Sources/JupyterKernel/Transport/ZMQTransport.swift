import Foundation
import Synchronization

/// The Jupyter wire over ZeroMQ (xeus's `xserver_zmq`): binds the five sockets of a
/// connection file, signs and checks every message, answers the heartbeat, and hands
/// each incoming message to the core on the thread of its channel.
///
/// Threads: the caller of ``serve(_:)`` serves shell; control, stdin and heartbeat
/// have a thread each, so they answer while shell's requests wait for the execution
/// thread (and an `input_reply` reaches an execution waiting in `input()`). A reply is sent directly by the thread that makes it (the execution thread,
/// for most; an `input_request` too), on a ``RouterChannel`` that shares the socket under a lock; iopub is
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
    private let heartbeat, iopub: ZMQSocket
    private let shell, control, stdin: RouterChannel
    private let iopubLock = NSLock()
    private let running = Atomic<Bool>(true)
    /// Shell is received by the shell thread, or, while it is idle, by the execution
    /// thread (``serveShellWhileIdle(timeout:hasWork:)``); each message is received and
    /// delivered under this lock, so requests are delivered in the order they came.
    private let shellDelivery = NSLock()
    /// Under ``shellDelivery``: whether the execution thread is the one receiving shell.
    private var executorServesShell = false
    /// Under ``shellDelivery``: the core's delivery, once ``serve(_:)`` has started.
    private var shellDeliver: Deliver?
    /// Wakes the execution thread while it waits on shell.
    private let executorWakeUp: WakeUpPipe
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
        stdin = try RouterChannel(bound(.router, connection.stdinPort))
        heartbeat = try bound(.rep, connection.hbPort)
        executorWakeUp = try WakeUpPipe()
        log.info("listening: shell \(connection.shellPort), iopub \(connection.iopubPort), control \(connection.controlPort), hb \(connection.hbPort)")
    }

    /// How long, in milliseconds, a serving thread waits before it looks at ``stop()``.
    static let pollTimeout = 100
    /// How often, in milliseconds, the shell thread looks whether the execution thread has
    /// given shell back (it started a request): how late, at most, shell's
    /// `interrupt_request` or `shutdown_request` is read during a cell.
    static let shellTakeBack = 20

    private var isRunning: Bool { running.load(ordering: .relaxed) }

    public func stop() {
        running.store(false, ordering: .relaxed)
        executorWakeUp.signal()
    }

    public func serve(_ deliver: @escaping Deliver) throws {
        spawn("\(name)-heartbeat") { [self] in heartbeatLoop() }
        spawn("\(name)-control") { [self] in routerLoop(control, channel: .control, deliver) }
        spawn("\(name)-stdin") { [self] in routerLoop(stdin, channel: .stdin, deliver) }
        shellDelivery.withLock { shellDeliver = deliver }
        routerLoop(shell, channel: .shell, deliver, sharedWithExecutor: true)
    }

    public func serveShellWhileIdle(timeout: TimeInterval, hasWork: () -> Bool) -> Bool {
        guard isRunning, let deliver = shellDelivery.withLock({ () -> Deliver? in
            executorServesShell = shellDeliver != nil
            return shellDeliver
        }) else { return false }
        // Shell goes back to the shell thread, which takes it at its next look (within
        // ``shellTakeBack``): not woken now, which would cost the request a thread switch.
        defer { shellDelivery.withLock { executorServesShell = false } }
        let deadline = DispatchTime.now() + timeout
        while isRunning {
            let done = shellDelivery.withLock { hasWork() || drain(shell, channel: .shell, deliver) }
            let left = Int((Int64(deadline.uptimeNanoseconds) - Int64(DispatchTime.now().uptimeNanoseconds)) / 1_000_000)
            if done || left <= 0 { break }
            do { try shell.wait(timeout: left, wakeUp: executorWakeUp) } catch {
                log.error("shell: \(error)")
                break
            }
        }
        return true
    }

    public func send(_ message: Message, on channel: KernelChannel) {
        let router: RouterChannel
        switch channel {
        case .shell: router = shell
        case .control: router = control
        case .stdin: router = stdin
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
        heartbeat.close()
        stdin.close()
        control.close()
        shell.close()
        executorWakeUp.close()
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
                if let frames = try heartbeat.receive(timeout: Self.pollTimeout, maxBytes: maxMessageBytes) { try heartbeat.send(frames) }
            } catch let error as ZMQError where error.code == EMSGSIZE {
                // A REP socket must answer before it can read again: an empty echo.
                log.warning("heartbeat: dropped a message: \(error)")
                try? heartbeat.send([Data()])
            } catch {
                log.error("heartbeat: \(error)")
            }
        }
    }

    /// Serves a ROUTER socket: delivers every message waiting, then waits for the
    /// socket's signal or a wake-up. Replies are sent
    /// by whoever makes them (``RouterChannel``), so nothing is left to send at the end.
    /// Shell (`sharedWithExecutor`) is left alone while the execution thread serves it.
    private func routerLoop(_ router: RouterChannel, channel: KernelChannel, _ deliver: Deliver, sharedWithExecutor: Bool = false) {
        while isRunning {
            do {
                var watching = true
                if sharedWithExecutor {
                    watching = shellDelivery.withLock {
                        guard !executorServesShell else { return false }
                        drain(router, channel: channel, deliver)
                        return true
                    }
                } else {
                    drain(router, channel: channel, deliver)
                }
                try router.wait(timeout: watching ? Self.pollTimeout : Self.shellTakeBack, watchingSocket: watching)
            } catch {
                log.error("\(channel.rawValue): \(error)")
            }
        }
    }

    /// Delivers every message waiting on `router`; returns whether there was any.
    @discardableResult
    private func drain(_ router: RouterChannel, channel: KernelChannel, _ deliver: Deliver) -> Bool {
        var any = false
        while true {
            switch receiveMessage(channel: channel, { try router.receiveIfReady(maxBytes: maxMessageBytes) }) {
            case .message(let message):
                deliver(message, channel)
                any = true
            case .dropped: any = true
            case .none: return any
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

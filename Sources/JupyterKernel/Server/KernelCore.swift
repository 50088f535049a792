import Foundation
import KernelHistory
import Synchronization

/// The kernel's dispatcher (xeus's `xkernel_core`): takes each request a transport
/// delivers, looks its type up in one handler table (``RequestHandler``), serves it on
/// the thread the table names, with `status: busy`/`idle` around it, and builds every
/// reply in one place. It owns the kernel's ``CommManager``.
///
/// Threads: control requests are served at once on the transport's control thread;
/// shell requests go to a queue served in order by one execution thread (the shell
/// thread only ever queues, except for `interrupt_request` and `shutdown_request`,
/// answered at once). While the queue is empty the execution thread receives shell's
/// requests itself, when the transport can (``KernelTransport/serveShellWhileIdle(timeout:hasWork:)``). An error
/// in an execution aborts the executions queued behind it (`stop_on_error`).
public final class KernelCore: @unchecked Sendable {
    /// The messaging protocol version in every header.
    public static let protocolVersion = "5.3"

    /// The kernel's comms: targets are registered here; frontend comm messages are
    /// handed to it on the execution thread, in order with executions.
    public let comms: CommManager
    /// Input requests of the running execution (`input()`): its interpreter reaches it
    /// through ``KernelServices/stdin``.
    public let stdin: StdinChannel

    let interpreter: KernelInterpreter
    let transport: KernelTransport
    let configuration: KernelConfiguration
    let log: KernelLog
    let iopub: IOPub
    /// The input history `history_request` reads and executions add to.
    let history: HistoryStore
    let queue = RequestQueue()
    let restartRequested = Atomic<Bool>(false)
    /// The execution count (execution thread only).
    var executionCount = 0
    /// Executions to abort once the failed one is idle (execution thread only).
    var pendingAborts: [Message] = []

    var session: String { iopub.session }
    var outputCap: OutputCap { configuration.outputCap }

    /// How long, after an error, the execution thread lets the shell thread read requests
    /// already on their way, before it aborts the queued executions.
    static let abortFlushDelay: TimeInterval = 0.005

    /// - Parameter history: where inputs are kept and `history_request` looks
    ///   (default: this session, in memory).
    public init(interpreter: KernelInterpreter, transport: KernelTransport, configuration: KernelConfiguration = KernelConfiguration(),
                log: KernelLog = KernelLog(), history: HistoryStore = .inMemory()) {
        self.interpreter = interpreter
        self.history = history
        self.transport = transport
        self.configuration = configuration
        self.log = log
        let iopub = IOPub(transport: transport, session: UUID().uuidString.lowercased())
        self.iopub = iopub
        stdin = StdinChannel(session: iopub.session) { [transport] message in transport.send(message, on: .stdin) }
        comms = CommManager(log: log) { type, content, metadata, buffers in
            iopub.publish(type, content, parent: iopub.currentParent, metadata: metadata, buffers: buffers)
        }
    }

    /// Serves until a shutdown request (or ``stop()``); returns whether a restart was
    /// asked for. Hands the interpreter the comms first; at the end gives the threads
    /// ``KernelConfiguration/stopTimeout`` to finish, then closes the transport.
    public func run() throws -> Bool {
        let iopub = self.iopub
        interpreter.attach(KernelServices(comms: comms, output: IOPubPublisher(core: self, parent: nil, silent: false, storesHistory: false),
                                          currentRequest: { iopub.currentParent }, log: log, stdin: stdin))
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in executionLoop(); finished.signal() }
        thread.name = "\(configuration.name)-execution"
        if let stack = configuration.executionStackSize { thread.stackSize = stack }
        thread.start()
        iopub.status("starting", parent: [:])
        defer { queue.close() }
        try transport.serve { [self] message, channel in deliver(message, channel) }
        queue.close()
        let deadline = DispatchTime.now() + configuration.stopTimeout
        guard finished.wait(timeout: deadline) == .success, transport.close(waitingUntil: deadline) else {
            log.error("a thread did not stop within \(configuration.stopTimeout) s; exiting without closing the sockets")
            return restartRequested.load(ordering: .relaxed)
        }
        return restartRequested.load(ordering: .relaxed)
    }

    /// Interrupts the running execution and stops serving (the launcher died).
    public func stop() {
        stdin.close()
        interpreter.interrupt()
        transport.stop()
    }

    // MARK: - Dispatch

    /// Routes a message from the transport, on the transport's thread for its channel.
    private func deliver(_ message: Message, _ channel: KernelChannel) {
        let handler = Self.handlers[message.type]
        switch channel {
        case .stdin:
            // Handed to the execution waiting in `input()`, on this (the transport's) thread.
            if message.type != "input_reply" || !stdin.deliver(message) {
                log.warning("stdin: \(message.type) not awaited, ignored")
            }
        case .control:
            guard let handler, handler.servedOnControl else {
                log.warning("control: \(message.type) is not served on control, ignored")
                return
            }
            serve(message, on: .control, by: handler)
        case .shell:
            if let handler, handler.onShell == .atOnce {
                serve(message, on: .shell, by: handler)
            } else {
                queue.push(message)
            }
        }
    }

    private func executionLoop() {
        while let message = nextRequest() {
            // From here on an interrupt stops this request, even one that comes before
            // the cell starts: the frontend already shows it as running.
            interpreter.resetInterrupt()
            serve(message, on: .shell, by: Self.handlers[message.type], onExecutionThread: true)
            let aborted = pendingAborts
            pendingAborts = []
            for request in aborted { abort(request) }
        }
    }

    /// The next request for the execution thread (`nil` once the queue is closed): a
    /// queued one, or, with nothing queued, one the thread receives itself from the
    /// transport (delivered, and so queued, on this thread: no hand-over).
    private func nextRequest() -> Message? {
        while true {
            switch queue.popIfReady() {
            case .message(let message): return message
            case .closed: return nil
            case .empty:
                if !transport.serveShellWhileIdle(timeout: Self.idleWait, hasWork: { queue.hasWork }) { return queue.pop() }
            }
        }
    }

    /// How long the idle execution thread waits on shell before it looks at its queue again.
    static let idleWait: TimeInterval = 0.1

    /// Serves one request with busy/idle around it; without a handler, logs it.
    private func serve(_ message: Message, on channel: KernelChannel, by handler: RequestHandler?, onExecutionThread: Bool = false) {
        iopub.handling(message.header, onExecutionThread: onExecutionThread) {
            iopub.status("busy", parent: message.header)
            if let handler {
                handler.handle(self, KernelRequest(message: message, channel: channel))
            } else {
                log.warning("\(channel.rawValue): unknown message type \(message.type), ignored")
            }
            iopub.status("idle", parent: message.header)
        }
    }

    /// Answers an execution queued behind a failed one, as ipykernel's
    /// `_send_abort_reply`: `{"status": "aborted"}` and nothing else.
    private func abort(_ message: Message) {
        iopub.status("busy", parent: message.header)
        reply(to: KernelRequest(message: message, channel: .shell), ["status": "aborted"])
        iopub.status("idle", parent: message.header)
    }

    // MARK: - Sending

    /// Sends the reply to `request` on its channel: `x_request` is answered by `x_reply`.
    func reply(to request: KernelRequest, _ content: JSONValue) {
        let type = request.message.type
        let replyType = (type.hasSuffix("_request") ? String(type.dropLast("_request".count)) : type) + "_reply"
        transport.send(Message(identities: request.message.identities, header: Message.header(type: replyType, session: session),
                               parentHeader: request.message.header, metadata: [:], content: content, buffers: []),
                       on: request.channel)
    }

    func publish(_ type: String, _ content: JSONValue, parent: JSONValue) {
        iopub.publish(type, content, parent: parent)
    }
}

/// A request being served: the message and the channel its reply goes back on.
struct KernelRequest {
    let message: Message
    let channel: KernelChannel

    var content: JSONValue { message.content }
    var header: JSONValue { message.header }
}

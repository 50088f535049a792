import Foundation

/// A transport without sockets, for tests (as xeus's test utilities): a test pushes
/// requests with ``request(_:_:on:buffers:)`` and reads what the kernel sent back with
/// ``reply(to:timeout:)`` and ``published(parent:timeout:)``.
///
/// Incoming messages are delivered one at a time on the thread that runs
/// ``serve(_:)``, as a socket's thread would; replies and iopub messages are recorded
/// in the order they were sent. Messages pass as values: nothing is signed or framed.
///
/// ```swift
/// let transport = InMemoryTransport()
/// let core = KernelCore(interpreter: StubInterpreter(), transport: transport)
/// Thread { _ = core.run() }.start()
/// let request = transport.request("kernel_info_request")
/// let reply = transport.reply(to: request)
/// ```
public final class InMemoryTransport: KernelTransport, @unchecked Sendable {
    /// A message the kernel sent: a reply on a channel, or an iopub message (channel `nil`).
    public struct Sent: Sendable {
        public let message: Message
        public let channel: KernelChannel?
    }

    private let condition = NSCondition()
    private var inbox: [(Message, KernelChannel)] = []
    private var sent: [Sent] = []
    private var stopped = false
    /// The session of the requests this transport makes.
    public let clientSession = UUID().uuidString.lowercased()

    public init() {}

    // MARK: - The test's side

    /// Makes a request as a frontend would (a new header in ``clientSession``) and
    /// queues it for delivery; returns it, so its reply can be awaited.
    @discardableResult
    public func request(_ type: String, _ content: JSONValue = [:], on channel: KernelChannel = .shell,
                        metadata: JSONValue = [:], buffers: [Data] = []) -> Message {
        let message = Message(identities: [Data("client".utf8)], header: Message.header(type: type, session: clientSession),
                              parentHeader: [:], metadata: metadata, content: content, buffers: buffers)
        deliver(message, on: channel)
        return message
    }

    /// Queues a message as received on `channel`.
    public func deliver(_ message: Message, on channel: KernelChannel) {
        condition.withLock { inbox.append((message, channel)); condition.broadcast() }
    }

    /// Everything the kernel has sent so far, in order.
    public var allSent: [Sent] { condition.withLock { sent } }

    /// The reply to `request` (a sent message whose parent is it, on a socket channel),
    /// waiting at most `timeout` seconds.
    public func reply(to request: Message, timeout: TimeInterval = 5) -> Sent? {
        let id = request.header["msg_id"]
        return waitFor(timeout: timeout) { $0.first { $0.channel != nil && $0.message.parentHeader["msg_id"] == id } }
    }

    /// The iopub messages whose parent is `parent`, once its `status: idle` has been
    /// published (waiting at most `timeout` seconds); `nil` if it never was.
    public func published(parent: Message, timeout: TimeInterval = 5) -> [Message]? {
        let id = parent.header["msg_id"]
        return waitFor(timeout: timeout) { sent in
            let children = sent.filter { $0.channel == nil && $0.message.parentHeader["msg_id"] == id }.map(\.message)
            let idle = children.contains { $0.type == "status" && $0.content["execution_state"] == "idle" }
            return idle ? children : nil
        }
    }

    /// Waits until `found` finds something in what was sent.
    public func waitFor<T>(timeout: TimeInterval = 5, _ found: ([Sent]) -> T?) -> T? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result = found(sent) { return result }
            guard condition.wait(until: deadline) else { return found(sent) }
        }
    }

    // MARK: - KernelTransport

    public func serve(_ deliver: @escaping Deliver) throws {
        while let (message, channel) = next() { deliver(message, channel) }
    }

    private func next() -> (Message, KernelChannel)? {
        condition.lock()
        defer { condition.unlock() }
        while inbox.isEmpty && !stopped { condition.wait() }
        return stopped ? nil : inbox.removeFirst()
    }

    public func send(_ message: Message, on channel: KernelChannel) { record(Sent(message: message, channel: channel)) }

    public func publish(_ message: Message) { record(Sent(message: message, channel: nil)) }

    private func record(_ item: Sent) {
        condition.withLock { sent.append(item); condition.broadcast() }
    }

    public func stop() {
        condition.withLock { stopped = true; condition.broadcast() }
    }

    /// Whether ``stop()`` was called.
    public var isStopped: Bool { condition.withLock { stopped } }

    public func close(waitingUntil deadline: DispatchTime) -> Bool { true }
}

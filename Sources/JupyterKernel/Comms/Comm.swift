import Foundation

/// One end of a Jupyter comm: a channel between an object in the kernel and one in the
/// frontend, opened by either side under a target name (messaging spec, "Custom
/// Messages"). Messages the kernel sends go out on iopub as children of the request
/// being handled; messages from the frontend arrive through ``onMessage``.
///
/// ``onMessage`` and ``onClose`` run on the kernel's execution thread, one message at a
/// time, in the order the frontend sent them (as ipykernel runs them on its shell), or on
/// the thread that calls ``close(_:metadata:buffers:)``. A shutdown closes every comm
/// without calling them (``CommManager/closeAll()``).
public final class Comm: @unchecked Sendable {
    /// The comm's id (a UUID without dashes when the kernel opens it, as ipykernel's).
    public let id: String
    /// The target it was opened under.
    public let targetName: String

    public typealias MessageHandler = @Sendable (_ data: JSONValue, _ metadata: JSONValue, _ buffers: [Data]) -> Void
    public typealias CloseHandler = @Sendable (_ data: JSONValue) -> Void

    /// Called with each `comm_msg` from the frontend: its `data`, metadata and binary buffers.
    public var onMessage: MessageHandler? {
        get { lock.withLock { messageHandler } }
        set { lock.withLock { messageHandler = newValue } }
    }
    /// Called once when the comm closes, from either side, with the close message's `data`.
    public var onClose: CloseHandler? {
        get { lock.withLock { closeHandler } }
        set { lock.withLock { closeHandler = newValue } }
    }

    private let lock = NSLock()
    private var closed = false
    private var messageHandler: MessageHandler?
    private var closeHandler: CloseHandler?
    private weak var manager: CommManager?

    init(id: String, targetName: String, manager: CommManager) {
        self.id = id
        self.targetName = targetName
        self.manager = manager
    }

    /// Whether either side has closed it.
    public var isClosed: Bool { lock.withLock { closed } }

    /// Sends `comm_msg` to the frontend; nothing once the comm is closed.
    public func send(_ data: JSONValue, metadata: JSONValue = [:], buffers: [Data] = []) {
        guard !isClosed else { return }
        manager?.publish("comm_msg", ["comm_id": .string(id), "data": data], metadata: metadata, buffers: buffers)
    }

    /// Closes the comm: sends `comm_close` to the frontend, calls ``onClose`` and forgets it.
    public func close(_ data: JSONValue = [:], metadata: JSONValue = [:], buffers: [Data] = []) {
        guard markClosed() else { return }
        manager?.publish("comm_close", ["comm_id": .string(id), "data": data], metadata: metadata, buffers: buffers)
        manager?.forget(id)
        onClose?(data)
    }

    /// The frontend's message.
    func received(_ data: JSONValue, metadata: JSONValue, buffers: [Data]) {
        guard !isClosed else { return }
        onMessage?(data, metadata, buffers)
    }

    /// The kernel is shutting down: `comm_close` goes out, no handler runs (the
    /// interpreter may be busy on another thread, and is about to end).
    func closeForShutdown() {
        guard markClosed() else { return }
        manager?.publish("comm_close", ["comm_id": .string(id), "data": [:]], metadata: [:], buffers: [])
        manager?.forget(id)
    }

    /// The frontend closed it: no `comm_close` goes back.
    func closedByFrontend(_ data: JSONValue) {
        guard markClosed() else { return }
        manager?.forget(id)
        onClose?(data)
    }

    /// Marks the comm closed; false when it already was.
    private func markClosed() -> Bool {
        lock.withLock {
            defer { closed = true }
            return !closed
        }
    }
}

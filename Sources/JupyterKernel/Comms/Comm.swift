import Foundation

/// One end of a Jupyter comm: a channel between an object in the kernel and one in the
/// frontend, opened by either side under a target name (messaging spec, "Custom
/// Messages"). Messages the kernel sends go out on iopub as children of the request
/// being handled; messages from the frontend arrive through ``onMessage``.
///
/// Handlers run on the kernel's execution thread, one message at a time, in the order
/// the frontend sent them (as ipykernel runs them on its shell).
public final class Comm: @unchecked Sendable {
    /// The comm's id (a UUID without dashes when the kernel opens it, as ipykernel's).
    public let id: String
    /// The target it was opened under.
    public let targetName: String

    /// Called with each `comm_msg` from the frontend: its `data`, metadata and binary buffers.
    public var onMessage: (@Sendable (_ data: JSONValue, _ metadata: JSONValue, _ buffers: [Data]) -> Void)?
    /// Called once when the comm closes, from either side, with the close message's `data`.
    public var onClose: (@Sendable (_ data: JSONValue) -> Void)?

    private let lock = NSLock()
    private var closed = false
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

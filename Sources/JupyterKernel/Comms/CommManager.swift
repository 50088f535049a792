import Foundation

/// The kernel's comms and comm targets, as ipykernel's `CommManager`: targets register
/// a handler; a `comm_open` from the frontend to a registered target creates a ``Comm``
/// and hands it to the handler, one to an unknown target is closed at once; the kernel
/// opens comms of its own with ``open(target:data:metadata:buffers:)``.
///
/// Everything the manager sends goes through the `publish` closure it was made with:
/// the server publishes on iopub with the request being handled as parent. All comms
/// are closed (with `comm_close`) at shutdown and restart by ``closeAll()``.
public final class CommManager: @unchecked Sendable {
    /// Called with a new comm the frontend opened, its `comm_open` data, metadata and buffers.
    public typealias TargetHandler = @Sendable (_ comm: Comm, _ data: JSONValue, _ metadata: JSONValue, _ buffers: [Data]) -> Void
    /// Sends one message (`comm_open`, `comm_msg`, `comm_close`) to the frontends.
    public typealias Publish = @Sendable (_ type: String, _ content: JSONValue, _ metadata: JSONValue, _ buffers: [Data]) -> Void

    private let lock = NSLock()
    private var targets: [String: TargetHandler] = [:]
    private var comms: [String: Comm] = [:]
    private let send: Publish
    private let log: KernelLog

    /// - Parameter publish: how messages reach the frontends (iopub, in the server).
    public init(log: KernelLog = KernelLog(), publish: @escaping Publish) {
        self.log = log
        send = publish
    }

    // MARK: - Targets

    /// Makes `comm_open` requests for `name` create comms handed to `handler`.
    public func registerTarget(_ name: String, _ handler: @escaping TargetHandler) {
        lock.withLock { targets[name] = handler }
    }

    /// Forgets target `name`: later `comm_open`s to it are closed.
    public func unregisterTarget(_ name: String) {
        _ = lock.withLock { targets.removeValue(forKey: name) }
    }

    // MARK: - Comms

    /// Opens a comm from the kernel's side: publishes `comm_open` for `target`.
    public func open(target: String, data: JSONValue = [:], metadata: JSONValue = [:], buffers: [Data] = [],
                     targetModule: String? = nil) -> Comm {
        let comm = Comm(id: Self.newCommID(), targetName: target, manager: self)
        lock.withLock { comms[comm.id] = comm }
        // ipykernel sends target_module always, null when there is none.
        let content: JSONValue = ["comm_id": .string(comm.id), "target_name": .string(target), "data": data,
                                  "target_module": targetModule.map(JSONValue.string) ?? .null]
        send("comm_open", content, metadata, buffers)
        return comm
    }

    /// The open comm with `id`.
    public func comm(_ id: String) -> Comm? { lock.withLock { comms[id] } }

    /// The open comms' ids and targets, for `comm_info_reply`; only those of
    /// `targetName` when given.
    public func info(targetName: String? = nil) -> [String: String] {
        lock.withLock {
            var result: [String: String] = [:]
            for (id, comm) in comms where targetName == nil || comm.targetName == targetName { result[id] = comm.targetName }
            return result
        }
    }

    /// Closes every open comm, telling the frontends (shutdown and restart). No
    /// ``Comm/onClose`` handler runs: this is called from the thread that serves the
    /// shutdown while a cell may still hold the interpreter, and the kernel is ending.
    public func closeAll() {
        for comm in lock.withLock({ Array(comms.values) }) { comm.closeForShutdown() }
    }

    // MARK: - Messages from the frontend

    /// Handles a `comm_open`, `comm_msg` or `comm_close` from the frontend. Returns
    /// false for any other message type.
    @discardableResult
    public func handle(type: String, content: JSONValue, metadata: JSONValue, buffers: [Data]) -> Bool {
        let id = content["comm_id"].string ?? ""
        switch type {
        case "comm_open":
            let target = content["target_name"].string ?? ""
            guard let handler = lock.withLock({ targets[target] }), !id.isEmpty else {
                log.warning("comm_open: no target '\(target)' registered; closing comm \(id)")
                send("comm_close", ["comm_id": .string(id), "data": [:]], [:], [])
                return true
            }
            let comm = Comm(id: id, targetName: target, manager: self)
            lock.withLock { comms[id] = comm }
            handler(comm, content["data"], metadata, buffers)
        case "comm_msg":
            guard let comm = comm(id) else {
                log.warning("comm_msg: no comm \(id)")
                return true
            }
            comm.received(content["data"], metadata: metadata, buffers: buffers)
        case "comm_close":
            guard let comm = comm(id) else {
                log.warning("comm_close: no comm \(id)")
                return true
            }
            comm.closedByFrontend(content["data"])
        default:
            return false
        }
        return true
    }

    // MARK: - For Comm

    func publish(_ type: String, _ content: JSONValue, metadata: JSONValue, buffers: [Data]) {
        send(type, content, metadata, buffers)
    }

    func forget(_ id: String) {
        _ = lock.withLock { comms.removeValue(forKey: id) }
    }

    /// A random id as ipykernel makes them: a UUID's 32 hex digits.
    static func newCommID() -> String {
        Message.newID().replacingOccurrences(of: "-", with: "")
    }
}

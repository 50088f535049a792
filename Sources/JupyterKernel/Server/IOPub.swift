import Foundation

/// Builds and publishes the kernel's iopub messages, and knows which request each
/// thread is handling, so that output sent without an explicit parent (comm messages)
/// goes out as that request's child.
final class IOPub: @unchecked Sendable {
    let session: String
    private let transport: KernelTransport
    private let lock = NSLock()
    private var parents: [ObjectIdentifier: JSONValue] = [:]
    private var lastExecutionParent: JSONValue = [:]

    init(transport: KernelTransport, session: String) {
        self.transport = transport
        self.session = session
    }

    func publish(_ type: String, _ content: JSONValue, parent: JSONValue, metadata: JSONValue = [:], buffers: [Data] = []) {
        transport.publish(Message(identities: [Data("kernel.\(session).\(type)".utf8)], header: Message.header(type: type, session: session),
                                  parentHeader: parent, metadata: metadata, content: content, buffers: buffers))
    }

    func status(_ state: String, parent: JSONValue) {
        publish("status", ["execution_state": .string(state)], parent: parent)
    }

    // MARK: - The request being handled

    /// Runs `body` with `parent` as the current thread's request; on the execution
    /// thread it stays the fallback parent until the next request.
    func handling<T>(_ parent: JSONValue, onExecutionThread: Bool, _ body: () -> T) -> T {
        let thread = ObjectIdentifier(Thread.current)
        lock.withLock {
            parents[thread] = parent
            if onExecutionThread { lastExecutionParent = parent }
        }
        defer { _ = lock.withLock { parents.removeValue(forKey: thread) } }
        return body()
    }

    /// The request the calling thread is handling, or else the last one the execution
    /// thread took (ipykernel's parent, which stays set between requests).
    var currentParent: JSONValue {
        lock.withLock { parents[ObjectIdentifier(Thread.current)] ?? lastExecutionParent }
    }
}

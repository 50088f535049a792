import Foundation

/// The execution thread's inbox.
final class RequestQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Message] = []
    private var closed = false

    func push(_ message: Message) {
        condition.withLock { items.append(message); condition.signal() }
    }

    /// The next message, waiting for one; `nil` once closed (queued requests are
    /// dropped at shutdown).
    func pop() -> Message? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        return closed ? nil : items.removeFirst()
    }

    /// What ``popIfReady()`` found.
    enum Next {
        case message(Message)
        case empty
        case closed
    }

    /// The next message if one is waiting, without waiting.
    func popIfReady() -> Next {
        condition.withLock {
            if closed { return .closed }
            return items.isEmpty ? .empty : .message(items.removeFirst())
        }
    }

    /// Whether a message is waiting or the queue is closed: the execution thread has
    /// something to do.
    var hasWork: Bool { condition.withLock { closed || !items.isEmpty } }

    /// The waiting messages that match, removed; the others keep their places.
    func removeAll(where matches: (Message) -> Bool) -> [Message] {
        condition.withLock {
            let removed = items.filter(matches)
            items.removeAll(where: matches)
            return removed
        }
    }

    /// How many messages are waiting.
    var count: Int { condition.withLock { items.count } }

    func close() {
        condition.withLock { closed = true; condition.broadcast() }
    }
}

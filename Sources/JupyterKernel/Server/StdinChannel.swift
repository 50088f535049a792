import Foundation

/// The stdin channel as a running execution sees it (ipykernel's `raw_input` and
/// `getpass`): ``requestInput(prompt:password:isInterrupted:)`` sends `input_request`
/// to the client that sent the `execute_request`, as its child, and waits for that
/// client's `input_reply`, which the transport delivers on its stdin thread.
///
/// The core opens the channel around each execution whose request allows stdin
/// (`allow_stdin`), and closes it for good at shutdown, which ends a wait.
public final class StdinChannel: @unchecked Sendable {
    /// Why no line came back.
    public enum Failure: Error, Sendable, Equatable {
        /// No execution that allows stdin is running (`allow_stdin` was false).
        case notAllowed
        /// The wait was interrupted, or the kernel is shutting down.
        case interrupted
        /// The frontend answered `"\u{04}"` (end of input; ipykernel raises `EOFError`).
        case endOfFile
    }

    /// How often a waiting execution looks at its interrupt flag, in seconds (ipykernel
    /// polls its socket every 10 ms for the same reason).
    static let pollInterval: TimeInterval = 0.01

    private let condition = NSCondition()
    private let session: String
    private let send: @Sendable (Message) -> Void
    /// Under ``condition``: the execute request being run, when it allows stdin.
    private var request: Message?
    /// Under ``condition``: whether an execution waits for a reply, and the reply.
    private var awaiting = false
    private var reply: Message?
    /// Under ``condition``: set at shutdown.
    private var closed = false

    /// - Parameters:
    ///   - session: the kernel's session id, in the requests' headers.
    ///   - send: sends a message on the stdin socket (its identities route it).
    public init(session: String, send: @escaping @Sendable (Message) -> Void) {
        self.session = session
        self.send = send
    }

    /// A channel no execution can use: every request fails with ``Failure/notAllowed``.
    public convenience init() {
        self.init(session: "") { _ in }
    }

    /// Asks the frontend for a line and waits for it.
    /// - Parameters:
    ///   - prompt: shown by the frontend.
    ///   - password: the frontend hides what is typed.
    ///   - isInterrupted: asked every ``pollInterval`` while waiting; true ends the wait.
    /// - Returns: the reply's `value`.
    /// - Throws: ``Failure``.
    public func requestInput(prompt: String, password: Bool, isInterrupted: () -> Bool) throws(Failure) -> String {
        let execute = condition.withLock { () -> Message? in
            guard !closed, let request else { return nil }
            // A reply that came after an earlier wait ended is stale (ipykernel purges them too).
            reply = nil
            awaiting = true
            return request
        }
        guard let execute else { throw .notAllowed }
        send(Message(identities: execute.identities, header: Message.header(type: "input_request", session: session),
                     parentHeader: execute.header, metadata: [:],
                     content: ["prompt": .string(prompt), "password": .bool(password)], buffers: []))
        condition.lock()
        defer {
            awaiting = false
            reply = nil
            condition.unlock()
        }
        while reply == nil {
            if closed || isInterrupted() { throw .interrupted }
            _ = condition.wait(until: Date(timeIntervalSinceNow: Self.pollInterval))
        }
        let value = reply?.content["value"].string ?? ""
        if value == "\u{04}" { throw .endOfFile }
        return value
    }

    // MARK: - The core's side

    /// An `input_reply` from the transport: handed to the waiting execution. Returns
    /// false when none waits (the reply is dropped).
    func deliver(_ message: Message) -> Bool {
        condition.withLock {
            guard awaiting else { return false }
            reply = message
            condition.broadcast()
            return true
        }
    }

    /// Opens the channel for `request` (an execute request with `allow_stdin`), or
    /// closes it for the execution about to run (`nil`).
    func begin(_ request: Message?) {
        condition.withLock { self.request = request }
    }

    /// Ends a wait and refuses every later request: the kernel is stopping.
    func close() {
        condition.withLock {
            closed = true
            request = nil
            condition.broadcast()
        }
    }
}

import Foundation

/// The three sockets a frontend sends requests on (iopub and heartbeat carry none).
public enum KernelChannel: String, Sendable, CaseIterable {
    case shell, control, stdin
}

/// What the kernel's core needs from the wire (xeus's `xserver`): incoming messages per
/// channel, replies on the channel a request came by, and publication on iopub. Signing,
/// framing, sockets, heartbeat and threads are the transport's business.
///
/// ``ZMQTransport`` is the real one; ``InMemoryTransport`` lets tests drive the core
/// without ZeroMQ.
public protocol KernelTransport: AnyObject, Sendable {
    /// Called for each incoming message, on the transport's thread for its channel: the
    /// handler must not block shell for long (it queues work) and never blocks control.
    typealias Deliver = @Sendable (_ message: Message, _ channel: KernelChannel) -> Void

    /// Delivers incoming messages until ``stop()``, then sends what is still waiting to go
    /// out and returns. Called once; blocks the calling thread.
    func serve(_ deliver: @escaping Deliver) throws
    /// Sends a reply to the peer that sent a request on `channel` (its identities are
    /// `message.identities`). Safe from any thread.
    func send(_ message: Message, on channel: KernelChannel)
    /// Publishes on iopub (`message.identities` are the topic). Safe from any thread.
    func publish(_ message: Message)
    /// For the execution thread while nothing is queued for it: receives shell's requests
    /// on the calling thread and delivers them there, as ``serve(_:)`` would on the shell
    /// thread, so that a request reaches the execution thread without a hand-over.
    /// Returns once something was delivered or `hasWork()` (asked in delivery order) is
    /// true, or after about `timeout`; the shell thread serves shell again meanwhile.
    /// Returns false at once when it cannot (not serving yet, stopped, not supported):
    /// the caller then waits on its queue.
    func serveShellWhileIdle(timeout: TimeInterval, hasWork: () -> Bool) -> Bool
    /// Makes ``serve(_:)`` return soon. Safe from any thread, more than once.
    func stop()
    /// After ``serve(_:)`` returned: waits until `deadline` for the transport's threads,
    /// then releases its resources. Returns false (releasing nothing) when a thread did
    /// not end in time.
    func close(waitingUntil deadline: DispatchTime) -> Bool
}

extension KernelTransport {
    /// Not supported: the execution thread waits on its queue.
    public func serveShellWhileIdle(timeout: TimeInterval, hasWork: () -> Bool) -> Bool { false }
}

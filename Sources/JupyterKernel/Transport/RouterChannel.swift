import CZeroMQ
import Foundation

/// A ROUTER socket (shell or control) that one thread serves and any thread replies on,
/// directly: the execution thread sends its reply itself instead of handing it to the
/// serving thread, which saves a thread switch on every request.
///
/// libzmq sockets are not thread-safe, but may be used by several threads one at a time
/// with a memory barrier between uses: every use here holds ``lock``, and no thread
/// blocks while holding it. The serving thread therefore never waits inside libzmq on
/// the socket; it waits on the socket's signal descriptor (`ZMQ_FD`) and on a wake-up
/// descriptor (``wait(timeout:watchingSocket:wakeUp:)``), then takes what is waiting with
/// ``receiveIfReady(maxBytes:)``.
///
/// `ZMQ_FD` is edge-like: any use of the socket (a send from another thread too) may
/// consume the signal of a message that has just arrived. So after each send the sender
/// asks whether a message is waiting, and if so wakes the serving thread.
final class RouterChannel: @unchecked Sendable {
    private let socket: ZMQSocket
    private let lock = NSLock()
    private let signal: Int32
    /// Wakes the serving thread.
    let serverWakeUp: WakeUpPipe

    init(_ socket: ZMQSocket) throws {
        self.socket = socket
        signal = try socket.signalDescriptor()
        serverWakeUp = try WakeUpPipe()
    }

    /// Sends one multipart message, from any thread.
    func send(_ frames: [Data]) throws {
        let waiting = try lock.withLock {
            try socket.send(frames)
            return try socket.isReadable
        }
        if waiting { serverWakeUp.signal() }
    }

    /// The next message waiting on the socket, without blocking (serving thread).
    func receiveIfReady(maxBytes: Int) throws -> [Data]? {
        try lock.withLock { try socket.receiveIfReady(maxBytes: maxBytes) }
    }

    /// Waits at most `timeout` milliseconds for the socket's signal (unless
    /// `watchingSocket` is false) or for `wakeUp` (by default the serving thread's). Only
    /// one thread at a time receives on the socket (``ZMQTransport`` decides which).
    func wait(timeout: Int, watchingSocket: Bool = true, wakeUp: WakeUpPipe? = nil) throws {
        let wakeUp = wakeUp ?? serverWakeUp
        var items = [zmq_pollitem_t(socket: nil, fd: wakeUp.descriptor, events: Int16(ZMQ_POLLIN), revents: 0)]
        if watchingSocket { items.append(zmq_pollitem_t(socket: nil, fd: signal, events: Int16(ZMQ_POLLIN), revents: 0)) }
        let count = Int32(items.count)
        _ = try items.withUnsafeMutableBufferPointer { items in
            try check("zmq_poll") { zmq_poll(items.baseAddress, count, timeout) }
        }
        if items[0].revents != 0 { wakeUp.clear() }
    }

    /// Closes the socket (once no other thread uses it) and the wake-up descriptor.
    func close() {
        lock.withLock { socket.close() }
        serverWakeUp.close()
    }
}

import CZeroMQ
import Foundation

/// A libzmq failure, in libzmq's words.
public struct ZMQError: Error, CustomStringConvertible {
    public let code: Int32
    public let operation: String
    public var description: String { "\(operation): \(String(cString: zmq_strerror(code)))" }
}

/// Every libzmq call goes through here: a negative return becomes a ``ZMQError``.
@discardableResult
func check(_ operation: String, _ body: () -> Int32) throws -> Int32 {
    let result = body()
    if result < 0 { throw ZMQError(code: zmq_errno(), operation: operation) }
    return result
}

/// A libzmq context, terminated when released or by ``terminate()``.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    private var terminated = false

    public init() {
        handle = zmq_ctx_new()
    }

    /// Waits until every socket is closed and has delivered what it holds (each for at
    /// most its linger), then frees the context. Call it once all sockets are closed.
    public func terminate() {
        guard !terminated else { return }
        terminated = true
        zmq_ctx_term(handle)
    }

    deinit { terminate() }
}

/// One libzmq socket. Not thread-safe, as libzmq sockets are not: each socket is used
/// by one thread, or guarded by a lock (which also gives the memory barrier libzmq
/// requires when a socket changes threads).
public final class ZMQSocket: @unchecked Sendable {
    public enum Kind: Int32 { case pair = 0, pub = 1, rep = 4, dealer = 5, router = 6, pull = 7, push = 8 }

    let handle: UnsafeMutableRawPointer
    /// Kept so the context is terminated only after its last socket is closed
    /// (`zmq_ctx_term` waits for open sockets).
    private let context: ZMQContext
    private var closed = false

    /// How long, in milliseconds, a closed socket keeps trying to deliver what it still
    /// holds (the last reply before a shutdown) before it is dropped.
    public static let lingerMilliseconds: Int32 = 1000

    public init(_ context: ZMQContext, _ kind: Kind) throws {
        guard let socket = zmq_socket(context.handle, kind.rawValue) else {
            throw ZMQError(code: zmq_errno(), operation: "zmq_socket")
        }
        handle = socket
        self.context = context
        var linger = Self.lingerMilliseconds
        try check("zmq_setsockopt(ZMQ_LINGER)") { zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size) }
    }

    deinit { close() }

    public func close() {
        if !closed { zmq_close(handle); closed = true }
    }

    /// A closed socket's handle is freed: using it would be a use-after-free.
    private func checkOpen(_ operation: String) throws {
        if closed { throw ZMQError(code: ENOTSOCK, operation: "\(operation) on a closed socket") }
    }

    /// Whether this libzmq was built with CurveZMQ (libsodium or its own tweetnacl).
    public static var hasCurve: Bool { zmq_has("curve") != 0 }

    /// Makes the socket a CurveZMQ server with `keys`: every peer must complete a CURVE
    /// handshake against the public key, and all traffic is encrypted. Call before
    /// ``bind(_:)``.
    public func makeCurveServer(_ keys: CurveKeyPair) throws {
        guard Self.hasCurve else {
            throw ZMQError(code: ENOTSUP, operation: "CurveZMQ encryption (this libzmq was built without CURVE support)")
        }
        var on: Int32 = 1
        try check("zmq_setsockopt(ZMQ_CURVE_SERVER)") { zmq_setsockopt(handle, ZMQ_CURVE_SERVER, &on, MemoryLayout<Int32>.size) }
        // Z85 keys are passed as 40 characters plus a terminating NUL (41 bytes).
        for (option, name, key) in [(ZMQ_CURVE_SECRETKEY, "ZMQ_CURVE_SECRETKEY", keys.secretKey),
                                    (ZMQ_CURVE_PUBLICKEY, "ZMQ_CURVE_PUBLICKEY", keys.publicKey)] {
            try key.withCString { text in
                _ = try check("zmq_setsockopt(\(name))") { zmq_setsockopt(handle, option, text, 41) }
            }
        }
    }

    public func bind(_ endpoint: String) throws { try check("zmq_bind(\(endpoint))") { zmq_bind(handle, endpoint) } }
    public func connect(_ endpoint: String) throws { try check("zmq_connect(\(endpoint))") { zmq_connect(handle, endpoint) } }

    /// Sends frames as one multipart message.
    public func send(_ frames: [Data]) throws {
        try checkOpen("send")
        for (i, frame) in frames.enumerated() {
            let flags = i < frames.count - 1 ? ZMQ_SNDMORE : 0
            try frame.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                _ = try check("zmq_send") { zmq_send(handle, buffer.baseAddress, buffer.count, flags) }
            }
        }
    }

    /// Receives one multipart message, waiting at most `timeout` milliseconds (-1:
    /// forever); `nil` when nothing arrived. A message larger than `maxBytes` is read
    /// and dropped, and reported as ``ZMQError`` with code `EMSGSIZE`.
    public func receive(timeout: Int = -1, maxBytes: Int = 256 << 20) throws -> [Data]? {
        guard try poll(timeout: timeout) else { return nil }
        return try receiveWaiting(maxBytes: maxBytes)
    }

    /// Receives one multipart message if one is waiting, without blocking (and without a
    /// poll); `nil` when none is.
    public func receiveIfReady(maxBytes: Int = 256 << 20) throws -> [Data]? {
        try checkOpen("receive")
        let message = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
        defer { message.deallocate() }
        try check("zmq_msg_init") { zmq_msg_init(message) }
        defer { zmq_msg_close(message) }
        if zmq_msg_recv(message, handle, ZMQ_DONTWAIT) < 0 {
            let code = zmq_errno()
            if code == EAGAIN { return nil }
            throw ZMQError(code: code, operation: "zmq_msg_recv")
        }
        let first = Data(bytes: zmq_msg_data(message), count: Int(zmq_msg_size(message)))
        if zmq_msg_more(message) != 0 { return try receiveWaiting(maxBytes: maxBytes, after: first) }
        if first.count > maxBytes { throw Self.oversized(first.count, maxBytes) }
        return [first]
    }

    /// The rest of a multipart message whose first frame is `first` (or, without it, a
    /// whole message known to be waiting).
    private func receiveWaiting(maxBytes: Int, after first: Data? = nil) throws -> [Data] {
        var frames: [Data] = first.map { [$0] } ?? []
        var total = first?.count ?? 0
        var oversized = total > maxBytes
        if oversized { frames = [] }
        let message = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
        defer { message.deallocate() }
        while true {
            try check("zmq_msg_init") { zmq_msg_init(message) }
            defer { zmq_msg_close(message) }
            let size = try check("zmq_msg_recv") { zmq_msg_recv(message, handle, 0) }
            total += Int(size)
            if total > maxBytes { oversized = true } else if !oversized {
                frames.append(Data(bytes: zmq_msg_data(message), count: Int(size)))
            }
            if zmq_msg_more(message) == 0 { break }
        }
        if oversized { throw Self.oversized(total, maxBytes) }
        return frames
    }

    private static func oversized(_ bytes: Int, _ maxBytes: Int) -> ZMQError {
        ZMQError(code: EMSGSIZE, operation: "receive (message of \(bytes) bytes over the \(maxBytes)-byte cap)")
    }

    /// The file descriptor libzmq signals when the socket's state may have changed
    /// (`ZMQ_FD`): readable is a hint, not a message; after it, and after any other use
    /// of the socket, ``isReadable`` says whether a message waits.
    public func signalDescriptor() throws -> Int32 {
        try checkOpen("zmq_getsockopt(ZMQ_FD)")
        var fd: Int32 = -1
        var size = MemoryLayout<Int32>.size
        try check("zmq_getsockopt(ZMQ_FD)") { zmq_getsockopt(handle, ZMQ_FD, &fd, &size) }
        return fd
    }

    /// Whether a message is waiting now (`ZMQ_EVENTS` has `ZMQ_POLLIN`); also processes
    /// libzmq's pending commands, which may reset ``signalDescriptor()``.
    public var isReadable: Bool {
        get throws {
            try checkOpen("zmq_getsockopt(ZMQ_EVENTS)")
            var events: Int32 = 0
            var size = MemoryLayout<Int32>.size
            try check("zmq_getsockopt(ZMQ_EVENTS)") { zmq_getsockopt(handle, ZMQ_EVENTS, &events, &size) }
            return events & Int32(ZMQ_POLLIN) != 0
        }
    }

    /// Whether a message is ready within `timeout` milliseconds.
    public func poll(timeout: Int) throws -> Bool {
        try checkOpen("poll")
        var item = zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        let ready = try check("zmq_poll") { zmq_poll(&item, 1, timeout) }
        return ready > 0
    }

    /// Waits on several sockets at once; returns which are readable.
    public static func poll(_ sockets: [ZMQSocket], timeout: Int) throws -> [Bool] {
        var items = sockets.map { zmq_pollitem_t(socket: $0.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
        let count = Int32(items.count)
        _ = try items.withUnsafeMutableBufferPointer { buffer in
            try check("zmq_poll") { zmq_poll(buffer.baseAddress, count, timeout) }
        }
        return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }
}

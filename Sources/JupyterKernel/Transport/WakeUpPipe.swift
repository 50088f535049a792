import Foundation

/// A pipe one thread signals (a byte, written without blocking: a full pipe is already
/// signalled) and another waits on (with `poll`, on ``descriptor``) and then clears.
final class WakeUpPipe: @unchecked Sendable {
    /// The reading end.
    let descriptor: Int32
    private let writer: Int32
    /// Guards the descriptors against use after ``close()`` (their numbers may be reused).
    private let lock = NSLock()
    private var closed = false

    init() throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw ZMQError(code: errno, operation: "pipe") }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        (descriptor, writer) = (ends[0], ends[1])
    }

    func signal() {
        var byte: UInt8 = 1
        lock.withLock { if !closed { _ = write(writer, &byte, 1) } }
    }

    func clear() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(descriptor, &bytes, bytes.count) > 0 {}
    }

    /// Closes both ends; later signals do nothing.
    func close() {
        lock.withLock {
            guard !closed else { return }
            closed = true
            _ = Foundation.close(writer)
            _ = Foundation.close(descriptor)
        }
    }
}

import Synchronization

/// Scratch buffers for the compute kernels, kept between calls so that a layer run in
/// a loop does not fault in fresh pages every time. Holds at most ``retainedLimit``
/// bytes while idle; a buffer in use belongs to one worker only. Each
/// ``EngineContext`` has its own, so one session's work never waits on another's, and
/// charges the bytes it holds (in use or idle) to that context's ``MemoryBudget``.
final class WorkspacePool: Sendable {
    private let budget: MemoryBudget

    init(budget: MemoryBudget) { self.budget = budget }

    /// The most bytes kept for reuse while no kernel runs (64 MiB).
    static let retainedLimit = 64 << 20

    /// Idle buffers, as (address, bytes).
    private let idle = Mutex<[(address: Int, bytes: Int)]>([])

    /// Runs `body` with a buffer of at least `count` elements (uninitialised: every
    /// kernel writes before it reads), then returns the buffer to the pool.
    func withBuffer<T, E: Error>(
        _ type: T.Type, count: Int, _ body: (UnsafeMutablePointer<T>) throws(E) -> Void
    ) throws(E) {
        let bytes = max(count, 1) * MemoryLayout<T>.stride
        // Reuse the smallest idle buffer that fits; when none does, the idle ones are too
        // small for this size of work and are freed before a new one is made.
        let (taken, tooSmall) = idle.withLock { buffers -> ((address: Int, bytes: Int)?, [(address: Int, bytes: Int)]) in
            if let index = buffers.indices.filter({ buffers[$0].bytes >= bytes }).min(by: { buffers[$0].bytes < buffers[$1].bytes }) {
                return (buffers.remove(at: index), [])
            }
            defer { buffers.removeAll() }
            return (nil, buffers)
        }
        free(tooSmall)
        let buffer = taken ?? allocate(bytes)
        defer { giveBack(buffer) }
        let pointer = UnsafeMutableRawPointer(bitPattern: buffer.address)!
        try body(pointer.bindMemory(to: T.self, capacity: buffer.bytes / MemoryLayout<T>.stride))
    }

    private func giveBack(_ buffer: (address: Int, bytes: Int)) {
        let freed: [(address: Int, bytes: Int)] = idle.withLock { buffers in
            buffers.append(buffer)
            buffers.sort { $0.bytes > $1.bytes }
            var kept = 0, dropped: [(address: Int, bytes: Int)] = []
            buffers.removeAll { b in
                if kept + b.bytes > Self.retainedLimit { dropped.append(b); return true }
                kept += b.bytes
                return false
            }
            return dropped
        }
        free(freed)
    }

    private func allocate(_ bytes: Int) -> (address: Int, bytes: Int) {
        budget.charge(bytes)
        return (Int(bitPattern: UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)), bytes)
    }

    private func free(_ buffers: [(address: Int, bytes: Int)]) {
        for b in buffers {
            UnsafeMutableRawPointer(bitPattern: b.address)!.deallocate()
            budget.release(b.bytes)
        }
    }
}

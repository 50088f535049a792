import Synchronization

/// The bytes one session's tensor buffers may hold together, and the bytes they hold.
///
/// A buffer reserves its bytes before its elements are allocated and releases them when
/// it is freed, so that a session which asks for more than its budget gets PyTorch's
/// allocation error (``EngineError/outOfMemory(bytes:)``) instead of the process being
/// killed by the system.
///
/// ```swift
/// let budget = MemoryBudget(limit: 1 << 30)
/// try budget.reserve(512 << 20)   // fine
/// try budget.reserve(768 << 20)   // throws: 1.25 GiB is more than the budget
/// budget.release(512 << 20)
/// ```
///
/// Reserving and releasing are atomic: buffers freed on compute threads release safely.
public final class MemoryBudget: Sendable {
    /// The most bytes the buffers may hold together (at least 1).
    public let limit: Int
    private let held = Atomic<Int>(0)

    /// A budget of `limit` bytes (at least 1).
    public init(limit: Int) { self.limit = max(1, limit) }

    /// The bytes reserved and not yet released.
    public var used: Int { held.load(ordering: .relaxed) }

    /// Takes `bytes` out of the budget.
    /// - Throws: ``EngineError/outOfMemory(bytes:)`` when `bytes` does not fit in what is
    ///   left; nothing is reserved then.
    public func reserve(_ bytes: Int) throws(EngineError) {
        guard bytes > 0 else { return }
        var current = held.load(ordering: .relaxed)
        while true {
            let (total, overflow) = current.addingReportingOverflow(bytes)
            guard !overflow, total <= limit else { throw .outOfMemory(bytes: bytes) }
            let (exchanged, original) = held.compareExchange(
                expected: current, desired: total, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// Counts `bytes` that are already allocated, whether or not they fit: what a
    /// buffer made without a check (``reserve(_:)``) holds.
    public func charge(_ bytes: Int) {
        guard bytes > 0 else { return }
        held.add(bytes, ordering: .relaxed)
    }

    /// Gives `bytes` reserved or charged earlier back to the budget.
    public func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        held.subtract(bytes, ordering: .relaxed)
    }
}

extension EngineError {
    /// PyTorch's error when its CPU allocator cannot allocate `bytes` (`alloc_cpu.cpp`),
    /// word for word.
    public static func outOfMemory(bytes: Int) -> EngineError {
        EngineError(.memory, "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: "
            + "can't allocate memory: you tried to allocate \(bytes) bytes. Error code 12 (Cannot allocate memory)")
    }
}

import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The bytes one session's tensor buffers may hold together, and the bytes they hold.
///
/// An operation asks for room before it allocates its result (``checkRoom(for:)``,
/// through ``EngineLimits/checkAllocation(_:dtype:workingBytesPerElement:)``): a session
/// that asks for more than its budget, or for bytes the system will not give, gets
/// PyTorch's allocation error (``EngineError/outOfMemory(bytes:)``) instead of the
/// process being killed. Every ``TensorBuffer`` charges its bytes when it is made and
/// releases them when it is freed, so `del x` gives them back at once.
///
/// ```swift
/// let budget = MemoryBudget(limit: 1 << 30)
/// try budget.checkRoom(for: 512 << 20)   // fine
/// budget.charge(512 << 20)               // a buffer of 512 MiB is made
/// try budget.checkRoom(for: 768 << 20)   // throws: 1.25 GiB is more than the budget
/// budget.release(512 << 20)              // the buffer is freed
/// ```
///
/// A buffer made by an operation that asks no room first (a temporary of autograd, say)
/// is still charged; when that takes the budget over its limit the charge is remembered
/// as an overdraft, which the language turns into the same error when the operation
/// returns (``takeOverdraft()``).
///
/// Counting is atomic: buffers freed on compute threads release safely.
public final class MemoryBudget: Sendable {
    /// The most bytes the buffers may hold together (at least 1).
    public let limit: Int
    private let held = Atomic<Int>(0)
    private let overdraft = Atomic<Int>(0)

    /// Requests of at least this many bytes are also tried on the system's allocator
    /// before the operation runs: a failed Swift allocation ends the process, a failed
    /// `malloc` is an error the session survives.
    public static let systemProbeBytes = 1 << 24

    /// A budget of `limit` bytes (at least 1).
    public init(limit: Int) { self.limit = max(1, limit) }

    /// The bytes held by live buffers (and workspaces).
    public var used: Int { held.load(ordering: .relaxed) }

    /// Throws when `bytes` more would not fit in what is left of the budget, or, for
    /// large requests (``systemProbeBytes``), when the system refuses to allocate them
    /// now (an address-space limit, `prlimit --as`). Reserves nothing: the buffer made
    /// afterwards charges itself.
    /// - Parameter reported: the bytes the error names (PyTorch's: the tensor's own
    ///   bytes), when `bytes` also counts an operation's temporaries.
    /// - Throws: ``EngineError/outOfMemory(bytes:)``.
    public func checkRoom(for bytes: Int, reporting reported: Int? = nil) throws(EngineError) {
        guard bytes > 0 else { return }
        let (total, overflow) = used.addingReportingOverflow(bytes)
        guard !overflow, total <= limit, Self.systemCanAllocate(bytes) else {
            throw .outOfMemory(bytes: reported ?? bytes)
        }
    }

    /// Counts `bytes` just allocated. Over the limit, the charge is kept as the
    /// overdraft that ``takeOverdraft()`` reports.
    public func charge(_ bytes: Int) {
        guard bytes > 0 else { return }
        let before = held.add(bytes, ordering: .relaxed).oldValue
        if before > limit - bytes { overdraft.store(bytes, ordering: .relaxed) }
    }

    /// Gives `bytes` charged earlier back to the budget.
    public func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        held.subtract(bytes, ordering: .relaxed)
    }

    /// The bytes of the last charge that took the budget over its limit since the last
    /// call, when the buffers still hold more than the limit; clears it. (A temporary
    /// that went over and was freed before the operation ended is let pass.)
    public func takeOverdraft() -> Int? {
        guard overdraft.load(ordering: .relaxed) != 0 else { return nil }
        let bytes = overdraft.exchange(0, ordering: .relaxed)
        return bytes != 0 && used > limit ? bytes : nil
    }

    /// What a probe asks beyond the request: room for what other threads map meanwhile
    /// (a new thread's stack and malloc arena) and the operation's small allocations,
    /// so that the allocation that follows a successful probe does not fail.
    static let probeSlack = 64 << 20

    /// Whether the system gives `bytes` (and ``probeSlack``) now: for large requests,
    /// an anonymous mapping of that size, as `malloc` makes for them, is made and
    /// unmapped at once (a system call, which the optimiser cannot drop as it drops an
    /// unused `malloc`/`free` pair); small requests are taken as given.
    private static func systemCanAllocate(_ bytes: Int) -> Bool {
        guard bytes >= systemProbeBytes else { return true }
        let (asked, overflow) = bytes.addingReportingOverflow(probeSlack)
        guard !overflow else { return false }
        let probe = mmap(nil, asked, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let probe, probe != MAP_FAILED else { return false }
        munmap(probe, asked)
        return true
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

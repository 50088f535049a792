import Synchronization

/// A flag a caller raises to stop a long computation.
///
/// The kernel hands one to every computation it starts; an interrupt request raises
/// it, and the engine's long loops call ``check()`` often enough (every few
/// milliseconds of work) to stop within a fraction of a second, throwing
/// ``EngineError/cancelled``. Nothing is left half-written: an operation that is
/// cancelled produces no result.
public final class CancellationFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    public init() {}

    /// Asks every computation watching this flag to stop.
    public func cancel() { raised.store(true, ordering: .relaxed) }

    /// Lowers the flag so that it can watch the next computation.
    public func reset() { raised.store(false, ordering: .relaxed) }

    /// Whether ``cancel()`` has been called since the last ``reset()``.
    public var isCancelled: Bool { raised.load(ordering: .relaxed) }

    /// Throws ``EngineError/cancelled`` if the flag is raised.
    @inline(__always)
    public func check() throws(EngineError) {
        if raised.load(ordering: .relaxed) { throw EngineError.cancelled }
    }
}

extension Optional where Wrapped == CancellationFlag {
    /// Throws ``EngineError/cancelled`` if there is a flag and it is raised.
    @inline(__always)
    func check() throws(EngineError) {
        if let flag = self { try flag.check() }
    }
}

/// What one session's engine work depends on: whether operations record gradients
/// (PyTorch keeps that per thread), and, as this context grows, the limits and
/// resources the kernels use.
///
/// A session (the language's interpreter) owns one context and binds it around the
/// work it runs with ``run(_:)``; the engine reads ``current`` wherever it needs one,
/// so two sessions in one process never see each other's grad mode. Work that runs
/// outside any session uses ``detached``, a context of its own.
///
/// ```swift
/// let context = EngineContext()
/// context.gradMode.state.isGradEnabled = false
/// try context.run { try x.applying(.add, y) }   // records no graph
/// ```
public final class EngineContext: @unchecked Sendable {
    /// Whether operations record gradients (`torch.no_grad()` and its kin change it).
    public let gradMode = GradMode()

    public init() {}

    /// The context of work that runs outside any session (tests, the benchmarks).
    public static let detached = EngineContext()

    @TaskLocal private static var bound: EngineContext?

    /// The context bound around the running work, else ``detached``.
    public static var current: EngineContext { bound ?? detached }

    /// Runs `body` with this context as ``current`` (on this thread, and in tasks it
    /// starts).
    public func run<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        do {
            return try EngineContext.$bound.withValue(self) { try body() }
        } catch {
            throw error as! E
        }
    }
}

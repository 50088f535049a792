import Synchronization

/// What one session's engine work depends on: whether operations record gradients
/// (PyTorch keeps that per thread), the most elements one tensor may hold, how many
/// threads the compute kernels use, and the scratch buffers they reuse.
///
/// A session (the language's interpreter) owns one context and binds it around the
/// work it runs with ``run(_:)``; the engine reads ``current`` wherever it needs one,
/// so two sessions in one process never see each other's grad mode, cap or threads.
/// Work that runs outside any session uses ``detached``, a context of its own.
///
/// ```swift
/// let context = EngineContext(maxElements: 1 << 20, computeThreads: 2)
/// context.gradMode.state.isGradEnabled = false
/// try context.run { try x.applying(.add, y) }   // records no graph, uses 2 threads
/// ```
///
/// The compute kernels' worker threads do not inherit ``current``: a kernel reads the
/// context once on the thread that calls it and hands its threads and workspace down.
public final class EngineContext: @unchecked Sendable {
    /// Whether operations record gradients (`torch.no_grad()` and its kin change it).
    public let gradMode = GradMode()

    private let elementCap: Atomic<Int>
    private let threadCount: Atomic<Int>

    /// The bytes this context's tensor buffers may hold together, and hold now: each
    /// buffer charges its bytes when it is made and releases them when it is freed.
    public let memoryBudget: MemoryBudget

    /// Scratch buffers of this context's compute kernels, kept between calls (their
    /// bytes count in ``memoryBudget``).
    let workspacePool: WorkspacePool

    /// A context with gradients on.
    /// - Parameters:
    ///   - maxElements: the most elements one tensor (or list, string, range) may hold
    ///     (at least 1); `convlab run --max-elements N` sets it.
    ///   - computeThreads: the compute kernels' threads (at least 1); by default one per
    ///     active processor.
    ///   - maxMemory: the bytes its tensor buffers may hold together; by default
    ///     ``SystemMemory/defaultBudget()``.
    public init(maxElements: Int = EngineLimits.defaultMaxElements, computeThreads: Int? = nil, maxMemory: Int?) {
        elementCap = Atomic(max(1, maxElements))
        memoryBudget = MemoryBudget(limit: maxMemory ?? SystemMemory.defaultBudget())
        workspacePool = WorkspacePool(budget: memoryBudget)
        threadCount = Atomic(max(1, computeThreads ?? EngineContext.processorCount))
    }

    /// A context with gradients on and the default memory budget
    /// (``SystemMemory/defaultBudget()``); see ``init(maxElements:computeThreads:maxMemory:)``.
    public convenience init(maxElements: Int = EngineLimits.defaultMaxElements, computeThreads: Int? = nil) {
        self.init(maxElements: maxElements, computeThreads: computeThreads, maxMemory: nil)
    }

    /// The most elements one tensor (or one list, string or range) may hold in this
    /// context (at least 1): ``EngineLimits/checkElementCount(_:limit:)`` refuses more.
    public var maxElements: Int {
        get { elementCap.load(ordering: .relaxed) }
        set { elementCap.store(max(1, newValue), ordering: .relaxed) }
    }

    /// How many threads this context's compute kernels use (at least 1): matrix
    /// products are split over them, each a single-threaded OpenBLAS call, and so is
    /// the lowering.
    public var computeThreads: Int {
        get { threadCount.load(ordering: .relaxed) }
        set { threadCount.store(max(1, newValue), ordering: .relaxed) }
    }

    /// The context of work that runs outside any session (tests, the benchmarks). Its
    /// settings are shared by all such work: code that wants another cap or thread
    /// count runs in a context of its own rather than changing this one.
    public static let detached = EngineContext()

    @TaskLocal private static var bound: EngineContext?

    /// The context bound around the running work, else ``detached``.
    public static var current: EngineContext { bound ?? detached }

    /// Runs `body` with grad mode off (PyTorch's `with torch.no_grad():` around the
    /// in-place work of `load_state_dict` and `nn.init`), then restores the mode.
    public func withoutGrad<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        let before = gradMode.state
        gradMode.state.isGradEnabled = false
        defer { gradMode.state = before }
        return try body()
    }

    /// Runs asynchronous `body` with this context as ``current`` (a test's own context).
    public func run<R>(_ body: () async throws -> R) async rethrows -> R {
        try await EngineContext.$bound.withValue(self, operation: body)
    }

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

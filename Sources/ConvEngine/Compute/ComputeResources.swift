import Foundation

/// What a compute kernel takes from the engine context that calls it: its thread count
/// and its workspace pool. Read once, on the calling thread (worker threads do not see
/// ``EngineContext/current``), then handed down to every worker explicitly.
struct ComputeResources: Sendable {
    /// The most threads the kernel splits its work over (at least 1).
    let threads: Int
    /// Where the kernel's scratch buffers come from.
    let pool: WorkspacePool

    /// The resources of `context` (by default the one bound around the calling work).
    init(_ context: EngineContext = .current) {
        threads = context.computeThreads
        pool = context.workspacePool
    }
}

extension EngineContext {
    /// The machine's active processors, read once (the query is not free on Linux): the
    /// default ``computeThreads``.
    public static let processorCount = max(1, ProcessInfo.processInfo.activeProcessorCount)
}

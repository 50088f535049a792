import Foundation

/// What a program embedding the kernel decides: names, limits and the execution
/// thread's stack. The library's defaults name nothing in particular.
public struct KernelConfiguration: Sendable {
    /// Names the kernel's threads (`name-execution`, `name-control`, `name-heartbeat`,
    /// `name-parent-watch`) and its inproc pipes.
    public var name: String
    /// The execution thread's stack in bytes (`nil`: the system's default). An
    /// interpreter that evaluates recursively wants a large one.
    public var executionStackSize: Int?
    /// The largest message accepted on any socket, in bytes; larger ones are dropped and logged.
    public var maxMessageBytes: Int
    /// The most output one iopub message carries.
    public var outputCap: OutputCap
    /// Whether to end when the launching process dies (``ParentWatch``).
    public var watchesParent: Bool
    /// How long, at shutdown, the threads have to end before the kernel exits without
    /// closing its sockets (a cell that ignores the interrupt is abandoned).
    public var stopTimeout: TimeInterval

    public init(name: String = "kernel", executionStackSize: Int? = nil, maxMessageBytes: Int = 64 << 20,
                outputCap: OutputCap = OutputCap(), watchesParent: Bool = true, stopTimeout: TimeInterval = 3) {
        self.name = name
        self.executionStackSize = executionStackSize
        self.maxMessageBytes = maxMessageBytes
        self.outputCap = outputCap
        self.watchesParent = watchesParent
        self.stopTimeout = stopTimeout
    }
}

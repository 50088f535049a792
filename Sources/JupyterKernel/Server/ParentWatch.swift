import Foundation

/// Ends the kernel when the process that launched it is gone, so a frontend or
/// notebook server that dies (even by SIGKILL) leaves no kernel behind. The rule is
/// ipykernel's `ParentPollerUnix`: jupyter_client passes its own pid in
/// `JPY_PARENT_PID`; once a second the kernel compares it with `getppid()`, and a
/// change means the parent died and the kernel was re-parented.
public struct ParentWatch: Sendable {
    /// The launcher's pid, when it is still this process's parent at start-up; 0 when
    /// the variable is missing or names another process (then only re-parenting to
    /// init, pid 1, counts as the parent's death).
    public let parentPID: Int32

    /// Reads `JPY_PARENT_PID` from `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let declared = environment["JPY_PARENT_PID"].flatMap { Int32($0) } ?? 0
        parentPID = declared == getppid() ? declared : 0
    }

    /// Whether the parent has died, judged from the current parent pid.
    public func parentIsGone(currentParent: Int32 = getppid()) -> Bool {
        parentPID == 0 ? currentParent == 1 : currentParent != parentPID
    }

    /// Starts a thread that polls once a second and calls `onParentGone` (once) when
    /// the parent has died. Without `JPY_PARENT_PID`, a kernel started by hand from a
    /// shell is not watched unless its shell dies and it is re-parented to init.
    /// - Parameter threadName: the polling thread's name.
    public func start(threadName: String = "parent-watch", _ onParentGone: @escaping @Sendable () -> Void) {
        let watch = self
        let thread = Thread {
            while !watch.parentIsGone() { Thread.sleep(forTimeInterval: 1) }
            onParentGone()
        }
        thread.name = threadName
        thread.start()
    }
}

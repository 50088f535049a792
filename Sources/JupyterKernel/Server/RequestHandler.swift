/// One entry of the dispatcher's table: how a request type is served and by what.
struct RequestHandler: Sendable {
    /// Where a request that came on shell is served.
    enum Serving: Sendable {
        /// On the shell thread, as soon as it arrives (never behind a running cell).
        case atOnce
        /// On the execution thread, in the order the requests came.
        case inOrder
    }

    /// Where a request of this type is served when it comes on shell.
    let onShell: Serving
    /// Whether control serves it too (at once, on the control thread); requests that
    /// reach the interpreter's state are served on shell only.
    let servedOnControl: Bool
    /// Serves the request: replies (or not) through the core; busy/idle are the core's.
    let handle: @Sendable (KernelCore, KernelRequest) -> Void
}

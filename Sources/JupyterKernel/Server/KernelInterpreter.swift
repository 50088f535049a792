/// What a language gives the kernel: the requests a frontend sends, answered without
/// any knowledge of sockets or wire formats (in the spirit of xeus's `xinterpreter`).
///
/// The server calls ``execute(code:executionCount:silent:storeHistory:userExpressions:allowStdin:publisher:)`` on its
/// execution thread, one request at a time; ``interrupt()`` may come from another thread
/// at any moment and must make a running execution end soon.
public protocol KernelInterpreter: AnyObject, Sendable {
    /// The content of `kernel_info_reply`, without `status` and `protocol_version`.
    func kernelInfo() -> JSONValue
    /// Runs code. Output goes through `publisher`; the result is the reply's outcome.
    func execute(code: String, executionCount: Int, silent: Bool, storeHistory: Bool, userExpressions: [String: String],
                 allowStdin: Bool, publisher: Publisher) -> ExecuteOutcome
    /// Completions at a cursor (code points).
    func complete(code: String, cursor: Int) -> Completions
    /// Documentation for the name at a cursor, as a MIME bundle, or `nil`.
    func inspect(code: String, cursor: Int, detailLevel: Int) -> [String: JSONValue]?
    /// `complete`, `incomplete` (with an indent) or `invalid`.
    func isComplete(code: String) -> (status: String, indent: String)
    /// Asks a running execution to stop.
    func interrupt()
    /// Forgets earlier interrupts. The server calls it when it takes a request off its
    /// queue, before publishing `busy`, so an interrupt sent from then on (even before
    /// the execution starts) stops that request.
    func resetInterrupt()
    /// Called before the kernel exits or restarts.
    func shutdown(restart: Bool)
    /// Hands the interpreter the kernel's services, once, before the kernel serves any
    /// request: register comm targets on its comms, open comms with it, publish output
    /// caused by comm messages through its publisher.
    func attach(_ services: KernelServices)
}

extension KernelInterpreter {
    /// Comms unused: frontend `comm_open`s to any target are closed.
    public func attach(_ services: KernelServices) {}
}

/// What the kernel lends its interpreter beyond the requests (xeus's interpreter
/// reaches the same through its `comm_manager()` and publishing helpers).
public struct KernelServices: Sendable {
    /// The kernel's comms.
    public let comms: CommManager
    /// Publishes output as a child of the request being handled, whatever it is (a
    /// `comm_msg` whose handler prints, say); an execution's own output goes through
    /// the publisher `execute` is given.
    public let output: Publisher
    /// The header of the request being handled (ipykernel's `get_parent()["header"]`):
    /// an Output widget capturing output records its `msg_id`.
    public let currentRequest: @Sendable () -> JSONValue
    /// The kernel's log (its level and prefix), for libraries over the comms.
    public let log: KernelLog
    /// Asks the frontend of the running execution for a line (`input()`), when its
    /// request allowed stdin.
    public let stdin: StdinChannel

    public init(comms: CommManager, output: Publisher, currentRequest: @escaping @Sendable () -> JSONValue, log: KernelLog = KernelLog(),
                stdin: StdinChannel = StdinChannel()) {
        self.comms = comms
        self.output = output
        self.currentRequest = currentRequest
        self.log = log
        self.stdin = stdin
    }
}

/// How an execution ended.
public enum ExecuteOutcome: Sendable {
    /// Success; `payload` entries (such as pages) and evaluated user expressions.
    case ok(payload: [JSONValue], userExpressions: [String: JSONValue])
    /// An error (already published on iopub by the interpreter).
    case error(name: String, value: String, traceback: [String])
}

/// Publishes output on iopub as children of the request being handled.
public protocol Publisher: Sendable {
    /// `stream`: text on `stdout` or `stderr`.
    func stream(_ name: String, _ text: String)
    /// `display_data`: a MIME bundle, with a `display_id` to update it later.
    func displayData(_ data: [String: JSONValue], metadata: [String: JSONValue], displayID: String?)
    /// `update_display_data`: replaces the display shown under `displayID`.
    func updateDisplayData(_ data: [String: JSONValue], metadata: [String: JSONValue], displayID: String)
    /// `execute_result`: the value of the cell numbered `count`.
    func executeResult(count: Int, data: [String: JSONValue], metadata: [String: JSONValue])
    /// `error`: an exception's name, message and traceback lines.
    func error(name: String, value: String, traceback: [String])
    /// `clear_output`: clears the output so far (with `wait`, when the next arrives).
    func clearOutput(wait: Bool)
}

import Foundation
@testable import JupyterKernel

/// An interpreter for dispatcher tests (as xeus's `xmock_interpreter`): `execute` runs
/// a closure the test gives; the other requests answer fixed values.
final class StubInterpreter: KernelInterpreter, @unchecked Sendable {
    typealias Execute = @Sendable (_ code: String, _ count: Int, _ publisher: Publisher, _ comms: CommManager?) -> ExecuteOutcome

    private let lock = NSLock()
    private let run: Execute
    private var attached: [CommManager] = []
    private(set) var shutdowns: [Bool] = []
    private(set) var interrupts = 0

    /// Without `execute`: `"fail"` ends in an error, other code prints itself and succeeds.
    init(execute: Execute? = nil) {
        run = execute ?? { code, _, publisher, _ in
            if code == "fail" {
                publisher.error(name: "ValueError", value: "failed", traceback: ["ValueError: failed"])
                return .error(name: "ValueError", value: "failed", traceback: ["ValueError: failed"])
            }
            publisher.stream("stdout", code)
            return .ok(payload: [], userExpressions: [:])
        }
    }

    /// `"fail"` waits for `gate`, then ends in an error; other code succeeds at once.
    static func failing(after gate: DispatchSemaphore) -> StubInterpreter {
        StubInterpreter { code, _, _, _ in
            if code == "fail" {
                gate.wait()
                return .error(name: "ValueError", value: "failed", traceback: [])
            }
            return .ok(payload: [], userExpressions: [:])
        }
    }

    var attachedComms: [CommManager] { lock.withLock { attached } }

    func attach(_ services: KernelServices) { lock.withLock { attached.append(services.comms) } }

    func kernelInfo() -> JSONValue { ["implementation": "stub", "language_info": ["name": "stub"]] }

    func execute(code: String, executionCount: Int, silent: Bool, storeHistory: Bool, userExpressions: [String: String],
                 allowStdin: Bool, publisher: Publisher) -> ExecuteOutcome {
        run(code, executionCount, publisher, attachedComms.first)
    }

    func complete(code: String, cursor: Int) -> Completions { Completions(matches: [code + "x"], cursorStart: 0, cursorEnd: cursor) }
    func inspect(code: String, cursor: Int, detailLevel: Int) -> [String: JSONValue]? { nil }
    func isComplete(code: String) -> (status: String, indent: String) { ("complete", "") }
    func interrupt() { lock.withLock { interrupts += 1 } }
    func resetInterrupt() {}
    func shutdown(restart: Bool) { lock.withLock { shutdowns.append(restart) } }
}

/// A ``KernelCore`` serving an ``InMemoryTransport`` on a thread of its own.
final class RunningKernel: @unchecked Sendable {
    let transport = InMemoryTransport()
    let core: KernelCore
    let interpreter: StubInterpreter
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var restart: Bool?

    init(_ interpreter: StubInterpreter = StubInterpreter(), configure: (CommManager) -> Void = { _ in }) {
        self.interpreter = interpreter
        core = KernelCore(interpreter: interpreter, transport: transport, configuration: KernelConfiguration(name: "test", stopTimeout: 1))
        configure(core.comms)
        Thread { [self] in
            let result = (try? core.run()) ?? false
            lock.withLock { restart = result }
            finished.signal()
        }.start()
    }

    /// Stops the kernel and waits for `run()` to return; its result.
    @discardableResult
    func stop() -> Bool? {
        transport.stop()
        return waitForExit()
    }

    /// Waits for `run()` to return (at most 5 s); its result.
    func waitForExit() -> Bool? {
        guard finished.wait(timeout: .now() + 5) == .success else { return nil }
        return lock.withLock { restart }
    }

    /// Waits (at most 5 s) until `count` requests wait in the execution queue.
    func waitUntilQueued(_ count: Int) -> Bool {
        let deadline = Date(timeIntervalSinceNow: 5)
        while core.queue.count < count {
            guard Date() < deadline else { return false }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return true
    }

    /// Sends a request and returns its reply and the iopub messages it caused.
    func roundTrip(_ type: String, _ content: JSONValue = [:], on channel: KernelChannel = .shell,
                   buffers: [Data] = []) -> (request: Message, reply: Message?, published: [Message]) {
        let request = transport.request(type, content, on: channel, buffers: buffers)
        let published = transport.published(parent: request) ?? []
        return (request, transport.reply(to: request, timeout: 0.2)?.message, published)
    }
}

extension Array where Element == Message {
    /// The message types, in order.
    var types: [String] { map(\.type) }
}

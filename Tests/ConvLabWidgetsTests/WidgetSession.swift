import ConvEngine
import ConvLabWidgets
import ConvLang
import Foundation
import JupyterKernel
import Synchronization

/// Records what a program writes; `display` prints the value as `convlab run` does.
final class RecordingSink: OutputSink {
    private let state = Mutex<(stdout: String, stderr: String, clears: [Bool], errors: [Diagnostic])>(("", "", [], []))

    func write(_ text: String, to stream: OutputChannel) {
        state.withLock { if stream == .stdout { $0.stdout += text } else { $0.stderr += text } }
    }

    func display(_ value: Value) { write(value.displayText + "\n", to: .stdout) }

    func clearOutput(wait: Bool) { state.withLock { $0.clears.append(wait) } }

    /// What a kernel publishes as `error` messages that do not end the request.
    func showTraceback(_ error: Diagnostic) { state.withLock { $0.errors.append(error) } }

    var stdout: String { state.withLock { $0.stdout } }
    var stderr: String { state.withLock { $0.stderr } }
    var clears: [Bool] { state.withLock { $0.clears } }
    var errors: [Diagnostic] { state.withLock { $0.errors } }
}

/// A language session with the widget bridge, optionally over comms whose messages are
/// recorded (a frontend stand-in).
final class WidgetSession {
    let sink = RecordingSink()
    let bridge = WidgetBridge()
    let interpreter: Interpreter
    private let recorded = Locked<[(type: String, content: JSONValue)]>([])
    private(set) var comms: CommManager?
    /// The request the kernel is "handling", for Output capture.
    let request = Locked<JSONValue>(["msg_id": "request-1"])

    init(withFrontend: Bool = false) {
        interpreter = bridge.makeInterpreter(output: sink, extensions: [], engineContext: EngineContext())
        if withFrontend {
            let comms = CommManager { [recorded] type, content, _, _ in recorded.withLock { $0.append((type, content)) } }
            let request = self.request
            bridge.attach(comms: comms, currentRequest: { request.withLock { $0 } })
            self.comms = comms
        }
    }

    /// Runs a cell as the kernel does; returns the error, if any.
    @discardableResult
    func run(_ code: String) -> Diagnostic? {
        bridge.runningCell { interpreter.run(code).error }
    }

    var messages: [(type: String, content: JSONValue)] { recorded.withLock { $0 } }

    func clearMessages() { recorded.withLock { $0.removeAll() } }

    /// The frontend sends `state` to the widget `commID` (between cells).
    func frontendUpdate(_ commID: String, _ state: JSONValue) {
        comms?.handle(type: "comm_msg", content: ["comm_id": .string(commID), "data": ["method": "update", "state": state, "buffer_paths": []]],
                      metadata: [:], buffers: [])
    }

    /// Each comm's widget state as a frontend would hold it: the comm_open's, then updates.
    var states: [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for message in messages {
            guard let id = message.content["comm_id"].string else { continue }
            if message.type == "comm_open" { result[id] = message.content["data"]["state"] }
            for (key, value) in message.content["data"]["state"].object ?? [:] where message.type == "comm_msg" { result[id]?[key] = value }
        }
        return result
    }

    /// The last comm of a `model` widget whose state has `key` equal to `value`.
    func commID(where key: String, is value: JSONValue, model: String) -> String? {
        let states = self.states
        return messages.last { $0.type == "comm_open" && states[$0.content["comm_id"].string ?? ""]?["_model_name"] == .string(model)
            && states[$0.content["comm_id"].string ?? ""]?[key] == value }?.content["comm_id"].string
    }
}

/// A value shared with closures, behind a lock.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func withLock<R>(_ body: (inout T) -> R) -> R { lock.withLock { body(&value) } }
}

/// The fixtures folder inside the test bundle.
enum Fixtures {
    static var directory: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }

    static func json(_ name: String) throws -> JSONValue {
        try JSONValue.decode(Data(contentsOf: directory.appendingPathComponent("\(name).json")))
    }
}

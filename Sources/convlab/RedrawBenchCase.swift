import ArgumentParser
import ConvEngine
import ConvLabWidgets
import ConvLang
import Foundation
import JupyterKernel
import ConvRender

/// A slider change in `explore`, timed by `convlab bench` beside the layers: the kernel's
/// whole answer to one, from the frontend's `comm_msg` handed to the comms to the
/// panel's new state signed and ready for iopub (issue 18's target: under 30 ms for
/// inputs up to 16x16). Only the socket write is left out.
struct RedrawBenchCase: @unchecked Sendable {
    let name: String
    /// The `explore(...)` call that makes the widgets.
    let code: String
    /// The slider changes the frontend sends in turn (by description), one redraw each.
    let changes: [(slider: String, value: Int)]

    /// conv_transpose2d on a 16x16 input, kernel 3, stride 2: padding and output_padding
    /// moved, the stride moved away and back, and the kernel stepped by the step slider.
    static let suite: [RedrawBenchCase] = [
        RedrawBenchCase(name: "explore slider change 16x16",
                        code: "explore(F.conv_transpose2d, input=16, kernel_size=3, stride=2)",
                        changes: [("padding", 1), ("output pad", 1), ("padding", 0), ("stride", 3), ("stride", 2), ("output pad", 0),
                                  ("step", 100), ("step", 500)]),
    ]

    /// A session with the widgets made, ready for ``run(_:)``.
    final class Session: @unchecked Sendable {
        let comms: CommManager
        let sliders: [String: String]
        let bytes: Locked
        init(_ code: String) throws {
            let signer = Signer(key: "convlab-bench-key")
            let bytes = Locked()
            let opened = Locked()
            comms = CommManager { type, content, metadata, buffers in
                // What the kernel does with every comm message before the socket: the
                // message built, its dicts serialised and signed.
                let message = Message(identities: [], header: Message.header(type: type, session: "bench"), parentHeader: [:],
                                      metadata: metadata, content: content, buffers: buffers)
                let frames = message.serialize(signer: signer)
                bytes.add(frames.reduce(0) { $0 + $1.count })
                if type == "comm_open", let id = content["comm_id"].string, let description = content["data"]["state"]["description"].string {
                    opened.names[description] = id
                }
            }
            let bridge = WidgetBridge()
            bridge.attach(comms: comms, currentRequest: { ["msg_id": "bench"] })
            let interpreter = bridge.makeInterpreter(output: NoOutput(), extensions: TeachingBuiltins.all, engineContext: EngineContext())
            if let error = bridge.runningCell({ interpreter.run(code).error }) { throw ValidationError("\(code): \(error.message)") }
            sliders = opened.names
            self.bytes = bytes
        }
    }

    /// Sends every change in turn; returns the number of changes and the bytes the
    /// kernel produced per change.
    func run(_ session: Session) -> (redraws: Int, bytesPerChange: Int) {
        session.bytes.reset()
        for (slider, value) in changes {
            guard let id = session.sliders[slider] else { continue }
            session.comms.handle(type: "comm_msg", content: ["comm_id": .string(id), "data": ["method": "update", "state": ["value": .int(value)],
                                                                                             "buffer_paths": []]],
                                 metadata: [:], buffers: [])
        }
        return (changes.count, session.bytes.total / changes.count)
    }
}

/// A running total and names, shared with the comms' closure.
final class Locked: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var known: [String: String] = [:]
    func add(_ n: Int) { lock.withLock { count += n } }
    func reset() { lock.withLock { count = 0 } }
    var total: Int { lock.withLock { count } }
    var names: [String: String] {
        get { lock.withLock { known } }
        set { lock.withLock { known = newValue } }
    }
}

/// Output nobody reads.
struct NoOutput: OutputSink {
    func write(_ text: String, to stream: OutputChannel) {}
    func display(_ value: Value) {}
}

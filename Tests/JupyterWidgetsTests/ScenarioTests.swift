import Foundation
import JupyterKernel
import Testing
@testable import JupyterWidgets

/// Replays the scenarios recorded from real ipywidgets 8.1.9 and compares, step by step,
/// every message, observer change, repr and TraitError.
@Suite struct ScenarioTests {
    static let scenarios: [JSONValue] = (try? fixture("scenarios").array) ?? []

    @Test func fixtureIsThere() {
        #expect(Self.scenarios.count >= 15)
    }

    @Test(arguments: scenarios.compactMap { $0["name"].string })
    func scenario(_ name: String) throws {
        let scenario = try #require(Self.scenarios.first { $0["name"].string == name })
        let recorder = Recorder()
        let manager = WidgetManager(comms: recorder.comms)
        manager.onFrontendError = { [recorder] _, error in
            recorder.append(["event": "frontend_error", "type": .string(error.pythonName), "message": .string(error.message)])
        }
        let runner = ScenarioRunner(manager: manager, recorder: recorder)
        var normalise = IDNormaliser()
        for (index, step) in (scenario["steps"].array ?? []).enumerated() {
            runner.run(step["step"])
            let got = recorder.take().map { normalise($0) }
            let expected = step["events"].array ?? []
            #expect(got == expected, "\(name) step \(index): \(text(step["step"]))\n\(difference(got, expected))")
        }
    }

    func text(_ v: JSONValue) -> String { String(decoding: v.encoded(), as: UTF8.self) }

    /// The first events that differ, as JSON text.
    func difference(_ got: [JSONValue], _ expected: [JSONValue]) -> String {
        for i in 0..<max(got.count, expected.count) {
            let g = i < got.count ? got[i] : .null, e = i < expected.count ? expected[i] : .null
            if g != e { return "event \(i):\n got: \(text(g))\nwant: \(text(e))" }
        }
        return ""
    }
}

/// Runs one fixture step through the widget layer, recording what the script records.
final class ScenarioRunner {
    let manager: WidgetManager
    let recorder: Recorder
    var names: [String: Widget] = [:]

    init(manager: WidgetManager, recorder: Recorder) {
        self.manager = manager
        self.recorder = recorder
    }

    func resolve(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s) where s.hasPrefix("@"): names[String(s.dropFirst())]?.reference ?? value
        case .array(let items): .array(items.map(resolve))
        default: value
        }
    }

    func pair(_ value: JSONValue) -> (Widget, String) {
        (names[String(value.array![0].string!.dropFirst())]!, value.array![1].string!)
    }

    func record(_ error: WidgetError) {
        recorder.append(["event": "error", "type": .string(error.pythonName), "message": .string(error.message)])
    }

    /// `s` or `s.layout`: a widget by its scenario name, or a widget-valued trait of one.
    func lookup(_ name: String) -> Widget? {
        let parts = name.split(separator: ".").map(String.init)
        guard let first = parts.first, var widget = names[first] else { return nil }
        for attribute in parts.dropFirst() {
            guard let id = widget[attribute].string?.dropFirst(10), let next = manager.widget(String(id)) else { return nil }
            widget = next
        }
        return widget
    }

    func run(_ step: JSONValue) {
        let name = step["name"].string ?? ""
        let widget = lookup(name)
        do {
            switch step["op"].string ?? "" {
            case "create":
                let kwargs = (step["kwargs"].object ?? [:]).mapValues(resolve)
                names[name] = try manager.make(step["model"].string!, kwargs)
            case "set":
                try widget!.set((step["changes"].object ?? [:]).mapValues(resolve))
            case "get":
                recorder.append(["event": "value", "key": step["key"], "value": widget![step["key"].string!]])
            case "frontend":
                let buffers = (step["buffers"].array ?? []).compactMap { $0.string.flatMap { Data(base64Encoded: $0) } }
                recorder.frontend(widget!.modelID, step["data"], buffers: buffers)
            case "hold_sync":
                try widget!.holdSync { () throws(WidgetError) in
                    for change in step["changes"].array ?? [] {
                        let pair = change.array ?? []
                        try widget!.set([(pair[0].string!, resolve(pair[1]))])
                    }
                }
            case "on_msg":
                widget!.onCustomMessage { [recorder] _, content, buffers in
                    recorder.append(["event": "custom", "content": content,
                                     "buffers": .array(buffers.map { .string($0.base64EncodedString()) })])
                }
            case "send":
                widget!.send(step["content"])
            case "observe":
                let label = step["label"].string ?? name
                widget!.observe(names: step["names"].array?.compactMap(\.string)) { [recorder] change in
                    recorder.append(["event": "change", "observer": .string(label), "name": .string(change.name),
                                     "old": change.old, "new": change.new])
                }
            case "repr":
                let bundle = widget!.displayData()
                let view = bundle["application/vnd.jupyter.widget-view+json"] == nil ? JSONValue.null : .object(bundle)
                recorder.append(["event": "display", "data": view, "repr": .string(widget!.repr)])
            case "close":
                widget!.close()
            case "jslink":
                names[name] = try manager.jslink(pair(step["source"]), pair(step["target"]))
            case "jsdlink":
                names[name] = try manager.jsdlink(pair(step["source"]), pair(step["target"]))
            case "append_stdout":
                try widget!.appendStdout(step["text"].string!)
            case "append_stderr":
                try widget!.appendStderr(step["text"].string!)
            case "append_display_data":
                try widget!.appendDisplayData(step["bundle"].object!)
            case "clear_output":
                try widget!.clearOutput()
            case "control":
                let id = String(repeating: "c", count: 32)
                recorder.comms.handle(type: "comm_open", content: ["comm_id": .string(id), "target_name": "jupyter.widget.control", "data": [:]],
                                      metadata: ["version": "1.0.0"], buffers: [])
                recorder.frontend(id, step["data"])
            case "frontend_open":
                let id = step["comm_id"].string!
                recorder.comms.handle(type: "comm_open",
                                      content: ["comm_id": .string(id), "target_name": "jupyter.widget",
                                                "data": ["state": step["state"], "buffer_paths": []]],
                                      metadata: ["version": "2.1.0"], buffers: [])
                names[name] = manager.widget(id)
            default:
                Issue.record("unknown op \(step["op"])")
            }
        } catch {
            record(error)
        }
    }
}

import Foundation
import JupyterKernel
import Testing
@testable import JupyterWidgets

/// What the frontend may send that ipywidgets refuses or ignores: never a crash, never a hang.
@Suite struct ProtocolEdgeTests {
    @Test func malformedCommMessagesAreIgnored() throws {
        let recorder = Recorder()
        let manager = WidgetManager(comms: recorder.comms)
        let slider = try manager.make("IntSlider", ["value": 2])
        _ = recorder.take()
        let malformed: [JSONValue] = [
            .null, 3, "update", [], [:], ["method": 1], ["method": "update", "state": 5],
            ["method": "update", "state": ["value": [1, 2]]], ["method": "update", "state": ["value": ["x": 1]]],
            ["method": "update", "state": [:], "buffer_paths": [["value"]]],
            ["method": "update", "state": [:], "buffer_paths": 7], ["method": "custom", "content": .null],
            ["method": "request_states"], ["method": "update", "buffer_paths": [[]]],
        ]
        for data in malformed { recorder.frontend(slider.modelID, data) }
        recorder.frontend("no-such-comm", ["method": "update", "state": ["value": 3]])
        #expect(slider["value"] == 2)
        // Only echoes went out (ipywidgets echoes before validating).
        for event in recorder.take() { #expect(event["content"]["data"]["method"] == "echo_update") }
    }

    @Test func incompatibleVersionsAndUnknownModelsAreClosed() {
        let recorder = Recorder()
        let manager = WidgetManager(comms: recorder.comms)
        let intSlider: JSONValue = [
            "state": ["_model_module": "@jupyter-widgets/controls", "_model_name": "IntSliderModel",
                      "_view_module": "@jupyter-widgets/controls", "_view_name": "IntSliderView"],
        ]
        let opens: [(String, JSONValue, JSONValue)] = [
            ("jupyter.widget", intSlider, ["version": "1.0.0"]),
            ("jupyter.widget", ["state": ["_model_name": "FancyModel"]], ["version": "2.1.0"]),
            ("jupyter.widget", .null, ["version": "2.1.0"]),
            ("jupyter.widget.control", [:], ["version": "2.0.0"]),
        ]
        for (index, (target, data, metadata)) in opens.enumerated() {
            recorder.comms.handle(type: "comm_open", content: ["comm_id": .string("c\(index)"), "target_name": .string(target), "data": data],
                                  metadata: metadata, buffers: [])
            let events = recorder.take()
            #expect(events.map { $0["msg_type"] } == ["comm_close"], "\(target) \(metadata)")
        }
        #expect(manager.widgets.isEmpty)
    }

    @Test func noFrontendMeansNothingSent() throws {
        let manager = WidgetManager(comms: nil)
        let slider = try manager.make("IntSlider", ["min": 1, "max": 5, "value": 9])
        var seen: [JSONValue] = []
        slider.observe(names: ["value"]) { seen.append($0.new) }
        try slider.set(["value": 3])
        #expect(slider["value"] == 3 && seen == [3])
        #expect(slider.displayData()["application/vnd.jupyter.widget-view+json"]?["model_id"].string == slider.modelID)
        #expect(manager.widget(slider.modelID) === slider)
        slider.close()
        // Its layout and style stay, as in ipywidgets' `_instances`.
        #expect(manager.widget(slider.modelID) == nil && manager.widgets.count == 2)
        #expect(slider.displayData().keys.sorted() == ["text/plain"])
    }

    @Test func frontendCloseForgetsTheWidget() throws {
        let recorder = Recorder()
        let manager = WidgetManager(comms: recorder.comms)
        let slider = try manager.make("IntSlider")
        _ = recorder.take()
        recorder.comms.handle(type: "comm_close", content: ["comm_id": .string(slider.modelID), "data": [:]], metadata: [:], buffers: [])
        #expect(manager.widget(slider.modelID) == nil && slider.isClosed)
        try slider.set(["value": 4])
        #expect(recorder.take().isEmpty && slider["value"] == 4)
    }

    @Test func unknownTraitsAndReadOnlyAreRefused() throws {
        let manager = WidgetManager(comms: nil)
        let slider = try manager.make("IntSlider")
        #expect(throws: WidgetError.unknownTrait(model: "IntSlider", name: "colour")) { try slider.set(["colour": 1]) }
        #expect(throws: WidgetError.unknownModel("Slider")) { try manager.make("Slider") }
        let dropdown = try manager.make("Dropdown", ["options": ["a", "b"]])
        #expect(throws: WidgetError.trait("The \"_options_labels\" trait is read-only.")) { try dropdown.set(["_options_labels": ["x"]]) }
        #expect(throws: WidgetError.trait("The 'children' trait of a HBox instance contains an Instance of a TypedTuple which expected a Widget, not the int 1.")) {
            try manager.make("HBox", ["children": [1]])
        }
    }

    @Test func anotherThreadReadsWhileTheKernelWrites() async throws {
        let manager = WidgetManager(comms: Recorder().comms)
        let slider = try manager.make("IntRangeSlider", ["min": 0, "max": 1000])
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for i in 0..<2000 { try? slider.set(["value": [.int(i % 500), .int(500 + i % 500)]]) }
            }
            group.addTask {
                for _ in 0..<2000 {
                    let pair = slider["value"].array?.compactMap(\.int) ?? []
                    #expect(pair.count == 2 && pair[0] <= pair[1])
                }
            }
        }
    }
}

/// Widgets the frontend opened make their layout and style on first use, as traitlets
/// makes the defaults; options ConvLab cannot order as Python would are refused.
@Suite struct LazyModelTests {
    @Test func frontendOpenedWidgetMakesItsLayoutWhenRead() throws {
        let recorder = Recorder()
        let manager = WidgetManager(comms: recorder.comms)
        let state: JSONValue = ["_model_module": "@jupyter-widgets/controls", "_model_name": "CheckboxModel",
                                "_view_module": "@jupyter-widgets/controls", "_view_name": "CheckboxView", "value": true]
        recorder.comms.handle(type: "comm_open", content: ["comm_id": "abc", "target_name": "jupyter.widget", "data": ["state": state]],
                              metadata: ["version": "2.1.0"], buffers: [])
        let box = try #require(manager.widget("abc"))
        #expect(recorder.take().count == 1)  // the echo_update
        let layout = try #require(box["layout"].string)
        #expect(manager.widget(String(layout.dropFirst(10)))?.modelName == "Layout")
        #expect(recorder.take().map { $0["content"]["data"]["state"]["_model_name"] } == ["LayoutModel", "CheckboxStyleModel"])
    }

    @Test func dictOptionsAreRefused() {
        let manager = WidgetManager(comms: nil)
        #expect(throws: WidgetError.self) { try manager.make("Dropdown", ["options": ["b": 1, "a": 2]]) }
    }
}

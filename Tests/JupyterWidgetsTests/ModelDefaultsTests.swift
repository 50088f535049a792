import Foundation
import JupyterKernel
import Testing
@testable import JupyterWidgets

/// Every model's comm_open, keys and default repr against ipywidgets 8.1.9 (models.json).
@Suite struct ModelDefaultsTests {
    static let models: [String: JSONValue] = (try? fixture("models").object) ?? [:]

    @Test func everyModelIsOffered() {
        #expect(Self.models.count == 21)
        #expect(Set(Self.models.keys) == Set(WidgetManager.modelNames))
    }

    @Test(arguments: models.keys.sorted().filter { !$0.hasSuffix("Link") })
    func defaultState(_ name: String) throws {
        let model = try #require(Self.models[name])
        let recorder = Recorder()
        let manager = WidgetManager(comms: recorder.comms)
        let widget = try manager.make(name)
        let opens = recorder.take()
        let own = try #require(opens.last)
        #expect(own["msg_type"] == "comm_open")
        #expect(own["content"]["target_name"] == "jupyter.widget")
        #expect(own["content"]["comm_id"].string == widget.modelID)
        #expect(own["metadata"] == ["version": "2.1.0"])
        #expect(own["content"]["data"]["buffer_paths"] == [])
        // The referenced models are opened first, in key order, and referenced by id.
        var state = own["content"]["data"]["state"]
        let submodels = model["submodels"].object ?? [:]
        #expect(opens.count == submodels.count + 1)
        for (index, key) in submodels.keys.sorted().enumerated() {
            let sub = opens[index]
            #expect(state[key].string == "IPY_MODEL_" + (sub["content"]["comm_id"].string ?? "?"))
            #expect(sub["content"]["data"]["state"]["_model_name"].string == (submodels[key]?.string ?? "") + "Model")
            state[key] = "IPY_MODEL_"
        }
        #expect(state == model["state"])
        #expect(widget.keys == (model["keys"].array ?? []).compactMap(\.string))
        #expect(widget.repr == model["repr"].string)
    }

    @Test(arguments: models.keys.sorted())
    func sameStateWithoutFrontend(_ name: String) throws {
        let manager = WidgetManager(comms: nil)
        let a = try makeDefault(name, manager)
        let recorder = Recorder()
        let b = try makeDefault(name, WidgetManager(comms: recorder.comms))
        for key in a.keys where !String(decoding: a[key].encoded(), as: UTF8.self).contains("IPY_MODEL_") {
            #expect(a[key] == b[key], "\(name).\(key)")
        }
        #expect(a.repr.replacingOccurrences(of: a.modelID, with: "") == b.repr.replacingOccurrences(of: b.modelID, with: ""))
    }

    private func makeDefault(_ name: String, _ manager: WidgetManager) throws -> Widget {
        guard name.hasSuffix("Link") else { return try manager.make(name) }
        let x = try manager.make("IntSlider"), y = try manager.make("IntSlider")
        return name == "Link" ? try manager.jslink((x, "value"), (y, "value")) : try manager.jsdlink((x, "value"), (y, "value"))
    }
}

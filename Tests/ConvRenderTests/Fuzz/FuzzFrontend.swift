import ConvLabWidgets
import Foundation
import JupyterKernel
import Synchronization

/// A widget frontend stand-in for fuzz sessions: the comms a session's widgets open
/// (their messages built and dropped, as a kernel would send them), and between cells
/// a frontend's changes sent back, as a browser sends them when a slider moves: a
/// value, sometimes an odd one, to one of the open widgets, so that observers and
/// `interact` run outside a cell, where their errors are shown rather than raised.
final class FuzzFrontend: Sendable {
    let comms: CommManager
    private let open = OpenComms()

    /// Open widget comms by id, with their model's name.
    private final class OpenComms: Sendable {
        let list = Mutex<[(id: String, model: String)]>([])
    }

    init() {
        let open = self.open
        comms = CommManager(log: KernelLog(level: .error)) { type, content, _, _ in
            guard let id = content["comm_id"].string else { return }
            switch type {
            case "comm_open": open.list.withLock { $0.append((id, content["data"]["state"]["_model_name"].string ?? "")) }
            case "comm_close": open.list.withLock { $0.removeAll { $0.id == id } }
            default: break
            }
        }
    }

    /// A session's interpreter and bridge, its widgets reaching this frontend.
    func attach(_ bridge: WidgetBridge) {
        bridge.attach(comms: comms, currentRequest: { ["msg_id": "fuzz"] }, log: KernelLog(level: .error))
    }

    /// Sends one change to one open widget, chosen by `rng`; false when none is open.
    func change(using rng: inout FuzzRandom) -> Bool {
        let widgets = open.list.withLock { $0 }
        guard !widgets.isEmpty else { return false }
        let (id, model) = rng.pick(widgets)
        let value: JSONValue
        switch model {
        case "CheckboxModel": value = .bool(rng.chance(0.5))
        case "FloatSliderModel": value = .double(rng.chance(0.9) ? Double(rng.below(20)) / 4 : rng.pick([.nan, .infinity, -1e308]))
        case "DropdownModel", "ToggleButtonsModel": value = .int(rng.below(4) - 1)
        case "IntRangeSliderModel": value = [.int(rng.below(10)), .int(rng.below(10))]
        case "LabelModel", "HTMLModel": value = .string(rng.pick(["a", "", "é", "<b>"]))
        default: value = rng.chance(0.9) ? .int(rng.below(12) - 1) : rng.pick([.int(.max), .int(.min), .string("x"), .null, .double(2.5)])
        }
        let key = rng.chance(0.9) ? (model == "DropdownModel" || model == "ToggleButtonsModel" ? "index" : "value") : rng.pick(["max", "min", "description", "nope"])
        let state: JSONValue = [key: value]
        let method = rng.chance(0.95) ? "update" : rng.pick(["request_state", "custom", "nope"])
        _ = comms.handle(type: "comm_msg", content: ["comm_id": .string(id), "data": ["method": .string(method), "state": state, "buffer_paths": []]],
                         metadata: [:], buffers: [])
        return true
    }
}

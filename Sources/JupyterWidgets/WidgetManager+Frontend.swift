import Foundation
import JupyterKernel

/// Comms the frontend opens: widgets it creates (`jupyter.widget`) and the control comm
/// (`jupyter.widget.control`), handled as ipywidgets' `handle_comm_opened` and
/// `handle_control_comm_opened`; what ipywidgets would refuse is logged and closed.
extension WidgetManager {
    func frontendOpened(_ comm: Comm, data: JSONValue, metadata: JSONValue, buffers: [Data]) {
        locked {
            let version = metadata["version"].string ?? ""
            guard version.split(separator: ".", omittingEmptySubsequences: false).first == "2" else {
                log.error("Incompatible widget protocol versions: received version '\(version)', expected version '\(Self.protocolVersion)'")
                return comm.close()
            }
            guard let state = data["state"].object, let spec = Self.spec(matching: state) else {
                log.error("jupyter.widget comm_open for a model this kernel does not offer: \(data["state"]["_model_name"].string ?? "?")")
                return comm.close()
            }
            let widget = Widget(spec: spec, manager: self)
            var kwargs: [(String, JSONValue)] = []
            try? widget.behavior.prepare(widget, &kwargs)
            try? widget.holdNotifications { () throws(WidgetError) in
                for (key, value) in kwargs { try widget.assign(key, value) }
            }
            widget.behavior.finishInit(widget)
            widget.modelID = comm.id
            attach(widget, to: comm)
            register(widget)
            widget.setState(state, bufferPaths: data["buffer_paths"].array ?? [], buffers: buffers)
        }
    }

    /// The model whose module, name and view match the frontend's state (ipywidgets' registry).
    static func spec(matching state: [String: JSONValue]) -> ModelSpec? {
        let keys = ["_model_module", "_model_name", "_view_module", "_view_name"]
        return WidgetDefaults.specs.values.first { spec in
            keys.allSatisfy { state[$0] != nil && state[$0] == spec.state[$0] }
        }
    }

    func controlOpened(_ comm: Comm, metadata: JSONValue) {
        let version = metadata["version"].string ?? ""
        guard version.split(separator: ".", omittingEmptySubsequences: false).first == "1" else {
            log.error("Incompatible widget control protocol versions: received version '\(version)', expected version '\(Self.controlProtocolVersion)'")
            return comm.close()
        }
        comm.onMessage = { [weak self, weak comm] data, _, _ in
            guard let self, let comm else { return }
            self.controlMessage(data, on: comm)
        }
    }

    /// `request_states`: every widget's full state in one `update_states`.
    func controlMessage(_ data: JSONValue, on comm: Comm) {
        locked {
            guard data["method"].string == "request_states" else {
                return log.error("Unknown front-end to back-end widget control msg with method \"\(data["method"].string ?? "")\"")
            }
            for widget in order.compactMap({ widgetsByID[$0] }) { _ = widget.fullState() }
            var states: [String: JSONValue] = [:]
            for widget in order.compactMap({ widgetsByID[$0] }) {
                states[widget.modelID] = [
                    "model_name": widget.trait("_model_name"),
                    "model_module": widget.trait("_model_module"),
                    "model_module_version": widget.trait("_model_module_version"),
                    "state": .object(widget.fullState()),
                ]
            }
            comm.send(["method": "update_states", "states": .object(states), "buffer_paths": []])
        }
    }
}

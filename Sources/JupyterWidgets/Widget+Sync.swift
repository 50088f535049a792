import Foundation
import JupyterKernel

/// The widget's side of the comm: state sent to the frontend and messages from it, as
/// ipywidgets 8.1.9's `send_state`, `get_state`, `_handle_msg` and `set_state`.
extension Widget {
    /// ipywidgets' `get_state()`: every synced trait (making the layout and style models
    /// on first use, as traitlets makes their defaults).
    func fullState() -> [String: JSONValue] {
        makeSubmodels()
        var state: [String: JSONValue] = [:]
        for key in spec.keys { state[key] = trait(key) }
        return state
    }

    /// Creates the models this one refers to by default (Layout, the style), opening their comms.
    func makeSubmodels() {
        guard !submodelsMade else { return }
        submodelsMade = true
        for key in spec.keys {
            guard let model = spec.submodels[key], trait(key) == "IPY_MODEL_" else { continue }
            if let sub = try? manager.makeLocked(model, []) {
                values[key] = sub.reference
            }
        }
    }

    /// ipywidgets' `send_state(key)`: an `update` with those traits.
    func sendState(_ keys: [String]) {
        guard let comm else { return }
        var state: [String: JSONValue] = [:]
        for key in keys { state[key] = trait(key) }
        for (key, value) in state where propertyLock[key] != nil { propertyLock[key] = value }
        comm.send(["method": "update", "state": .object(state), "buffer_paths": []])
    }

    /// A `comm_msg` from the frontend: `update`, `request_state` or `custom`. Anything
    /// malformed is logged and ignored.
    func received(_ data: JSONValue, buffers: [Data]) {
        manager.locked {
            guard let method = data["method"].string else {
                return manager.log.warning("widget \(modelID): comm_msg without a method: \(String(decoding: data.encoded(), as: UTF8.self))")
            }
            switch method {
            case "update":
                guard data.object?["state"] != nil else { return }
                guard let state = data["state"].object else {
                    return manager.log.warning("widget \(modelID): update whose state is not an object")
                }
                let paths = data["buffer_paths"].array ?? []
                setState(state, bufferPaths: paths, buffers: buffers)
            case "request_state":
                sendState(fullState().keys.sorted())
            case "custom":
                guard let content = data.object?["content"] else { return }
                for handler in customHandlers.map(\.handler) { handler(self, content, buffers) }
            default:
                manager.log.error("Unknown front-end to back-end widget msg with method \"\(method)\"")
            }
        }
    }

    /// ipywidgets' `set_state`: `echo_update` of the synced keys at once, then the changes
    /// made together with the frontend's values locked against being sent back.
    func setState(_ state: [String: JSONValue], bufferPaths: [JSONValue] = [], buffers: [Data] = []) {
        let echo = state.filter { spec.keys.contains($0.key) }
        if !echo.isEmpty, manager.echo {
            let kept = zip(bufferPaths, buffers).filter { path, _ in
                path.array?.first?.string.map { echo[$0] != nil } ?? false
            }
            comm?.send(["method": "echo_update", "state": .object(echo), "buffer_paths": .array(kept.map(\.0))],
                       buffers: kept.map(\.1))
        }
        if !bufferPaths.isEmpty {
            // No model ConvLab offers has a binary trait: traitlets would refuse the bytes.
            return manager.log.warning("widget \(modelID): update with binary buffers refused (no binary traits)")
        }
        propertyLock = state
        defer { propertyLock = [:] }
        do {
            try holdNotifications { () throws(WidgetError) in
                for name in state.keys.sorted() where spec.keys.contains(name) { try assign(name, state[name]!) }
            }
        } catch {
            manager.log.warning("Exception in widget method set_state: \(error)")
            manager.onFrontendError?(self, error)
        }
    }
}

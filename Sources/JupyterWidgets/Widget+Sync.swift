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
        let binary = zip(bufferPaths, buffers).compactMap { path, data -> (key: String, path: JSONValue, data: Data)? in
            guard let key = path.array?.first?.string else { return nil }
            return (key, path, data)
        }
        let echoed = Set(state.keys).union(binary.map(\.key)).filter { spec.keys.contains($0) }
        if !echoed.isEmpty, manager.echo {
            let kept = binary.filter { echoed.contains($0.key) }
            comm?.send(["method": "echo_update", "state": .object(state.filter { echoed.contains($0.key) }),
                        "buffer_paths": .array(kept.map(\.path))], buffers: kept.map(\.data))
        }
        if let first = binary.first(where: { spec.keys.contains($0.key) }) {
            // ipywidgets puts the buffers into the state; no model offered here has a binary
            // trait, so traitlets refuses them.
            let error: WidgetError = first.path.array?.count == 1
                ? TraitCoercion.refusal(first.data, name: first.key, spec: spec)
                : .trait("binary data inside the '\(first.key)' trait of \(spec.pythonClass) is not supported")
            return reportFrontendError(error)
        }
        propertyLock = state
        defer { propertyLock = [:] }
        do {
            try holdNotifications { () throws(WidgetError) in
                for name in state.keys.sorted() where spec.keys.contains(name) { try assign(name, state[name]!) }
            }
        } catch {
            reportFrontendError(error)
        }
    }

    /// ipywidgets' `_show_traceback`: the error of a frontend message is shown, not raised.
    private func reportFrontendError(_ error: WidgetError) {
        manager.log.warning("Exception in widget \(modelID) set_state: \(error)")
        manager.onFrontendError?(self, error)
    }
}

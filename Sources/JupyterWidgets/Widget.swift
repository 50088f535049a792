import Foundation
import JupyterKernel

/// One widget model in the kernel, as an ipywidgets `Widget` instance: its traits, kept
/// in sync with the frontend's copy over a `jupyter.widget` comm (protocol 2.1).
///
/// Widgets are made by a ``WidgetManager``:
/// ```swift
/// let stride = try manager.make("IntSlider", ["value": 2, "min": 1, "max": 5, "description": "stride"])
/// let id = stride.observe(names: ["value"]) { change in print(change.old, change.new) }
/// try stride.set(["value": 4])          // sends {"method": "update", "state": {"value": 4}}
/// stride["value"]                      // 4
/// stride.displayData()                 // the widget-view mime bundle and its text/plain repr
/// ```
/// Every entry point takes the manager's lock, so another thread reading traits never
/// sees a change half made; observers run on the thread that made the change.
public final class Widget: @unchecked Sendable {
    /// The model's ipywidgets class name (`IntSlider`).
    public var modelName: String { spec.pythonClass }
    /// The model id: the comm's id (a random one when there is no frontend).
    public internal(set) var modelID: String

    let spec: ModelSpec
    let behavior: ModelBehavior
    /// Strong, as ipywidgets' `_instances` holds widgets: the manager holds a widget until it closes.
    let manager: WidgetManager
    var comm: Comm?
    /// Every trait's value, synced or kernel-only, in its JSON form ("IPY_MODEL_<id>" for widgets).
    var values: [String: JSONValue]
    var observers: [(id: ObserverID, names: Set<String>?, handler: (WidgetChange) -> Void)] = []
    var customHandlers: [(id: ObserverID, handler: (Widget, JSONValue, [Data]) -> Void)] = []
    /// ipywidgets' `_property_lock`: the state the frontend just sent, not to be echoed back.
    var propertyLock: [String: JSONValue] = [:]
    /// traitlets' hold cache: changes held back until the outermost hold ends, in order.
    var held: [(name: String, old: JSONValue, new: JSONValue)]?
    var crossValidationLocked = false
    var submodelsMade = false
    /// ipywidgets' `_holding_sync` / `_states_to_send`: traits changed inside ``holdSync(_:)``.
    var statesToSend: Set<String>?
    private(set) var closed = false

    init(spec: ModelSpec, manager: WidgetManager) {
        self.spec = spec
        self.manager = manager
        behavior = ModelBehavior.make(for: spec.pythonClass)
        values = spec.state.merging(behavior.localTraits) { synced, _ in synced }
        modelID = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    // MARK: - Reading

    /// A trait's value (`.null` for a trait the model does not have).
    public subscript(name: String) -> JSONValue {
        manager.locked {
            if spec.submodels[name] != nil { makeSubmodels() }
            return trait(name)
        }
    }

    /// The synced traits, sorted (ipywidgets' `keys`).
    public var keys: [String] { spec.keys }

    /// Whether the model has trait `name` (synced, or kept in the kernel like Dropdown's `value`).
    public func hasTrait(_ name: String) -> Bool { values[name] != nil }

    /// This widget as other widgets' traits hold it: `"IPY_MODEL_<id>"`.
    public var reference: JSONValue { .string("IPY_MODEL_" + modelID) }

    /// Whether ``close()`` ran or the frontend closed the comm.
    public var isClosed: Bool { manager.locked { closed } }

    // MARK: - Changing

    /// Sets traits as Python's attribute assignment does: one change is `w.name = value`;
    /// several are made together as ipywidgets' constructor makes them (traitlets'
    /// `hold_trait_notifications`: validated together, observers called after, all
    /// rolled back on a TraitError). Keys are taken in sorted order.
    public func set(_ changes: [String: JSONValue]) throws(WidgetError) {
        try set(changes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// ``set(_:)-([String:JSONValue])`` with the changes made in the order given.
    public func set(_ changes: [(String, JSONValue)]) throws(WidgetError) {
        try manager.locked { () throws(WidgetError) in
            for (name, _) in changes {
                guard hasTrait(name) else { throw .unknownTrait(model: spec.pythonClass, name: name) }
                if spec.readOnly.contains(name) { throw .trait("The \"\(name)\" trait is read-only.") }
            }
            if changes.count == 1 {
                try assign(changes[0].0, changes[0].1)
            } else {
                try holdNotifications { () throws(WidgetError) in
                    for (name, value) in changes { try assign(name, value) }
                }
            }
        }
    }

    /// ipywidgets' `hold_sync()`: the traits changed inside `body` go to the frontend in
    /// one `update` when it ends (observers still run at each change).
    public func holdSync<E: Error>(_ body: () throws(E) -> Void) throws(E) {
        try manager.locked { () throws(E) in
            if statesToSend != nil { return try body() }
            statesToSend = []
            defer {
                let keys = statesToSend ?? []
                statesToSend = nil
                if !keys.isEmpty { sendState(keys.sorted()) }
            }
            try body()
        }
    }

    /// Calls `handler` after each change of the traits `names` (all traits when nil),
    /// from the kernel or the frontend, in traitlets' order.
    @discardableResult
    public func observe(names: [String]?, _ handler: @escaping (WidgetChange) -> Void) -> ObserverID {
        manager.locked {
            let id = manager.nextObserverID()
            observers.append((id, names.map(Set.init), handler))
            return id
        }
    }

    /// Stops the observer ``observe(names:_:)`` returned `id` for.
    public func unobserve(_ id: ObserverID) {
        manager.locked { observers.removeAll { $0.id == id } }
    }

    // MARK: - Custom messages

    /// Calls `handler` with each custom message (`method: "custom"`) from the frontend:
    /// ipywidgets' `on_msg`.
    @discardableResult
    public func onCustomMessage(_ handler: @escaping (Widget, JSONValue, [Data]) -> Void) -> ObserverID {
        manager.locked {
            let id = manager.nextObserverID()
            customHandlers.append((id, handler))
            return id
        }
    }

    /// Stops the handler ``onCustomMessage(_:)`` returned `id` for.
    public func removeCustomMessageHandler(_ id: ObserverID) {
        manager.locked { customHandlers.removeAll { $0.id == id } }
    }

    /// Sends a custom message to the frontend's model: ipywidgets' `send`.
    public func send(_ content: JSONValue, buffers: [Data] = []) {
        manager.locked { comm?.send(["method": "custom", "content": content], buffers: buffers) }
    }

    // MARK: - Closing

    /// Closes the comm (`comm_close`), as ipywidgets' `close()`: the frontend's views go
    /// away, the manager forgets the widget, and it no longer sends anything. Its traits
    /// still work locally.
    public func close() {
        manager.locked {
            guard !closed else { return }
            closed = true
            manager.forget(self)
            let comm = self.comm
            self.comm = nil
            comm?.onClose = nil
            comm?.close()
        }
    }

    /// The frontend closed the comm.
    func closedByFrontend() {
        manager.locked {
            guard !closed else { return }
            closed = true
            comm = nil
            manager.forget(self)
        }
    }
}

import Foundation
import JupyterKernel

/// The kernel's widgets, as ipywidgets keeps them (`Widget._instances`), over the
/// kernel's comms: it makes widgets (opening a `jupyter.widget` comm for each, the
/// models they refer to first), answers the frontend's `jupyter.widget.control` comm
/// (`request_states`) and builds the widgets the frontend opens itself.
///
/// Without a ``CommManager`` (`convlab run`, tests) widgets work the same and send nothing.
/// ```swift
/// let manager = WidgetManager(comms: server.comms)
/// let a = try manager.make("IntSlider", ["description": "a"])
/// let b = try manager.make("IntSlider", ["description": "b"])
/// let box = try manager.make("HBox", ["children": [a.reference, b.reference]])
/// _ = try manager.jslink((a, "value"), (b, "value"))
/// ```
public final class WidgetManager: @unchecked Sendable {
    /// ipywidgets' protocol version, sent in every `comm_open`'s metadata.
    public static let protocolVersion = "2.1.0"
    /// The control comm's protocol version (`jupyter.widget.control`).
    public static let controlProtocolVersion = "1.0.0"
    /// The models ``make(_:_:)-([String:JSONValue])`` knows.
    public static var modelNames: [String] { WidgetDefaults.specs.keys.sorted() }

    /// The kernel's comms; nil when there is no frontend.
    public let comms: CommManager?
    let log: KernelLog
    /// ipywidgets' `JUPYTER_WIDGETS_ECHO` (default on): answer frontend updates with `echo_update`.
    public var echo = true
    /// Called when an update from the frontend is refused (ipywidgets shows the traceback).
    public var onFrontendError: ((Widget, WidgetError) -> Void)?

    private let lock = NSRecursiveLock()
    var widgetsByID: [String: Widget] = [:]
    var order: [String] = []
    private var observerCount = 0

    /// - Parameter comms: registers the `jupyter.widget` and `jupyter.widget.control` targets there.
    public init(comms: CommManager?, log: KernelLog = KernelLog()) {
        self.comms = comms
        self.log = log
        comms?.registerTarget("jupyter.widget") { [weak self] comm, data, metadata, buffers in
            self?.frontendOpened(comm, data: data, metadata: metadata, buffers: buffers)
        }
        comms?.registerTarget("jupyter.widget.control") { [weak self] comm, _, metadata, _ in
            self?.controlOpened(comm, metadata: metadata)
        }
    }

    // MARK: - Widgets

    /// Makes a widget of the model `name` (`IntSlider`, `HBox`, `Layout`...) with the
    /// given traits, as `IntSlider(value=2, ...)` does; keys are set in sorted order.
    public func make(_ name: String, _ traits: [String: JSONValue] = [:]) throws(WidgetError) -> Widget {
        try make(name, traits.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// ``make(_:_:)-([String:JSONValue])`` with the traits set in the order given.
    public func make(_ name: String, _ traits: [(String, JSONValue)]) throws(WidgetError) -> Widget {
        try locked { () throws(WidgetError) in try makeLocked(name, traits) }
    }

    /// The model a trait of model `name` holds (`Layout` for `layout`, `SliderStyle` for
    /// an IntSlider's `style`), or nil when the trait holds no widget.
    public static func submodelName(model name: String, trait: String) -> String? {
        WidgetDefaults.specs[name]?.submodels[trait]
    }

    /// The live widget with this model id.
    public func widget(_ modelID: String) -> Widget? { locked { widgetsByID[modelID] } }

    /// Every live widget, oldest first.
    public var widgets: [Widget] { locked { order.compactMap { widgetsByID[$0] } } }

    /// `jslink((a, "value"), (b, "value"))`: a Link model that keeps both traits equal in the frontend.
    public func jslink(_ source: (Widget, String), _ target: (Widget, String)) throws(WidgetError) -> Widget {
        try make("Link", [("source", [source.0.reference, .string(source.1)]), ("target", [target.0.reference, .string(target.1)])])
    }

    /// `jsdlink(source, target)`: a DirectionalLink copying `source` to `target` in the frontend.
    public func jsdlink(_ source: (Widget, String), _ target: (Widget, String)) throws(WidgetError) -> Widget {
        try make("DirectionalLink", [("source", [source.0.reference, .string(source.1)]), ("target", [target.0.reference, .string(target.1)])])
    }

    /// Closes every widget (ipywidgets' `Widget.close_all()`).
    public func closeAll() {
        for widget in widgets { widget.close() }
    }

    // MARK: - For widgets

    func makeLocked(_ name: String, _ traits: [(String, JSONValue)]) throws(WidgetError) -> Widget {
        guard let spec = WidgetDefaults.specs[name] else { throw .unknownModel(name) }
        let widget = Widget(spec: spec, manager: self)
        var kwargs = traits
        try widget.behavior.prepare(widget, &kwargs)
        for (key, _) in kwargs where !widget.hasTrait(key) { throw .unknownTrait(model: spec.pythonClass, name: key) }
        try widget.holdNotifications { () throws(WidgetError) in
            for (key, value) in kwargs { try widget.assign(key, value) }
        }
        widget.behavior.finishInit(widget)
        let state = widget.fullState()
        if let comms {
            let comm = comms.open(target: "jupyter.widget", data: ["state": .object(state), "buffer_paths": []],
                                  metadata: ["version": .string(Self.protocolVersion)])
            widget.modelID = comm.id
            attach(widget, to: comm)
        }
        register(widget)
        return widget
    }

    func attach(_ widget: Widget, to comm: Comm) {
        widget.comm = comm
        comm.onMessage = { [weak widget] data, _, buffers in widget?.received(data, buffers: buffers) }
        comm.onClose = { [weak widget] _ in widget?.closedByFrontend() }
    }

    func register(_ widget: Widget) {
        widgetsByID[widget.modelID] = widget
        order.append(widget.modelID)
    }

    func forget(_ widget: Widget) {
        widgetsByID[widget.modelID] = nil
        order.removeAll { $0 == widget.modelID }
    }

    func nextObserverID() -> ObserverID {
        observerCount += 1
        return ObserverID(value: observerCount)
    }

    func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

import ConvEngine
import ConvLang
import Foundation
import JupyterKernel
import JupyterWidgets

/// A reference that does not keep its object.
final class WeakObject {
    weak var object: WidgetObject?
    init(_ object: WidgetObject) { self.object = object }
}

/// ipywidgets in the language: the widget classes (`IntSlider(...)`), `interact`,
/// `jslink` and `explore`, as names and as the `ipywidgets` module, over one
/// ``WidgetManager``. The bridge knows the language and the widget layer; neither
/// knows the other.
///
/// Made before the interpreter (whose extension values it provides) and bound to it
/// after; a kernel then attaches its comms, so that widgets reach the frontend:
/// ```swift
/// let bridge = WidgetBridge()
/// let interpreter = bridge.makeInterpreter(output: sink, extensions: [], engineContext: EngineContext())
/// bridge.attach(comms: services.comms, currentRequest: services.currentRequest, log: services.log)   // in a kernel
/// ```
public final class WidgetBridge: @unchecked Sendable {
    /// The widgets; replaced by ``attach(comms:currentRequest:log:)`` (before any cell runs).
    public private(set) var manager: WidgetManager
    private weak var boundInterpreter: Interpreter?
    private let lock = NSRecursiveLock()
    /// The language object of each widget by model id, so that `box.children[0] is
    /// slider`, also once the widget is closed (a container still holds it).
    private var objects: [String: WidgetObject] = [:]
    /// Closed widgets' objects, held by the language only (weakly here).
    private var closedObjects: [String: WeakObject] = [:]
    /// Explorers, kept while their widgets are open.
    private var explorers: [Explorer] = []
    /// Whether a cell is running (observers then raise into it) or not (a frontend
    /// change between cells: observers' errors are shown, not raised).
    private var cellDepth = 0
    /// How deep each capturing Output widget is in `with out:` blocks.
    var captureDepth: [ObjectIdentifier: Int] = [:]
    /// The header `msg_id` of the request being handled; nil without a kernel.
    private var currentRequest: (@Sendable () -> JSONValue)?
    /// What an observer raised in a cell, raised once the change that fired it is made.
    var pendingObserverError: Diagnostic?

    public init() {
        manager = WidgetManager(comms: nil)
    }

    /// The interpreter whose callables observers call.
    public func bind(_ interpreter: Interpreter) { boundInterpreter = interpreter }

    /// An interpreter with the widgets' names and modules, bound to this bridge.
    public func makeInterpreter(output: OutputSink, extensions: [Builtin], engineContext: EngineContext) -> Interpreter {
        let interpreter = Interpreter(output: output, extensions: extensions, extensionValues: values,
                                      extensionModules: modules, engineContext: engineContext)
        bind(interpreter)
        return interpreter
    }

    /// Widgets from now on open comms on `comms` (a kernel's), and the frontend may open
    /// its own and ask for every widget's state.
    /// - Parameter currentRequest: the header of the request being handled (an Output
    ///   widget capturing output records its `msg_id`).
    public func attach(comms: CommManager, currentRequest: @escaping @Sendable () -> JSONValue, log: KernelLog = KernelLog()) {
        lock.withLock {
            manager = WidgetManager(comms: comms, log: log)
            self.currentRequest = currentRequest
        }
        manager.onFrontendError = { [weak self] widget, error in self?.frontendRefused(widget, error) }
    }

    func currentRequestID() -> String? {
        lock.withLock { currentRequest }.flatMap { $0()["msg_id"].string }
    }

    /// A frontend change ipywidgets refuses: shown as ipywidgets shows it (`showtraceback`).
    private func frontendRefused(_ widget: Widget, _ error: WidgetError) {
        interpreter?.output.showTraceback(WidgetErrors.diagnostic(error))
    }

    /// Whether a frontend can show widgets at all (a kernel, rather than `convlab run`).
    public var hasFrontend: Bool { manager.comms != nil }

    var interpreter: Interpreter? { boundInterpreter }

    /// Runs a cell (or anything that runs the language with a cell's error handling):
    /// observers fired meanwhile raise into it.
    public func runningCell<T>(_ body: () -> T) -> T {
        lock.withLock { cellDepth += 1 }
        pendingObserverError = nil
        defer { lock.withLock { cellDepth -= 1 } }
        return body()
    }

    var inCell: Bool { lock.withLock { cellDepth > 0 } }

    // MARK: - Objects

    /// The language's object for `widget`, the same one each time.
    func object(for widget: Widget) -> WidgetObject {
        lock.withLock {
            if let known = objects[widget.modelID] ?? closedObjects[widget.modelID]?.object { return known }
            sweepClosed()
            let made = WidgetObject(widget, bridge: self)
            objects[widget.modelID] = made
            return made
        }
    }

    /// The object of the widget with `modelID`, open or closed, while the language holds it.
    func object(modelID: String) -> WidgetObject? {
        lock.withLock {
            if let widget = manager.widget(modelID) { return objects[modelID] ?? object(for: widget) }
            return objects[modelID] ?? closedObjects[modelID]?.object
        }
    }

    /// Keeps `explorer` (whose widgets' observers hold it only weakly) while its widgets are open.
    func keep(_ explorer: Explorer) {
        lock.withLock { explorers.append(explorer) }
    }

    /// Holds closed widgets' objects weakly from now on, and lets go of closed explorers,
    /// so what is closed is freed once the language drops it.
    private func sweepClosed() {
        for (id, object) in objects where object.widget.isClosed {
            objects[id] = nil
            closedObjects[id] = WeakObject(object)
        }
        closedObjects = closedObjects.filter { $0.value.object != nil }
        explorers.removeAll { $0.isClosed }
    }

    // MARK: - What the language sees

    /// The names the bridge adds: every widget class, `interact`, `interactive`,
    /// `fixed`, `jslink`, `jsdlink`, `explore`.
    public var values: [String: Value] {
        var names: [String: Value] = [:]
        for cls in classes.values { names[cls.name] = .classObject(cls) }
        for builtin in functions { names[builtin.name] = .function(builtin) }
        names["fixed"] = .classObject(InteractBuiltins.fixedClass)
        names["TraitError"] = .exceptionType(WidgetErrors.traitError)
        return names
    }

    /// `ipywidgets` (and `ipywidgets.widgets`), for `import ipywidgets as widgets` and
    /// `from ipywidgets import interact, IntSlider`.
    public var modules: [Namespace] {
        var members = values
        members.removeValue(forKey: "explore")
        members.removeValue(forKey: "TraitError")
        return [Namespace(name: "ipywidgets", members: members), Namespace(name: "ipywidgets.widgets", members: members)]
    }

    /// The widget classes by name, made once (so `isinstance` holds across imports).
    lazy var classes: [String: ClassObject] = WidgetClasses.make(self)

    /// ipywidgets' `interactive`, the VBox `interact` shows.
    lazy var interactiveClass = ClassObject.host("interactive", module: "ipywidgets.widgets.interaction", base: classes["VBox"], constructor: nil)

    private lazy var functions: [Builtin] = {
        [InteractBuiltins.interact(self), InteractBuiltins.interactive(self),
         LinkBuiltins.jslink(self), LinkBuiltins.jsdlink(self), ExploreBuiltin.explore(self)]
    }()
}

import ConvEngine
import ConvLang
import Foundation
import JupyterKernel
import JupyterWidgets

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
/// bridge.attach(comms: services.comms, currentRequest: services.currentRequest)   // in a kernel; else widgets stay local
/// ```
public final class WidgetBridge: @unchecked Sendable {
    /// The widgets; replaced by ``attach(comms:)`` (before any cell runs).
    public private(set) var manager: WidgetManager
    private weak var boundInterpreter: Interpreter?
    private let lock = NSRecursiveLock()
    /// The language object of each widget, so that `box.children[0] is slider`.
    private var objects: [ObjectIdentifier: WidgetObject] = [:]
    /// Whether a cell is running (observers then raise into it) or not (a frontend
    /// change between cells: observers' errors are printed).
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
    public func attach(comms: CommManager, currentRequest: @escaping @Sendable () -> JSONValue) {
        lock.withLock {
            manager = WidgetManager(comms: comms)
            self.currentRequest = currentRequest
        }
        manager.onFrontendError = { [weak self] widget, error in self?.frontendRefused(widget, error) }
    }

    func currentRequestID() -> String? {
        lock.withLock { currentRequest }.flatMap { $0()["msg_id"].string }
    }

    /// A frontend change ipywidgets refuses: shown as the traceback ipywidgets prints.
    private func frontendRefused(_ widget: Widget, _ error: WidgetError) {
        interpreter?.output.write("\(error.pythonName): \(error.message)\n", to: .stderr)
    }

    /// Whether a frontend can show widgets at all (a kernel, rather than `convlab run`).
    public var hasFrontend: Bool { manager.comms != nil }

    var interpreter: Interpreter? { boundInterpreter }

    /// Runs a cell (or anything that runs the language with a cell's error handling):
    /// observers fired meanwhile raise into it.
    public func runningCell<T>(_ body: () -> T) -> T {
        lock.withLock { cellDepth += 1 }
        defer { lock.withLock { cellDepth -= 1 } }
        return body()
    }

    var inCell: Bool { lock.withLock { cellDepth > 0 } }

    // MARK: - Objects

    /// The language's object for `widget`, the same one each time.
    func object(for widget: Widget) -> WidgetObject {
        lock.withLock {
            if let known = objects[ObjectIdentifier(widget)] { return known }
            let made = WidgetObject(widget, bridge: self)
            objects[ObjectIdentifier(widget)] = made
            return made
        }
    }

    /// Forgets a closed widget's object (the manager has forgotten the widget).
    func forget(_ widget: Widget) {
        _ = lock.withLock { objects.removeValue(forKey: ObjectIdentifier(widget)) }
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

/// A Python object whose behaviour a module outside ConvLang defines (the widget
/// bridge's `IntSlider`): its class, its repr, its attributes and its display bundle.
/// ConvLang stores it as ``Value/host(_:)`` and asks it what the language needs.
///
/// Host objects are Python objects with identity: `is` and `==` compare the object,
/// `hash` and dict keys use its identity, and they are true. Their class is a
/// ``ClassObject`` made by ``ClassObject/host(_:module:base:constructor:methods:)``,
/// so `type(w)`, `isinstance(w, IntSlider)` and `help(IntSlider)` work; its methods
/// (`w.observe`) are ``Builtin``s that read the object from ``Call/receiver``.
///
/// ```swift
/// final class Counter: HostObject {
///     static let cls = ClassObject.host("Counter", module: "demo.counters",
///         constructor: Builtin("Counter", "start=0", summary: "A counter.", example: "Counter(3)") { (call) throws(Diagnostic) in
///             .host(Counter(count: try call.int("start")))
///         },
///         methods: [Builtin("Counter.bump", "self", summary: "Adds one.", example: "c.bump()") { (call) throws(Diagnostic) in
///             guard case .host(let c as Counter)? = call.receiver else { return .none }
///             c.count += 1
///             return .int(Int64(c.count))
///         }])
///     var count: Int
///     init(count: Int) { self.count = count }
///     var hostClass: ClassObject { Self.cls }
///     var reprText: String { "Counter(\(count))" }
///     var attributeNames: [String] { ["count"] }
///     func attribute(_ name: String, in interpreter: Interpreter) throws(Diagnostic) -> Value? {
///         name == "count" ? .int(Int64(count)) : nil
///     }
/// }
/// let interpreter = Interpreter(output: sink, extensionValues: ["Counter": .classObject(Counter.cls)])
/// ```
///
/// Errors thrown by a host's members surface as Python exceptions: a ``Diagnostic``
/// of a builtin category (`Diagnostic(.type, ...)`), or of the host's own exception
/// class (`Diagnostic(raising: ExceptionObject(type: traitError, args: [...]), at: nil)`,
/// with `traitError = ExceptionType("TraitError", [.exception], module: "traitlets.traitlets")`),
/// which `except Exception` catches and tracebacks name. An error without a place is
/// placed at the expression that reached the member.
public protocol HostObject: AnyObject {
    /// Its class: `type(obj)` and its `__name__`, `isinstance`, its methods.
    var hostClass: ClassObject { get }
    /// `repr(obj)`: what the REPL, `print` and `str` show.
    var reprText: String { get }
    /// `str(obj)` when it differs from the repr; `nil` (the default) for the repr.
    var strText: String? { get }
    /// Its attributes' names (not its class's methods), for `dir()`, completion and
    /// "did you mean".
    var attributeNames: [String] { get }
    /// `obj.name`; `nil` when it has no attribute `name` (the class's methods are found
    /// after it).
    func attribute(_ name: String, in interpreter: Interpreter) throws(Diagnostic) -> Value?
    /// `obj.name = value`; `false` when it has no attribute `name` that can be set (an
    /// AttributeError follows). A value of the wrong kind throws the host's own error.
    func setAttribute(_ name: String, to value: Value, in interpreter: Interpreter) throws(Diagnostic) -> Bool
    /// `obj[key]` (a traitlets change read as `change['new']`); `nil` (the default):
    /// not subscriptable. A missing key throws the host's KeyError.
    func item(_ key: Value, in interpreter: Interpreter) throws(Diagnostic) -> Value?
    /// The MIME bundle `display(obj)` and a cell ending in `obj` publish (such as
    /// `application/vnd.jupyter.widget-view+json`, a JSON text); `text/plain` is always
    /// the repr. `nil` (the default): the repr alone.
    func mimeBundle() -> [String: String]?
}

extension HostObject {
    public var reprText: String { "<\(hostClass.module).\(hostClass.qualifiedName) object at \(PythonAddress.text(of: self))>" }
    public var strText: String? { nil }
    public var attributeNames: [String] { [] }
    public func attribute(_ name: String, in interpreter: Interpreter) throws(Diagnostic) -> Value? { nil }
    public func setAttribute(_ name: String, to value: Value, in interpreter: Interpreter) throws(Diagnostic) -> Bool { false }
    public func mimeBundle() -> [String: String]? { nil }
    public func item(_ key: Value, in interpreter: Interpreter) throws(Diagnostic) -> Value? { nil }
}

extension ClassObject {
    /// A class whose objects a module outside ConvLang makes (``HostObject``).
    ///
    /// Calling the class runs `constructor` (bound by its signature, as any builtin:
    /// defaults, keyword-only parameters, `**kwargs`), which returns the new object
    /// as ``Value/host(_:)``. It prints as `<class 'module.Name'>`; `isinstance` holds
    /// for its objects and those of classes deriving from it. The language cannot
    /// subclass it (`class Mine(Name)` is a NotImplementedError).
    /// - Parameters:
    ///   - name: `__name__` (`IntSlider`).
    ///   - module: `__module__` (`ipywidgets.widgets.widget_int`).
    ///   - base: the class it derives from (another host class); `object` by default.
    ///   - constructor: what calling the class runs; its summary and example are the
    ///     class's help. Without one, calling the class is refused (a base class).
    ///   - methods: bound to an object when read from it (`w.observe`), their
    ///     ``Builtin/name`` the attribute; a derived class finds its bases' too. Their
    ///     signatures leave out `self`; argument errors read as CPython's for a method
    ///     named by the ``Builtin/qualifiedName`` (`Counter.bump() takes from 1 to 2
    ///     positional arguments but 3 were given`), and the constructor's as
    ///     `Counter.__init__()`'s.
    public static func host(_ name: String, module: String, base: ClassObject? = nil, constructor: Builtin?,
                            methods: [Builtin] = []) -> ClassObject {
        var initializer = constructor
        initializer?.pythonMethodName = "\(name).__init__"
        let cls = ClassObject(name: name, module: module, bases: [base ?? BuiltinTypes.object], nativeKind: .value, constructor: initializer)
        cls.hostMethods = MemberTable.methods(methods.map { method in
            var named = method
            named.pythonMethodName = method.qualifiedName
            return named
        })
        return cls
    }

    /// Whether a module outside ConvLang defines the class (``host(_:module:base:constructor:methods:)``).
    public var isHostClass: Bool { hostMethods != nil }

    /// The method `name` of a host class or of its bases.
    func hostMethod(_ name: String) -> Builtin? {
        for c in mro { if let method = c.hostMethods?[name] { return method } }
        return nil
    }

    /// The names of a host class's methods, its own first.
    var hostMethodNames: [String] {
        var seen = Set<String>()
        return mro.flatMap { ($0.hostMethods ?? [:]).keys.sorted() }.filter { seen.insert($0).inserted }
    }
}

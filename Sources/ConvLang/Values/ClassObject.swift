import Foundation

/// A Python class: a user's `class` statement, or a builtin type (`int`, `list`,
/// `torch.Tensor`, `nn.Module`) as a value that `type(x)` gives and `isinstance` takes.
///
/// A class has bases, its method resolution order (C3, as CPython computes it) and a
/// namespace (its `__dict__`: methods, class attributes, descriptors). Calling it
/// makes an instance (``InstanceObject``) and runs `__init__`; calling a builtin type
/// runs its converter (`int("3")`).
///
/// ```
/// class Point:            # ClassObject(name: "Point", bases: [object])
///     dims = 2            # namespace["dims"]
///     def norm(self): ... # namespace["norm"], bound on access from an instance
/// ```
public final class ClassObject: CycleTracked, @unchecked Sendable {
    /// What a builtin type's instances are made of. `nil` for user classes, which
    /// inherit their bases' kind. (Exception classes are ``ExceptionType``s, not
    /// classes of this kind: `class ShapeError(ValueError)` makes one.)
    public enum NativeKind: Sendable, Hashable {
        case object
        /// A Python or PyTorch type whose values are not ``InstanceObject``s (`int`,
        /// `torch.Tensor`): such a type cannot be subclassed in ConvLang yet.
        case value
        /// `torch.nn.Module`: subclasses are modules (``ModuleKind/user(_:)``).
        case module
    }

    /// `__name__`.
    public let name: String
    /// `__qualname__` (`Outer.Inner`, `f.<locals>.C`).
    public let qualifiedName: String
    /// `__module__`: `__main__` for the user's classes, `builtins` for Python's types.
    public let module: String
    /// Constant, except that the cycle collector empties an unreachable class's.
    public internal(set) var bases: [ClassObject]
    /// The method resolution order, this class first (`__mro__`). A class holds itself
    /// here: only the cycle collector frees a class.
    public internal(set) var mro: [ClassObject] = []
    /// The class's own attributes (`__dict__`), in definition order.
    let namespace: DictObject
    /// Set for builtin types; user classes take their bases'.
    let nativeKind: NativeKind?
    /// A builtin type's converter (`int(x)`, `list(x)`), called when the type is.
    let constructor: Builtin?
    /// The session that defined a user class: dunders such as `__repr__` and `__bool__`
    /// run in it when a value is printed or tested outside a call.
    weak var interpreter: Interpreter?
    /// A host class's methods (``ClassObject/host(_:module:base:constructor:methods:)``);
    /// `nil` for every other class.
    var hostMethods: [String: Builtin]?

    init(name: String, qualifiedName: String? = nil, module: String, bases: [ClassObject], namespace: DictObject = DictObject(),
         nativeKind: NativeKind? = nil, constructor: Builtin? = nil) {
        self.name = name
        self.qualifiedName = qualifiedName ?? name
        self.module = module
        self.bases = bases
        self.namespace = namespace
        self.nativeKind = nativeKind
        self.constructor = constructor
        // Builtin and host types live as long as the process and serve every session.
        super.init(tracked: nativeKind == nil)
        if nativeKind != nil { namespace.stopTracking() }
        self.mro = [self] + (bases.count == 1 ? bases[0].mro : [])
    }

    /// Whether it is one of the language's own types rather than a user's class.
    public var isBuiltin: Bool { nativeKind != nil }

    /// The native kind of the nearest builtin base (`object` for plain classes).
    var instanceKind: NativeKind {
        for c in mro { if let kind = c.nativeKind, kind != .object { return kind } }
        return .object
    }

    /// `<class '__main__.Point'>`, `<class 'int'>`, `<class 'torch.Tensor'>`.
    public var reprText: String {
        module == "builtins" ? "<class '\(qualifiedName)'>" : "<class '\(module).\(qualifiedName)'>"
    }

    /// Whether `other` is this class or one of its bases.
    func isSubclass(of other: ClassObject) -> Bool {
        mro.contains { $0.isSame(as: other) }
    }

    /// The same class: one object, or the same builtin type.
    func isSame(as other: ClassObject) -> Bool {
        self === other || (isBuiltin && other.isBuiltin && module == other.module && qualifiedName == other.qualifiedName)
    }

    /// The first class in the MRO (from `start`, after it when `after` is set) whose
    /// namespace holds `name`, and the value found there.
    func lookup(_ name: String, after start: ClassObject? = nil) -> (owner: ClassObject, value: Value)? {
        var classes = mro[...]
        if let start, let i = mro.firstIndex(where: { $0.isSame(as: start) }) { classes = mro[(i + 1)...] }
        for c in classes { if let value = c.namespace.value(named: name) { return (c, value) } }
        return nil
    }

    /// C3 linearization of the bases, as CPython's `mro()`.
    /// - Throws: CPython's TypeError when no consistent order exists.
    func computeMRO(at range: SourceRange) throws(Diagnostic) {
        var sequences = bases.map(\.mro) + [bases]
        var result: [ClassObject] = [self]
        while true {
            sequences = sequences.filter { !$0.isEmpty }
            if sequences.isEmpty { break }
            var candidate: ClassObject?
            for sequence in sequences {
                let head = sequence[0]
                let inTail = sequences.contains { $0.dropFirst().contains { $0.isSame(as: head) } }
                if !inTail { candidate = head; break }
            }
            guard let next = candidate else {
                let names = bases.map(\.name).joined(separator: ", ")
                throw Diagnostic(.type, "Cannot create a consistent method resolution\norder (MRO) for bases \(names)", range)
            }
            result.append(next)
            sequences = sequences.map { seq in seq.first.map { $0.isSame(as: next) } == true ? Array(seq.dropFirst()) : seq }
        }
        mro = result
    }
}

/// An instance of a user's class: its class and its attributes (`__dict__`, shared
/// with whoever reads `obj.__dict__`).
public final class InstanceObject: CycleTracked, @unchecked Sendable {
    public let cls: ClassObject
    let attributes = DictObject()
    init(cls: ClassObject) {
        self.cls = cls
        super.init()
        attributes.isInstanceAttributes = true
    }

    /// `<__main__.Point object at 0x7f...>`.
    var defaultRepr: String {
        "<\(cls.module).\(cls.qualifiedName) object at \(PythonAddress.text(of: self))>"
    }
}

/// A function bound to the object it was read from (`p.norm`): calling it passes
/// `receiver` first. For a classmethod, the receiver is the class.
public final class BoundMethod: CycleTracked, @unchecked Sendable {
    public let function: Value
    public let receiver: Value

    init(function: Value, receiver: Value) {
        self.function = function
        self.receiver = receiver
    }

    /// Python's `==` for bound methods: the same function bound to the same object
    /// (`obj.f == obj.f`, though each read makes a new bound method).
    public func isSame(as other: BoundMethod) -> Bool {
        Value.identical(receiver, other.receiver) && Value.identical(function, other.function)
    }

    /// `Point.norm`.
    var qualifiedName: String {
        switch function {
        case .userFunction(let f): f.qualifiedName
        case .function(let b): b.qualifiedName
        default: "method"
        }
    }
}

/// What `@staticmethod`, `@classmethod` and `@property` make: a class attribute that
/// changes how reading it from an instance or class behaves.
public enum Descriptor: @unchecked Sendable {
    case staticMethod(Value)
    case classMethod(Value)
    case property(PropertyObject)
    /// A builtin class's method (`object.__init__`, `Module.__init__`): bound on access
    /// like a function.
    case nativeMethod(Builtin)

    var typeName: String {
        switch self {
        case .staticMethod: "staticmethod"
        case .classMethod: "classmethod"
        case .property: "property"
        case .nativeMethod: "wrapper_descriptor"
        }
    }
}

/// `property(fget, fset)`: a getter and an optional setter (`@x.setter`).
public final class PropertyObject: @unchecked Sendable {
    let getter: Value?
    let setter: Value?
    let deleter: Value?

    init(getter: Value?, setter: Value? = nil, deleter: Value? = nil) {
        self.getter = getter
        self.setter = setter
        self.deleter = deleter
    }
}

/// What `super()` gives: attribute lookups start after `start` in the MRO of
/// `receiver`'s class.
public struct SuperObject: @unchecked Sendable {
    let start: ClassObject
    /// The instance (or, in a classmethod, the class) the lookups bind to.
    let receiver: Value
    /// The class whose MRO is searched.
    let receiverClass: ClassObject
}

/// CPython-style object addresses (`0x7f3a9c1b2d40`): twelve hex digits.
enum PythonAddress {
    static func text(of object: AnyObject) -> String {
        let address = String(UInt(bitPattern: ObjectIdentifier(object).hashValue) & 0xFFFF_FFFF_FFFF, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 12 - address.count)) + address
    }
}

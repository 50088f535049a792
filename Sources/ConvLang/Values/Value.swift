import ConvEngine

/// A ConvLang value. Lists, dicts, tensors and modules are references, as in Python and
/// PyTorch: `m = l` then `m.append(1)` changes `l`, `w = conv.weight` then `w.data = K`
/// changes the layer. Numbers, strings and tuples are values.
public enum Value: @unchecked Sendable {
    case none
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    /// A list, shared by every name and container that holds it (``newList(_:)``
    /// makes one).
    case list(ListObject)
    case tuple([Value])
    /// A dict or an `OrderedDict` (what `state_dict()` returns), shared like a list
    /// (``newDict(_:ordered:)`` makes one).
    case dict(DictObject)
    case tensor(TensorBox)
    /// `torch.Size`.
    case size([Int])
    /// Python's `range`.
    case range(PythonRange)
    /// A `torch.device`, by its type (`"cpu"`).
    case device(String)
    /// An `nn.Module` (`nn.Conv2d(...)`, `nn.Sequential(...)`), shared by reference.
    case nnModule(ModuleObject)
    case function(Builtin)
    /// A function made by `def` or `lambda`.
    case userFunction(UserFunction)
    /// A method bound to its receiver (`x.size`).
    indirect case method(receiver: Value, name: String)
    case module(Namespace)
    indirect case slice(start: Int?, stop: Int?, step: Int?)
    case ellipsis
    case dtype(DType)
    /// A named tuple such as `torch.return_types.max(values=..., indices=...)`.
    case record(type: String, fields: [(name: String, value: Value)])
    /// A value that prints as fixed text, such as `<All keys matched successfully>`.
    case opaque(String)
    /// Rendered output (an explanation, a diagram): a MIME bundle whose `text/plain`
    /// is what consoles and `print` show.
    case rich(RichOutput)
    /// The elements a tensor shares with its views (`x.untyped_storage()`).
    case storage(TensorBuffer)
    /// A NumPy array, or a NumPy scalar such as `np.float32(0.5)` (see ``ArrayBox``).
    case ndarray(ArrayBox)
    /// A NumPy dtype (`a.dtype`, `np.dtype('float32')`) or scalar type (`np.float32`).
    case numpyDType(NumpyDType)
    /// A lazy iterator: `iter(l)`, `zip(a, b)`, `map(f, l)`, a generator expression.
    case iterator(IteratorObject)
    /// A `set` or `frozenset`, shared like a list (``SetObject``).
    case set(SetObject)
    /// `d.keys()`, `d.values()`, `d.items()`: live views of a dict.
    case dictView(DictObject, DictViewKind)
    /// A Python exception (`ValueError('bad')`), made by calling its class or caught
    /// by `except ... as e`.
    case exception(ExceptionObject)
    /// An exception class (`ValueError`): called to make an exception, named by `except`.
    case exceptionType(ExceptionType)
    /// `torch.no_grad()` and the other grad-mode context managers.
    case gradMode(GradModeManager)
    /// A node of the autograd graph (`y.grad_fn`, `next_functions`' entries).
    case gradientNode(GradientNode)
    /// A class: the user's (`class Point:`) or a builtin type (`int`, `torch.Tensor`).
    case classObject(ClassObject)
    /// An instance of a user's class.
    case instance(InstanceObject)
    /// A user function (or a builtin method) bound to its receiver (`p.norm`).
    case boundMethod(BoundMethod)
    /// A `staticmethod`, `classmethod` or `property` object.
    indirect case descriptor(Descriptor)
    /// What `super()` returns.
    indirect case superObject(SuperObject)
    /// A `torch.optim` optimiser (`torch.optim.SGD(...)`), shared by reference.
    case optimizer(OptimizerObject)
    /// An object another module defines (a widget): see ``HostObject``.
    case host(any HostObject)

    /// Python's `type(x).__name__`.
    public var typeName: String {
        switch self {
        case .none: "NoneType"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "str"
        case .list: "list"
        case .tuple: "tuple"
        case .dict(let dict): dict.ordered ? "OrderedDict" : "dict"
        case .tensor(let box): box.isParameter ? "Parameter" : "Tensor"
        case .size: "Size"
        case .range: "range"
        case .device: "device"
        case .nnModule(let module): module.className
        case .function: "builtin_function_or_method"
        case .userFunction: "function"
        case .method(.host, _): "method"
        case .method: "builtin_function_or_method"
        case .module: "module"
        case .slice: "slice"
        case .ellipsis: "ellipsis"
        case .dtype: "dtype"
        case .record(let type, _): type.split(separator: ".").last.map(String.init) ?? type
        case .opaque: "object"
        case .rich(let r): r.typeName
        case .storage: "UntypedStorage"
        case .ndarray(let box): box.typeName
        case .numpyDType(let d): d.typeName
        case .iterator(let it): it.typeName
        case .set(let set): set.isFrozen ? "frozenset" : "set"
        case .dictView(let dict, let kind): (dict.ordered ? "odict_" : "dict_") + kind.rawValue
        case .exception(let e): e.type.name
        case .exceptionType: "type"
        case .gradMode(let m): m.className
        case .gradientNode(let node): node.name
        case .classObject: "type"
        case .instance(let object): object.cls.name
        case .boundMethod(let m): if case .userFunction = m.function { "method" } else { "builtin_function_or_method" }
        case .descriptor(let d): d.typeName
        case .superObject: "super"
        case .optimizer(let o): o.algorithm.className
        case .host(let object): object.hostClass.name
        }
    }
}

/// A MIME bundle made by a renderer; `text/plain` is always present.
public struct RichOutput: Sendable, Hashable {
    /// MIME type to content: `text/plain`, `text/markdown`, `text/html`, `image/svg+xml`.
    public var bundle: [String: String]
    /// The name `type(x)` gives (`Explanation`, `Diagram`).
    public var typeName: String

    public init(typeName: String, plain: String, extra: [String: String] = [:]) {
        self.typeName = typeName
        self.bundle = extra.merging(["text/plain": plain]) { _, plain in plain }
    }

    public var plainText: String { bundle["text/plain"] ?? "" }
}

/// A tensor held by reference, so that aliases see in-place changes.
public class TensorBox: @unchecked Sendable {
    public var tensor: Tensor
    /// Whether it is an `nn.Parameter` (a layer's weight or bias).
    public var isParameter: Bool

    /// - Parameter isParameter: an `nn.Parameter`, which requires grad (a layer's
    ///   floating-point weight) unless told otherwise afterwards.
    public init(_ tensor: Tensor, isParameter: Bool = false) {
        self.tensor = tensor
        self.isParameter = isParameter
        if isParameter, tensor.dtype.isFloatingPoint { try? tensor.setRequiresGrad(true) }
        if tensor.requiresGrad, tensor.isLeaf, tensor.autograd.languageObject == nil { tensor.autograd.languageObject = self }
    }

    /// Marks this object as the Python object of its tensor for autograd (a leaf that
    /// now requires grad), so that `grad_fn.next_functions[0][0].variable is x`.
    func adoptAsLanguageObject() {
        tensor.autograd.languageObject = self
    }
}

/// A module's members: `torch`, `torch.nn`, `torch.nn.functional`, `numpy`, or a
/// module another module adds (`Interpreter(output:extensionModules:)`).
public final class Namespace: Sendable {
    /// The dotted name `import` finds it by (`ipywidgets.widgets`).
    public let name: String
    public let members: [String: Value]

    public init(name: String, members: [String: Value]) {
        self.name = name
        self.members = members
    }
}

extension Value {
    static func tensor(_ t: Tensor) -> Value { .tensor(TensorBox(t)) }

    /// A new list holding `items`.
    public static func newList(_ items: [Value] = []) -> Value { .list(ListObject(items)) }

    /// The items of a list or tuple; `nil` for anything else.
    public var listOrTupleItems: [Value]? {
        switch self {
        case .list(let list): list.items
        case .tuple(let items): items
        default: nil
        }
    }

    /// A new dict (or `OrderedDict`) holding `entries`, whose keys must be distinct.
    public static func newDict(_ entries: [(key: Value, value: Value)] = [], ordered: Bool = false) -> Value {
        .dict(DictObject(entries, ordered: ordered))
    }

    /// Whether the value is a tensor.
    var isTensor: Bool { if case .tensor = self { true } else { false } }

    /// Python truthiness.
    func truthValue(at range: SourceRange) throws(Diagnostic) -> Bool {
        switch self {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .list(let list): return !list.items.isEmpty
        case .tuple(let items): return !items.isEmpty
        case .dict(let dict): return !dict.entries.isEmpty
        case .size(let dims): return !dims.isEmpty
        case .range(let r): return r.count > 0
        case .tensor(let box):
            guard box.tensor.count == 1 else {
                throw Diagnostic(.runtime, box.tensor.count == 0 ? "Boolean value of Tensor with no values is ambiguous"
                                 : "Boolean value of Tensor with more than one value is ambiguous", range)
            }
            return box.tensor.doubles[0] != 0
        case .ndarray(let box): return try box.truthValue(at: range)
        case .nnModule(let module): return (ContainerModules.length(module) ?? 1) > 0
        case .set(let set): return set.count > 0
        case .dictView(let dict, _): return !dict.entries.isEmpty
        case .instance(let object):
            guard let interpreter = object.cls.interpreter else { return true }
            return try interpreter.instanceTruth(object, at: range)
        default: return true
        }
    }
}

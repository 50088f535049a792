import ConvEngine

/// Python's and PyTorch's types as class values: what `type(x)` returns and
/// `isinstance` takes. `int`, `float`, `str`, `bool`, `list`, `tuple` and `dict` are
/// still their converters when called (`int("3")`).
enum BuiltinTypes {
    static let object = ClassObject(name: "object", module: "builtins", bases: [], namespace: methods(["__init__": objectInit, "__setattr__": objectSetattr]),
                                    nativeKind: .object)
    static let type = native("type", constructor: TypeBuiltins.type)
    static let int = native("int", constructor: python("int"))
    /// `bool` is a subclass of `int`, as in Python.
    static let bool = ClassObject(name: "bool", module: "builtins", bases: [int], nativeKind: .value, constructor: python("bool"))
    static let float = native("float", constructor: python("float"))
    static let str = native("str", constructor: python("str"))
    static let list = native("list", constructor: python("list"))
    static let tuple = native("tuple", constructor: python("tuple"))
    static let dict = native("dict", constructor: python("dict"))
    static let orderedDict = ClassObject(name: "OrderedDict", module: "collections", bases: [dict], nativeKind: .value,
                                         constructor: GlobalBuiltins.orderedDict)
    static let superType = native("super", constructor: TypeBuiltins.superBuiltin)
    static let staticMethod = native("staticmethod", constructor: TypeBuiltins.staticMethod)
    static let classMethod = native("classmethod", constructor: TypeBuiltins.classMethod)
    static let property = native("property", constructor: TypeBuiltins.property)
    /// `torch.Tensor`; calling it is PyTorch's legacy constructor.
    static let tensor = ClassObject(name: "Tensor", module: "torch", bases: [object], nativeKind: .value,
                                    constructor: TorchBuiltins.all.first { $0.qualifiedName == "torch.Tensor" })
    static let parameter = ClassObject(name: "Parameter", module: "torch.nn.parameter", bases: [tensor], nativeKind: .value,
                                       constructor: LayerBuiltins.parameter)
    static let size = ClassObject(name: "Size", module: "torch", bases: [tuple], nativeKind: .value,
                                  constructor: TorchBuiltins.all.first { $0.qualifiedName == "torch.Size" })
    /// `nn.Module`: the base of every layer; a user class deriving from it is a module.
    static let module = ClassObject(name: "Module", module: "torch.nn.modules.module", bases: [object],
                                    namespace: methods(["__init__": Interpreter.moduleInit, "__setattr__": Interpreter.moduleSetattr]),
                                    nativeKind: .module)

    /// A builtin class's namespace of methods.
    private static func methods(_ methods: KeyValuePairs<String, Builtin>) -> DictObject {
        DictObject(methods.map { (key: .string($0.key), value: .descriptor(.nativeMethod($0.value))) })
    }

    /// `object.__init__`, what `super().__init__()` reaches at the top of the MRO.
    static let objectInit = Builtin("object.__init__", "self, *args, **kwargs", summary: "Does nothing: the end of the __init__ chain.",
                                    example: "super().__init__()") { (call) throws(Diagnostic) in
        if case .tuple(let args) = call["args"], !args.isEmpty {
            throw Diagnostic(.type, "object.__init__() takes exactly one argument (the instance to initialize)", call.range)
        }
        if case .dict(let kwargs) = call["kwargs"], !kwargs.entries.isEmpty {
            throw Diagnostic(.type, "object.__init__() takes exactly one argument (the instance to initialize)", call.range)
        }
        return .none
    }

    /// `object.__setattr__`, what a user's `__setattr__` calls to store.
    static let objectSetattr = Builtin("object.__setattr__", "self, name, value, /", summary: "Stores an attribute on the instance.",
                                       example: "object.__setattr__(self, name, value)") { (call) throws(Diagnostic) in
        let name = try call.string("name")
        switch call["self"] {
        case .instance(let object): try call.interpreter.storeInstanceAttribute(object, name, call["value"], at: call.range)
        case .nnModule: return try Interpreter.moduleSetattr.body(&call)
        default: throw Diagnostic(.type, "can't apply this __setattr__ to \(call["self"].typeName) object", call.range)
        }
        return .none
    }

    /// The names bound without a prefix (`int`, `object`, `super`, ...).
    static let globals: [String: Value] = Dictionary(
        [object, type, int, bool, float, str, list, tuple, dict, superType, staticMethod, classMethod, property].map { ($0.name, .classObject($0)) },
        uniquingKeysWith: { a, _ in a })

    private static func native(_ name: String, constructor: Builtin?) -> ClassObject {
        ClassObject(name: name, module: "builtins", bases: [object], nativeKind: .value, constructor: constructor)
    }

    private static func python(_ name: String) -> Builtin? {
        GlobalBuiltins.python.first { $0.name == name } ?? (name == "dict" ? DictMethods.constructor : nil)
    }

    /// `type(value)`.
    static func classOf(_ value: Value) -> ClassObject {
        switch value {
        case .instance(let object): return object.cls
        case .bool: return bool
        case .int: return int
        case .float: return float
        case .string: return str
        case .list: return list
        case .tuple: return tuple
        case .dict(let d): return d.ordered ? orderedDict : dict
        case .tensor(let box): return box.isParameter ? parameter : tensor
        case .size: return size
        case .classObject: return type
        case .descriptor(.staticMethod): return staticMethod
        case .descriptor(.classMethod): return classMethod
        case .descriptor(.property): return property
        case .superObject: return superType
        case .optimizer(let o): return o.algorithm.classObject
        case .host(let object): return object.hostClass
        case .nnModule(let m):
            return m.userClass ?? moduleClass(m.className)
        case .device: return ClassObject(name: "device", module: "torch", bases: [object], nativeKind: .value)
        case .dtype: return ClassObject(name: "dtype", module: "torch", bases: [object], nativeKind: .value)
        case .record(let type, _):
            let parts = type.split(separator: ".")
            return ClassObject(name: String(parts.last ?? ""), module: parts.dropLast().joined(separator: "."), bases: [tuple], nativeKind: .value)
        case .numpyDType(let d) where d.isScalarType: return type
        case .storage: return ClassObject(name: "UntypedStorage", module: "torch.storage", bases: [object], nativeKind: .value)
        default:
            // `numpy.ndarray`, `numpy.float32`: the module is in the type's name.
            let parts = value.typeName.split(separator: ".")
            return ClassObject(name: String(parts.last ?? ""), module: parts.count > 1 ? parts.dropLast().joined(separator: ".") : "builtins",
                               bases: [object], nativeKind: .value)
        }
    }

    /// What `isinstance`'s second argument names: a class, or a layer constructor
    /// (`nn.Conv2d`), whose layers are its instances.
    static func classInfo(_ value: Value) -> ClassObject? {
        switch value {
        case .classObject(let c): return c
        case .function(let f) where f.qualifiedName.hasPrefix("torch.nn.") && f.name.first?.isUppercase == true:
            return moduleClass(f.name)
        default: return nil
        }
    }

    /// A builtin module class (`torch.nn.modules.conv.Conv2d`), a subclass of `nn.Module`.
    static func moduleClass(_ name: String) -> ClassObject {
        let files: [(prefix: String, file: String)] = [
            ("ConvTranspose", "conv"), ("Conv", "conv"), ("BatchNorm", "batchnorm"), ("Sequential", "container"), ("ModuleList", "container"),
            ("ModuleDict", "container"), ("ReLU", "activation"), ("LeakyReLU", "activation"), ("Tanh", "activation"), ("Sigmoid", "activation"),
            ("Linear", "linear"), ("Identity", "linear"), ("Flatten", "flatten"), ("Upsample", "upsampling"), ("PixelShuffle", "pixelshuffle"),
            ("PixelUnshuffle", "pixelshuffle"), ("MaxPool", "pooling"), ("AvgPool", "pooling"), ("Dropout", "dropout"), ("MSELoss", "loss"), ("L1Loss", "loss"),
        ]
        let file = files.first { name.hasPrefix($0.prefix) }?.file ?? "module"
        return ClassObject(name: name, module: "torch.nn.modules.\(file)", bases: [module], nativeKind: .value)
    }
}

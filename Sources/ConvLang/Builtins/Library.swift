import ConvEngine

/// The modules ConvLang provides and the names available without a prefix.
enum Library {
    static let functional = Namespace(name: "torch.nn.functional", members: members(FunctionalBuiltins.all + NNFunctions.functional + LossFunctions.functional))
    static let initialization = Namespace(name: "torch.nn.init", members: members(InitBuiltins.all))
    static let nn = Namespace(name: "torch.nn", members: members(LayerBuiltins.all + LossModule.constructors)
        .merging(["functional": .module(functional), "init": .module(initialization)]) { a, _ in a }
        .merging(["Module": .classObject(BuiltinTypes.module), "Parameter": .classObject(BuiltinTypes.parameter)]) { _, type in type })
    static let optim = Namespace(name: "torch.optim", members: [
        "Optimizer": .classObject(OptimizerTypes.optimizer), "SGD": .classObject(OptimizerTypes.sgd), "Adam": .classObject(OptimizerTypes.adam),
    ])
    static let autograd = Namespace(name: "torch.autograd", members: members(AutogradBuiltins.functions))
    static let torch = Namespace(name: "torch", members: members(TorchBuiltins.all + NNFunctions.torch + GradModeBuiltins.all)
        .merging(["nn": .module(nn), "autograd": .module(autograd), "optim": .module(optim), "Tensor": .classObject(BuiltinTypes.tensor), "Size": .classObject(BuiltinTypes.size)]) { _, type in type }
        .merging(torchDTypes) { a, _ in a })
    static let numpy = Namespace(name: "numpy", members: members(NumpyBuiltins.all)
        .merging(NumpyBuiltins.scalarTypes) { a, _ in a })

    /// `torch.float32` and its aliases (`torch.float`, `torch.half`, `torch.long`, ...).
    static let torchDTypes: [String: Value] = {
        var names: [String: Value] = [:]
        for dtype in DType.allCases { names[dtype.rawValue] = .dtype(dtype) }
        let aliases: [String: DType] = ["float": .float32, "double": .float64, "half": .float16, "long": .int64,
                                        "int": .int32, "short": .int16]
        for (alias, dtype) in aliases { names[alias] = .dtype(dtype) }
        for format in [MemoryFormat.preserve, MemoryFormat.contiguous] {
            names[String(format.dropFirst("torch.".count))] = .opaque(format)
        }
        return names
    }()
    static let collections = Namespace(name: "collections", members: ["OrderedDict": .classObject(BuiltinTypes.orderedDict)])
    static let math = Namespace(name: "math", members: members(MathModule.functions).merging(MathModule.constants) { a, _ in a })
    static let time = Namespace(name: "time", members: members(TimeModule.functions))
    static let gc = Namespace(name: "gc", members: members(GCModule.functions))
    /// IPython's display functions, which notebook code imports (`from IPython.display
    /// import display, clear_output`).
    static let ipythonDisplay = Namespace(name: "IPython.display", members: members([GlobalBuiltins.display, GlobalBuiltins.clearOutput]))
    static let ipython = Namespace(name: "IPython", members: ["display": .module(ipythonDisplay)])

    /// Modules bound in every session before any import, so pasted snippets that assume
    /// them run: `torch`, `nn`, `F`, `np`.
    static let preboundModules: [(String, Value)] = [
        ("torch", .module(torch)), ("nn", .module(nn)), ("F", .module(functional)), ("np", .module(numpy)),
    ]

    /// Names that need no prefix: Python's builtins, ConvLab's own, and every torch,
    /// `nn` and `F` function (`rand`, `conv_transpose2d`, `ConvTranspose2d`).
    static let globals: [String: Value] = {
        var names: [String: Value] = [:]
        for builtin in TorchBuiltins.all + NNFunctions.torch + FunctionalBuiltins.all + NNFunctions.functional + LayerBuiltins.all
            + LossFunctions.functional + LossModule.constructors { names[builtin.name] = .function(builtin) }
        for builtin in GlobalBuiltins.all + TypeBuiltins.all { names[builtin.name] = .function(builtin) }
        names["OrderedDict"] = .classObject(BuiltinTypes.orderedDict)
        names["NotImplemented"] = Interpreter.notImplemented
        names["Parameter"] = .classObject(BuiltinTypes.parameter)
        // The types that convert when called (`int`, `list`) are classes (`type(1) is int`).
        names.merge(BuiltinTypes.globals) { _, type in type }
        for (name, type) in ExceptionType.builtins { names[name] = .exceptionType(type) }
        return names
    }()

    private static func members(_ builtins: [Builtin]) -> [String: Value] {
        Dictionary(builtins.map { ($0.name, Value.function($0)) }, uniquingKeysWith: { a, _ in a })
    }

    /// The module at a dotted path (`import torch.nn.functional as F`).
    /// - Parameter alsoKnown: the modules a session adds, for the error's note.
    static func module(_ path: [String], at range: SourceRange, alsoKnown: [String] = []) throws(Diagnostic) -> Value {
        switch path.joined(separator: ".") {
        case "torch": return .module(torch)
        case "torch.nn": return .module(nn)
        case "torch.nn.functional": return .module(functional)
        case "torch.nn.init": return .module(initialization)
        case "torch.autograd": return .module(autograd)
        case "torch.optim": return .module(optim)
        case "numpy": return .module(numpy)
        case "collections": return .module(collections)
        case "math": return .module(math)
        case "time": return .module(time)
        case "gc": return .module(gc)
        case "getpass": return .module(InputBuiltins.getpassModule)
        case "IPython": return .module(ipython)
        case "IPython.display": return .module(ipythonDisplay)
        case let name:
            let known = ["torch", "torch.nn", "torch.nn.functional", "torch.nn.init", "torch.autograd", "torch.optim", "numpy", "collections", "math", "time", "gc", "getpass",
                         "IPython", "IPython.display"] + alsoKnown
            throw Diagnostic(.module, "No module named '\(name)'", range,
                             note: Suggestions.didYouMean(name, among: known) ?? "ConvLang provides \(known.joined(separator: ", "))")
        }
    }
}

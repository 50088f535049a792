import ConvEngine

/// The methods of `nn.Module`, one table for every module (`parameters()`,
/// `state_dict()`, `train()`, ...); `forward` comes from the module's kind.
///
/// `parameters()`, `children()`, `modules()` and their `named_` forms return generators,
/// as PyTorch's do (over the members as they are when called).
enum ModuleMembers {
    /// The method `name` of `module`, if it has one.
    static func lookup(_ module: ModuleObject, _ name: String) -> Builtin? {
        if name == "forward" { return forward(of: module) }
        if module.native is any ContainerModule { return ContainerModules.methods[name] ?? methods[name] }
        return methods[name]
    }

    /// The method names of `module` (for completion and "did you mean").
    static func names(for module: ModuleObject) -> [String] {
        ["forward"] + Array(methods.keys) + (module.native is any ContainerModule ? Array(ContainerModules.methods.keys) : [])
    }

    /// What `module(x)` and `module.forward(x)` run.
    static func forward(of module: ModuleObject) -> Builtin {
        switch module.kind {
        case .native(let native): native.forward
        case .user: ContainerModules.missingForward
        }
    }

    static let methods: [String: Builtin] = Dictionary(
        (traversal + state + modes + registration).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    static func method(_ name: String, _ signature: String, _ summary: String, _ example: String,
                               _ body: @escaping @Sendable (ModuleObject, inout Call) throws(Diagnostic) -> Value) -> Builtin {
        Builtin("Module.\(name)", signature, summary: summary, example: example) { (call) throws(Diagnostic) in
            try body(call.selfModule(), &call)
        }
    }

    // MARK: - Traversal

    /// A generator, as PyTorch's traversal methods return: its items are listed when
    /// it is first advanced (`<generator object Module.parameters at 0x...>`).
    static func generator(_ qualifiedName: String, _ items: @escaping () -> [Value]) -> Value {
        var pending: [Value]?
        var index = 0
        return .iterator(IteratorObject("generator", qualifiedName: qualifiedName) { _, _ in
            if pending == nil { pending = items() }
            guard let list = pending, index < list.count else { return nil }
            defer { index += 1 }
            return list[index]
        })
    }

    static let traversal: [Builtin] = [
        method("parameters", "recurse=True", "The parameters of the module and its sub-modules, in registration order, as a generator.",
               "sum(p.numel() for p in net.parameters())") { module, call throws(Diagnostic) in
            let recurse = try call.bool("recurse")
            return generator("Module.parameters") { ModuleTree.namedParameters(module, recurse: recurse).map { .tensor($0.tensor) } }
        },
        method("named_parameters", "prefix='', recurse=True, remove_duplicate=True", "(name, parameter) pairs, names prefixed by their sub-module's path ('0.weight').",
               "list(net.named_parameters())") { module, call throws(Diagnostic) in
            let pairs = ModuleTree.namedParameters(module, prefix: try call.string("prefix"), recurse: try call.bool("recurse"),
                                                   removeDuplicate: try call.bool("remove_duplicate"))
            return generator("Module.named_parameters") { pairs.map { .tuple([.string($0.name), .tensor($0.tensor)]) } }
        },
        method("buffers", "recurse=True", "The buffers (BatchNorm's running statistics) of the module and its sub-modules.",
               "list(bn.buffers())") { module, call throws(Diagnostic) in
            let recurse = try call.bool("recurse")
            return generator("Module.buffers") { ModuleTree.namedBuffers(module, recurse: recurse).map { .tensor($0.tensor) } }
        },
        method("named_buffers", "prefix='', recurse=True, remove_duplicate=True", "(name, buffer) pairs ('1.running_mean').",
               "list(net.named_buffers())") { module, call throws(Diagnostic) in
            let pairs = ModuleTree.namedBuffers(module, prefix: try call.string("prefix"), recurse: try call.bool("recurse"),
                                                removeDuplicate: try call.bool("remove_duplicate"))
            return generator("Module.named_buffers") { pairs.map { .tuple([.string($0.name), .tensor($0.tensor)]) } }
        },
        method("children", "", "The direct sub-modules.", "list(net.children())") { module, _ in
            generator("Module.children") { ModuleTree.namedChildren(module).map { .nnModule($0.module) } }
        },
        method("named_children", "", "(name, sub-module) pairs of the direct sub-modules.", "list(net.named_children())") { module, _ in
            generator("Module.named_children") { ModuleTree.namedChildren(module).map { .tuple([.string($0.name), .nnModule($0.module)]) } }
        },
        method("modules", "", "The module and every sub-module, depth first.", "list(net.modules())") { module, _ in
            generator("Module.modules") { ModuleTree.namedModules(module).map { .nnModule($0.module) } }
        },
        method("named_modules", "memo=None, prefix='', remove_duplicate=True", "(path, module) pairs, the module itself first with path ''.",
               "list(net.named_modules())") { module, call throws(Diagnostic) in
            guard case .none = call["memo"] else {
                throw Diagnostic(.notImplemented, "ConvLang does not take named_modules(memo=...) yet", call.range(of: "memo"))
            }
            let pairs = ModuleTree.namedModules(module, prefix: try call.string("prefix"), removeDuplicate: try call.bool("remove_duplicate"))
            return generator("Module.named_modules") { pairs.map { .tuple([.string($0.name), .nnModule($0.module)]) } }
        },
        method("apply", "fn", "Calls fn on every sub-module, then on the module itself; returns the module.",
               "net.apply(init_weights)") { module, call throws(Diagnostic) in
            try ModuleTree.apply(call["fn"], to: module, call)
            return .nnModule(module)
        },
    ]

    /// A generator object `Module.<name>` over `items`.
    // MARK: - State

    static let state: [Builtin] = [
        method("state_dict", "*args, destination=None, prefix='', keep_vars=False",
               "Parameters and persistent buffers by path ('0.weight', '1.running_mean'), in an OrderedDict sharing their elements.",
               "net.state_dict()") { module, call throws(Diagnostic) in
            guard case .tuple(let extra) = call["args"], extra.isEmpty, case .none = call["destination"] else {
                throw Diagnostic(.notImplemented, "ConvLang does not take state_dict(destination=...) yet", call.range)
            }
            let keep = try call.bool("keep_vars")
            let entries = ModuleTree.stateDict(module, prefix: try call.string("prefix")).map { entry -> (key: Value, value: Value) in
                // Without keep_vars PyTorch hands out detached tensors: the same elements, no grad.
                (.string(entry.name), .tensor(keep ? entry.tensor : TensorBox(entry.tensor.tensor.detached())))
            }
            return .newDict(entries, ordered: true)
        },
        method("load_state_dict", "state_dict, strict=True, assign=False",
               "Copies tensors in by path; with strict, every key must match, as in PyTorch.",
               "net.load_state_dict(other.state_dict())") { module, call throws(Diagnostic) in
            guard case .dict(let dict) = call["state_dict"] else {
                throw Diagnostic(.type, "Expected state_dict to be dict-like, got <class '\(call["state_dict"].typeName)'>.", call.range(of: "state_dict"))
            }
            if try call.bool("assign") {
                throw Diagnostic(.notImplemented, "ConvLang does not take load_state_dict(assign=True) yet", call.range(of: "assign"))
            }
            return try StateDictLoader.load(dict, into: module, strict: try call.bool("strict"), call)
        },
        method("extra_repr", "", "What the module's repr shows between its parentheses.", "conv.extra_repr()") { module, _ in
            .string(module.native?.extraRepr(module) ?? "")  // a user's extra_repr is found on its class first
        },
        method("_get_name", "", "The module's class name.", "m._get_name()") { module, _ in .string(module.className) },
        method("zero_grad", "set_to_none=True", "Clears the parameters' gradients: .grad set to None, or zeroed in place with set_to_none=False.",
               "net.zero_grad()") { module, call throws(Diagnostic) in
            let setToNone = try call["set_to_none"].truthValue(at: call.range(of: "set_to_none"))
            for entry in ModuleTree.namedParameters(module) {
                try OptimizerStep.zeroGrad(of: entry.tensor.tensor, setToNone: setToNone, call)
            }
            return .none
        },
        method("requires_grad_", "requires_grad=True", "Sets requires_grad on every parameter (False freezes them); returns the module.",
               "net.requires_grad_(False)") { module, call throws(Diagnostic) in
            let flag = try call.bool("requires_grad")
            for entry in ModuleTree.namedParameters(module) {
                try call.engine { () throws(EngineError) in try entry.tensor.tensor.setRequiresGrad(flag) }
            }
            return .nnModule(module)
        },
        method("cpu", "", "The module (ConvLab computes on the CPU).", "net.cpu()") { module, _ in .nnModule(module) },
        method("to", "device=None, dtype=None, non_blocking=False",
               "The module with its floating-point parameters and buffers converted to dtype (on the CPU; other devices are refused).",
               "net.to(torch.float64)") { module, call throws(Diagnostic) in
            var dtype: DType?
            switch call["device"] {
            case .none, .device("cpu"), .string("cpu"): break
            case .dtype(let d): dtype = d
            default:
                throw Diagnostic(.notImplemented, "ConvLang does not move modules to \(call["device"].strText) yet (only the CPU)", call.range(of: "device"))
            }
            switch call["dtype"] {
            case .none: break
            case .dtype(let d): dtype = d
            default: throw call.typeError("dtype", expected: "torch.dtype")
            }
            if let dtype { try ModuleTree.convertFloatingState(module, to: dtype, at: call.range) }
            return .nnModule(module)
        },
        method("double", "", "The module with its floating-point parameters and buffers converted to float64.", "net.double()") { module, call throws(Diagnostic) in
            try ModuleTree.convertFloatingState(module, to: .float64, at: call.range)
            return .nnModule(module)
        },
        method("float", "", "The module with its floating-point parameters and buffers converted to float32.", "net.float()") { module, call throws(Diagnostic) in
            try ModuleTree.convertFloatingState(module, to: .float32, at: call.range)
            return .nnModule(module)
        },
    ]

    // MARK: - Modes

    static let modes: [Builtin] = [
        method("train", "mode=True", "Sets training mode (BatchNorm uses batch statistics, Dropout drops) on the module and its sub-modules; returns it.",
               "net.train()") { module, call throws(Diagnostic) in
            guard case .bool(let mode) = call["mode"] else {
                throw Diagnostic(.value, "training mode is expected to be boolean", call.range(of: "mode"))
            }
            ModuleTree.setTraining(module, mode)
            return .nnModule(module)
        },
        method("eval", "", "Sets evaluation mode (BatchNorm uses its running statistics, Dropout passes through); returns the module.",
               "net.eval()") { module, _ in
            ModuleTree.setTraining(module, false)
            return .nnModule(module)
        },
    ]

    // MARK: - Registration

    static let registration: [Builtin] = [
        method("register_buffer", "name, tensor, persistent=True", "Adds a buffer: a tensor saved in state_dict that is not a parameter.",
               "self.register_buffer('mask', torch.ones(3))") { module, call throws(Diagnostic) in
            try ModuleAttributes.registerBuffer(module, try name(call, "buffer"), call["tensor"], persistent: try call.bool("persistent"), at: call.range)
            return .none
        },
        method("register_parameter", "name, param", "Adds a parameter (an nn.Parameter, or None).",
               "conv.register_parameter('scale', nn.Parameter(torch.ones(1)))") { module, call throws(Diagnostic) in
            try ModuleAttributes.registerParameter(module, try name(call, "parameter"), call["param"], at: call.range)
            return .none
        },
        method("add_module", "name, module", "Adds a sub-module under name.", "net.add_module('act', nn.ReLU())") { module, call throws(Diagnostic) in
            try ModuleAttributes.addModule(module, try name(call, "module"), call["module"], at: call.range)
            return .none
        },
    ]

    private static func name(_ call: Call, _ kind: String) throws(Diagnostic) -> String {
        guard case .string(let name) = call["name"] else {
            throw Diagnostic(.type, "\(kind) name should be a string. Got \(ModuleAttributes.typeName(call["name"]))", call.range(of: "name"))
        }
        return name
    }
}

extension Call {
    /// The receiver of a module method.
    func selfModule() -> ModuleObject {
        if case .nnModule(let module)? = receiver { return module }
        preconditionFailure("module method without a module receiver")
    }
}

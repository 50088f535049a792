import ConvEngine

/// A module that holds its sub-modules as a list, numbered `0`, `1`, ...: indexing,
/// slicing, `len`, iteration and `append` work on it.
protocol ContainerModule: NativeModule {}

/// `nn.Sequential`: runs its modules one after another.
struct SequentialModule: ContainerModule {
    var className: String { "Sequential" }
    var forward: Builtin { ContainerModules.sequentialForward }
}

/// `nn.ModuleList`: holds modules; it has no `forward`.
struct ModuleListModule: ContainerModule {
    var className: String { "ModuleList" }
    var forward: Builtin { ContainerModules.missingForward }
}

/// `nn.Sequential`, `nn.ModuleList` and what they add to `nn.Module`: indexing,
/// `len`, iteration, `append`, `extend`, `insert`.
enum ContainerModules {
    static let constructors: [Builtin] = [sequential, moduleList]

    static let sequential = Builtin("torch.nn.Sequential", "*args",
                                    summary: "Modules run one after another; give them in order, or as an OrderedDict of names to modules.",
                                    example: "net = nn.Sequential(nn.ConvTranspose2d(100, 64, 4, 1, 0, bias=False), nn.BatchNorm2d(64), nn.ReLU(True))") { (call) throws(Diagnostic) in
        let module = ModuleObject(.native(SequentialModule()))
        guard case .tuple(let args) = call["args"] else { return .nnModule(module) }
        if args.count == 1, case .dict(let dict) = args[0], dict.ordered {
            for entry in dict.entries {
                try ModuleAttributes.addModule(module, try moduleName(entry.key, call), entry.value, at: call.range(of: "args"))
            }
        } else {
            for (i, arg) in args.enumerated() { try ModuleAttributes.addModule(module, String(i), arg, at: call.range(of: "args")) }
        }
        return .nnModule(module)
    }

    static let moduleList = Builtin("torch.nn.ModuleList", "modules=None",
                                    summary: "A list of modules, registered as sub-modules (so parameters() sees them); it has no forward.",
                                    example: "blocks = nn.ModuleList([nn.Conv2d(8, 8, 3, padding=1) for _ in range(3)])") { (call) throws(Diagnostic) in
        let module = ModuleObject(.native(ModuleListModule()))
        if case .none = call["modules"] { return .nnModule(module) }
        try extend(module, call["modules"], call, name: "modules")
        return .nnModule(module)
    }

    private static func moduleName(_ key: Value, _ call: Call) throws(Diagnostic) -> String {
        guard case .string(let name) = key else {
            throw Diagnostic(.type, "module name should be a string. Got \(ModuleAttributes.typeName(key))", call.range(of: "args"))
        }
        return name
    }

    static let sequentialForward = Builtin("Sequential.forward", "input", summary: "The input passed through every module in turn.",
                                           example: "net(x)") { (call) throws(Diagnostic) in
        var value = call["input"]
        for (_, child) in call.selfModule().children {
            if call.interpreter.cancellation.isCancelled { throw Diagnostic(.interrupt, "", call.range) }
            value = try call.interpreter.call(.nnModule(child), [Argument(value: value, kind: .positional, range: call.range(of: "input"))],
                                              calleeRange: call.range, at: call.range)
        }
        return value
    }

    static let missingForward = Builtin("Module._forward_unimplemented", "*input", summary: "A ModuleList cannot be called: it has no forward.",
                                        example: "for block in blocks: x = block(x)") { (call) throws(Diagnostic) in
        throw Diagnostic(.notImplemented, "Module [\(call.selfModule().className)] is missing the required \"forward\" function", call.range)
    }

    static let methods: [String: Builtin] = Dictionary(uniqueKeysWithValues: [
        ModuleMembers.method("append", "module", "Adds module at the end; returns the container.", "net.append(nn.ReLU())") { module, call throws(Diagnostic) in
            try ModuleAttributes.addModule(module, String(module.modules.count), call["module"], at: call.range(of: "module"))
            return .nnModule(module)
        },
        ModuleMembers.method("extend", "modules", "Adds each module of an iterable at the end; returns the container.",
                             "blocks.extend([nn.ReLU(), nn.Tanh()])") { module, call throws(Diagnostic) in
            try extend(module, call["modules"], call, name: "modules")
            return .nnModule(module)
        },
        ModuleMembers.method("insert", "index, module", "Puts module before position index, moving the later ones up.",
                             "net.insert(1, nn.ReLU())") { module, call throws(Diagnostic) in
            guard case .nnModule(let inserted) = call["module"] else {
                throw Diagnostic(.runtime, "module should be of type: <class 'torch.nn.modules.module.Module'>", call.range(of: "module"), kind: "AssertionError")
            }
            let n = module.modules.count
            var index = try call.int("index")
            guard -n <= index && index <= n else { throw Diagnostic(.index, "Index out of range: \(index)", call.range(of: "index")) }
            if index < 0 { index += n }
            var items = module.modules.entries.map(\.value)
            items.insert(inserted, at: index)
            renumber(module, items)
            return .nnModule(module)
        },
    ].map { ($0.name, $0) })

    private static func extend(_ module: ModuleObject, _ modules: Value, _ call: Call, name: String) throws(Diagnostic) {
        let items: [Value]
        do { items = try call.interpreter.items(of: modules, at: call.range(of: name)) } catch {
            throw Diagnostic(.type, "ModuleList.extend should be called with an iterable, but got \(modules.typeName)", call.range(of: name))
        }
        let offset = module.modules.count
        for (i, item) in items.enumerated() { try ModuleAttributes.addModule(module, String(offset + i), item, at: call.range(of: name)) }
    }

    /// The sub-modules renamed `0`, `1`, ... in order.
    private static func renumber(_ module: ModuleObject, _ items: [ModuleObject?]) {
        module.modules = OrderedTable()
        for (i, item) in items.enumerated() { module.modules.set(String(i), item) }
    }

    // MARK: - Sequence protocol

    /// `len(container)`.
    static func length(_ module: ModuleObject) -> Int? {
        module.native is any ContainerModule ? module.modules.count : nil
    }

    /// `for m in container`: the sub-modules (`None` ones too, as PyTorch yields them).
    static func items(_ module: ModuleObject) -> [Value]? {
        guard module.native is any ContainerModule else { return nil }
        return module.modules.entries.map { $0.value.map { .nnModule($0) } ?? Value.none }
    }

    /// `container[i]` or `container[a:b]` (a new container of the same kind sharing the modules).
    static func item(_ module: ModuleObject, _ items: [IndexItem], _ interpreter: Interpreter, at range: SourceRange) throws(Diagnostic) -> Value? {
        guard let native = module.native as? any ContainerModule, let all = self.items(module) else { return nil }
        guard items.count == 1 else { throw Diagnostic(.type, "'tuple' object cannot be interpreted as an integer", range) }
        switch items[0] {
        case .slice:
            let picked = try interpreter.getItem(.tuple(all), items, at: range)
            let slice = ModuleObject(.native(native))
            let names = try interpreter.getItem(.tuple(module.modules.keys.map { .string($0) }), items, at: range)
            for (key, value) in zip(names.listOrTupleItems ?? [], picked.listOrTupleItems ?? []) {
                // A Sequential's slice keeps the names; a ModuleList's is numbered anew.
                let name = native is SequentialModule ? key.strText : String(slice.modules.count)
                if case .nnModule(let m) = value { slice.modules.set(name, m) } else { slice.modules.set(name, nil) }
            }
            return .nnModule(slice)
        case .index(let value, let indexRange):
            let index = try position(value, count: all.count, at: indexRange)
            return all[index]
        }
    }

    /// `container[i] = module`.
    static func setItem(_ module: ModuleObject, _ items: [IndexItem], _ value: Value, at range: SourceRange) throws(Diagnostic) -> Bool {
        guard module.native is any ContainerModule else { return false }
        guard items.count == 1, case .index(let indexValue, let indexRange) = items[0] else {
            throw Diagnostic(.notImplemented, "ConvLang does not assign to a slice of a module container yet", range)
        }
        let index = try position(indexValue, count: module.modules.count, at: indexRange)
        try ModuleAttributes.set(module, module.modules.keys[index], value, at: range)
        return true
    }

    private static func position(_ value: Value, count: Int, at range: SourceRange) throws(Diagnostic) -> Int {
        let index: Int
        switch value {
        case .int(let i): index = Int(i)
        case .bool(let b): index = b ? 1 : 0
        default: throw Diagnostic(.type, "'\(value.typeName)' object cannot be interpreted as an integer", range)
        }
        guard -count <= index && index < count else { throw Diagnostic(.index, "index \(index) is out of range", range) }
        return index < 0 ? index + count : index
    }
}

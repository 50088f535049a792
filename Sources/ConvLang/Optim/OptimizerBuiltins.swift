import ConvEngine

/// `torch.optim.SGD(...)` and `torch.optim.Adam(...)`: PyTorch's argument checks and
/// messages, the defaults in PyTorch 2.15's order (the keys of every param group and
/// of `print(optimizer)`), and `Optimizer.__init__`/`add_param_group`.
///
/// ConvLab runs PyTorch's CPU single-tensor path (what PyTorch picks on the CPU by
/// default); `foreach`, `fused`, `capturable`, `differentiable` and tensor learning
/// rates are refused (NotImplementedError) rather than run another way.
enum OptimizerBuiltins {
    static let sgd = Builtin("torch.optim.SGD", "params, lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False, *, maximize=False, foreach=None, differentiable=False, fused=None",
                             summary: "Stochastic gradient descent, optionally with momentum (Nesterov's too) and weight decay, over params (net.parameters(), a list, or param-group dicts).",
                             example: "opt = torch.optim.SGD(net.parameters(), lr=0.03, momentum=0.9)") { (call) throws(Diagnostic) in
        let lr = try number(call, "lr"), momentum = try number(call, "momentum"), weightDecay = try number(call, "weight_decay")
        if lr < 0 { throw Diagnostic(.value, "Invalid learning rate: \(call["lr"].strText)", call.range(of: "lr")) }
        if momentum < 0 { throw Diagnostic(.value, "Invalid momentum value: \(call["momentum"].strText)", call.range(of: "momentum")) }
        if weightDecay < 0 { throw Diagnostic(.value, "Invalid weight_decay value: \(call["weight_decay"].strText)", call.range(of: "weight_decay")) }
        let names = ["lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize", "foreach", "differentiable", "fused"]
        let dampening = try number(call, "dampening")
        if try call["nesterov"].truthValue(at: call.range), momentum <= 0 || dampening != 0 {
            throw Diagnostic(.value, "Nesterov momentum requires a momentum and zero dampening", call.range)
        }
        try refuseUnsupported(call, ["foreach", "differentiable", "fused"])
        return try make(.sgd, call, defaults: names)
    }

    static let adam = Builtin("torch.optim.Adam", "params, lr=0.001, betas=None, eps=1e-08, weight_decay=0, amsgrad=False, *, foreach=None, maximize=False, capturable=False, differentiable=False, fused=None, decoupled_weight_decay=False",
                              summary: "Adam: steps scaled by running averages of the gradient and its square, bias-corrected; amsgrad and decoupled (AdamW) weight decay as options.",
                              example: "opt = torch.optim.Adam(net.parameters(), lr=1e-3)") { (call) throws(Diagnostic) in
        let lr = try number(call, "lr"), eps = try number(call, "eps")
        // The signature's default is (0.9, 0.999); `None` stands for it there.
        if call["betas"].isNone { call.values["betas"] = .tuple([.float(0.9), .float(0.999)]) }
        guard let betas = call["betas"].listOrTupleItems, betas.count == 2 else { throw call.typeError("betas", expected: "tuple of two floats") }
        if lr < 0 { throw Diagnostic(.value, "Invalid learning rate: \(call["lr"].strText)", call.range(of: "lr")) }
        if eps < 0 { throw Diagnostic(.value, "Invalid epsilon value: \(call["eps"].strText)", call.range(of: "eps")) }
        for (i, beta) in betas.enumerated() {
            guard let b = numberValue(beta) else {
                throw Diagnostic(.notImplemented, "ConvLab does not take tensor betas yet", call.range(of: "betas"))
            }
            if !(0 <= b && b < 1) { throw Diagnostic(.value, "Invalid beta parameter at index \(i): \(beta.strText)", call.range(of: "betas")) }
        }
        if try number(call, "weight_decay") < 0 {
            throw Diagnostic(.value, "Invalid weight_decay value: \(call["weight_decay"].strText)", call.range(of: "weight_decay"))
        }
        guard betas.allSatisfy({ if case .float = $0 { true } else { false } }) else {
            throw Diagnostic(.value, "betas must be either both floats or both Tensors", call.range(of: "betas"))
        }
        call.values["betas"] = .tuple(betas)
        try refuseUnsupported(call, ["foreach", "capturable", "differentiable", "fused"])
        return try make(.adam, call, defaults: ["lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "foreach", "capturable",
                                                "differentiable", "fused", "decoupled_weight_decay"])
    }

    /// `torch.optim.Optimizer(...)` itself: ConvLab makes only its subclasses.
    static let abstractConstructor = Builtin("torch.optim.Optimizer", "params, defaults", summary: "The base class of the optimisers.",
                                             example: "isinstance(opt, torch.optim.Optimizer)") { (call) throws(Diagnostic) in
        throw Diagnostic(.notImplemented, "ConvLab does not make a bare torch.optim.Optimizer yet: use torch.optim.SGD or torch.optim.Adam", call.range)
    }

    /// The optimiser with these defaults, after `Optimizer.__init__`'s checks on params.
    private static func make(_ algorithm: OptimizerAlgorithm, _ call: Call, defaults names: [String]) throws(Diagnostic) -> Value {
        let defaults = DictObject(names.map { (key: Value.string($0), value: call[$0]) })
        let optimizer = OptimizerObject(algorithm, defaults: defaults)
        let params = call["params"]
        if case .tensor(let box) = params {
            throw Diagnostic(.type, "params argument given to the optimizer should be an iterable of Tensors or dicts, but got \(box.tensor.dtype.legacyTensorTypeName)",
                             call.range(of: "params"))
        }
        var items: [Value] = []
        _ = try call.interpreter.forEach(in: params, at: call.range(of: "params")) { item throws(Diagnostic) in
            items.append(item)
            return nil
        }
        guard !items.isEmpty else { throw Diagnostic(.value, "optimizer got an empty parameter list", call.range) }
        if case .dict = items[0] {} else { items = [.newDict([(.string("params"), .newList(items))])] }
        for group in items { try addParamGroup(group, to: optimizer, call) }
        return .optimizer(optimizer)
    }

    /// `Optimizer.add_param_group(param_group)`: the dict, its `params` made a list and
    /// every missing setting filled from the defaults, appended to `param_groups`.
    static func addParamGroup(_ value: Value, to optimizer: OptimizerObject, _ call: Call) throws(Diagnostic) {
        guard case .dict(let group) = value else {
            throw Diagnostic(.type, "param_group must be a dict, but got \(BuiltinTypes.classOf(value).reprText)", call.range)
        }
        guard let params = group.value(named: "params") else { throw Diagnostic.keyError(.string("params"), at: call.range) }
        var tensors: [Value] = []
        switch params {
        case .tensor: tensors = [params]
        case .set:
            throw Diagnostic(.type, "optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.", call.range)
        default:
            _ = try call.interpreter.forEach(in: params, at: call.range) { item throws(Diagnostic) in
                tensors.append(item)
                return nil
            }
        }
        for param in tensors {
            guard case .tensor(let box) = param else {
                if case .tuple = param {
                    throw Diagnostic(.notImplemented, "ConvLab does not take named parameters (name, tensor) in an optimizer yet", call.range)
                }
                throw Diagnostic(.type, "optimizer can only optimize Tensors, but one of the params is \(qualifiedTypeName(param))", call.range)
            }
            guard box.tensor.isLeaf || box.tensor.retainsGrad else { throw Diagnostic(.value, "can't optimize a non-leaf Tensor", call.range) }
        }
        group.set(.newList(tensors), named: "params")
        for entry in optimizer.defaults.entries where group.index(of: entry.key) == nil {
            group.entries.append(entry)
        }
        let boxes = tensors.compactMap { if case .tensor(let box) = $0 { box } else { nil } }
        if Set(boxes.map(ObjectIdentifier.init)).count != boxes.count {
            call.interpreter.warn("optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information")
        }
        let existing = Set(optimizer.groups.flatMap(OptimizerStep.parameters).map(ObjectIdentifier.init))
        if boxes.contains(where: { existing.contains(ObjectIdentifier($0)) }) {
            throw Diagnostic(.value, "some parameters appear in more than one parameter group", call.range)
        }
        optimizer.paramGroups.items.append(.dict(group))
    }

    /// A setting given as a Python number (`lr=0.1`, `momentum=0`).
    private static func number(_ call: Call, _ name: String) throws(Diagnostic) -> Double {
        if case .tensor = call[name] {
            throw Diagnostic(.notImplemented, "ConvLab does not take a tensor \(name) yet: give a Python number", call.range(of: name))
        }
        guard let value = numberValue(call[name]) else { throw call.typeError(name, expected: "float") }
        return value
    }

    /// A Python number's value (`bool`, `int`, `float`).
    static func numberValue(_ value: Value) -> Double? {
        switch value {
        case .bool(let b): b ? 1 : 0
        case .int(let i): Double(i)
        case .float(let d): d
        default: nil
        }
    }

    /// Options that choose another implementation than the CPU single-tensor path.
    private static func refuseUnsupported(_ call: Call, _ names: [String]) throws(Diagnostic) {
        for name in names where try call[name].truthValue(at: call.range(of: name)) {
            throw Diagnostic(.notImplemented, "ConvLab does not run optimizers with \(name)=True yet (only PyTorch's single-tensor CPU path)", call.range(of: name))
        }
    }

    /// `torch.typename(obj)` of a value that is not a tensor: `int`, `list`, `torch.nn.modules.conv.Conv2d`.
    private static func qualifiedTypeName(_ value: Value) -> String {
        let cls = BuiltinTypes.classOf(value)
        return cls.module == "builtins" ? cls.qualifiedName : "\(cls.module).\(cls.qualifiedName)"
    }
}

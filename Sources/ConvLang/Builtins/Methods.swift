import ConvEngine

/// The methods of layers and of `torch.Size` (each kind's member table is in
/// ``MemberTables``).
enum Methods {
    static let layerForward = Builtin("forward", "input, output_size=None",
                                      summary: "The layer applied to input; for a transposed layer, output_size picks the output padding that reaches that size.",
                                      example: "outputs = transposed_conv(inputs)") { (call) throws(Diagnostic) in
        let box = call.selfLayer()
        let x = try call.tensor("input")
        let outputSize: [Int]? = if case .none = call["output_size"] { nil } else { try call.ints("output_size") }
        let layer = box.current
        let flag = call.interpreter.cancellation
        let plan = try call.engine { () throws(EngineError) in try layer.plan(for: x, outputSize: outputSize) }
        if plan.paddingBefore != plan.paddingAfter, layer.paddingMode == .zeros {
            call.interpreter.warn("Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy of the input be created", once: true)
        }
        return .tensor(try call.engine { () throws(EngineError) in try plan.run(cancellation: flag) })
    }

    static let layer: [String: Builtin] = [
        "forward": layerForward,
        "state_dict": Builtin("state_dict", "", summary: "The layer's parameters by name, in an OrderedDict: weight, then bias.",
                              example: "conv.state_dict()") { (call) throws(Diagnostic) in
            let box = call.selfLayer()
            var entries: [(key: Value, value: Value)] = [(.string("weight"), .tensor(box.weight.tensor))]
            if let bias = box.bias { entries.append((.string("bias"), .tensor(bias.tensor))) }
            return .newDict(entries, ordered: true)
        },
        "load_state_dict": Builtin("load_state_dict", "state_dict, strict=True",
                                   summary: "Copies parameters in by name; with strict, every key must match, as in PyTorch.",
                                   example: "transposed_conv.load_state_dict(OrderedDict([('weight', K)]))") { (call) throws(Diagnostic) in
            let box = call.selfLayer()
            guard case .dict(let dict) = call["state_dict"] else { throw call.typeError("state_dict", expected: "dict") }
            var pairs: [(key: String, value: Tensor)] = []
            for entry in dict.entries {
                guard case .string(let key) = entry.key, case .tensor(let t) = entry.value else {
                    throw Diagnostic(.type, "state_dict entries must map names to tensors", call.range(of: "state_dict"))
                }
                pairs.append((key, t.tensor))
            }
            var layer = box.current
            let strict = try call.bool("strict")
            try call.engine { () throws(EngineError) in try layer.loadStateDict(pairs, strict: strict) }
            box.weight.tensor = layer.weight
            if let bias = layer.bias { box.bias?.tensor = bias }
            return .opaque("<All keys matched successfully>")
        },
        "parameters": Builtin("parameters", "", summary: "The layer's parameters: weight, then bias.", example: "list(conv.parameters())") { (call) throws(Diagnostic) in
            let box = call.selfLayer()
            return .newList([.tensor(box.weight)] + (box.bias.map { [.tensor($0)] } ?? []))
        },
        "eval": Builtin("eval", "", summary: "The layer (convolutions behave the same in training and evaluation).", example: "conv.eval()") { (call) throws(Diagnostic) in
            .layer(call.selfLayer())
        },
        "train": Builtin("train", "mode=True", summary: "The layer (convolutions behave the same in training and evaluation).", example: "conv.train()") { (call) throws(Diagnostic) in
            .layer(call.selfLayer())
        },
    ]

    /// `list` methods: `append`, `pop`, `index`, ...
    static let list = ListMethods.all

    /// `dict` and `OrderedDict` methods: `get`, `update`, `pop`, ...
    static let dict = DictMethods.all

    static let sizeNumel = Builtin("numel", "", summary: "The number of elements a tensor of this size holds.", example: "x.size().numel()") { (call) throws(Diagnostic) in
        guard case .size(let dims)? = call.receiver else { return .none }
        var total: Int64 = 1
        for size in dims { total = try Interpreter.exact(total.multipliedReportingOverflow(by: Int64(size)), at: call.range) }
        return .int(total)
    }
}

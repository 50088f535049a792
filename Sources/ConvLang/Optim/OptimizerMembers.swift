import ConvEngine

/// The members of an optimiser: `param_groups`, `defaults`, `step()`, `zero_grad()`,
/// `state_dict()`, `add_param_group()`.
enum OptimizerMembers {
    static let table = MemberTable(fields: [
        "param_groups": { value, _, _ in .list(optimizer(value).paramGroups) },
        "defaults": { value, _, _ in .dict(optimizer(value).defaults) },
        "state": { _, _, range throws(Diagnostic) in
            throw Diagnostic(.notImplemented, "ConvLab does not give optimizer.state (a defaultdict keyed by tensors) yet: read optimizer.state_dict()['state']", range)
        },
    ], methods: MemberTable.methods(methods))

    private static func optimizer(_ value: Value) -> OptimizerObject {
        if case .optimizer(let o) = value { return o }
        preconditionFailure("optimizer member on another value")
    }

    private static func method(_ name: String, _ signature: String, _ summary: String, _ example: String,
                               _ body: @escaping @Sendable (OptimizerObject, inout Call) throws(Diagnostic) -> Value) -> Builtin {
        Builtin("Optimizer.\(name)", signature, summary: summary, example: example) { (call) throws(Diagnostic) in
            guard case .optimizer(let o)? = call.receiver else { preconditionFailure("optimizer method without an optimizer") }
            return try body(o, &call)
        }
    }

    static let methods: [Builtin] = [
        method("step", "closure=None", "Updates every parameter that has a .grad, as PyTorch's CPU path does; with a closure, runs it first (gradients on) and returns its loss.",
               "opt.step()") { optimizer, call throws(Diagnostic) in
            var loss = Value.none
            if !call["closure"].isNone {
                let mode = call.interpreter.gradMode
                let saved = mode.state
                mode.state.isGradEnabled = true
                defer { mode.state = saved }
                loss = try call.interpreter.call(call["closure"], [], at: call.range)
            }
            try OptimizerStep.step(optimizer, call)
            return loss
        },
        method("zero_grad", "set_to_none=True", "Clears the gradients of every parameter: sets .grad to None, or zeroes it with set_to_none=False.",
               "opt.zero_grad()") { optimizer, call throws(Diagnostic) in
            try OptimizerStep.zeroGrad(optimizer, setToNone: try call["set_to_none"].truthValue(at: call.range(of: "set_to_none")), call)
            return .none
        },
        method("add_param_group", "param_group", "Adds a dict of parameters (and settings that differ from the defaults) as a new group.",
               "opt.add_param_group({'params': head.parameters(), 'lr': 0.01})") { optimizer, call throws(Diagnostic) in
            try OptimizerBuiltins.addParamGroup(call["param_group"], to: optimizer, call)
            return .none
        },
        method("state_dict", "", "{'state': per-parameter state by index, 'param_groups': the groups with params as indices}.",
               "opt.state_dict()['param_groups'][0]['lr']") { optimizer, _ in stateDict(optimizer) },
        method("load_state_dict", "state_dict", "Loads a state dict (not yet in ConvLab).", "opt.load_state_dict(sd)") { _, call throws(Diagnostic) in
            throw Diagnostic(.notImplemented, "ConvLab does not load optimizer state dicts yet", call.range)
        },
    ]

    /// PyTorch's `Optimizer.state_dict()`: parameters numbered in group order, the
    /// state's dicts shared with the optimiser, as PyTorch's are.
    static func stateDict(_ optimizer: OptimizerObject) -> Value {
        var numbers: [ObjectIdentifier: Int] = [:]
        var next = 0
        let groups = optimizer.groups.map { group -> Value in
            var entries = group.entries.filter { if case .string("params") = $0.key { false } else { true } }
            var indices: [Value] = []
            for box in OptimizerStep.parameters(group) {
                let id = ObjectIdentifier(box)
                if numbers[id] == nil { numbers[id] = next + indices.count }
                indices.append(.int(Int64(numbers[id]!)))
            }
            next += indices.count
            entries.append((.string("params"), .newList(indices)))
            return .newDict(entries)
        }
        let state = optimizer.state.compactMap { entry -> (key: Value, value: Value)? in
            guard let number = numbers[ObjectIdentifier(entry.parameter)] else { return nil }
            return (.int(Int64(number)), .dict(entry.entries))
        }
        return .newDict([(.string("state"), .newDict(state)), (.string("param_groups"), .newList(groups))])
    }
}

import ConvEngine

/// `optimizer.step()` and `optimizer.zero_grad()`: each group's settings read from its
/// dict as the step runs (a changed `param_groups[0]['lr']` takes effect), each
/// parameter with a gradient updated by the engine (``SGDUpdate``, ``AdamUpdate``)
/// with gradients off, its state kept in the optimiser's per-parameter dicts.
enum OptimizerStep {
    /// The tensors of a group's `params`.
    static func parameters(_ group: DictObject) -> [TensorBox] {
        group.value(named: "params")?.listOrTupleItems?.compactMap { if case .tensor(let box) = $0 { box } else { nil } } ?? []
    }

    /// One step over every group.
    static func step(_ optimizer: OptimizerObject, _ call: Call) throws(Diagnostic) {
        let interpreter = call.interpreter
        for group in optimizer.groups {
            let settings = try Settings(group, call)
            for box in parameters(group) {
                if interpreter.cancellation.isCancelled { throw Diagnostic(.interrupt, "", call.range) }
                guard let gradient = box.tensor.grad else { continue }
                let parameter = box.tensor
                try call.engine { () throws(EngineError) in
                    try interpreter.gradMode.withGradDisabled { () throws(EngineError) in
                        switch optimizer.algorithm {
                        case .sgd: try stepSGD(parameter, gradient, box, optimizer, try settings.sgd())
                        case .adam: try stepAdam(parameter, gradient, box, optimizer, try settings.adam())
                        }
                    }
                }
            }
        }
    }

    private static func stepSGD(_ parameter: Tensor, _ gradient: Tensor, _ box: TensorBox, _ optimizer: OptimizerObject,
                                _ settings: SGDSettings) throws(EngineError) {
        guard settings.momentum != 0 else {
            _ = try SGDUpdate.step(parameter, gradient: gradient, momentumBuffer: nil, settings)
            return
        }
        let state = optimizer.stateEntries(for: box)
        let buffer: Tensor? = if case .tensor(let b)? = state.value(named: "momentum_buffer") { b.tensor } else { nil }
        let kept = try SGDUpdate.step(parameter, gradient: gradient, momentumBuffer: buffer, settings)
        if buffer == nil, let kept { state.set(.tensor(kept), named: "momentum_buffer") }
    }

    private static func stepAdam(_ parameter: Tensor, _ gradient: Tensor, _ box: TensorBox, _ optimizer: OptimizerObject,
                                 _ settings: AdamSettings) throws(EngineError) {
        let entries = optimizer.stateEntries(for: box)
        if entries.entries.isEmpty {
            let initial = AdamState.initial(for: parameter, amsgrad: settings.amsgrad)
            entries.set(.tensor(initial.step), named: "step")
            entries.set(.tensor(initial.expAvg), named: "exp_avg")
            entries.set(.tensor(initial.expAvgSq), named: "exp_avg_sq")
            if let maximum = initial.maxExpAvgSq { entries.set(.tensor(maximum), named: "max_exp_avg_sq") }
        }
        func tensor(_ name: String) throws(EngineError) -> Tensor {
            guard case .tensor(let box)? = entries.value(named: name) else {
                throw EngineError(.argument, "Adam's state has no tensor '\(name)'", pythonType: "KeyError")
            }
            return box.tensor
        }
        let state = AdamState(step: try tensor("step"), expAvg: try tensor("exp_avg"), expAvgSq: try tensor("exp_avg_sq"),
                              maxExpAvgSq: settings.amsgrad ? try tensor("max_exp_avg_sq") : nil)
        try AdamUpdate.step(parameter, gradient: gradient, state: state, settings)
    }

    /// `optimizer.zero_grad(set_to_none)`: every parameter's `.grad` set to `None`, or
    /// taken out of the graph and zeroed in place.
    static func zeroGrad(_ optimizer: OptimizerObject, setToNone: Bool, _ call: Call) throws(Diagnostic) {
        for box in optimizer.groups.flatMap(parameters) {
            try zeroGrad(of: box.tensor, setToNone: setToNone, call)
        }
    }

    /// One tensor's part of `zero_grad` (also `Module.zero_grad`).
    static func zeroGrad(of tensor: Tensor, setToNone: Bool, _ call: Call) throws(Diagnostic) {
        guard let grad = tensor.grad else { return }
        try call.engine { () throws(EngineError) in
            if setToNone { return try tensor.setGrad(nil) }
            let plain = grad.gradFn == nil ? grad : grad.detached()
            if grad.gradFn != nil { try tensor.setGrad(plain) }
            try plain.setRequiresGrad(false)
            try call.interpreter.gradMode.withGradDisabled { () throws(EngineError) in try plain.zero() }
        }
    }

    /// A group's settings, read from its dict.
    struct Settings {
        let group: DictObject
        let call: Call

        init(_ group: DictObject, _ call: Call) throws(Diagnostic) {
            self.group = group
            self.call = call
            for name in ["foreach", "fused", "capturable", "differentiable"] {
                if let value = group.value(named: name), try value.truthValue(at: call.range) {
                    throw Diagnostic(.notImplemented, "ConvLab does not run optimizers with \(name)=True yet (only PyTorch's single-tensor CPU path)", call.range)
                }
            }
        }

        func number(_ name: String) throws(EngineError) -> Double {
            guard let value = group.value(named: name) else { throw EngineError(.argument, "'\(name)'", pythonType: "KeyError") }
            if let number = OptimizerBuiltins.numberValue(value) { return number }
            if case .tensor = value {
                throw EngineError(.argument, "ConvLab does not take a tensor \(name) yet: give a Python number", pythonType: "NotImplementedError")
            }
            throw EngineError(.argument, "\(name) must be a number, not \(value.typeName)", pythonType: "TypeError")
        }

        func flag(_ name: String) throws(EngineError) -> Bool {
            try number(name) != 0
        }

        func sgd() throws(EngineError) -> SGDSettings {
            SGDSettings(learningRate: try number("lr"), momentum: try number("momentum"), dampening: try number("dampening"),
                        weightDecay: try number("weight_decay"), nesterov: try flag("nesterov"), maximize: try flag("maximize"))
        }

        func adam() throws(EngineError) -> AdamSettings {
            guard let betas = group.value(named: "betas")?.listOrTupleItems, betas.count == 2,
                  let beta1 = OptimizerBuiltins.numberValue(betas[0]), let beta2 = OptimizerBuiltins.numberValue(betas[1]) else {
                throw EngineError(.argument, "betas must be a pair of numbers", pythonType: "TypeError")
            }
            return AdamSettings(learningRate: try number("lr"), beta1: beta1, beta2: beta2, epsilon: try number("eps"),
                                weightDecay: try number("weight_decay"), amsgrad: try flag("amsgrad"), maximize: try flag("maximize"),
                                decoupledWeightDecay: try flag("decoupled_weight_decay"))
        }
    }
}

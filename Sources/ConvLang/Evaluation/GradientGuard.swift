import ConvEngine

/// The language's guard against a silent difference from PyTorch: an operation whose
/// inputs require grad must give results that do too (they print `grad_fn=<...>` and
/// backward reaches through them). Builtins, operators, subscripts and iteration hand
/// their results to ``Interpreter/checkRecorded(_:inputs:operation:at:)``, so an
/// operation whose gradient ConvLab lacks says so instead of quietly cutting the graph.
enum GradientGuard {
    /// Builtins whose floating-point results leave the graph in PyTorch too.
    static let graphFreeBuiltins: Set<String> = [
        "Tensor.detach", "torch.detach", "Tensor.detach_", "Tensor.requires_grad_", "torch.autograd.grad",
        "torch.tensor", "torch.as_tensor", "torch.zeros_like", "torch.ones_like", "torch.empty_like", "torch.full_like",
        "torch.rand_like", "torch.randn_like", "torch.randint_like", "Tensor.new_zeros", "Tensor.new_ones", "Tensor.new_empty",
        "Tensor.new_full", "Tensor.new_tensor", "Tensor.backward", "Tensor.numpy", "Tensor.tolist", "Tensor.item",
        "Tensor.uniform_", "Tensor.normal_",
    ]

    /// Arguments whose only use is their shape (`x.view_as(other)`): they have no
    /// gradient in PyTorch either, so the result need not reach them.
    static let shapeOnlyArguments: [String: String] = [
        "Tensor.view_as": "other", "Tensor.reshape_as": "other", "Tensor.expand_as": "other",
    ]
}

extension Interpreter {
    /// `result`, once it is known to carry the graph when `inputs` do.
    /// - Throws: NotImplementedError naming `operation` when an input requires grad,
    ///   grad mode is on, and no floating-point tensor of the result requires grad.
    /// - Throws: NotImplementedError naming `operation` when an input requires grad,
    ///   grad mode is on, and the result's graph does not reach every such input (an
    ///   operation without a gradient, or one that recorded only part of its work).
    @discardableResult
    func checkRecorded(_ result: Value, inputs: [Value], operation: String, at range: SourceRange) throws(Diagnostic) -> Value {
        guard inputs.contains(where: Self.requiresGrad), gradMode.isGradEnabled else { return result }
        var floating: [Tensor] = []
        Self.collectTensors(result, into: &floating)
        floating.removeAll { !$0.dtype.isFloatingPoint }
        guard !floating.isEmpty else { return result }
        var sources: [Tensor] = []
        for input in inputs { Self.collectSources(input, into: &sources) }
        if floating.contains(where: \.requiresGrad), Autograd.reachesInputs(from: floating, to: sources) { return result }
        throw Diagnostic(.notImplemented, "ConvLab does not compute the gradient of \(operation) yet: call it under torch.no_grad(), or on a tensor's .detach()", range)
    }

    /// The tensors an input is, directly holds, or (a module) owns as parameters.
    private static func collectSources(_ value: Value, into tensors: inout [Tensor]) {
        if case .nnModule(let module) = value, module.userClass == nil {
            tensors += module.parameters.entries.compactMap { $0.value?.tensor }
        } else {
            collectTensors(value, into: &tensors)
        }
    }

    /// Whether a value is, directly holds (`torch.cat([a, b])`), or (a module) owns a
    /// tensor that requires grad. Containers are looked into one level only: a list
    /// may hold itself.
    private static func requiresGrad(_ value: Value) -> Bool {
        func isTensorRequiringGrad(_ item: Value) -> Bool {
            if case .tensor(let box) = item { box.tensor.requiresGrad } else { false }
        }
        return switch value {
        case .tensor(let box): box.tensor.requiresGrad
        case .list(let list): list.items.contains(where: isTensorRequiringGrad)
        case .tuple(let items): items.contains(where: isTensorRequiringGrad)
        case .nnModule(let module): module.userClass == nil && module.parameters.entries.contains { $0.value?.tensor.requiresGrad == true }
        default: false
        }
    }

    /// The tensors a result is or directly holds.
    private static func collectTensors(_ value: Value, into tensors: inout [Tensor]) {
        let items: [Value] = switch value {
        case .tuple(let items): items
        case .list(let list): list.items
        case .record(_, let fields): fields.map(\.value)
        default: [value]
        }
        for case .tensor(let box) in items { tensors.append(box.tensor) }
    }
}

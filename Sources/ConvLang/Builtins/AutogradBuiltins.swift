import ConvEngine

/// Autograd in the language: the tensor methods `backward`, `retain_grad`, `detach_`
/// and the `torch.autograd` module (`grad`, `backward`).
enum AutogradBuiltins {
    static let tensorMethods: [TensorMethodBuiltins.Definition] = [
        TensorMethodBuiltins.def("backward", "gradient=None, retain_graph=None, create_graph=False, inputs=None",
            "Accumulates the gradient of this tensor into the .grad of every leaf it depends on.",
            "loss.backward()") { box, call throws(Diagnostic) in
            let inputs = try chosenInputs(call)
            let gradient = try call.optionalTensor("gradient")
            let (retain, create) = (try retainGraph(call), try call.bool("create_graph"))
            let flag = call.interpreter.cancellation
            try call.engine { () throws(EngineError) in
                try box.tensor.backward(gradient: gradient, retainGraph: retain, createGraph: create, inputs: inputs, cancellation: flag)
            }
            return .none
        },
        TensorMethodBuiltins.def("retain_grad", "", "Keeps this non-leaf tensor's gradient in .grad after backward().",
            "y.retain_grad()") { box, call throws(Diagnostic) in
            try call.engine { () throws(EngineError) in try box.tensor.retainGrad() }
            return .none
        },
        TensorMethodBuiltins.def("detach_", "", "Takes this tensor out of the autograd graph, in place: it becomes a leaf.",
            "y.detach_()") { box, call throws(Diagnostic) in
            try call.engine { () throws(EngineError) in try box.tensor.detachInPlace() }
            return .tensor(box)
        },
    ]

    /// `torch.autograd`'s functions.
    static let functions: [Builtin] = [
        gradcheck,
        Builtin("torch.autograd.grad", "outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False",
                summary: "The gradients of outputs with respect to inputs, as a tuple; no .grad is changed.",
                example: "(gx,) = torch.autograd.grad(y.sum(), x)") { (call) throws(Diagnostic) in
            let outputs = try tensorsOrOne(call, "outputs")
            let inputs = try tensorsOrOne(call, "inputs")
            let gradOutputs = try optionalTensors(call, "grad_outputs", count: outputs.count)
            let (retain, create) = (try retainGraph(call), try call.bool("create_graph"))
            let materialize = try call.bool("materialize_grads")
            let allowUnused = call["allow_unused"].isNone ? materialize : try call.bool("allow_unused")
            if try call.bool("is_grads_batched") {
                throw Diagnostic(.notImplemented, "ConvLab does not compute batched gradients yet: is_grads_batched=True is not supported", call.range(of: "is_grads_batched"))
            }
            let flag = call.interpreter.cancellation
            let grads = try call.engine { () throws(EngineError) in
                try Autograd.grad(outputs: outputs, inputs: inputs, gradOutputs: gradOutputs, retainGraph: retain,
                                  createGraph: create, allowUnused: allowUnused, cancellation: flag)
            }
            return .tuple(zip(grads, inputs).map { grad, input in
                if let grad { return .tensor(grad) }
                return materialize ? .tensor(input.zerosLike()) : .none
            })
        },
        Builtin("torch.autograd.backward", "tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None",
                summary: "Accumulates the gradients of tensors into the .grad of the leaves they depend on.",
                example: "torch.autograd.backward([y1, y2])") { (call) throws(Diagnostic) in
            let inputs = try chosenInputs(call)
            let roots = try tensorsOrOne(call, "tensors")
            let gradients = try optionalTensors(call, "grad_tensors", count: roots.count)
            let (retain, create) = (try retainGraph(call), try call.bool("create_graph"))
            let flag = call.interpreter.cancellation
            try call.engine { () throws(EngineError) in
                try Autograd.backward(roots, gradients: gradients, retainGraph: retain, createGraph: create, inputs: inputs, cancellation: flag)
            }
            return .none
        },
    ]

    private static func retainGraph(_ call: Call) throws(Diagnostic) -> Bool? {
        call["retain_graph"].isNone ? nil : try call.bool("retain_graph")
    }

    /// `inputs=`: the tensors whose `.grad` alone accumulate, or `nil` for every leaf.
    private static func chosenInputs(_ call: Call) throws(Diagnostic) -> [Tensor]? {
        call["inputs"].isNone ? nil : try tensorsOrOne(call, "inputs")
    }

    /// A tensor, or a list or tuple of them.
    private static func tensorsOrOne(_ call: Call, _ name: String) throws(Diagnostic) -> [Tensor] {
        if case .tensor(let box) = call[name] { return [box.tensor] }
        return try call.tensors(name)
    }

    /// `None`, a tensor, or a sequence of tensors and `None`s, one per output.
    private static func optionalTensors(_ call: Call, _ name: String, count: Int) throws(Diagnostic) -> [Tensor?] {
        switch call[name] {
        case .none: return Array(repeating: nil, count: count)
        case .tensor(let box): return [box.tensor]
        case let value:
            guard let items = value.listOrTupleItems else { throw call.typeError(name, expected: "sequence of Tensors or None") }
            var out: [Tensor?] = []
            for item in items {
                switch item {
                case .none: out.append(nil)
                case .tensor(let box): out.append(box.tensor)
                default: throw call.typeError(name, expected: "sequence of Tensors or None")
                }
            }
            return out
        }
    }
}

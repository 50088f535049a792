import ConvEngine

extension MemberTables {
    /// A tensor's autograd fields: `requires_grad`, `grad`, `grad_fn`, `is_leaf`,
    /// `retains_grad`, `output_nr`.
    static let tensorAutograd: [String: MemberTable.Field] = [
        "requires_grad": { v, _, _ in .bool(tensorOf(v).requiresGrad) },
        "grad": { v, interpreter, _ in
            let t = tensorOf(v)
            if t.grad == nil, !t.isLeaf, !t.retainsGrad {
                interpreter.warn("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information. (Triggered internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:488.)")
            }
            guard let grad = t.grad else { return .none }
            // The same Python object while the gradient is the same tensor (`g is x.grad`).
            if let box = t.autograd.gradObject as? TensorBox, box.tensor.autograd === grad.autograd { return .tensor(box) }
            let box = TensorBox(grad)
            t.autograd.gradObject = box
            return .tensor(box)
        },
        "grad_fn": { v, _, _ in tensorOf(v).gradFn.map(Value.gradientNode) ?? .none },
        "is_leaf": { v, _, _ in .bool(tensorOf(v).isLeaf) },
        "retains_grad": { v, _, _ in .bool(tensorOf(v).retainsGrad) },
        "output_nr": { v, _, _ in .int(Int64(tensorOf(v).outputNumber)) },
    ]

    /// A node of the autograd graph (`y.grad_fn`): `next_functions`, `name()`, and an
    /// `AccumulateGrad` node's `variable`.
    static let gradientNode = MemberTable(fields: [
        "next_functions": { v, _, _ in
            guard case .gradientNode(let node) = v else { return .tuple([]) }
            return .tuple(node.nextFunctions.map { .tuple([$0.node.map(Value.gradientNode) ?? .none, .int(Int64($0.inputNumber))]) })
        },
        "variable": { v, _, range throws(Diagnostic) in
            guard case .gradientNode(let node) = v, let leaf = node.variable else {
                throw Diagnostic(.attribute, "'\(v.typeName)' object has no attribute 'variable'", range)
            }
            if let box = leaf.autograd.languageObject as? TensorBox { return .tensor(box) }
            return .tensor(leaf)
        },
        "metadata": { _, _, _ in .newDict() },
    ], methods: MemberTable.methods([
        Builtin("name", "", summary: "The node's name, as PyTorch prints it in grad_fn=<...>.", example: "y.grad_fn.name()") { (call) throws(Diagnostic) in
            guard case .gradientNode(let node)? = call.receiver else { return .none }
            // The nodes written in C++ by hand carry their namespace in name().
            let handWritten: Set<String> = ["AccumulateGrad", "CopySlices"]
            return .string(handWritten.contains(node.name) ? "torch::autograd::\(node.name)" : node.name)
        },
    ]))

    static func tensorOf(_ value: Value) -> Tensor {
        if case .tensor(let box) = value { return box.tensor }
        return Tensor(scalar: .double(0))
    }
}

import ConvEngine

/// The text `help(x)` and `x?` show.
enum Help {
    /// What `help(x)` prints: pydoc's page for a user's function, else ``text(for:named:)``.
    static func page(for value: Value) -> String {
        if case .userFunction(let f) = value { return FunctionHelp.pydoc(f) }
        if case .classObject(let cls) = value, let page = ClassHelp.pydoc(cls) { return page }
        return text(for: value, named: nil) + "\n"
    }

    /// What `x?` and the kernel's inspector show; `x??` (`detailLevel` 1) adds a user
    /// function's source.
    static func text(for value: Value, named name: String?, detailLevel: Int = 0) -> String {
        if let fields = ClassHelp.inspector(value) { return fields }
        switch value {
        case .function(let f): return text(for: f)
        case .classObject(let cls) where cls.isHostClass:
            // The constructor's signature and summary, then the methods' (the host's own words).
            var parts = [cls.reprText]
            if let constructor = cls.constructor { parts.append(text(for: constructor)) }
            parts += cls.hostMethodNames.compactMap { cls.hostMethod($0).map { text(for: $0, receiverType: cls.name) } }
            return parts.joined(separator: "\n\n")
        case .host(let object):
            return "\(name ?? object.hostClass.name): \(object.hostClass.name)\n\n\(value.reprText)\n\n"
                + "Attributes: " + MemberRegistry.names(of: value).joined(separator: ", ")
        case .userFunction(let f): return FunctionHelp.inspector(f, detailLevel: detailLevel)
        case .method(let receiver, let methodName):
            if let method = MemberRegistry.method(methodName, of: receiver) { return text(for: method, receiverType: receiver.typeName) }
        case .module(let ns):
            return "module \(ns.name)\n\n  " + ns.members.keys.sorted().joined(separator: ", ")
        case .nnModule(let module):
            let parameters = ModuleTree.namedParameters(module).map { "\n  \($0.name): " + PythonFormat.list($0.tensor.tensor.shape.dimensions) }
            let bias = module.native is ConvModule && module.parameter("bias") == nil ? ["\n  bias: None"] : []
            let constructor = LayerBuiltins.all.first { $0.name == module.className }.map { "\n\n" + text(for: $0) } ?? ""
            return ModuleRepr.repr(module) + (parameters + bias).joined() + constructor
        case .tensor(let box):
            let t = box.tensor
            return "\(name ?? "tensor"): Tensor of shape \(PythonFormat.list(t.shape.dimensions)), dtype \(t.dtype.torchName)\n\n"
                + "Methods: " + TensorMethodBuiltins.methods.keys.sorted().joined(separator: ", ")
        case .none where name == nil:
            return "help(obj) or obj? shows what obj is: try help(F.conv_transpose2d), help(nn.ConvTranspose2d) or x?"
        default: break
        }
        return "\(name ?? value.typeName): \(value.typeName)\n\n\(value.reprText)"
    }

    static func text(for builtin: Builtin, receiverType: String? = nil) -> String {
        let signature = receiverType.map { "\($0).\(builtin.name)(" + builtin.signatureText.split(separator: "(", maxSplits: 1)[1] } ?? builtin.signatureText
        return "\(signature)\n\n\(builtin.summary)\n\nExample:\n    \(builtin.example)"
    }

    /// The dotted name of an expression, when it is one (`F.conv2d`).
    static func name(of expression: Expression) -> String? {
        switch expression {
        case .name(let n, _): n
        case .attribute(let base, let n, _, _): name(of: base).map { "\($0).\(n)" }
        default: nil
        }
    }
}

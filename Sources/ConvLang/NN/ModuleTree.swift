import ConvEngine

/// Walks a module and its sub-modules as PyTorch's `named_modules`, `_named_members`
/// and `state_dict` do: depth first in registration order, paths joined by dots, a
/// module or tensor met twice given once (unless asked otherwise).
enum ModuleTree {
    /// `named_modules(prefix, remove_duplicate)`: the module itself first, with `prefix`.
    static func namedModules(_ module: ModuleObject, prefix: String = "", removeDuplicate: Bool = true) -> [(name: String, module: ModuleObject)] {
        var seen = Set<ObjectIdentifier>()
        var out: [(name: String, module: ModuleObject)] = []
        visit(module, prefix, removeDuplicate, &seen, &out)
        return out
    }

    private static func visit(_ module: ModuleObject, _ prefix: String, _ removeDuplicate: Bool,
                              _ seen: inout Set<ObjectIdentifier>, _ out: inout [(name: String, module: ModuleObject)]) {
        guard !seen.contains(ObjectIdentifier(module)), !StackGuard.isLow else { return }
        if removeDuplicate { seen.insert(ObjectIdentifier(module)) }
        out.append((prefix, module))
        for (name, child) in module.children {
            visit(child, join(prefix, name), removeDuplicate, &seen, &out)
        }
    }

    /// `named_children()`: the direct sub-modules, each once.
    static func namedChildren(_ module: ModuleObject) -> [(name: String, module: ModuleObject)] {
        var seen = Set<ObjectIdentifier>()
        return module.children.filter { seen.insert(ObjectIdentifier($0.module)).inserted }
    }

    /// `named_parameters(prefix, recurse, remove_duplicate)`.
    static func namedParameters(_ module: ModuleObject, prefix: String = "", recurse: Bool = true,
                                removeDuplicate: Bool = true) -> [(name: String, tensor: TensorBox)] {
        namedMembers(module, prefix: prefix, recurse: recurse, removeDuplicate: removeDuplicate) { $0.parameters.entries }
    }

    /// `named_buffers(prefix, recurse, remove_duplicate)`.
    static func namedBuffers(_ module: ModuleObject, prefix: String = "", recurse: Bool = true,
                             removeDuplicate: Bool = true) -> [(name: String, tensor: TensorBox)] {
        namedMembers(module, prefix: prefix, recurse: recurse, removeDuplicate: removeDuplicate) { $0.buffers.entries }
    }

    private static func namedMembers(_ module: ModuleObject, prefix: String, recurse: Bool, removeDuplicate: Bool,
                                     _ members: (ModuleObject) -> [(key: String, value: TensorBox?)]) -> [(name: String, tensor: TensorBox)] {
        let modules = recurse ? namedModules(module, prefix: prefix, removeDuplicate: removeDuplicate) : [(prefix, module)]
        var seen = Set<ObjectIdentifier>()
        var out: [(name: String, tensor: TensorBox)] = []
        for (path, owner) in modules {
            for (name, box) in members(owner) {
                guard let box, !seen.contains(ObjectIdentifier(box)) else { continue }
                if removeDuplicate { seen.insert(ObjectIdentifier(box)) }
                out.append((join(path, name), box))
            }
        }
        return out
    }

    /// `state_dict(prefix)`: each module's parameters, then its persistent buffers,
    /// then its sub-modules' entries; shared modules appear under every path.
    static func stateDict(_ module: ModuleObject, prefix: String = "") -> [(name: String, tensor: TensorBox)] {
        var out: [(name: String, tensor: TensorBox)] = []
        collectState(module, prefix, &out)
        return out
    }

    private static func collectState(_ module: ModuleObject, _ prefix: String, _ out: inout [(name: String, tensor: TensorBox)]) {
        guard !StackGuard.isLow else { return }
        for (name, box) in module.parameters.entries { if let box { out.append((prefix + name, box)) } }
        for (name, box) in module.buffers.entries where !module.nonPersistentBuffers.contains(name) {
            if let box { out.append((prefix + name, box)) }
        }
        for (name, child) in module.children { collectState(child, prefix + name + ".", &out) }
    }

    /// `to(dtype)` / `double()` / `float()`: every floating-point parameter and buffer of
    /// the module tree converted in place, as PyTorch's `_apply` does: a parameter keeps
    /// its identity and `requires_grad`, and its `.grad` is converted too.
    static func convertFloatingState(_ module: ModuleObject, to dtype: DType, at range: SourceRange) throws(Diagnostic) {
        guard dtype.isFloatingPoint else {
            throw Diagnostic(.type, "nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=\(dtype.torchName)", range)
        }
        for (_, m) in namedModules(module) {
            for case let (_, box?) in m.parameters.entries + m.buffers.entries where box.tensor.dtype.isFloatingPoint {
                box.tensor = box.tensor.convertedKeepingIdentity(to: dtype)
            }
        }
    }

    /// `train(mode)` on the module and every sub-module.
    static func setTraining(_ module: ModuleObject, _ mode: Bool) {
        for (_, m) in namedModules(module) { m.training = mode }
    }

    /// `apply(fn)`: `fn` on each child's tree, then on the module.
    static func apply(_ fn: Value, to module: ModuleObject, _ call: Call) throws(Diagnostic) {
        guard !StackGuard.isLow else {
            throw Diagnostic(.runtime, "maximum recursion depth exceeded", call.range, kind: "RecursionError")
        }
        for (_, child) in namedChildren(module) { try apply(fn, to: child, call) }
        if call.interpreter.cancellation.isCancelled { throw Diagnostic(.interrupt, "", call.range) }
        _ = try call.interpreter.call(fn, [Argument(value: .nnModule(module), kind: .positional, range: call.range(of: "fn"))],
                                      calleeRange: call.range(of: "fn"), at: call.range)
    }

    private static func join(_ prefix: String, _ name: String) -> String { prefix.isEmpty ? name : prefix + "." + name }
}

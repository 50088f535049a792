import ConvEngine

/// `load_state_dict` as PyTorch runs it: module by module (depth first), each of its
/// parameters and persistent buffers copied in place from the entry with its path,
/// the missing and unexpected keys collected on the way. Copies made before an error
/// stay made, as in PyTorch.
enum StateDictLoader {
    static func load(_ dict: DictObject, into root: ModuleObject, strict: Bool, _ call: Call) throws(Diagnostic) -> Value {
        var given: [(key: String, value: Value)] = []
        for entry in dict.entries {
            guard case .string(let key) = entry.key else {
                throw Diagnostic(.notImplemented, "ConvLang does not load state_dict keys that are not strings", call.range(of: "state_dict"))
            }
            given.append((key, entry.value))
        }
        var missing: [String] = [], unexpected: [String] = [], errors: [String] = []
        try load(root, prefix: "", given, &missing, &unexpected, &errors, call)
        if strict {
            if !unexpected.isEmpty { errors.insert("Unexpected key(s) in state_dict: \(quotedList(unexpected)). ", at: 0) }
            if !missing.isEmpty { errors.insert("Missing key(s) in state_dict: \(quotedList(missing)). ", at: 0) }
        }
        guard errors.isEmpty else {
            throw Diagnostic(.runtime, "Error(s) in loading state_dict for \(root.className):\n\t" + errors.joined(separator: "\n\t"), call.range)
        }
        if missing.isEmpty && unexpected.isEmpty { return .opaque("<All keys matched successfully>") }
        func list(_ keys: [String]) -> String { Value.newList(keys.map { .string($0) }).reprText }
        return .opaque("_IncompatibleKeys(missing_keys=\(list(missing)), unexpected_keys=\(list(unexpected)))")
    }

    private static func load(_ module: ModuleObject, prefix: String, _ given: [(key: String, value: Value)],
                             _ missing: inout [String], _ unexpected: inout [String], _ errors: inout [String], _ call: Call) throws(Diagnostic) {
        if StackGuard.isLow { throw Diagnostic(.runtime, "maximum recursion depth exceeded", call.range, kind: "RecursionError") }
        var local: [(name: String, box: TensorBox)] = []
        for (name, box) in module.parameters.entries { if let box { local.append((name, box)) } }
        for (name, box) in module.buffers.entries where !module.nonPersistentBuffers.contains(name) { if let box { local.append((name, box)) } }
        for (name, box) in local {
            let key = prefix + name
            guard let input = given.last(where: { $0.key == key })?.value else {
                // BatchNorm fills in a num_batches_tracked the checkpoint lacks (PyTorch's
                // `_load_from_state_dict` for state dicts of version < 2).
                if !(name == "num_batches_tracked" && module.native is BatchNormModule) { missing.append(key) }
                continue
            }
            guard case .tensor(let source) = input else {
                errors.append("While copying the parameter named \"\(key)\", expected torch.Tensor or Tensor-like object from checkpoint but received <class '\(input.typeName)'>")
                continue
            }
            var value = source.tensor
            if box.tensor.rank == 0, value.rank == 1, let first = try? value.indexed([.integer(0)]) { value = first }
            guard value.shape == box.tensor.shape else {
                errors.append("size mismatch for \(key): copying a param with shape torch.Size(\(value.shape)) from checkpoint, the shape in current model is torch.Size(\(box.tensor.shape)).")
                continue
            }
            // PyTorch copies under `torch.no_grad()`: parameters are leaves that require grad.
            try call.engine { () throws(EngineError) in
                try EngineContext.current.withoutGrad { () throws(EngineError) in try box.tensor.copyIn(value.converted(to: box.tensor.dtype)) }
            }
        }
        let localNames = Set(local.map(\.name))
        for (key, _) in given where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            if let dot = rest.firstIndex(of: ".") {
                if !module.modules.contains(String(rest[..<dot])) { unexpected.append(key) }
            } else if !localNames.contains(String(rest)) {
                unexpected.append(key)
            }
        }
        for (name, child) in module.children {
            let childPrefix = prefix + name + "."
            try load(child, prefix: childPrefix, given.filter { $0.key.hasPrefix(childPrefix) }, &missing, &unexpected, &errors, call)
        }
    }

    private static func quotedList(_ keys: [String]) -> String { keys.map { "\"\($0)\"" }.joined(separator: ", ") }
}

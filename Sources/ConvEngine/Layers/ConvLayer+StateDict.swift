extension ConvLayer {
    /// The parameters by name, in PyTorch's order: `weight`, then `bias` if the layer
    /// has one (`state_dict()`).
    public func stateDict() -> [(key: String, value: Tensor)] {
        var entries: [(key: String, value: Tensor)] = [("weight", weight)]
        if let bias { entries.append(("bias", bias)) }
        return entries
    }

    /// Copies parameters in by name (`load_state_dict`), converting to each parameter's
    /// dtype. With `strict`, every key must match, as in PyTorch; any shape mismatch is
    /// refused. Nothing changes when it throws.
    /// - Throws: PyTorch's `RuntimeError`, listing missing keys, unexpected keys and size
    ///   mismatches.
    public mutating func loadStateDict(_ entries: [(key: String, value: Tensor)], strict: Bool = true) throws(EngineError) {
        let own = stateDict()
        let ownKeys = own.map(\.key)
        let given = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        var messages: [String] = []
        var updates: [String: Tensor] = [:]
        for (key, current) in own {
            guard let value = given[key] else { continue }
            if value.shape != current.shape {
                messages.append("size mismatch for \(key): copying a param with shape torch.Size(\(value.shape)) from checkpoint, the shape in current model is torch.Size(\(current.shape)).")
            } else {
                updates[key] = value.converted(to: current.dtype)
            }
        }
        if strict {
            let unexpected = entries.map(\.key).filter { !ownKeys.contains($0) }
            let missing = ownKeys.filter { given[$0] == nil }
            if !unexpected.isEmpty {
                messages.insert("Unexpected key(s) in state_dict: \(unexpected.map { "\"\($0)\"" }.joined(separator: ", ")). ", at: 0)
            }
            if !missing.isEmpty {
                messages.insert("Missing key(s) in state_dict: \(missing.map { "\"\($0)\"" }.joined(separator: ", ")). ", at: 0)
            }
        }
        guard messages.isEmpty else {
            throw .argument("Error(s) in loading state_dict for \(className):\n\t" + messages.joined(separator: "\n\t"))
        }
        if let w = updates["weight"] { weight = w }
        if let b = updates["bias"] { bias = b }
    }

    /// `padding` as `nn.ConvNd` parses a string: `"same"` or `"valid"`.
    public static func parsePadding(_ string: String) throws(EngineError) -> ConvPadding {
        switch string {
        case "same": return .same
        case "valid": return .valid
        default: throw .valueError("Invalid padding string '\(string)', should be one of {'valid', 'same'}")
        }
    }

    /// `padding_mode` as `nn.ConvNd` parses it.
    public static func parsePaddingMode(_ string: String) throws(EngineError) -> ConvPaddingMode {
        guard let mode = ConvPaddingMode(rawValue: string) else {
            throw .valueError("padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='\(string)'")
        }
        return mode
    }
}

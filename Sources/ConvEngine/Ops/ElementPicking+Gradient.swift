/// The gradients of the operations whose every output element is one element of the
/// input, or none (views such as `select`, `slice`, `diagonal`, `unfold`, `as_strided`;
/// advanced indexing; padding): each output's gradient is added back at the position
/// of the input element it came from.
///
/// Where each element came from is found by running the operation itself on a tensor
/// of the input's shape that holds each element's position plus one (zero where an
/// operation makes an element of its own, as constant padding does), so one rule serves
/// every such operation.
extension Tensor {
    /// For each element of `pick`'s result on a tensor of `shape`, the row-major position
    /// of the input element it is, or -1 for an element the operation made itself.
    static func sourcePositions(inputShape shape: TensorShape,
                                of pick: (Tensor) throws(EngineError) -> Tensor) throws(EngineError) -> [Int] {
        let numbered = Tensor(shape: shape, storage: .float64((0..<shape.elementCount).map { Double($0 + 1) }))
        return try pick(numbered).elements(as: Double.self).map { Int($0) - 1 }
    }

    /// This result of `pick` on `input`, recorded as the node `name`: the gradient adds
    /// the output's gradient back at the positions its elements came from.
    /// - Parameter pick: the same operation, run again on position tensors; it must
    ///   capture no tensors (those go through ``recordedPick(_:of:positions:)``).
    func recordedPick(_ name: String, of input: Tensor,
                      _ pick: @escaping (Tensor) throws(EngineError) -> Tensor) -> Tensor {
        let inputShape = input.shape
        return recorded(name, inputs: [input]) { g, _ throws(EngineError) in
            let positions = try Tensor.sourcePositions(inputShape: inputShape, of: pick)
            return [try g[0].scatterAdded(into: inputShape, at: positions, name: name)]
        }
    }

    /// This result of picking `positions` (row-major, into `input`) from `input`,
    /// recorded as the node `name`; for picks that depend on tensors (advanced indexing),
    /// whose positions are found once, when the pick is made.
    func recordedPick(_ name: String, of input: Tensor, positions: [Int]) -> Tensor {
        let inputShape = input.shape
        return recorded(name, inputs: [input]) { g, _ throws(EngineError) in
            [try g[0].scatterAdded(into: inputShape, at: positions, name: name)]
        }
    }

    /// Zeros of `shape` with this tensor's elements (row-major) added at `positions`
    /// (-1: dropped); recorded, so that a gradient of a gradient picks them back.
    func scatterAdded(into shape: TensorShape, at positions: [Int], name: String) throws(EngineError) -> Tensor {
        precondition(positions.count == count, "one position per element")
        var storage = TensorStorage.filled(with: 0.0, count: shape.elementCount, dtype: dtype)
        storage.write(ScatterAdding(source: contiguousStorage, positions: positions))
        let outputShape = self.shape
        let (backwardName, leadingNone) = Self.gradientNodeName(of: name)
        return Tensor(shape: shape, storage: storage).recorded(backwardName, inputs: leadingNone ? [nil, self] : [self]) { g, _ throws(EngineError) in
            let picked = try g[0].picking(positions, shape: outputShape, name: name)
            return leadingNone ? [nil, picked] : [picked]
        }
    }

    /// The node PyTorch records for the gradient of the pick `name` in a recorded
    /// backward pass: `SelectBackwardBackward0` for `SelectBackward0`, but a pad's
    /// gradient is itself a pad and advanced indexing's an `index_put` of the gradient
    /// into zeros (whose first input, the zeros, needs no gradient).
    private static func gradientNodeName(of name: String) -> (name: String, leadingNone: Bool) {
        switch name {
        case "ConstantPadNdBackward0": (name, false)
        case "IndexBackward0": ("IndexPutImplBackward0", true)
        default: (String(name.dropLast()) + "Backward0", false)
        }
    }

    /// The elements at row-major `positions` of this tensor (0 for -1), in `shape`;
    /// recorded as `name`.
    func picking(_ positions: [Int], shape: TensorShape, name: String) throws(EngineError) -> Tensor {
        let picked = Tensor(shape: shape, storage: contiguousStorage.gathering(positions, fill: 0))
        return picked.recordedPick(name, of: self, positions: positions)
    }
}

/// Adds `source[i]` to position `positions[i]` (skipping -1), in the element type.
private struct ScatterAdding: StorageWriter {
    let source: TensorStorage, positions: [Int]

    func write<E: TensorElement>(_ values: inout [E]) {
        switch source.converted(to: E.dtype) {
        case .float32(let s): add(s, into: &values)
        case .float64(let s): add(s, into: &values)
        default:
            // Half precision and integers: summed in double, then rounded once each.
            var sums = values.map(\.doubleValue)
            let s = source.doubles
            for (i, p) in positions.enumerated() where p >= 0 { sums[p] += s[i] }
            values = sums.map { E(convertingDouble: $0) }
        }
    }

    private func add<F: BinaryFloatingPoint, E: TensorElement>(_ s: [F], into values: inout [E]) {
        guard var typed = values as? [F] else { return }
        for (i, p) in positions.enumerated() where p >= 0 { typed[p] += s[i] }
        if let back = typed as? [E] { values = back }
    }
}

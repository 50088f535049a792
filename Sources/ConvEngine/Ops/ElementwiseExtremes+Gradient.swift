/// The gradients of `torch.maximum` / `torch.minimum` (and `torch.max(a, b)`):
/// `MaximumBackward0` / `MinimumBackward0`, the gradient going to the larger (smaller)
/// element, split half and half on a tie, as PyTorch's formula does.
extension Tensor {
    func recordedExtreme(_ kind: ExtremeKind, of lhs: Tensor, _ rhs: Tensor) -> Tensor {
        let name = kind == .max ? "MaximumBackward0" : "MinimumBackward0"
        return recorded(name, inputs: [lhs, rhs], saving: [lhs, rhs]) { g, saved throws(EngineError) in
            let (a, b) = (saved[0], saved[1])
            let tie = try a.compared(.equal, b)
            let shared = try Tensor.select(where: tie, .tensor(try g[0].applying(.divide, .int(2))), .tensor(g[0]))
            // Each side loses where the other wins.
            let aLoses = try a.compared(kind == .max ? .less : .greater, b)
            let bLoses = try a.compared(kind == .max ? .greater : .less, b)
            return [try Tensor.select(where: aLoses, .scalar(.int(0)), .tensor(shared)),
                    try Tensor.select(where: bLoses, .scalar(.int(0)), .tensor(shared))]
        }
    }
}

/// The gradients of rounding and floor division: `RoundBackward0` (`round()`) and
/// `RoundBackward1` (`round(decimals=)`) pass zeros; `x % n` is `RemainderBackward0`,
/// `x % y` `RemainderBackward1` (`-grad * (x // y)` for `y`); PyTorch has no formula
/// for `//` nor for `n % x`: their results print `grad_fn=<NotImplemented>` and a
/// backward pass through them fails with PyTorch's message.
extension Tensor {
    func recordedRounding(of input: Tensor, decimals: Int?) -> Tensor {
        recorded(decimals == nil ? "RoundBackward0" : "RoundBackward1", inputs: [input]) { g, _ throws(EngineError) in
            [g[0].zerosLike()]
        }
    }

    func recordedFloorDivision(_ op: FloorDivision, _ lhs: Operand, _ rhs: Operand) -> Tensor {
        let (a, b) = (lhs.tensorOrNil, rhs.tensorOrNil)
        guard Tensor.isRecording([a, b]) else { return self }
        guard op == .remainder, let a else {
            let function = op == .remainder ? "remainder" : "floor_divide"
            let tensors: [Tensor] = [a, b].compactMap { $0 }
            return recorded("NotImplemented", inputs: tensors) { _, _ throws(EngineError) in
                throw .argument("derivative for aten::\(function) is not implemented")
            }
        }
        guard let b else {
            return recorded("RemainderBackward0", inputs: [a]) { g, _ in [g[0]] }
        }
        let (slots, tensors) = SavedSlots.make(needs: [b.requiresGrad ? lhs : nil, b.requiresGrad ? rhs : nil])
        return recorded("RemainderBackward1", inputs: [a, b], saving: tensors) { g, values throws(EngineError) in
            var gradB: Tensor?
            if let x = slots.operand(0, in: values), let y = slots.operand(1, in: values) {
                gradB = try g[0].negated().applying(.multiply, try Tensor.apply(.quotient, x, y))
            }
            return [g[0], gradB]
        }
    }
}

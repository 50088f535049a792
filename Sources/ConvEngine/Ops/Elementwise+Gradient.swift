import Foundation

/// The gradients of the arithmetic operators, recorded under PyTorch's node names:
/// `AddBackward0`, `SubBackward0`, `RsubBackward1` (`1 - x`), `MulBackward0`,
/// `DivBackward0`, `PowBackward0` (tensor ** number), `PowBackward1` (tensor ** tensor),
/// `PowBackward2` (number ** tensor), `NegBackward0`. A Python number is an input
/// without a gradient (`None` in `next_functions`), except where PyTorch drops it.
/// Gradients come out in the broadcast shape; the backward pass sums them down.
extension Tensor {
    func recordedBinary(_ op: BinaryOperation, _ lhs: Operand, _ rhs: Operand) -> Tensor {
        let (a, b) = (lhs.tensorOrNil, rhs.tensorOrNil)
        guard Tensor.isRecording([a, b]) else { return self }
        switch op {
        case .add:
            return recorded("AddBackward0", inputs: [a, b]) { g, _ in [g[0], g[0]] }
        case .subtract:
            guard a != nil else {
                return recorded("RsubBackward1", inputs: [b]) { g, _ throws(EngineError) in [try g[0].negated()] }
            }
            return recorded("SubBackward0", inputs: [a, b]) { g, _ throws(EngineError) in [g[0], try g[0].negated()] }
        case .multiply:
            return recordedProduct(lhs, rhs)
        case .divide:
            return recordedQuotient(lhs, rhs)
        case .power:
            return recordedPower(lhs, rhs)
        }
    }

    private func recordedProduct(_ lhs: Operand, _ rhs: Operand) -> Tensor {
        let (a, b) = (lhs.tensorOrNil, rhs.tensorOrNil)
        // Each factor is saved only for the other's gradient, as PyTorch saves them.
        let (slots, tensors) = SavedSlots.make(needs: [a?.requiresGrad == true ? rhs : nil, b?.requiresGrad == true ? lhs : nil])
        return recorded("MulBackward0", inputs: [a, b], saving: tensors) { g, values throws(EngineError) in
            [try slots.operand(0, in: values).map { other throws(EngineError) in try Tensor.apply(.multiply, .tensor(g[0]), other) },
             try slots.operand(1, in: values).map { other throws(EngineError) in try Tensor.apply(.multiply, .tensor(g[0]), other) }]
        }
    }

    private func recordedQuotient(_ lhs: Operand, _ rhs: Operand) -> Tensor {
        let (a, b) = (lhs.tensorOrNil, rhs.tensorOrNil)
        let (slots, tensors) = SavedSlots.make(needs: [rhs, b?.requiresGrad == true ? lhs : nil])
        let dividendNeedsGrad = a?.requiresGrad == true
        return recorded("DivBackward0", inputs: [a, b], saving: tensors) { g, values throws(EngineError) in
            guard let divisor = slots.operand(0, in: values) else { return [] }
            let gradA = dividendNeedsGrad ? try Tensor.apply(.divide, .tensor(g[0]), divisor) : nil
            var gradB: Tensor?
            if let dividend = slots.operand(1, in: values) {
                // ATen's div_tensor_other_backward: -grad * ((self / other) / other).
                let quotient = try Tensor.apply(.divide, .tensor(try Tensor.apply(.divide, dividend, divisor)), divisor)
                gradB = try g[0].negated().applying(.multiply, quotient)
            }
            return [gradA, gradB]
        }
    }

    private func recordedPower(_ lhs: Operand, _ rhs: Operand) -> Tensor {
        switch (lhs, rhs) {
        case (.tensor(let base), .scalar(let exponent)):
            return recorded("PowBackward0", inputs: [base], saving: [base]) { g, saved throws(EngineError) in
                // grad * exponent * base ** (exponent - 1); zero for a zero exponent.
                if exponent.doubleValue == 0 { return [try g[0].applying(.multiply, .int(0))] }
                let lowered: Scalar = if case .int(let e) = exponent { .int(e - 1) } else { .double(exponent.doubleValue - 1) }
                let slope = try saved[0].applying(.power, lowered).applying(.multiply, exponent)
                return [try g[0].applying(.multiply, slope)]
            }
        case (.scalar(let base), .tensor(let exponent)):
            return recorded("PowBackward2", inputs: [exponent], saving: [exponent], savingOutput: true) { g, saved throws(EngineError) in
                // grad * base ** exponent * log(base); zero where base is 0 and exponent >= 0.
                let (e, result) = (saved[0], saved[1])
                var slope = try result.applying(.multiply, .double(Foundation.log(base.doubleValue)))
                if base.doubleValue == 0 {
                    slope = try Tensor.zeroed(slope, where: try e.compared(.greaterEqual, .int(0)))
                }
                return [try g[0].applying(.multiply, slope)]
            }
        default:
            let (base, exponent) = (lhs.tensor, rhs.tensor)
            return recorded("PowBackward1", inputs: [base, exponent], saving: [base, exponent], savingOutput: true) { g, saved throws(EngineError) in
                let (x, e, result) = (saved[0], saved[1], saved[2])
                // d/dx: grad * e * x ** (e - 1), zero where e is 0.
                let lowered = try Tensor.apply(.power, .tensor(x), .tensor(try e.applying(.subtract, .int(1))))
                var gradBase = try g[0].applying(.multiply, try e.applying(.multiply, lowered))
                gradBase = try Tensor.zeroed(gradBase, where: try e.compared(.equal, .int(0)))
                // d/de: grad * result * log(x), zero where x is 0 and e >= 0.
                let logX = x.applying(.log)
                var gradExponent = try g[0].applying(.multiply, try result.applying(.multiply, logX))
                let zeroBase = try Tensor.logical(.and, try x.compared(.equal, .int(0)), try e.compared(.greaterEqual, .int(0)))
                gradExponent = try Tensor.zeroed(gradExponent, where: zeroBase)
                return [gradBase, gradExponent]
            }
        }
    }
}

extension Operand {
    /// The tensor, or `nil` for a Python number.
    public var tensorOrNil: Tensor? {
        if case .tensor(let t) = self { t } else { nil }
    }
}

/// Operands a formula may need, some of them tensors to save: the tensors go to the
/// node's saved list and come back, version-checked, in the formula; the slots the
/// formula keeps hold only numbers and positions, never a tensor.
struct SavedSlots {
    private enum Slot { case absent, number(Scalar), saved(Int) }
    private let slots: [Slot]

    /// The slots for `needs` and the tensors among them, to save.
    static func make(needs: [Operand?]) -> (slots: SavedSlots, tensors: [Tensor]) {
        var tensors: [Tensor] = []
        let slots: [Slot] = needs.map { need in
            switch need {
            case nil: return .absent
            case .scalar(let s)?: return .number(s)
            case .tensor(let t)?: tensors.append(t); return .saved(tensors.count - 1)
            }
        }
        return (SavedSlots(slots: slots), tensors)
    }

    private init(slots: [Slot]) { self.slots = slots }

    /// Slot `i` as an operand, from the formula's unpacked saved tensors.
    func operand(_ i: Int, in saved: [Tensor]) -> Operand? {
        switch slots[i] {
        case .absent: nil
        case .number(let s): .scalar(s)
        case .saved(let index): .tensor(saved[index])
        }
    }
}

extension Tensor {
    /// `torch.add(lhs, rhs, alpha=...)` / `torch.sub(...)`: `lhs ± alpha * rhs`, recorded as
    /// one node (`AddBackward0` / `SubBackward0`) whose second input's gradient is scaled
    /// by `alpha`, as PyTorch records it.
    public static func apply(_ op: BinaryOperation, _ lhs: Operand, _ rhs: Operand, alpha: Scalar) throws(EngineError) -> Tensor {
        precondition(op == .add || op == .subtract, "alpha scales the second operand of add and sub only")
        let context = EngineContext.current
        let result = try context.withoutGrad { () throws(EngineError) in
            if let fused = try fusedAddValues(op, lhs, rhs, alpha: alpha) { return fused }
            // float16 and bfloat16 as ATen's scalar loop: alpha rounded to the dtype
            // (`alpha.to<scalar_t>()`), its product rounded, then the sum.
            let dtype = TypePromotion.resultType([lhs, rhs])
            let scale: Operand = dtype == .float16 || dtype == .bfloat16 ? .tensor(Tensor(scalar: alpha, dtype: dtype)) : .scalar(alpha)
            return try apply(op, lhs, .tensor(try apply(.multiply, rhs, scale)))
        }
        let sign: Scalar = switch (op, alpha) {
        case (.add, _): alpha
        case (_, .int(let i)): .int(-i)
        default: .double(-alpha.doubleValue)
        }
        return result.recorded(op == .add ? "AddBackward0" : "SubBackward0", inputs: [lhs.tensorOrNil, rhs.tensorOrNil]) { g, _ throws(EngineError) in
            [g[0], try g[0].applying(.multiply, sign)]
        }
    }
}

extension Tensor {
    /// This tensor divided by a number inside a gradient formula, recorded as PyTorch's
    /// C++ formulas record `div(Tensor, Scalar)`: `DivBackward1`, with one input (a Python
    /// `x / 2` is `DivBackward0` with a `None` second input).
    func dividedInFormula(by number: Scalar) throws(EngineError) -> Tensor {
        let value = try EngineContext.current.withoutGrad { () throws(EngineError) in try applying(.divide, number) }
        return value.recorded("DivBackward1", inputs: [self]) { g, _ throws(EngineError) in [try g[0].dividedInFormula(by: number)] }
    }
}

extension Tensor {
    /// `values` with zeros where `mask` is true (PyTorch's `masked_fill(mask, 0)` in its
    /// formulas: a NaN or infinity there becomes 0, as multiplying by 0 would not make it).
    static func zeroed(_ values: Tensor, where mask: Tensor) throws(EngineError) -> Tensor {
        try select(where: mask, .scalar(.int(0)), .tensor(values))
    }
}

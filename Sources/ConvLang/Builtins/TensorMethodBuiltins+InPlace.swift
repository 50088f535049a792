import ConvEngine

/// The in-place methods (`add_`, `fill_`, `t_`, ...): each writes through the tensor's
/// strides into the elements it shares with its views, or changes its own layout, and
/// returns the tensor itself, as PyTorch does.
extension TensorMethodBuiltins {
    static let inPlace: [Definition] = [
        arithmeticInPlace("add_", .add, alpha: true), arithmeticInPlace("sub_", .subtract, alpha: true),
        arithmeticInPlace("mul_", .multiply), arithmeticInPlace("div_", .divide), arithmeticInPlace("pow_", .power),
        def("fill_", "value", "Every element set to value, in place.", "conv.weight.data.fill_(1)") { box, call throws(Diagnostic) in
            let value: Scalar
            if case .tensor(let v) = call["value"], v.tensor.rank == 0 {
                value = try call.engine { () throws(EngineError) in try v.tensor.item() }
            } else if let v = call.interpreter.scalar(call["value"]) {
                value = v
            } else {
                throw call.typeError("value", expected: "Number")
            }
            try call.engine { () throws(EngineError) in try box.tensor.fill(value) }
            return .tensor(box)
        },
        def("zero_", "", "Every element set to zero, in place.", "conv.bias.data.zero_()") { box, call throws(Diagnostic) in
            try call.engine { () throws(EngineError) in try box.tensor.zero() }
            return .tensor(box)
        },
        def("copy_", "src", "The values of src written in, in place (broadcast, converted).", "w.data.copy_(K)") { box, call throws(Diagnostic) in
            let source = try call.tensor("src")
            try call.engine { () throws(EngineError) in try box.tensor.copyIn(source) }
            return .tensor(box)
        },
        def("masked_fill_", "mask, value", "value written where mask is True, in place.", "x.masked_fill_(x > 5, 0)") { box, call throws(Diagnostic) in
            let mask = try call.tensor("mask")
            let value = try maskedFillValue(call)
            let t = box.tensor
            try call.engine { () throws(EngineError) in try t.updateInPlace(inputs: [mask]) { (s) throws(EngineError) in try s.maskedFilled(mask, value) } }
            return .tensor(box)
        },
        def("masked_fill", "mask, value", "A copy with value where mask is True.", "x.masked_fill(x > 5, 0)", torch: true) { box, call throws(Diagnostic) in
            let mask = try call.tensor("mask")
            let value = try maskedFillValue(call)
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.maskedFilled(mask, value) }
        },
        unaryInPlace("abs_") { t throws(EngineError) in try t.absolute() },
        def("clamp_", "min=None, max=None", "Every element limited to [min, max], in place.", "x.clamp_(min=0)") { box, call throws(Diagnostic) in
            let lower = call["min"].isNone ? nil : try call.operand("min")
            let upper = call["max"].isNone ? nil : try call.operand("max")
            let t = box.tensor
            try call.engine { () throws(EngineError) in try t.updateInPlace(inputs: [lower?.tensorOrNil, upper?.tensorOrNil]) { (s) throws(EngineError) in try s.clamped(min: lower, max: upper) } }
            return .tensor(box)
        },
        unaryInPlace("neg_") { t throws(EngineError) in try t.negated() },
        layoutInPlace("t_", "") { t, _ throws(Diagnostic) in
            return { () throws(EngineError) in try t.matrixTransposed(name: "t_") }
        },
        layoutInPlace("transpose_", "dim0, dim1") { t, call throws(Diagnostic) in
            let (a, b) = (try call.int("dim0"), try call.int("dim1"))
            return { () throws(EngineError) in try t.transposed(a, b) }
        },
        layoutInPlace("squeeze_", "dim=None") { t, call throws(Diagnostic) in
            if case .int(let dim) = call["dim"] { return { () throws(EngineError) in try t.squeezed(dim: Int(dim)) } }
            let dims = try call.dims("dim")
            return { () throws(EngineError) in try t.squeezed(dims: dims) }
        },
        layoutInPlace("unsqueeze_", "dim") { t, call throws(Diagnostic) in
            let dim = try call.int("dim")
            return { () throws(EngineError) in try t.unsqueezed(dim: dim) }
        },
        layoutInPlace("as_strided_", "size, stride, storage_offset=None") { t, call throws(Diagnostic) in
            let (size, stride, offset) = (try call.ints("size"), try call.ints("stride"), try call.optionalInt("storage_offset"))
            return { () throws(EngineError) in try t.asStrided(size: size, stride: stride, offset: offset) }
        },
        def("uniform_", "from=0, to=1", "Uniform random values in [from, to), drawn as PyTorch draws them, in place.", "w.data.uniform_(-0.1, 0.1)") { box, call throws(Diagnostic) in
            let (a, b) = (try call.double("from"), try call.double("to"))
            let t = box.tensor
            try call.engine { () throws(EngineError) in
                try t.copyIn(try call.interpreter.generator.uniform(t.shape.dimensions, from: a, to: b, dtype: t.dtype))
            }
            return .tensor(box)
        },
        def("normal_", "mean=0, std=1", "Normal random values, drawn as PyTorch draws them, in place.", "w.data.normal_(0, 0.02)") { box, call throws(Diagnostic) in
            let (mean, std) = (try call.double("mean"), try call.double("std"))
            let t = box.tensor
            try call.engine { () throws(EngineError) in
                try t.copyIn(try call.interpreter.generator.normal(t.shape.dimensions, mean: mean, std: std, dtype: t.dtype))
            }
            return .tensor(box)
        },
    ]

    /// `name(other, alpha=1)`: `self op= alpha * other`.
    private static func arithmeticInPlace(_ name: String, _ op: BinaryOperation, alpha: Bool = false) -> Definition {
        def(name, alpha ? "other, *, alpha=1" : "other", "Elementwise \(op.rawValue) with broadcasting, in place.", "x.\(name)(1)") { box, call throws(Diagnostic) in
            let other = try call.operand("other")
            let scale = try alphaScalar(call, box.tensor)
            try call.engine { () throws(EngineError) in
                try box.tensor.updateInPlace(inputs: [other.tensorOrNil], broadcastWith: other.shape) { (t) throws(EngineError) in
                    if let scale { return try Tensor.apply(op, .tensor(t), other, alpha: scale) }
                    return try Tensor.apply(op, .tensor(t), other)
                }
            }
            return .tensor(box)
        }
    }

    /// The call's `alpha` (`add(other, alpha=2)`), or `nil` when it has none.
    static func alphaScalar(_ call: Call, _ tensor: Tensor) throws(Diagnostic) -> Scalar? {
        guard call.has("alpha"), let alpha = call.interpreter.scalar(call["alpha"]) else { return nil }
        if !tensor.dtype.isFloatingPoint, case .double = alpha {
            throw Diagnostic(.runtime, "For integral input tensors, argument alpha must not be a floating point number.", call.range(of: "alpha"))
        }
        return alpha
    }

    private static func unaryInPlace(_ name: String, _ op: @escaping @Sendable (Tensor) throws(EngineError) -> Tensor) -> Definition {
        def(name, "", "\(name.dropLast())(), in place.", "x.\(name)()") { box, call throws(Diagnostic) in
            let t = box.tensor
            try call.engine { () throws(EngineError) in try t.updateInPlace { (s) throws(EngineError) in try op(s) } }
            return .tensor(box)
        }
    }

    /// An in-place method that changes the tensor's own sizes and strides (`t_`).
    private static func layoutInPlace(
        _ name: String, _ parameters: String,
        _ view: @escaping @Sendable (Tensor, Call) throws(Diagnostic) -> () throws(EngineError) -> Tensor
    ) -> Definition {
        def(name, parameters, "\(name.dropLast())(), changing this tensor's own shape and strides.", "x.\(name)()") { box, call throws(Diagnostic) in
            let made = try view(box.tensor, call)
            let result = try call.engine(made)
            try call.engine { () throws(EngineError) in try box.tensor.adoptView(result) }
            return .tensor(box)
        }
    }

    private static func maskedFillValue(_ call: Call) throws(Diagnostic) -> Scalar {
        if case .tensor(let v) = call["value"] {
            guard v.tensor.rank == 0 else {
                throw Diagnostic(.runtime, "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with \(v.tensor.rank) dimension(s).", call.range(of: "value"))
            }
            return try call.engine { () throws(EngineError) in try v.tensor.item() }
        }
        guard let v = call.interpreter.scalar(call["value"]) else { throw call.typeError("value", expected: "Number") }
        return v
    }
}

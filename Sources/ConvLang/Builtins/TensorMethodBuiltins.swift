import ConvEngine

/// Tensor methods (`x.sum(dim=1)`), each written once and offered also as a `torch`
/// function taking the tensor first where PyTorch has one (`torch.sum(x, dim=1)`).
enum TensorMethodBuiltins {
    typealias Body = @Sendable (TensorBox, inout Call) throws(Diagnostic) -> Value

    struct Definition {
        var name: String
        var parameters: String
        var summary: String
        var example: String
        var alsoTorchFunction: Bool
        var body: Body
    }

    static let methods: [String: Builtin] = Dictionary(
        definitions.map { d in
            (d.name, Builtin("Tensor.\(d.name)", d.parameters, summary: d.summary, example: d.example) { (call) throws(Diagnostic) in
                try d.body(call.selfTensor(), &call)
            })
        }, uniquingKeysWith: { a, _ in a })

    static let torchFunctions: [Builtin] = definitions.filter(\.alsoTorchFunction).map { d in
        Builtin("torch.\(d.name)", d.parameters.isEmpty ? "input" : "input, " + d.parameters, summary: d.summary,
                example: d.example) { (call) throws(Diagnostic) in
            guard case .tensor(let box) = call["input"] else { throw call.typeError("input", expected: "Tensor") }
            return try d.body(box, &call)
        }
    }

    static func def(_ name: String, _ parameters: String, _ summary: String, _ example: String,
                            torch: Bool = false, _ body: @escaping Body) -> Definition {
        Definition(name: name, parameters: parameters, summary: summary, example: example, alsoTorchFunction: torch, body: body)
    }

    static func tensorResult(_ call: Call, _ body: () throws(EngineError) -> Tensor) throws(Diagnostic) -> Value {
        .tensor(try call.engine(body))
    }

    static let definitions: [Definition] = shape + views + reductions + statistics + conversions + arithmetic + elementwise + inPlace + introspection
        + AutogradBuiltins.tensorMethods
        + NumpyInterop.tensorMethods

    static let shape: [Definition] = [
        def("size", "dim=None", "The torch.Size of the tensor, or the size of one dimension.", "x.size()") { box, call throws(Diagnostic) in
            guard let dim = try call.optionalInt("dim") else { return .size(box.tensor.shape.dimensions) }
            return .int(Int64(try call.engine { () throws(EngineError) in try box.tensor.size(dim) }))
        },
        def("dim", "", "The number of dimensions.", "x.dim()") { box, _ in .int(Int64(box.tensor.rank)) },
        def("ndimension", "", "The number of dimensions.", "x.ndimension()") { box, _ in .int(Int64(box.tensor.rank)) },
        def("numel", "", "The number of elements.", "x.numel()", torch: true) { box, _ in .int(Int64(box.tensor.count)) },
        def("nelement", "", "The number of elements.", "x.nelement()") { box, _ in .int(Int64(box.tensor.count)) },
        def("permute", "*dims", "The dimensions reordered.", "x.permute(0, 2, 3, 1)") { box, call throws(Diagnostic) in
            let dims = try call.sizes("dims")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.permuted(dims) }
        },
        def("transpose", "dim0, dim1", "Two dimensions swapped.", "w.transpose(0, 1)", torch: true) { box, call throws(Diagnostic) in
            let (a, b) = (try call.int("dim0"), try call.int("dim1"))
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.transposed(a, b) }
        },
        def("repeat", "*repeats", "The tensor tiled repeats[i] times along each dimension (a copy).", "x.repeat(2, 1)") { box, call throws(Diagnostic) in
            let repeats = try call.sizes("repeats")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.repeated(repeats) }
        },
        def("flip", "*dims", "The elements in reverse order along dims.", "k.flip(2, 3)") { box, call throws(Diagnostic) in
            let dims = try call.sizes("dims")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.flipped(dims) }
        },
        def("expand", "*sizes", "Dimensions of size 1 repeated to the given sizes.", "b.expand(2, 3)") { box, call throws(Diagnostic) in
            let sizes = try call.sizes("sizes")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.expanded(to: sizes) }
        },
    ]

    static let reductions: [Definition] = [
        reduction("sum", .sum, "The sum of all elements, or along dim."),
        reduction("mean", .mean, "The mean of all elements, or along dim (floating point only)."),
        extreme("max", .max), extreme("min", .min),
        reduction("all", .all, "Whether every element is true (non-zero), overall or along dim."),
        reduction("any", .any, "Whether any element is true (non-zero), overall or along dim."),
        def("item", "", "The value of a one-element tensor as a Python number.", "y.sum().item()") { box, call throws(Diagnostic) in
            switch try call.engine({ () throws(EngineError) in try box.tensor.item() }) {
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .double(let d): return .float(d)
            }
        },
        def("tolist", "", "The values as nested Python lists.", "y.tolist()") { box, _ in Value(box.tensor.toNestedList()) },
        def("abs", "", "The absolute values.", "(a - b).abs()", torch: true) { box, call throws(Diagnostic) in
            try tensorResult(call) { () throws(EngineError) in try box.tensor.absolute() }
        },
        def("allclose", "other, rtol=1e-05, atol=1e-08, equal_nan=False", "Whether every element is close to other's.", "a.allclose(b)") { box, call throws(Diagnostic) in
            let other = try call.tensor("other")
            let (r, a, n) = (try call.double("rtol"), try call.double("atol"), try call.bool("equal_nan"))
            return .bool(try call.engine { () throws(EngineError) in try box.tensor.allClose(other, rtol: r, atol: a, equalNaN: n) })
        },
        def("equal", "other", "Whether both have the same shape and elements.", "torch.equal(a, b)", torch: true) { box, call throws(Diagnostic) in
            let other = try call.tensor("other")
            let t = box.tensor
            guard t.shape == other.shape else { return .bool(false) }
            let dtype = t.dtype.promoted(with: other.dtype)
            return .bool(t.converted(to: dtype).contiguousStorage == other.converted(to: dtype).contiguousStorage)
        },
    ]

    static let conversions: [Definition] = [
        convert("float", .float32), convert("double", .float64), convert("half", .float16), convert("bfloat16", .bfloat16),
        convert("long", .int64), convert("int", .int32), convert("short", .int16), convert("char", .int8), convert("byte", .uint8),
        convert("bool", .bool),
        def("to", "dtype", "The values converted to dtype.", "x.to(torch.float64)") { box, call throws(Diagnostic) in
            guard let dtype = try call.optionalDType("dtype") else { return .tensor(box) }
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.recordedConverted(to: dtype) }
        },
        def("type", "dtype=None", "The type name, or the values converted to dtype.", "x.type()") { box, call throws(Diagnostic) in
            guard let dtype = try call.optionalDType("dtype") else { return .string(box.tensor.dtype.legacyTensorTypeName) }
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.recordedConverted(to: dtype) }
        },
        def("requires_grad_", "requires_grad=True", "The tensor itself, now a leaf that requires grad (or not): backward() fills its .grad.",
            "x.requires_grad_()") { box, call throws(Diagnostic) in
            let flag = try call.bool("requires_grad")
            do throws(EngineError) {
                try box.tensor.setRequiresGrad(flag)
            } catch where error.message.hasPrefix("only Tensors") {
                // The method words PyTorch's dtype refusal differently from the creation functions.
                throw Diagnostic(.runtime, "only Tensors of floating point dtype can require gradients", call.range)
            } catch {
                throw Diagnostic(error, at: call.range)
            }
            box.adoptAsLanguageObject()
            return .tensor(box)
        },
    ]

    static let arithmetic: [Definition] = [
        binary("add", .add, alpha: true), binary("sub", .subtract, alpha: true), binary("mul", .multiply), binary("div", .divide), binary("pow", .power),
        compare("eq", .equal), compare("ne", .notEqual), compare("lt", .less), compare("le", .lessEqual),
        compare("gt", .greater), compare("ge", .greaterEqual),
        def("neg", "", "The values negated.", "x.neg()") { box, call throws(Diagnostic) in
            try tensorResult(call) { () throws(EngineError) in try box.tensor.negated() }
        },
        def("matmul", "other", "The matrix product.", "C.matmul(x)") { box, call throws(Diagnostic) in
            let other = try call.tensor("other")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.matmul(other, cancellation: call.interpreter.cancellation) }
        },
        def("mm", "mat2", "The product of two matrices.", "a.mm(b)") { box, call throws(Diagnostic) in
            let other = try call.tensor("mat2")
            return try tensorResult(call) { () throws(EngineError) in try box.tensor.matrixProduct(other, cancellation: call.interpreter.cancellation) }
        },
    ]

    private static func reduction(_ name: String, _ r: Reduction, _ summary: String) -> Definition {
        def(name, "dim=None, keepdim=False", summary, "x.\(name)(dim=1)", torch: true) { box, call throws(Diagnostic) in
            let dims = try call.dims("dim"), keep = try call.bool("keepdim")
            return try tensorResult(call) { () throws(EngineError) in
                if let dims { return try box.tensor.reduced(r, dims: dims, keepDim: keep) }
                return try box.tensor.reduced(r)
            }
        }
    }

    private static func extreme(_ name: String, _ r: Reduction) -> Definition {
        def(name, "dim=None, keepdim=False", "The \(name)imum of all elements, or along dim as (values, indices); given another tensor, the elementwise \(name)imum.", "x.\(name)(dim=1)", torch: true) { box, call throws(Diagnostic) in
            if case .tensor(let other) = call["dim"] {
                let kind: ExtremeKind = r == .max ? .max : .min
                return try tensorResult(call) { () throws(EngineError) in try Tensor.elementwiseExtreme(kind, box.tensor, other.tensor) }
            }
            guard let dim = try call.optionalInt("dim") else {
                return try tensorResult(call) { () throws(EngineError) in try box.tensor.reduced(r) }
            }
            let keep = try call.bool("keepdim")
            let (values, indices) = try call.engine { () throws(EngineError) in try box.tensor.extreme(r, dim: dim, keepDim: keep) }
            return .record(type: "torch.return_types.\(name)", fields: [("values", .tensor(values)), ("indices", .tensor(indices))])
        }
    }

    private static func convert(_ name: String, _ dtype: DType) -> Definition {
        def(name, "", "The values as \(dtype.torchName).", "x.\(name)()") { box, call throws(Diagnostic) in
            box.tensor.dtype == dtype ? .tensor(box) : try tensorResult(call) { () throws(EngineError) in try box.tensor.recordedConverted(to: dtype) }
        }
    }

    private static func binary(_ name: String, _ op: BinaryOperation, alpha: Bool = false) -> Definition {
        def(name, alpha ? "other, *, alpha=1" : "other", "Elementwise \(op.rawValue) with broadcasting\(alpha ? " (other scaled by alpha)" : "").",
            "x.\(name)(y)", torch: true) { box, call throws(Diagnostic) in
            let other = try call.operand("other")
            guard let alpha = try alphaScalar(call, box.tensor) else {
                return try tensorResult(call) { () throws(EngineError) in try Tensor.apply(op, .tensor(box.tensor), other) }
            }
            return try tensorResult(call) { () throws(EngineError) in try Tensor.apply(op, .tensor(box.tensor), other, alpha: alpha) }
        }
    }

    private static func compare(_ name: String, _ c: Comparison) -> Definition {
        def(name, "other", "Elementwise \(c.rawValue), as a bool tensor.", "x.\(name)(0)", torch: true) { box, call throws(Diagnostic) in
            let other = try call.operand("other")
            return try tensorResult(call) { () throws(EngineError) in try Tensor.compare(c, .tensor(box.tensor), other) }
        }
    }
}

extension Value {
    /// Nested lists from `tolist()`.
    init(_ nested: NestedList) {
        switch nested {
        case .scalar(.bool(let b)): self = .bool(b)
        case .scalar(.int(let i)): self = .int(i)
        case .scalar(.double(let d)): self = .float(d)
        case .list(let items): self = .newList(items.map(Value.init))
        }
    }
}

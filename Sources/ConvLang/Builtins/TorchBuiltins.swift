import ConvEngine

/// `torch.*`: tensor creation, random numbers and tensor functions.
enum TorchBuiltins {
    static let all: [Builtin] = creation + random + functions + [setPrintOptions] + NumpyInterop.torchFunctions

    static let creation: [Builtin] = [
        Builtin("torch.tensor", "data, *, dtype=None, requires_grad=False",
                summary: "A tensor holding a copy of data (nested lists of numbers). The dtype comes from the values unless given: floats give float32, integers int64, bools bool.",
                example: "X = torch.tensor([[0.0, 1.0], [2.0, 3.0]])") { (call) throws(Diagnostic) in
            if case .ndarray(let box) = call["data"] { return try NumpyInterop.tensorCopy(box, dtype: try call.optionalDType("dtype"), at: call.range) }
            if case .tensor = call["data"] {
                call.interpreter.warn("To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach() or sourceTensor.clone().detach().requires_grad_(True), rather than torch.tensor(sourceTensor).")
            }
            let data = try call.nested(call["data"], at: "data")
            let dtype = try call.optionalDType("dtype") ?? NumpyInterop.inferredDType(call["data"])
            return try call.created(try call.engine { () throws(EngineError) in try Tensor(nested: data, dtype: dtype) })
        },
        Builtin("torch.Tensor", "*data",
                summary: "The legacy constructor: a float32 tensor copied from nested lists, a tensor or a NumPy array (torch.Tensor(np_array)), or an uninitialised one of the given sizes (ConvLang fills it with zeros).",
                example: "w = torch.Tensor(np.array(conv.weight.data))") { (call) throws(Diagnostic) in
            guard case .tuple(let items) = call["data"] else { return .none }
            // torch.Tensor(data) copies data as float32; torch.Tensor(2, 3) makes a 2x3 tensor.
            if items.count == 1, case .ndarray(let box) = items[0] { return try NumpyInterop.tensorCopy(box, dtype: .float32, at: call.range) }
            if items.count == 1, !items[0].isInteger {
                let data = try call.nested(items[0], at: "data")
                return .tensor(try call.engine { () throws(EngineError) in try Tensor(nested: data, dtype: .float32) })
            }
            let sizes = try call.sizes("data")
            return .tensor(try call.engine { () throws(EngineError) in try Tensor.zeros(sizes) })
        },
        Builtin("torch.zeros", "*size, dtype=None, requires_grad=False", summary: "A tensor of zeros of the given size (float32 unless dtype is given).",
                example: "torch.zeros(1, 1, 4, 4)") { (call) throws(Diagnostic) in
            let sizes = try call.sizes("size"), dtype = try call.optionalDType("dtype") ?? .float32
            return try call.created(try call.engine { () throws(EngineError) in try Tensor.zeros(sizes, dtype: dtype) })
        },
        Builtin("torch.ones", "*size, dtype=None, requires_grad=False", summary: "A tensor of ones of the given size (float32 unless dtype is given).",
                example: "inputs = torch.ones(1, 1, 3, 3)") { (call) throws(Diagnostic) in
            let sizes = try call.sizes("size"), dtype = try call.optionalDType("dtype") ?? .float32
            return try call.created(try call.engine { () throws(EngineError) in try Tensor.ones(sizes, dtype: dtype) })
        },
        Builtin("torch.empty", "*size, dtype=None, requires_grad=False",
                summary: "A tensor of the given size whose values are left unset (PyTorch's are whatever memory held; ConvLang's are zeros).",
                example: "torch.empty(2, 3)") { (call) throws(Diagnostic) in
            guard call.has("size") else { throw Diagnostic(.type, "empty() missing 1 required positional arguments: \"size\"", call.range) }
            let sizes = try call.sizes("size"), dtype = try call.optionalDType("dtype") ?? .float32
            return try call.created(try call.engine { () throws(EngineError) in try Tensor.zeros(sizes, dtype: dtype) })
        },
        Builtin("torch.full", "size, fill_value, *, dtype=None, requires_grad=False", summary: "A tensor of the given size filled with fill_value; its dtype follows the value (7 gives int64, 7.0 float32).",
                example: "torch.full((2, 2), 7.0)") { (call) throws(Diagnostic) in
            let sizes = try call.ints("size"), dtype = try call.optionalDType("dtype")
            guard let value = call.interpreter.scalar(call["fill_value"]) else { throw call.typeError("fill_value", expected: "Number") }
            return try call.created(try call.engine { () throws(EngineError) in try Tensor.full(sizes, value, dtype: dtype) })
        },
        Builtin("torch.arange", "start, end=None, step=1, *, dtype=None, requires_grad=False",
                summary: "Values from start up to (not including) end, step apart; arange(n) counts 0 to n-1. Integer arguments give int64, any float gives float32.",
                example: "torch.arange(16).view(1, 1, 4, 4).float()") { (call) throws(Diagnostic) in
            let interp = call.interpreter
            guard var start = interp.scalar(call["start"]) else { throw call.typeError("start", expected: "Number") }
            var end: Scalar
            if case .none = call["end"] { end = start; start = .int(0) } else {
                guard let e = interp.scalar(call["end"]) else { throw call.typeError("end", expected: "Number") }
                end = e
            }
            guard let step = interp.scalar(call["step"]) else { throw call.typeError("step", expected: "Number") }
            let dtype = try call.optionalDType("dtype")
            return try call.created(try call.engine { () throws(EngineError) in try Tensor.arange(start: start, end: end, step: step, dtype: dtype) })
        },
        Builtin("torch.linspace", "start, end, steps, *, dtype=None, requires_grad=False", summary: "steps evenly spaced values from start to end, both included.",
                example: "torch.linspace(0, 1, 5)") { (call) throws(Diagnostic) in
            let (a, b, n) = (try call.double("start"), try call.double("end"), try call.int("steps"))
            let dtype = try call.optionalDType("dtype") ?? .float32
            return try call.created(try call.engine { () throws(EngineError) in try Tensor.linspace(start: a, end: b, steps: n, dtype: dtype) })
        },
        Builtin("torch.eye", "n, m=None, *, dtype=None, requires_grad=False", summary: "The n x m identity matrix (m defaults to n).",
                example: "torch.eye(3)") { (call) throws(Diagnostic) in
            let n = try call.int("n"), m = try call.optionalInt("m"), dtype = try call.optionalDType("dtype") ?? .float32
            return try call.created(try call.engine { () throws(EngineError) in try Tensor.eye(n, m, dtype: dtype) })
        },
        like("zeros_like", "Zeros with the shape and dtype of input.") { t, _ in t.zerosLike() },
        like("ones_like", "Ones with the shape and dtype of input.") { t, _ in t.onesLike() },
        like("empty_like", "A tensor with the shape and dtype of input whose values are left unset (zeros in ConvLang).") { t, _ in t.zerosLike() },
        Builtin("torch.full_like", "input, fill_value, *, dtype=None, requires_grad=False", summary: "fill_value with the shape and dtype of input.",
                example: "torch.full_like(x, 0.5)") { (call) throws(Diagnostic) in
            let t = try call.tensor("input")
            guard let value = call.interpreter.scalar(call["fill_value"]) else { throw call.typeError("fill_value", expected: "Number") }
            return try call.created(t.fullLike(value, dtype: try call.optionalDType("dtype")))
        },
        Builtin("torch.Size", "sizes=()", summary: "A torch.Size: the type of x.shape and x.size(). It equals a list or tuple of the same numbers.",
                example: "x.size() == torch.Size([1, 1, 4, 4])") { (call) throws(Diagnostic) in
            .size(try call.ints("sizes"))
        },
        Builtin("torch.is_tensor", "obj", summary: "Whether obj is a tensor.", example: "torch.is_tensor(x)") { (call) throws(Diagnostic) in
            if case .tensor = call["obj"] { return .bool(true) }
            return .bool(false)
        },
        Builtin("torch.device", "type", summary: "A device; ConvLab computes on the CPU only, so 'cpu' is the one there is.",
                example: "torch.device('cpu')") { (call) throws(Diagnostic) in
            let type = try call.string("type")
            guard type == "cpu" else {
                throw Diagnostic(.runtime, "ConvLab computes on the CPU only; torch.device('\(type)') is not available", call.range(of: "type"))
            }
            return .device(type)
        },
    ]

    static let random: [Builtin] = [
        Builtin("torch.manual_seed", "seed", summary: "Seeds the random generator: the rand, randn and layer initialisations that follow give exactly PyTorch's numbers for that seed.",
                example: "torch.manual_seed(0)") { (call) throws(Diagnostic) in
            let seed = try call.int("seed")
            call.interpreter.generator.manualSeed(UInt64(bitPattern: Int64(seed)))
            return .opaque("<torch._C.Generator object>")
        },
        Builtin("torch.initial_seed", "", summary: "The seed last set with manual_seed.", example: "torch.initial_seed()") { (call) throws(Diagnostic) in
            .int(Int64(bitPattern: call.interpreter.generator.initialSeed))
        },
        Builtin("torch.rand", "*size, dtype=None, requires_grad=False", summary: "Uniform random values in [0, 1), drawn as PyTorch draws them (bit for bit after manual_seed).",
                example: "inputs = torch.rand(1, 1, 32, 32)") { (call) throws(Diagnostic) in
            let sizes = try call.sizes("size"), dtype = try call.optionalDType("dtype") ?? .float32
            return try call.created(try call.engine { () throws(EngineError) in try call.interpreter.generator.rand(sizes, dtype: dtype) })
        },
        Builtin("torch.randn", "*size, dtype=None, requires_grad=False", summary: "Standard normal random values, drawn as PyTorch draws them.",
                example: "x = torch.randn(1, 3, 8, 8)") { (call) throws(Diagnostic) in
            let sizes = try call.sizes("size"), dtype = try call.optionalDType("dtype") ?? .float32
            return try call.created(try call.engine { () throws(EngineError) in try call.interpreter.generator.randn(sizes, dtype: dtype) })
        },
        randint,
        like("rand_like", "Uniform random values with the shape and dtype of input.") { t, call throws(Diagnostic) in
            try call.engine { () throws(EngineError) in try call.interpreter.generator.rand(t.shape.dimensions, dtype: t.dtype) }
        },
        like("randn_like", "Normal random values with the shape and dtype of input.") { t, call throws(Diagnostic) in
            try call.engine { () throws(EngineError) in try call.interpreter.generator.randn(t.shape.dimensions, dtype: t.dtype) }
        },
    ]

    static let functions: [Builtin] = [
        Builtin("torch.cat", "tensors, dim=0", summary: "The tensors joined along an existing dimension.", example: "torch.cat([a, b], dim=1)") { (call) throws(Diagnostic) in
            let ts = try call.tensors("tensors"), dim = try call.int("dim")
            return .tensor(try call.engine { () throws(EngineError) in try Tensor.concatenate(ts, dim: dim) })
        },
        Builtin("torch.stack", "tensors, dim=0", summary: "Tensors of one shape joined along a new dimension.", example: "torch.stack([a, b])") { (call) throws(Diagnostic) in
            let ts = try call.tensors("tensors"), dim = try call.int("dim")
            return .tensor(try call.engine { () throws(EngineError) in try Tensor.stack(ts, dim: dim) })
        },
        Builtin("torch.flip", "input, dims", summary: "The elements in reverse order along dims; flip(k, [2, 3]) rotates a kernel by 180 degrees.",
                example: "torch.flip(conv.weight.data, [2, 3])") { (call) throws(Diagnostic) in
            let t = try call.tensor("input"), dims = try call.ints("dims")
            return .tensor(try call.engine { () throws(EngineError) in try t.flipped(dims) })
        },
        Builtin("torch.allclose", "input, other, rtol=1e-05, atol=1e-08, equal_nan=False",
                summary: "Whether every element of input is close to other's: |input - other| <= atol + rtol * |other|.",
                example: "torch.allclose(a, b, atol=1e-5)") { (call) throws(Diagnostic) in
            let (a, b) = (try call.tensor("input"), try call.tensor("other"))
            let (r, t, n) = (try call.double("rtol"), try call.double("atol"), try call.bool("equal_nan"))
            return .bool(try call.engine { () throws(EngineError) in try a.allClose(b, rtol: r, atol: t, equalNaN: n) })
        },
        Builtin("torch.isclose", "input, other, rtol=1e-05, atol=1e-08, equal_nan=False", summary: "Elementwise: whether input is close to other.",
                example: "torch.isclose(a, b)") { (call) throws(Diagnostic) in
            let (a, b) = (try call.tensor("input"), try call.tensor("other"))
            let (r, t, n) = (try call.double("rtol"), try call.double("atol"), try call.bool("equal_nan"))
            return .tensor(try call.engine { () throws(EngineError) in try a.isClose(b, rtol: r, atol: t, equalNaN: n) })
        },
        Builtin("torch.where", "condition, input, other", summary: "Elements of input where condition is true, of other elsewhere.",
                example: "torch.where(x > 0, x, 0)") { (call) throws(Diagnostic) in
            let c = try call.tensor("condition"), a = try call.operand("input"), b = try call.operand("other")
            return .tensor(try call.engine { () throws(EngineError) in try Tensor.select(where: c, a, b) })
        },
        Builtin("torch.matmul", "input, other", summary: "The matrix product (also the @ operator).", example: "C @ x.view(16, 1)") { (call) throws(Diagnostic) in
            let (a, b) = (try call.tensor("input"), try call.tensor("other"))
            return .tensor(try call.engine { () throws(EngineError) in try a.matmul(b, cancellation: call.interpreter.cancellation) })
        },
        Builtin("torch.mm", "input, mat2", summary: "The product of two matrices.", example: "torch.mm(a, b)") { (call) throws(Diagnostic) in
            let (a, b) = (try call.tensor("input"), try call.tensor("mat2"))
            return .tensor(try call.engine { () throws(EngineError) in try a.matrixProduct(b, cancellation: call.interpreter.cancellation) })
        },
        Builtin("torch.bmm", "input, mat2", summary: "The products of two batches of matrices: (b, n, m) @ (b, m, p) is (b, n, p).",
                example: "torch.bmm(a, b)") { (call) throws(Diagnostic) in
            let (a, b) = (try call.tensor("input"), try call.tensor("mat2"))
            return .tensor(try call.engine { () throws(EngineError) in try a.batchMatmul(b, cancellation: call.interpreter.cancellation) })
        },
        Builtin("torch.reshape", "input, shape", summary: "The same elements in a new shape; one size may be -1.", example: "torch.reshape(x, (4, 4))") { (call) throws(Diagnostic) in
            let t = try call.tensor("input"), shape = try call.ints("shape")
            return .tensor(try call.engine { () throws(EngineError) in try t.reshaped(shape) })
        },
        Builtin("torch.permute", "input, dims", summary: "The dimensions reordered.", example: "torch.permute(x, (0, 2, 3, 1))") { (call) throws(Diagnostic) in
            let t = try call.tensor("input"), dims = try call.ints("dims")
            return .tensor(try call.engine { () throws(EngineError) in try t.permuted(dims) })
        },
    ] + TensorMethodBuiltins.torchFunctions

    /// `torch.<name>_like(input, *, dtype=None, requires_grad=False)`.
    private static func like(_ name: String, _ summary: String,
                             _ make: @escaping @Sendable (Tensor, Call) throws(Diagnostic) -> Tensor) -> Builtin {
        Builtin("torch.\(name)", "input, *, dtype=None, requires_grad=False", summary: summary, example: "torch.\(name)(x)") { (call) throws(Diagnostic) in
            let t = try call.tensor("input")
            let made = try make(t, call)
            if let dtype = try call.optionalDType("dtype") { return try call.created(made.converted(to: dtype)) }
            return try call.created(made)
        }
    }
}

extension Value {
    var isInteger: Bool { if case .int = self { true } else { false } }
}

extension Interpreter {
    /// A Python number as an engine scalar.
    func scalar(_ value: Value) -> Scalar? {
        switch value {
        case .int(let i): .int(i)
        case .float(let d): .double(d)
        case .bool(let b): .bool(b)
        case .tensor(let box) where box.tensor.count == 1: try? box.tensor.item()
        default: nil
        }
    }
}

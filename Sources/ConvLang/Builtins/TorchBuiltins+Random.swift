import ConvEngine

extension TorchBuiltins {
    /// `torch.randint([low=0,] high, size, *, dtype=None, requires_grad=False)`.
    static let randint = Builtin(
        "torch.randint", "*args, size=None, dtype=None, requires_grad=False",
        summary: "Random integers in [low, high) of the given size (low defaults to 0), drawn as PyTorch draws them after manual_seed; int64 unless dtype is given.",
        example: "torch.randint(0, 10, (2, 3))"
    ) { (call) throws(Diagnostic) in
        guard case .tuple(var bounds) = call["args"] else { return .none }
        var sizeValue = call["size"]
        if !call.has("size"), bounds.count >= 2 { sizeValue = bounds.removeLast() }
        let integers = bounds.compactMap { value -> Int64? in
            switch value {
            case .int(let i): i
            case .bool(let b): b ? 1 : 0
            default: nil
            }
        }
        guard (1...2).contains(bounds.count), integers.count == bounds.count, !sizeValue.isNone else {
            throw invalidCombination(call)
        }
        guard sizeValue.isSequence else {
            throw Diagnostic(.type, "randint(): argument 'size' (position \(bounds.count + 1)) must be tuple of ints, not \(sizeValue.typeName)",
                             call.range(of: "args"))
        }
        var sized = call
        sized.values["size"] = sizeValue
        let sizes = try sized.ints("size")
        let (low, high) = integers.count == 2 ? (integers[0], integers[1]) : (0, integers[0])
        let dtype = try call.optionalDType("dtype") ?? .int64
        let generator = call.interpreter.generator
        return try call.created(try call.engine { () throws(EngineError) in
            try generator.randint(low: low, high: high, sizes, dtype: dtype)
        })
    }

    /// PyTorch's refusal of arguments that match none of randint's signatures.
    private static func invalidCombination(_ call: Call) -> Diagnostic {
        var got: [String] = []
        if case .tuple(let args) = call["args"] { got = args.map(\.pythonArgumentType) }
        for name in ["size", "dtype", "requires_grad"] where call.has(name) {
            got.append("\(name)=\(call[name].pythonArgumentType)")
        }
        let tail = "*, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)"
        let plain = "*, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)"
        let signatures = [
            "(int high, tuple of ints size, " + tail, "(int high, tuple of ints size, " + plain,
            "(int low, int high, tuple of ints size, " + tail, "(int low, int high, tuple of ints size, " + plain,
        ]
        let message = "randint() received an invalid combination of arguments - got (\(got.joined(separator: ", "))), but expected one of:\n"
            + signatures.map { " * " + $0 + "\n" }.joined()
        return Diagnostic(.type, message, call.range)
    }
}

extension Value {
    /// Whether the value is Python's `None`.
    var isNone: Bool { if case .none = self { true } else { false } }

    /// Whether the value is a list, tuple or `torch.Size`.
    var isSequence: Bool {
        switch self {
        case .list, .tuple, .size: true
        default: false
        }
    }

    /// The type name PyTorch's argument parser quotes (`int`, `tuple`, `torch.dtype`).
    var pythonArgumentType: String {
        switch self {
        case .dtype: "torch.dtype"
        case .size: "torch.Size"
        default: typeName
        }
    }
}

import ConvEngine

/// The member table of each kind of value (``MemberRegistry`` picks one): methods
/// live in their own files (``ListMethods``, ``StringMethods``, ...), fields here or
/// beside their type.
enum MemberTables {
    static let list = MemberTable(methods: ListMethods.all)
    static let tuple = MemberTable(methods: TupleMethods.all)
    static let dict = MemberTable(methods: DictMethods.all)
    static let set = MemberTable(methods: SetMethods.mutable)
    static let frozenset = MemberTable(methods: SetMethods.frozen)
    static let string = MemberTable(methods: StringMethods.all)
    static let size = MemberTable(methods: ["numel": Methods.sizeNumel]).adding(tuple)
    static let storage = MemberTable(methods: TensorMethodBuiltins.storageMethods)

    static let int = MemberTable(fields: [
        "real": { value, _, _ in value.asInteger.map(Value.int) ?? value },
        "imag": { _, _, _ in .int(0) },
        "numerator": { value, _, _ in value.asInteger.map(Value.int) ?? value },
        "denominator": { _, _, _ in .int(1) },
    ], methods: MemberTable.methods([NumberMethods.bitLength, NumberMethods.conjugate]))

    static let float = MemberTable(fields: [
        "real": { value, _, _ in value },
        "imag": { _, _, _ in .float(0) },
    ], methods: MemberTable.methods([NumberMethods.isInteger, NumberMethods.conjugate]))

    static let range = MemberTable(fields: [
        "start": { value, _, _ in if case .range(let r) = value { .int(r.start) } else { .none } },
        "stop": { value, _, _ in if case .range(let r) = value { .int(r.stop) } else { .none } },
        "step": { value, _, _ in if case .range(let r) = value { .int(r.step) } else { .none } },
    ])

    static let device = MemberTable(fields: [
        "type": { value, _, _ in if case .device(let type) = value { .string(type) } else { .none } },
        "index": { _, _, _ in .none },
    ])

    static let dtype = MemberTable(fields: [
        "is_floating_point": { value, _, _ in if case .dtype(let d) = value { .bool(d.isFloatingPoint) } else { .none } },
    ])

    static let ndarray = MemberTable(fields: Dictionary(uniqueKeysWithValues: Interpreter.arrayFieldNames.map { name in
        (name, { (value, interpreter, _) throws(Diagnostic) -> Value in
            if case .ndarray(let box) = value { return interpreter.arrayField(box, name) ?? .none }
            return .none
        } as MemberTable.Field)
    }), methods: ArrayMethodBuiltins.methods)

    static let numpyDType = MemberTable(fields: Dictionary(uniqueKeysWithValues: ["name", "itemsize", "type"].map { name in
        (name, { (value, interpreter, _) throws(Diagnostic) -> Value in
            if case .numpyDType(let d) = value { return interpreter.numpyDTypeField(d, name) ?? .none }
            return .none
        } as MemberTable.Field)
    }))

    /// A `def` function's `__name__`, `__qualname__` and `__doc__`.
    static let function = MemberTable(fields: [
        "__name__": { value, _, _ in if case .userFunction(let f) = value { .string(f.name) } else { .none } },
        "__qualname__": { value, _, _ in if case .userFunction(let f) = value { .string(f.qualifiedName) } else { .none } },
        "__doc__": { value, _, _ in if case .userFunction(let f) = value, let doc = f.code.docstring { .string(doc) } else { .none } },
    ])
}

extension Value {
    /// An int or bool as an integer.
    var asInteger: Int64? {
        switch self {
        case .int(let i): i
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }
}

/// Methods of Python's numbers.
enum NumberMethods {
    static let bitLength = Builtin("int.bit_length", "", summary: "The number of bits the absolute value needs.", example: "(255).bit_length()") { (call) throws(Diagnostic) in
        guard let i = call.receiver?.asInteger else { return .none }
        return .int(Int64(64 - i.magnitude.leadingZeroBitCount))
    }

    static let conjugate = Builtin("conjugate", "", summary: "The number itself (its complex conjugate).", example: "x.conjugate()") { (call) throws(Diagnostic) in
        switch call.receiver {
        case .bool(let b)?: .int(b ? 1 : 0)
        case let value?: value
        case nil: .none
        }
    }

    static let isInteger = Builtin("float.is_integer", "", summary: "Whether the float has no fractional part.", example: "(2.0).is_integer()") { (call) throws(Diagnostic) in
        guard case .float(let d)? = call.receiver else { return .none }
        return .bool(d.isFinite && d.rounded(.towardZero) == d)
    }
}

/// `tuple.count` and `tuple.index` (for tuples, `torch.Size` and named tuples).
enum TupleMethods {
    static let all = MemberTable.methods([count, index])

    static let count = Builtin("tuple.count", "value, /", summary: "How many items equal value.", example: "x.shape.count(1)") { (call) throws(Diagnostic) in
        var total: Int64 = 0
        for item in try items(call) where try Interpreter.equal(item, call["value"], at: call.range) { total += 1 }
        return .int(total)
    }

    static let index = Builtin("tuple.index", "value, start=0, stop=9223372036854775807, /",
                               summary: "The position of the first item equal to value.", example: "x.shape.index(3)") { (call) throws(Diagnostic) in
        let items = try items(call)
        let (start, stop) = (try call.clampedBound("start", count: items.count), try call.clampedBound("stop", count: items.count))
        if start < stop {
            for i in start..<stop where try Interpreter.equal(items[i], call["value"], at: call.range) { return .int(Int64(i)) }
        }
        throw Diagnostic(.value, "tuple.index(x): x not in tuple", call.range)
    }

    private static func items(_ call: Call) throws(Diagnostic) -> [Value] {
        guard let receiver = call.receiver else { return [] }
        return try call.interpreter.items(of: receiver, at: call.range)
    }
}

extension Call {
    /// A `start`/`stop` argument as Python's sequence methods read it: negative counts
    /// from the end, then clamped to `0...count`.
    func clampedBound(_ name: String, count: Int) throws(Diagnostic) -> Int {
        let given = try index(name)
        return given < 0 ? max(0, given + count) : min(given, count)
    }
}

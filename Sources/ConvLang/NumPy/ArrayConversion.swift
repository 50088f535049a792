import ConvEngine

/// How values become NumPy arrays and arrays become tensors, with the memory sharing
/// of NumPy and PyTorch: `t.numpy()`, `np.asarray(t)`, `torch.from_numpy(a)` and
/// `torch.as_tensor(a)` share the elements; `np.array(x)`, `torch.tensor(a)` and
/// `torch.Tensor(a)` copy them.
enum ArrayConversion {
    /// The elements of `value` as an array would hold them, shared where NumPy shares
    /// (an array's own, a tensor's through `__array__`), new otherwise (Python numbers,
    /// lists and tuples, with NumPy's dtype: bools, then int64, then float64).
    static func tensor(_ value: Value, at range: SourceRange) throws(Diagnostic) -> Tensor {
        switch value {
        case .ndarray(let box): return box.tensor
        case .tensor(let box): return try numpyView(of: box, at: range)
        case .bool(let b): return Tensor(scalar: .bool(b))
        case .int(let i): return Tensor(scalar: .int(i))
        case .float(let d): return Tensor(scalar: .double(d), dtype: .float64)
        case .list, .tuple, .size: return try fromSequence(value, at: range)
        default:
            throw Diagnostic(.type, "ConvLang's NumPy makes arrays of numbers, lists, tuples, arrays and tensors, not \(value.typeName)", range)
        }
    }

    /// What `t.numpy()` gives: the tensor's own elements.
    /// - Throws: PyTorch's refusals for a parameter (it requires grad) and for bfloat16.
    static func numpyView(of box: TensorBox, at range: SourceRange) throws(Diagnostic) -> Tensor {
        if box.isParameter {
            throw Diagnostic(.runtime, "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.", range)
        }
        if box.tensor.dtype == .bfloat16 {
            throw Diagnostic(.type, "Got unsupported ScalarType BFloat16", range)
        }
        return box.tensor
    }

    /// PyTorch's refusal to make a tensor over an array with a negative stride.
    static func checkNoNegativeStrides(_ t: Tensor, at range: SourceRange) throws(Diagnostic) {
        if zip(t.shape.dimensions, t.strides).contains(where: { $0 > 1 && $1 < 0 }) {
            throw Diagnostic(.value, "At least one stride in the given numpy array is negative, and tensors with negative strides are not currently supported. (You can probably work around this by making a copy of your array  with array.copy().) ", range)
        }
    }

    /// The array a tensor constructor reads (`torch.tensor(a)`, `torch.Tensor(a)`,
    /// `torch.from_numpy(a)`, `torch.as_tensor(a)`), after PyTorch's stride check.
    static func tensorSource(_ box: ArrayBox, at range: SourceRange) throws(Diagnostic) -> Tensor {
        try checkNoNegativeStrides(box.tensor, at: range)
        return box.tensor
    }

    /// A new array from nested lists and tuples of numbers, arrays, NumPy scalars and
    /// tensors: the shape from the nesting, the dtype the promotion of every item's.
    /// - Throws: NumPy's ValueError for ragged nesting; a LimitError past ConvLab's cap.
    static func fromSequence(_ value: Value, at range: SourceRange) throws(Diagnostic) -> Tensor {
        var shape: [Int] = []
        var probe = value
        while let items = sequenceItems(probe) {
            shape.append(items.count)
            guard let first = items.first else { break }
            probe = first
        }
        if case .ndarray(let box) = probe { shape += box.tensor.shape.dimensions }
        if case .tensor(let box) = probe { shape += box.tensor.shape.dimensions }
        var scalars: [Scalar] = []
        var dtype: DType?
        func merge(_ d: DType) { dtype = dtype.map { NumpyPromotion.promote($0, d) } ?? d }
        func walk(_ item: Value, depth: Int) throws(Diagnostic) {
            if let items = sequenceItems(item) {
                guard depth < shape.count, items.count == shape[depth] else { throw ragged(shape, depth, at: range) }
                if StackGuard.isLow { throw Diagnostic(.runtime, "maximum recursion depth exceeded", range, kind: "RecursionError") }
                for inner in items { try walk(inner, depth: depth + 1) }
                return
            }
            let leaf: Tensor
            switch item {
            case .bool, .int, .float: leaf = try tensor(item, at: range)
            case .ndarray(let box): leaf = box.tensor
            case .tensor(let box): leaf = try numpyView(of: box, at: range)
            case .string:
                throw Diagnostic(.notImplemented, "arrays of strings are not part of ConvLang", range)
            default:
                throw Diagnostic(.type, "ConvLang's NumPy makes arrays of numbers, not \(item.typeName)", range)
            }
            guard Array(shape.dropFirst(depth)) == leaf.shape.dimensions else { throw ragged(shape, depth, at: range) }
            guard scalars.count + leaf.count <= EngineContext.current.maxElements else {
                throw Diagnostic(.limit, "a tensor of more than \(EngineContext.current.maxElements) elements would be made, ConvLab's limit", range)
            }
            merge(leaf.dtype)
            scalars += (0..<leaf.count).map { leaf.scalar(at: $0) }
        }
        try walk(value, depth: 0)
        let resolved = dtype ?? .float64
        return try ArrayArithmetic.engine(range) { () throws(EngineError) in
            try Tensor(shape: shape, checkedStorage: .converting(scalars, to: resolved))
        }
    }

    private static func sequenceItems(_ value: Value) -> [Value]? {
        switch value {
        case .list(let list): list.items
        case .tuple(let items): items
        case .size(let dims): dims.map { .int(Int64($0)) }
        default: nil
        }
    }

    private static func ragged(_ shape: [Int], _ depth: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(.value, "setting an array element with a sequence. The requested array has an inhomogeneous shape after \(depth) dimensions. The detected shape was \(TensorShape(Array(shape.prefix(depth))).pythonTuple) + inhomogeneous part.", range)
    }

    /// A NumPy `dtype=` argument: a NumPy dtype or type, a name (`'float32'`), or
    /// Python's `float`, `int` and `bool`.
    static func dtype(_ value: Value, at range: SourceRange) throws(Diagnostic) -> DType? {
        switch value {
        case .none: return nil
        case .numpyDType(let d): return d.dtype
        case .string(let name):
            guard let dtype = DType(numpyName: name) else { throw Diagnostic(.type, "data type \(value.reprText) not understood", range) }
            return dtype
        case .function(let f) where ["float", "int", "bool"].contains(f.qualifiedName):
            return f.qualifiedName == "float" ? .float64 : f.qualifiedName == "int" ? .int64 : .bool
        case .classObject(let c) where c.isBuiltin && c.module == "builtins" && ["float", "int", "bool"].contains(c.name):
            return c.name == "float" ? .float64 : c.name == "int" ? .int64 : .bool
        default:
            throw Diagnostic(.type, "Cannot interpret '\(value.strText)' as a data type", range)
        }
    }
}

extension TensorShape {
    /// The shape as a Python tuple: `(2,)`, `(2, 3)`.
    var pythonTuple: String { PythonFormat.tuple(dimensions) }
}

extension Call {
    /// A NumPy `dtype=` argument.
    func numpyDType(_ name: String) throws(Diagnostic) -> DType? {
        try ArrayConversion.dtype(self[name], at: range(of: name))
    }

    /// An argument as an array's elements (shared where `np.asarray` shares).
    func arrayTensor(_ name: String) throws(Diagnostic) -> Tensor {
        try ArrayConversion.tensor(self[name], at: range(of: name))
    }

    /// The receiver of an ndarray method.
    func selfArray() -> ArrayBox {
        if case .ndarray(let box)? = receiver { return box }
        preconditionFailure("ndarray method without an ndarray receiver")
    }
}

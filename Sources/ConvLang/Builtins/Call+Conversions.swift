import ConvEngine

extension Call {
    /// The receiver of a tensor method.
    func selfTensor() -> TensorBox {
        if case .tensor(let box)? = receiver { return box }
        preconditionFailure("tensor method without a tensor receiver")
    }

    /// A spatial parameter (`stride=2` or `stride=(2, 1)`).
    func spatial(_ name: String) throws(Diagnostic) -> SpatialParameter {
        SpatialParameter(try ints(name))
    }

    /// A convolution's padding: ints, or `'same'`/`'valid'` as `F.conv2d` parses them.
    func convPadding(_ name: String, forLayer: Bool = false) throws(Diagnostic) -> ConvPadding {
        if case .string(let s) = self[name] {
            if forLayer { return try engine { () throws(EngineError) in try ConvLayer.parsePadding(s) } }
            return try engine { () throws(EngineError) in try ConvPadding(string: s) }
        }
        return .explicit(try ints(name))
    }

    /// Dimensions given as `dim=1`, `dim=(2, 3)` or not at all.
    func dims(_ name: String) throws(Diagnostic) -> [Int]? {
        if case .none = self[name] { return nil }
        return try ints(name)
    }

    /// An elementwise operand: a tensor or a Python number.
    func operand(_ name: String) throws(Diagnostic) -> Operand {
        guard let op = interpreter.operand(self[name]) else { throw typeError(name, expected: "Tensor or Number") }
        return op
    }

    /// A value as nested lists for `torch.tensor`.
    /// - Throws: a LimitError past the session's cap
    ///   (`EngineContext.current.maxElements`) on numbers, counted as they are read: a
    ///   list that holds another many times over (`[[0] * n] * n`) is small to hold but
    ///   not to copy.
    func nested(_ value: Value, at name: String) throws(Diagnostic) -> NestedList {
        var count = 0
        return try nested(value, at: name, counting: &count)
    }

    private func nested(_ value: Value, at name: String, counting count: inout Int) throws(Diagnostic) -> NestedList {
        switch value {
        case .bool(let b): return try counted(1, &count, name) { .scalar(.bool(b)) }
        case .int(let i): return try counted(1, &count, name) { .scalar(.int(i)) }
        case .float(let d): return try counted(1, &count, name) { .scalar(.double(d)) }
        case .list, .tuple:
            let items = value.listOrTupleItems ?? []
            // An empty list counts as one: it costs a node and holds no number.
            if items.isEmpty { return try counted(1, &count, name) { .list([]) } }
            if StackGuard.isLow { throw Diagnostic(.runtime, "maximum recursion depth exceeded", range(of: name), kind: "RecursionError") }
            var out: [NestedList] = []
            for item in items { out.append(try nested(item, at: name, counting: &count)) }
            return .list(out)
        case .size(let dims): return try counted(dims.count, &count, name) { .list(dims.map { .scalar(.int(Int64($0))) }) }
        case .range(let r):
            if r.count == 0 { return try counted(1, &count, name) { .list([]) } }
            return try counted(r.count, &count, name) { .list(r.items.map { .scalar(.int($0)) }) }
        case .tensor(let box): return try counted(box.tensor.count, &count, name) { box.tensor.toNestedList() }
        case .ndarray(let box): return try counted(box.tensor.count, &count, name) { box.tensor.toNestedList() }
        default:
            throw Diagnostic(.type, "new(): invalid data type '\(value.typeName)'", range(of: name))
        }
    }

    /// `make()`, after adding its `numbers` to `count` and checking the total.
    private func counted(_ numbers: Int, _ count: inout Int, _ name: String, _ make: () -> NestedList) throws(Diagnostic) -> NestedList {
        count += numbers
        let limit = EngineContext.current.maxElements
        guard count <= limit else {
            throw Diagnostic(.limit, "a tensor of more than \(limit) elements would be made, ConvLab's limit", range(of: name))
        }
        return make()
    }
}


extension Call {
    /// The tensor a creation function made, requiring grad when its `requires_grad`
    /// argument says so (PyTorch's error for a dtype that cannot).
    func created(_ tensor: Tensor) throws(Diagnostic) -> Value {
        if try bool("requires_grad") {
            // The creation functions word PyTorch's dtype refusal with a capital.
            guard tensor.dtype.isFloatingPoint else {
                throw Diagnostic(.runtime, "Only Tensors of floating point and complex dtype can require gradients", range(of: "requires_grad"))
            }
            try interpreter.engine(at: range(of: "requires_grad")) { () throws(EngineError) in try tensor.setRequiresGrad(true) }
        }
        return .tensor(tensor)
    }
}

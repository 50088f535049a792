import ConvEngine

extension Call {
    /// The receiver of a tensor method.
    func selfTensor() -> TensorBox {
        if case .tensor(let box)? = receiver { return box }
        preconditionFailure("tensor method without a tensor receiver")
    }

    /// The receiver of a layer method.
    func selfLayer() -> LayerBox {
        if case .layer(let box)? = receiver { return box }
        preconditionFailure("layer method without a layer receiver")
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
    func nested(_ value: Value, at name: String) throws(Diagnostic) -> NestedList {
        switch value {
        case .bool(let b): return .scalar(.bool(b))
        case .int(let i): return .scalar(.int(i))
        case .float(let d): return .scalar(.double(d))
        case .list(let items), .tuple(let items):
            var out: [NestedList] = []
            for item in items { out.append(try nested(item, at: name)) }
            return .list(out)
        case .size(let dims): return .list(dims.map { .scalar(.int(Int64($0))) })
        case .tensor(let box): return box.tensor.toNestedList()
        default:
            throw Diagnostic(.type, "new(): invalid data type '\(value.typeName)'", range(of: name))
        }
    }
}


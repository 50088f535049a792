/// A nested Python list of numbers, as the language hands `torch.tensor([[1, 2], [3, 4]])`
/// to the engine, and as `tolist()` gives values back.
public indirect enum NestedList: Sendable, Hashable {
    case scalar(Scalar)
    case list([NestedList])
}

extension Tensor {
    /// Makes a tensor from nested lists, as `torch.tensor(data, dtype=...)` does: the
    /// shape from the nesting, the dtype from the values when not given (all `bool` gives
    /// bool, all integers int64, any float float32).
    /// - Throws: PyTorch's `ValueError` for ragged lists.
    public init(nested: NestedList, dtype: DType? = nil) throws(EngineError) {
        var shape: [Int] = []
        var probe = nested
        while case .list(let items) = probe {
            shape.append(items.count)
            guard let first = items.first else { break }
            probe = first
        }
        var values: [Double] = []
        var inferred = DType.bool
        var sawValue = false
        func walk(_ node: NestedList, depth: Int) throws(EngineError) {
            switch node {
            case .scalar(let s):
                guard depth == shape.count else {
                    throw .valueError("expected sequence of length \(shape[depth]) at dim \(depth) (got a number)")
                }
                values.append(s.doubleValue)
                inferred = sawValue ? inferred.promotedKeepingWidth(with: s.defaultDType) : s.defaultDType
                sawValue = true
            case .list(let items):
                guard depth < shape.count else {
                    throw .argument("Could not infer dtype of list", "TypeError")
                }
                guard items.count == shape[depth] else {
                    throw .valueError("expected sequence of length \(shape[depth]) at dim \(depth) (got \(items.count))")
                }
                for item in items { try walk(item, depth: depth + 1) }
            }
        }
        try walk(nested, depth: 0)
        let resolved = dtype ?? (sawValue ? inferred : .float32)
        try EngineLimits.checkElementCount(TensorShape(shape))
        self.init(shape: TensorShape(shape), storage: .converting(values, to: resolved))
    }

    /// The values as nested lists (`tolist()`); a 0-dimensional tensor gives a scalar.
    public func toNestedList() -> NestedList {
        let scalars: [Scalar]
        switch storage {
        case .bool(let v): scalars = v.map { .bool($0) }
        case .int64(let v): scalars = v.map { .int($0) }
        case .float32(let v): scalars = v.map { .double(Double($0)) }
        case .float64(let v): scalars = v.map { .double($0) }
        }
        func build(_ axis: Int, _ offset: Int) -> NestedList {
            if axis == rank { return .scalar(scalars[offset]) }
            let stride = shape.strides[axis]
            return .list((0..<shape[axis]).map { build(axis + 1, offset + $0 * stride) })
        }
        return build(0, 0)
    }
}

extension DType {
    /// Promotion for values written together in one literal: the category decides,
    /// and floats stay float32 (the default dtype).
    func promotedKeepingWidth(with other: DType) -> DType {
        category >= other.category ? self : other
    }
}

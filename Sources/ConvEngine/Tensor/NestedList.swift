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
        var values: [Scalar] = []
        var inferred = DType.bool
        var sawValue = false
        func walk(_ node: NestedList, depth: Int) throws(EngineError) {
            switch node {
            case .scalar(let s):
                guard depth == shape.count else {
                    throw .valueError("expected sequence of length \(shape[depth]) at dim \(depth) (got a number)")
                }
                values.append(s)
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
        try EngineLimits.checkAllocation(TensorShape(shape), dtype: resolved)
        self.init(shape: TensorShape(shape), storage: .converting(values, to: resolved))
    }

    /// The values as nested lists (`tolist()`); a 0-dimensional tensor gives a scalar.
    public func toNestedList() -> NestedList {
        let storage = contiguousStorage
        let scalars = (0..<count).map { storage.scalar(at: $0) }
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

extension TensorStorage {
    /// Storage of `dtype` holding Python numbers, each converted as PyTorch casts it:
    /// integers exactly, floats through double.
    public static func converting(_ values: [Scalar], to dtype: DType) -> TensorStorage {
        dtype.makeStorage(ScalarList(values: values))
    }
}

private struct ScalarList: StorageMaker {
    let values: [Scalar]
    func make<E: TensorElement>(_ type: E.Type) -> [E] { values.map { $0.converted(to: E.self) } }
}

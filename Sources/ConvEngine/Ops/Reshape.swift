extension Tensor {
    /// The same elements under a new shape (`reshape`, `view`); one size may be -1 and
    /// is inferred.
    /// - Throws: PyTorch's messages for a size that does not fit or more than one -1.
    public func reshaped(_ newShape: [Int]) throws(EngineError) -> Tensor {
        var sizes = newShape
        var inferred: Int?
        for (axis, size) in sizes.enumerated() {
            if size == -1 {
                guard inferred == nil else { throw .argument("only one dimension can be inferred") }
                inferred = axis
            } else if size < 0 {
                throw .argument("invalid shape dimension \(size)")
            }
        }
        // Saturates rather than overflowing: a product beyond Int matches no count.
        let known = TensorShape(sizes.filter { $0 != -1 }).elementCount
        if let axis = inferred {
            guard known != 0, count % known == 0 else {
                throw .argument("shape '\(PythonFormat.list(newShape))' is invalid for input of size \(count)")
            }
            sizes[axis] = count / known
        } else if known != count {
            throw .argument("shape '\(PythonFormat.list(newShape))' is invalid for input of size \(count)")
        }
        // An empty tensor takes any sizes with a zero among them; not ones past the cap.
        try EngineLimits.checkElementCount(TensorShape(sizes))
        return withShape(TensorShape(sizes))
    }

    /// The tensor without dimensions of size 1 (`squeeze()`), or without dimension `dim`
    /// if its size is 1 (`squeeze(dim)`; other sizes are left alone, as in PyTorch).
    public func squeezed(dim: Int? = nil) throws(EngineError) -> Tensor {
        guard let dim else { return withShape(TensorShape(shape.filter { $0 != 1 })) }
        guard rank > 0 else { _ = try wrapDimension(dim); return self }
        let axis = try wrapDimension(dim)
        guard shape[axis] == 1 else { return self }
        var sizes = shape.dimensions
        sizes.remove(at: axis)
        return withShape(TensorShape(sizes))
    }

    /// The tensor with a dimension of size 1 inserted at `dim` (`unsqueeze`), which may
    /// be negative and counts the new dimension too.
    public func unsqueezed(dim: Int) throws(EngineError) -> Tensor {
        let axis = try Tensor.wrap(dimension: dim, rank: rank + 1)
        var sizes = shape.dimensions
        sizes.insert(1, at: axis)
        try EngineLimits.checkElementCount(TensorShape(sizes))
        return withShape(TensorShape(sizes))
    }

    /// The tensor as one dimension (`flatten()`).
    public func flattened() -> Tensor { withShape([count]) }
}

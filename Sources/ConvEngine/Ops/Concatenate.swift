extension Tensor {
    /// Tensors joined along an existing dimension (`torch.cat`), promoted to a common
    /// dtype.
    public static func concatenate(_ tensors: [Tensor], dim: Int = 0) throws(EngineError) -> Tensor {
        guard let first = tensors.first else { throw .argument("torch.cat(): expected a non-empty list of Tensors") }
        for (i, t) in tensors.enumerated() where t.rank == 0 {
            throw .argument("zero-dimensional tensor (at position \(i)) cannot be concatenated")
        }
        let axis = try first.wrapDimension(dim)
        for t in tensors.dropFirst() where t.rank != first.rank {
            throw .shape("Tensors must have same number of dimensions: got \(first.rank) and \(t.rank)")
        }
        for (i, t) in tensors.enumerated() {
            for d in 0..<first.rank where d != axis && t.shape[d] != first.shape[d] {
                throw .shape("Sizes of tensors must match except in dimension \(axis). Expected size \(first.shape[d]) but got size \(t.shape[d]) for tensor number \(i) in the list.")
            }
        }
        let dtype = tensors.dropFirst().reduce(first.dtype) { $0.promoted(with: $1.dtype) }
        var sizes = first.shape.dimensions
        sizes[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        let outer = sizes[..<axis].reduce(1, *)
        try EngineLimits.checkAllocation(TensorShape(sizes), dtype: dtype)
        // Each part fills, for every outer index, its own run of the result's block.
        var storage = TensorStorage.filled(with: 0, count: TensorShape(sizes).elementCount, dtype: dtype)
        let resultBlock = sizes[axis...].reduce(1, *)
        var runStart = 0
        for part in tensors.map({ $0.converted(to: dtype) }) {
            let block = part.shape[axis...].reduce(1, *)
            var targets: [Int] = []
            targets.reserveCapacity(part.count)
            for o in 0..<outer {
                let base = o * resultBlock + runStart
                for j in 0..<block { targets.append(base + j) }
            }
            storage.scatter(part.contiguousStorage, to: targets)
            runStart += block
        }
        let lengths = tensors.map { $0.shape[axis] }
        return Tensor(shape: TensorShape(sizes), storage: storage)
            .recorded("CatBackward0", inputs: tensors) { g, _ throws(EngineError) in
                var start = 0
                var grads: [Tensor?] = []
                for length in lengths {
                    grads.append(try g[0].narrowed(dim: axis, start: start, length: length))
                    start += length
                }
                return grads
            }
    }

    /// Tensors of one shape joined along a new dimension (`torch.stack`).
    public static func stack(_ tensors: [Tensor], dim: Int = 0) throws(EngineError) -> Tensor {
        guard let first = tensors.first else { throw .argument("stack expects a non-empty TensorList") }
        for (i, t) in tensors.enumerated() where t.shape != first.shape {
            throw .shape("stack expects each tensor to be equal size, but got \(first.shape) at entry 0 and \(t.shape) at entry \(i)")
        }
        let axis = try Tensor.wrap(dimension: dim, rank: first.rank + 1)
        var expanded: [Tensor] = []
        for t in tensors { expanded.append(try t.detached().unsqueezed(dim: axis)) }
        let count = tensors.count
        return try concatenate(expanded, dim: axis).recorded("StackBackward0", inputs: tensors) { g, _ throws(EngineError) in
            var grads: [Tensor?] = []
            for i in 0..<count { grads.append(try g[0].selected(dim: axis, index: i)) }
            return grads
        }
    }
}

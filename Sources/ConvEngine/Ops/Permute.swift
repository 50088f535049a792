extension Tensor {
    /// The dimensions reordered (`permute`): result dimension `i` is input dimension
    /// `dims[i]`.
    public func permuted(_ dims: [Int]) throws(EngineError) -> Tensor {
        guard dims.count == rank else {
            throw .argument("permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = \(rank) is not equal to len(dims) = \(dims.count)")
        }
        var axes: [Int] = []
        for d in dims { axes.append(try wrapDimension(d)) }
        guard Set(axes).count == axes.count else { throw .argument("permute(): duplicate dims are not allowed.") }
        var view = StridedView(self)
        view.shape = axes.map { shape[$0] }
        view.strides = axes.map { shape.strides[$0] }
        return view.materialize(self)
    }

    /// Dimensions `dim0` and `dim1` swapped (`transpose`).
    public func transposed(_ dim0: Int, _ dim1: Int) throws(EngineError) -> Tensor {
        if rank == 0 { _ = try wrapDimension(dim0); _ = try wrapDimension(dim1); return self }
        var axes = Array(0..<rank)
        axes.swapAt(try wrapDimension(dim0), try wrapDimension(dim1))
        return try permuted(axes)
    }

    /// All dimensions reversed (`.T`).
    public var reversedDimensions: Tensor {
        StridedView(shape: shape.reversed(), strides: shape.strides.reversed(), offset: 0).materialize(self)
    }

    /// The elements in reverse order along each of `dims` (`flip`): flipping the two
    /// spatial axes of a kernel rotates it by 180 degrees.
    public func flipped(_ dims: [Int]) throws(EngineError) -> Tensor {
        var view = StridedView(self)
        var seen = Set<Int>()
        for d in dims {
            let axis = try wrapDimension(d)
            guard seen.insert(axis).inserted else {
                throw .argument("dim \(axis) appears multiple times in the list of dims")
            }
            guard rank > 0 else { continue }
            view.offset += (shape[axis] - 1) * view.strides[axis]
            view.strides[axis] = -view.strides[axis]
        }
        if rank == 0 || count == 0 { return self }
        return view.materialize(self)
    }

    /// The tensor repeated along dimensions of size 1 to `newShape` (`expand`); new
    /// leading dimensions may be added, and -1 keeps a size.
    public func expanded(to newShape: [Int]) throws(EngineError) -> Tensor {
        guard newShape.count >= rank else {
            throw .argument("expand(torch.FloatTensor{\(shape)}, size=\(PythonFormat.list(newShape))): the number of sizes provided (\(newShape.count)) must be greater or equal to the number of dimensions in the tensor (\(rank))")
        }
        let lead = newShape.count - rank
        var sizes = newShape
        var strides = [Int](repeating: 0, count: newShape.count)
        let own = shape.strides
        for axis in 0..<newShape.count {
            if axis < lead {
                guard newShape[axis] >= 0 else {
                    throw .argument("The expanded size of the tensor (\(newShape[axis])) isn't allowed in a leading, non-existing dimension \(axis)")
                }
                continue
            }
            let size = shape[axis - lead]
            if newShape[axis] == -1 { sizes[axis] = size }
            if size == sizes[axis] {
                strides[axis] = own[axis - lead]
            } else if size != 1 {
                throw .shape("The expanded size of the tensor (\(sizes[axis])) must match the existing size (\(size)) at non-singleton dimension \(axis).  Target sizes: \(PythonFormat.list(newShape)).  Tensor sizes: \(shape)")
            }
        }
        // A size-1 dimension takes any target, a negative one too: refused as PyTorch
        // refuses the tensor it would make.
        if let bad = sizes.first(where: { $0 < 0 }) {
            throw .argument("Trying to create tensor with negative dimension \(bad): \(PythonFormat.list(sizes))")
        }
        try EngineLimits.checkElementCount(TensorShape(sizes))
        return StridedView(shape: sizes, strides: strides, offset: 0).materialize(self)
    }
}

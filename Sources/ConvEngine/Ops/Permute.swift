/// The views that reorder or repeat dimensions (`permute`, `transpose`, `t`, `.T`,
/// `.mT`, `movedim`, `expand`) and `flip`, which copies, as in PyTorch.
extension Tensor {
    /// The dimensions reordered (`permute`): result dimension `i` is input dimension
    /// `dims[i]`. A view.
    public func permuted(_ dims: [Int]) throws(EngineError) -> Tensor {
        guard dims.count == rank else {
            throw .argument("permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = \(rank) is not equal to len(dims) = \(dims.count)")
        }
        var axes: [Int] = []
        for d in dims { axes.append(try wrapDimension(d)) }
        guard Set(axes).count == axes.count else { throw .argument("permute(): duplicate dims are not allowed.") }
        return permutedView(axes).recordedPermutation(of: self, axes)
    }

    /// The dimensions reordered by `axes` (already checked), unrecorded.
    private func permutedView(_ axes: [Int]) -> Tensor {
        viewing(TensorLayout(shape: axes.map { shape[$0] }, strides: axes.map { strides[$0] }, offset: storageOffset))
    }

    /// This result of permuting `input`'s dimensions by `axes`, recorded (`PermuteBackward0`).
    private func recordedPermutation(of input: Tensor, _ axes: [Int]) -> Tensor {
        var inverse = axes
        for (i, a) in axes.enumerated() { inverse[a] = i }
        return recorded("PermuteBackward0", inputs: [input]) { g, _ throws(EngineError) in [try g[0].permuted(inverse)] }
    }

    /// Dimensions `dim0` and `dim1` swapped (`transpose`). A view.
    public func transposed(_ dim0: Int, _ dim1: Int) throws(EngineError) -> Tensor {
        if rank == 0 { _ = try wrapDimension(dim0); _ = try wrapDimension(dim1); return viewing(layout) }
        let (a, b) = (try wrapDimension(dim0), try wrapDimension(dim1))
        var axes = Array(0..<rank)
        axes.swapAt(a, b)
        return permutedView(axes).recorded("TransposeBackward0", inputs: [self]) { g, _ throws(EngineError) in
            [try g[0].transposed(a, b)]
        }
    }

    /// `t()`: a matrix transposed; vectors and scalars unchanged.
    public func matrixTransposed(name: String = "t") throws(EngineError) -> Tensor {
        guard rank <= 2 else { throw .argument("\(name)() expects a tensor with <= 2 dimensions, but self is \(rank)D") }
        let result = rank < 2 ? viewing(layout) : permutedView([1, 0])
        return result.recorded("TBackward0", inputs: [self]) { g, _ throws(EngineError) in [try g[0].matrixTransposed()] }
    }

    /// `.mT`: the last two dimensions swapped.
    public func lastTwoTransposed() throws(EngineError) -> Tensor {
        guard rank >= 2 else {
            throw .argument("tensor.mT is only supported on matrices or batches of matrices. Got \(rank)-D tensor.")
        }
        return try transposed(-2, -1)
    }

    /// All dimensions reversed (`.T`). A view.
    public var reversedDimensions: Tensor {
        let axes = Array((0..<rank).reversed())
        return permutedView(axes).recordedPermutation(of: self, axes)
    }

    /// Dimensions moved from `source` to `destination`, the others keeping their order
    /// (`movedim`). A view.
    public func movedDimensions(_ source: [Int], _ destination: [Int]) throws(EngineError) -> Tensor {
        guard source.count == destination.count else {
            throw .argument("movedim: Invalid source or destination dims: source (\(PythonFormat.list(source)) dims) should contain the same number of dims as destination (\(PythonFormat.list(destination)) dims)")
        }
        var from: [Int] = [], to: [Int] = []
        for d in source { from.append(try wrapDimension(d)) }
        for d in destination { to.append(try wrapDimension(d)) }
        guard Set(from).count == from.count else { throw .argument("movedim: repeated dim in `source` (\(PythonFormat.list(source)))") }
        guard Set(to).count == to.count else { throw .argument("movedim: repeated dim in `destination` (\(PythonFormat.list(destination)))") }
        var order = [Int](repeating: -1, count: rank)
        for (s, d) in zip(from, to) { order[d] = s }
        var rest = (0..<rank).filter { !from.contains($0) }.makeIterator()
        for i in order.indices where order[i] == -1 { order[i] = rest.next()! }
        return try permuted(order)
    }

    /// The elements in reverse order along each of `dims` (`flip`, a copy): flipping the
    /// two spatial axes of a kernel rotates it by 180 degrees.
    public func flipped(_ dims: [Int]) throws(EngineError) -> Tensor {
        var view = layout
        var seen = Set<Int>()
        for d in dims {
            let axis = try wrapDimension(d)
            guard seen.insert(axis).inserted else {
                throw .argument("dim \(axis) appears multiple times in the list of dims")
            }
            guard rank > 0, shape[axis] > 0 else { continue }
            view.offset += (shape[axis] - 1) * view.strides[axis]
            view.strides[axis] = -view.strides[axis]
        }
        let flippedAxes = Array(seen)
        return viewing(view).clone().recorded("FlipBackward0", inputs: [self]) { g, _ throws(EngineError) in
            [try g[0].flipped(flippedAxes)]
        }
    }

    /// The tensor repeated along dimensions of size 1 to `newShape` (`expand`); new
    /// leading dimensions may be added, and -1 keeps a size. A view: repeated elements
    /// have stride 0, so writing into it is refused.
    public func expanded(to newShape: [Int]) throws(EngineError) -> Tensor {
        guard newShape.count >= rank else {
            throw .argument("expand(\(dtype.legacyTensorTypeName){\(shape)}, size=\(PythonFormat.list(newShape))): the number of sizes provided (\(newShape.count)) must be greater or equal to the number of dimensions in the tensor (\(rank))")
        }
        let lead = newShape.count - rank
        var sizes = newShape
        var newStrides = [Int](repeating: 0, count: newShape.count)
        for axis in stride(from: newShape.count - 1, through: 0, by: -1) {
            let own = axis - lead
            let size = own >= 0 ? shape[own] : 1
            var stride = own >= 0 ? strides[own] : (axis == newShape.count - 1 ? 1 : sizes[axis + 1] * newStrides[axis + 1])
            if own < 0, newShape[axis] < 0 {
                throw .argument("The expanded size of the tensor (\(newShape[axis])) isn't allowed in a leading, non-existing dimension \(axis)")
            }
            if newShape[axis] == -1 { sizes[axis] = size }
            if size != sizes[axis] {
                guard size == 1 else {
                    throw .shape("The expanded size of the tensor (\(sizes[axis])) must match the existing size (\(size)) at non-singleton dimension \(axis).  Target sizes: \(PythonFormat.list(newShape)).  Tensor sizes: \(shape)")
                }
                stride = 0
            }
            newStrides[axis] = stride
        }
        // A size-1 dimension takes any target, a negative one too: refused as PyTorch
        // refuses the tensor it would make.
        if let bad = sizes.first(where: { $0 < 0 }) {
            throw .argument("Trying to create tensor with negative dimension \(bad): \(PythonFormat.list(sizes))")
        }
        try EngineLimits.checkElementCount(TensorShape(sizes))
        let inputShape = shape
        return viewing(TensorLayout(shape: sizes, strides: newStrides, offset: storageOffset))
            .recorded("ExpandBackward0", inputs: [self]) { g, _ throws(EngineError) in [try g[0].summed(toShape: inputShape)] }
    }
}

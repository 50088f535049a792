/// The reshaping views: `view`, `reshape`, `flatten`, `squeeze`, `unsqueeze`, with
/// PyTorch's stride arithmetic (`computeStride` in ATen's TensorUtils).
extension Tensor {
    /// The sizes a requested shape resolves to: one -1 is inferred from the count.
    /// - Throws: PyTorch's messages for a size that does not fit or more than one -1.
    func resolvedShape(_ newShape: [Int]) throws(EngineError) -> [Int] {
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
        return sizes
    }

    /// The same elements under a new shape, always a view (`view`).
    /// - Throws: PyTorch's message when the strides do not allow it.
    public func viewed(_ newShape: [Int]) throws(EngineError) -> Tensor {
        let sizes = try resolvedShape(newShape)
        guard let newStrides = Tensor.viewStrides(shape.dimensions, strides, sizes) else {
            throw .argument("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
        }
        return viewing(TensorLayout(shape: sizes, strides: newStrides, offset: storageOffset)).recordedReshape(of: self)
    }

    /// The same elements under a new shape (`reshape`): a view when the strides allow
    /// it, else a contiguous copy, as PyTorch.
    public func reshaped(_ newShape: [Int]) throws(EngineError) -> Tensor {
        let sizes = try resolvedShape(newShape)
        guard Tensor.isRecording([self]), Tensor.viewStrides(shape.dimensions, strides, sizes) == nil else {
            return withShape(TensorShape(sizes)).recordedReshape(of: self)
        }
        // PyTorch copies first (`CloneBackward0`), then views the copy (`UnsafeViewBackward0`).
        let copy = clone(preserveFormat: false).recorded("CloneBackward0", inputs: [self]) { g, _ in [g[0]] }
        return copy.withShape(TensorShape(sizes)).recordedReshape(of: copy, name: "UnsafeViewBackward0")
    }

    /// This result of viewing `input` in another shape, recorded (`ViewBackward0`).
    func recordedReshape(of input: Tensor, name: String = "ViewBackward0") -> Tensor {
        let inputShape = input.shape
        return recorded(name, inputs: [input]) { g, _ throws(EngineError) in [try g[0].reshaped(inputShape.dimensions)] }
    }

    /// Dimension `dim` split into `sizes` (`unflatten`), one of which may be -1 (the rest
    /// of the elements). A view, as `view` makes it.
    /// - Throws: PyTorch's messages for an empty `sizes` or sizes that do not multiply
    ///   up to the dimension; NotImplementedError for more than one -1, or a -1 beside a
    ///   0 in an empty dimension (where PyTorch fails inside its size inference).
    public func unflattened(dim: Int, sizes: [Int]) throws(EngineError) -> Tensor {
        let size = try self.size(dim)
        let axis = try wrapDimension(dim)
        guard !sizes.isEmpty else { throw .argument("unflatten: sizes must be non-empty") }
        var resolved = sizes
        let mismatch = EngineError.argument("unflatten: Provided sizes \(PythonFormat.list(sizes)) don't multiply up to the size of dim \(dim) (\(size)) in the input tensor")
        let known = sizes.filter { $0 != -1 }.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        switch sizes.filter({ $0 == -1 }).count {
        case 0:
            guard known == size else { throw mismatch }
        case 1 where known != 0:
            guard size % known == 0 else { throw mismatch }
            resolved[sizes.firstIndex(of: -1) ?? 0] = size / known
        case 1 where size != 0:
            throw mismatch
        default:
            throw .argument("ConvLang does not unflatten with sizes \(PythonFormat.list(sizes)) yet (PyTorch fails inside its size inference)", "NotImplementedError")
        }
        var shape = self.shape.dimensions
        shape.replaceSubrange(axis...axis, with: resolved)
        return try viewed(shape)
    }

    /// The tensor without dimensions of size 1 (`squeeze()`), or without the listed
    /// dimensions whose size is 1 (`squeeze(dim)`; other sizes are left alone).
    public func squeezed(dims: [Int]? = nil) throws(EngineError) -> Tensor {
        try squeezed(dims: dims, node: dims == nil ? "SqueezeBackward0" : "SqueezeBackward2")
    }

    /// `squeeze`, recorded under the node PyTorch names after the form of the call.
    private func squeezed(dims: [Int]?, node: String) throws(EngineError) -> Tensor {
        var drop = Set<Int>()
        if let dims {
            for d in dims {
                let axis = try wrapDimension(d)
                guard rank > 0 else { continue }
                if shape[axis] == 1 { drop.insert(axis) }
            }
        } else {
            drop = Set(shape.indices.filter { shape[$0] == 1 })
        }
        let keep = shape.indices.filter { !drop.contains($0) }
        let inputShape = shape
        return viewing(TensorLayout(shape: keep.map { shape[$0] }, strides: keep.map { strides[$0] }, offset: storageOffset))
            .recorded(node, inputs: [self]) { g, _ throws(EngineError) in [try g[0].reshaped(inputShape.dimensions)] }
    }

    /// `squeeze(dim)` for one dimension (`squeeze()` for `nil`).
    public func squeezed(dim: Int?) throws(EngineError) -> Tensor {
        try squeezed(dims: dim.map { [$0] }, node: dim == nil ? "SqueezeBackward0" : "SqueezeBackward1")
    }

    /// The tensor with a dimension of size 1 inserted at `dim` (`unsqueeze`), which may
    /// be negative and counts the new dimension too.
    public func unsqueezed(dim: Int) throws(EngineError) -> Tensor {
        let axis = try Tensor.wrap(dimension: dim, rank: rank + 1)
        var sizes = shape.dimensions, newStrides = strides
        let stride = axis >= rank ? 1 : sizes[axis] * newStrides[axis]
        sizes.insert(1, at: axis)
        newStrides.insert(stride, at: axis)
        try EngineLimits.checkElementCount(TensorShape(sizes))
        return viewing(TensorLayout(shape: sizes, strides: newStrides, offset: storageOffset))
            .recorded("UnsqueezeBackward0", inputs: [self]) { g, _ throws(EngineError) in [try g[0].squeezed(dim: axis)] }
    }

    /// Dimensions `start...end` merged into one (`flatten`): a view when possible.
    public func flattened(start: Int = 0, end: Int = -1) throws(EngineError) -> Tensor {
        if rank == 0 { return try reshaped([1]) }
        let first = try wrapDimension(start), last = try wrapDimension(end)
        guard first <= last else { throw .argument("flatten() has invalid args: start_dim cannot come after end_dim") }
        if first == last { return self }
        let merged = shape[first...last].reduce(1, *)
        let sizes = Array(shape[..<first]) + [merged] + Array(shape[(last + 1)...])
        return try reshaped(sizes)
    }

    /// The tensor as one dimension (`flatten()`), unrecorded (the engine's own use).
    public func flattened() -> Tensor { withShape([count]) }

    /// Strides for viewing a layout of `oldShape`/`oldStrides` as `newShape`, or nil
    /// when some new dimension would span two separately strided runs (ATen's
    /// `computeStride`).
    static func viewStrides(_ oldShape: [Int], _ oldStrides: [Int], _ newShape: [Int]) -> [Int]? {
        if oldShape.isEmpty { return [Int](repeating: 1, count: newShape.count) }
        let numel = oldShape.reduce(1, *)
        if numel == 0, oldShape == newShape { return oldStrides }
        var newStrides = [Int](repeating: 0, count: newShape.count)
        if numel == 0 {
            for d in newShape.indices.reversed() {
                newStrides[d] = d == newShape.count - 1 ? 1 : Swift.max(newShape[d + 1], 1) * newStrides[d + 1]
            }
            return newStrides
        }
        var viewD = newShape.count - 1
        var chunkBaseStride = oldStrides.last!
        var tensorNumel = 1, viewNumel = 1
        for tensorD in oldShape.indices.reversed() {
            tensorNumel *= oldShape[tensorD]
            if tensorD == 0 || (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride) {
                while viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1) {
                    newStrides[viewD] = viewNumel * chunkBaseStride
                    viewNumel *= newShape[viewD]
                    viewD -= 1
                }
                if viewNumel != tensorNumel { return nil }
                if tensorD > 0 {
                    chunkBaseStride = oldStrides[tensorD - 1]
                    tensorNumel = 1
                    viewNumel = 1
                }
            }
        }
        return viewD == -1 ? newStrides : nil
    }
}

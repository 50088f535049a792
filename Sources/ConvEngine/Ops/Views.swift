/// The views that select part of a tensor: `narrow`, `select`, `unbind`, `split`,
/// `chunk`, `diagonal`, `unfold`, `as_strided`. Each returns tensors over the same
/// buffer with PyTorch's strides and storage offset.
extension Tensor {
    /// `length` elements of dimension `dim` from `start` (`narrow`).
    public func narrowed(dim: Int, start: Int, length: Int) throws(EngineError) -> Tensor {
        guard rank > 0 else { throw .argument("narrow() cannot be applied to a 0-dim tensor.") }
        guard length >= 0 else { throw .argument("narrow(): length must be non-negative.") }
        let axis = try wrapDimension(dim)
        let size = shape[axis]
        guard start >= -size, start <= size else {
            throw .index("start out of range (expected to be in range of [\(-size), \(size)], but got \(start))")
        }
        let first = start < 0 ? start + size : start
        guard first <= size - length else {
            throw .argument("start (\(first)) + length (\(length)) exceeds dimension size (\(size)).")
        }
        var view = layout
        view.offset += first * strides[axis]
        view.shape[axis] = length
        return viewing(view).recordedPick("SliceBackward0", of: self) { (t) throws(EngineError) in
            try t.narrowed(dim: axis, start: first, length: length)
        }
    }

    /// Position `index` of dimension `dim`, which disappears (`select`).
    public func selected(dim: Int, index: Int) throws(EngineError) -> Tensor {
        guard rank > 0 else { throw .index("select() cannot be applied to a 0-dim tensor.") }
        let axis = try wrapDimension(dim)
        let size = shape[axis]
        guard index >= -size, index < size else {
            throw .index("select(): index \(index) out of range for tensor of size \(shape) at dimension \(axis)")
        }
        let position = index < 0 ? index + size : index
        var view = layout
        view.offset += position * strides[axis]
        view.shape.remove(at: axis)
        view.strides.remove(at: axis)
        return viewing(view).recordedPick("SelectBackward0", of: self) { (t) throws(EngineError) in
            try t.selected(dim: axis, index: position)
        }
    }

    /// Every position of dimension `dim`, each a view without that dimension (`unbind`).
    public func unbound(dim: Int = 0) throws(EngineError) -> [Tensor] {
        guard rank > 0 else { throw .index("Dimension specified as \(dim) but tensor has no dimensions") }
        let axis = try wrapDimension(dim)
        let parts = (0..<shape[axis]).map { i in
            var view = layout
            view.offset += i * strides[axis]
            view.shape.remove(at: axis)
            view.strides.remove(at: axis)
            return viewing(view)
        }
        guard !parts.isEmpty else { return parts }
        return Tensor.recorded(parts, name: "UnbindBackward0", inputs: [self]) { g, _ throws(EngineError) in
            [try Tensor.stack(g, dim: axis)]
        }
    }

    /// Consecutive pieces of `size` along `dim`, the last possibly shorter (`split(int)`).
    public func split(size: Int, dim: Int = 0) throws(EngineError) -> [Tensor] {
        guard rank > 0 else { throw .argument("split expects at least a 1-dimensional tensor") }
        guard size >= 0 else { throw .argument("split expects split_size be non-negative, but got split_size=\(size)") }
        let axis = try wrapDimension(dim)
        let length = shape[axis]
        guard size > 0 || length == 0 else {
            throw .argument("split_size can only be 0 if dimension size is 0, but got dimension size of \(length)")
        }
        let pieces = size == 0 ? 1 : Swift.max((length + size - 1) / size, 1)
        let parts = (0..<pieces).map { i in
            narrowedView(axis: axis, start: i * size, length: Swift.min(size, length - i * size))
        }
        return Tensor.recordedJoinBack(parts, name: "SplitBackward0", of: self, dim: axis)
    }

    /// Pieces of the given sizes along `dim` (`split(list)`, `split_with_sizes`).
    public func split(sizes: [Int], dim: Int = 0) throws(EngineError) -> [Tensor] {
        guard rank > 0 else { throw .argument("split expects at least a 1-dimensional tensor") }
        let axis = try wrapDimension(dim)
        let length = shape[axis]
        if sizes.contains(where: { $0 < 0 }) {
            throw .argument("split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=\(PythonFormat.list(sizes))")
        }
        guard sizes.reduce(0, +) == length else {
            throw .argument("split_with_sizes expects split_sizes to sum exactly to \(length) (input tensor's size at dimension \(axis)), but got split_sizes=\(PythonFormat.list(sizes))")
        }
        var parts: [Tensor] = [], start = 0
        for size in sizes {
            parts.append(narrowedView(axis: axis, start: start, length: size))
            start += size
        }
        return Tensor.recordedJoinBack(parts, name: "SplitWithSizesBackward0", of: self, dim: axis)
    }

    /// `parts` of `input` along `dim`, recorded as one node whose gradient joins theirs.
    private static func recordedJoinBack(_ parts: [Tensor], name: String, of input: Tensor, dim: Int) -> [Tensor] {
        recorded(parts, name: name, inputs: [input]) { g, _ throws(EngineError) in [try concatenate(g, dim: dim)] }
    }

    /// `chunks` pieces of equal size (the last possibly smaller) along `dim` (`chunk`).
    public func chunked(_ chunks: Int, dim: Int = 0) throws(EngineError) -> [Tensor] {
        guard rank > 0 else { throw .argument("chunk expects at least a 1-dimensional tensor") }
        guard chunks > 0 else { throw .argument("chunk expects `chunks` to be greater than 0, got: \(chunks)") }
        let axis = try wrapDimension(dim)
        let length = shape[axis]
        let size = (length + chunks - 1) / chunks
        if size == 0 && length != 0 { return try split(size: 1, dim: axis) }
        return try split(size: size, dim: axis)
    }

    /// The diagonal of the planes spanned by `dim1` and `dim2`, shifted by `offset`,
    /// as a last dimension (`diagonal`).
    public func diagonal(offset: Int = 0, dim1: Int = 0, dim2: Int = 1) throws(EngineError) -> Tensor {
        let a = try wrapDimension(dim1), b = try wrapDimension(dim2)
        guard a != b else { throw .argument("diagonal dimensions cannot be identical \(dim1), \(dim2)") }
        var view = layout
        let length: Int
        if offset >= 0 {
            length = Swift.max(Swift.min(shape[a], shape[b] - offset), 0)
            if length > 0 { view.offset += offset * strides[b] }
        } else {
            length = Swift.max(Swift.min(shape[a] + offset, shape[b]), 0)
            if length > 0 { view.offset -= offset * strides[a] }
        }
        let diagonalStride = strides[a] + strides[b]
        for axis in [a, b].sorted(by: >) {
            view.shape.remove(at: axis)
            view.strides.remove(at: axis)
        }
        view.shape.append(length)
        view.strides.append(diagonalStride)
        return viewing(view).recordedPick("DiagonalBackward0", of: self) { (t) throws(EngineError) in
            try t.diagonal(offset: offset, dim1: a, dim2: b)
        }
    }

    /// Windows of `size` elements, `step` apart, along `dim`, as a new last dimension
    /// (`unfold`).
    public func unfolded(dim: Int, size: Int, step: Int) throws(EngineError) -> Tensor {
        let axis = try wrapDimension(dim)
        let length = rank == 0 ? 1 : shape[axis]
        guard size <= length else {
            throw .argument("maximum size for tensor at dimension \(axis) is \(length) but size is \(size)")
        }
        guard step > 0 else { throw .argument("step is \(step) but must be > 0") }
        guard size >= 0 else { throw .argument("size is \(size) but must be >= 0") }
        var view = layout
        if rank == 0 {
            view.shape = [size]
            view.strides = [1]
        } else {
            view.shape[axis] = (length - size) / step + 1
            view.strides[axis] = step * strides[axis]
            view.shape.append(size)
            view.strides.append(strides[axis])
        }
        return viewing(view).recordedPick("UnfoldBackward0", of: self) { (t) throws(EngineError) in
            try t.unfolded(dim: axis, size: size, step: step)
        }
    }

    /// Any sizes, strides and offset over this tensor's buffer (`as_strided`); the
    /// offset defaults to this tensor's own.
    public func asStrided(size: [Int], stride: [Int], offset: Int? = nil) throws(EngineError) -> Tensor {
        guard size.count == stride.count else {
            throw .argument("mismatch in length of strides and shape")
        }
        if let bad = stride.first(where: { $0 < 0 }) {
            _ = bad
            throw .argument("as_strided: Negative strides are not supported at the moment, got strides: \(PythonFormat.list(stride))")
        }
        if let bad = size.first(where: { $0 < 0 }) {
            throw .argument("Trying to create tensor with negative dimension \(bad): \(PythonFormat.list(size))")
        }
        let start = offset ?? storageOffset
        guard start >= 0 else { throw .argument("Tensor: invalid storage offset \(start)") }
        let view = TensorLayout(shape: size, strides: stride, offset: start)
        // PyTorch's computeStorageNbytes: the highest position reached, checked for overflow.
        var needed = 0
        if !size.contains(0) {
            var end = start
            var overflowed = false
            for (n, s) in zip(size, stride) {
                let (reach, o1) = (n - 1).multipliedReportingOverflow(by: s)
                let (sum, o2) = end.addingReportingOverflow(reach)
                overflowed = overflowed || o1 || o2
                end = sum
            }
            let (last, o3) = end.addingReportingOverflow(1)
            let (_, o4) = last.multipliedReportingOverflow(by: dtype.itemSize)
            if overflowed || o3 || o4 {
                throw .argument("Storage size calculation overflowed with sizes=\(PythonFormat.list(size)) and strides=\(PythonFormat.list(stride))")
            }
            needed = last
        }
        guard needed <= buffer.count else {
            throw .argument("setStorage: sizes \(PythonFormat.list(size)), strides \(PythonFormat.list(stride)), storage offset \(start), and itemsize \(dtype.itemSize) requiring a storage size of \(needed * dtype.itemSize) are out of bounds for storage of size \(buffer.count * dtype.itemSize)")
        }
        try EngineLimits.checkElementCount(TensorShape(size))
        let result = viewing(view)
        guard Tensor.isRecording([self]) else { return result }
        // The gradient of an input element is what reached its position in the buffer.
        var element: [Int: Int] = [:]
        for (i, position) in layout.flatIndices().enumerated() where element[position] == nil { element[position] = i }
        return result.recordedPick("AsStridedBackward0", of: self, positions: view.flatIndices().map { element[$0] ?? -1 })
    }

    /// `length` elements of `axis` from `start`, unchecked and unrecorded.
    private func narrowedView(axis: Int, start: Int, length: Int) -> Tensor {
        var view = layout
        view.offset += start * strides[axis]
        view.shape[axis] = length
        return viewing(view)
    }
}

/// An n-dimensional array of numbers, as PyTorch's `torch.Tensor` holds them: a
/// ``TensorLayout`` (sizes, strides, storage offset) over a ``TensorBuffer`` that views
/// share, and a ``VersionCounter`` that in-place writes bump.
///
/// ```swift
/// let x = try Tensor(shape: [2, 3], elements: [Float]([1, 2, 3, 4, 5, 6]))
/// let column = try x.indexed([.all, .integer(1)])   // a view: stride [3], offset 1
/// try column.fill(.int(0))                           // writes into x
/// ```
///
/// `Tensor` is a handle, as a Python reference to a tensor is: copying the struct
/// makes another reference to the same elements. Operations that return views in
/// PyTorch (indexing, `view`, `transpose`, `expand`, ...) return tensors over the same
/// buffer; the rest allocate. Compute kernels read ``contiguousStorage``, which is the
/// buffer itself when the layout is contiguous and a gathered copy otherwise.
public struct Tensor: Sendable {
    /// The sizes of the dimensions.
    public private(set) var shape: TensorShape
    /// Steps between neighbours along each dimension, in elements (`stride()`).
    public private(set) var strides: [Int]
    /// The position of the first element in the buffer (`storage_offset()`).
    public private(set) var storageOffset: Int
    /// The elements this tensor and its views share.
    public let buffer: TensorBuffer
    /// Shared by every view of the buffer; bumped by in-place writes (`_version`).
    public let version: VersionCounter
    /// What autograd knows of this tensor: shared by copies of this handle, not by views.
    public let autograd: AutogradMeta

    /// Makes a contiguous tensor over new storage whose count must match the shape
    /// (the engine's own constructor; callers outside use the throwing initialisers).
    init(shape: TensorShape, storage: TensorStorage) {
        precondition(shape.elementCount == storage.count,
                     "storage of \(storage.count) elements for shape \(shape)")
        precondition(shape.allSatisfy { $0 >= 0 }, "negative size in \(shape)")
        self.shape = shape
        self.strides = shape.strides
        self.storageOffset = 0
        self.buffer = TensorBuffer(storage)
        self.version = VersionCounter()
        self.autograd = AutogradMeta()
        buffer.makeBase(autograd, layout: layout)
    }

    /// A view of `buffer` with `layout`, sharing `version`; a new tensor to autograd
    /// unless `autograd` is given.
    init(buffer: TensorBuffer, layout: TensorLayout, version: VersionCounter, autograd: AutogradMeta = AutogradMeta()) {
        self.shape = TensorShape(layout.shape)
        self.strides = layout.strides
        self.storageOffset = layout.offset
        self.buffer = buffer
        self.version = version
        self.autograd = autograd
    }

    /// Makes a tensor from a shape and row-major elements.
    /// - Throws: ``EngineError`` when the count of elements does not match the shape.
    public init<E: TensorElement>(shape: [Int], elements: [E]) throws(EngineError) {
        try self.init(shape: shape, checkedStorage: E.makeStorage(elements))
    }

    /// Makes a tensor from a shape and storage of any dtype.
    /// - Throws: ``EngineError`` when the count of elements does not match the shape.
    public init(shape: [Int], checkedStorage storage: TensorStorage) throws(EngineError) {
        let shape = TensorShape(shape)
        if let bad = shape.first(where: { $0 < 0 }) {
            throw .argument("Trying to create tensor with negative dimension \(bad): \(shape)")
        }
        guard shape.elementCount == storage.count else {
            throw .shape("shape '\(shape)' is invalid for input of size \(storage.count)")
        }
        self.init(shape: shape, storage: storage)
    }

    /// A 0-dimensional tensor holding `value` exactly, as `torch.tensor(value)` makes it.
    public init(scalar value: Scalar, dtype: DType? = nil) {
        self.init(shape: [], storage: .filled(with: value, count: 1, dtype: dtype ?? value.defaultDType))
    }

    /// The layout over the buffer.
    public var layout: TensorLayout { TensorLayout(shape: shape.dimensions, strides: strides, offset: storageOffset) }

    /// The element type.
    public var dtype: DType { buffer.dtype }
    /// The number of dimensions (`dim()` in PyTorch).
    public var rank: Int { shape.rank }
    /// The number of elements (`numel()` in PyTorch).
    public var count: Int { shape.elementCount }

    /// PyTorch's `is_contiguous()`.
    public var isContiguous: Bool { layout.isContiguous }

    /// The elements in row-major order: the buffer's own array when the tensor is all
    /// of it and contiguous (no copy), otherwise gathered through the strides.
    public var contiguousStorage: TensorStorage {
        // No elements: nothing to read (an empty view's offset may lie past its buffer).
        if count == 0 { return .filled(with: .int(0), count: 0, dtype: dtype) }
        if isContiguous {
            if storageOffset == 0, count == buffer.count { return buffer.storage }
            return buffer.storage.slice(storageOffset..<(storageOffset + count))
        }
        return buffer.storage.gathering(layout.flatIndices())
    }

    /// This tensor if it is contiguous, else a contiguous copy (`contiguous()`).
    public func contiguous() -> Tensor {
        isContiguous ? self : Tensor(shape: shape, storage: contiguousStorage)
    }

    /// A copy with its own buffer (`clone()`). With `preserveFormat` (PyTorch's default,
    /// `torch.preserve_format`) a dense layout keeps its strides (`x.t().clone()` is
    /// still column-major) and any other gets dense strides in the same order of
    /// dimensions; otherwise the copy is row-major.
    public func clone(preserveFormat: Bool = true) -> Tensor {
        // An empty tensor counts as dense whatever its strides, and its copy keeps them.
        let empty = count == 0
        guard preserveFormat, !isContiguous || empty else { return Tensor(shape: shape, storage: contiguousStorage) }
        let dense = empty || layout.isNonOverlappingAndDense
        let copyStrides = dense ? strides : layout.denseStridesInSameOrder
        let low = dense && !empty ? (layout.storageSpan?.lowerBound ?? storageOffset) : 0
        let target = TensorLayout(shape: shape.dimensions, strides: copyStrides,
                                  offset: dense && !empty ? storageOffset - low : 0)
        let copy = Tensor(shape: shape, storage: .filled(with: .int(0), count: count, dtype: dtype))
        let placed = copy.viewing(target)
        placed.writeUnchecked(contiguousStorage)
        placed.buffer.makeBase(placed.autograd, layout: target)
        return placed
    }

    /// A tensor over the same buffer with another layout, sharing the version counter.
    /// When the tensor the buffer was made for is gone, this one becomes the base its
    /// views are written through (`CopySlices`).
    func viewing(_ layout: TensorLayout) -> Tensor {
        if buffer.baseAutograd == nil, !autograd.isDetachedAlias {
            buffer.makeBase(autograd, layout: self.layout)
        }
        let view = Tensor(buffer: buffer, layout: layout, version: version)
        view.autograd.viewVersion = version.value
        // A view of `detach()` or `.data` is outside the graph too.
        view.autograd.isDetachedAlias = autograd.isDetachedAlias
        return view
    }

    /// The same view with a fresh version counter (`.data`, which autograd does not track).
    public func withNewVersionCounter() -> Tensor {
        let data = Tensor(buffer: buffer, layout: layout, version: VersionCounter())
        data.autograd.isDetachedAlias = true
        return data
    }

    /// Every element converted to `E`, row-major.
    public func elements<E: TensorElement>(as type: E.Type) -> [E] { contiguousStorage.elements(as: type) }
    /// Every element as a double, row-major.
    public var doubles: [Double] { contiguousStorage.doubles }

    /// The same values converted to `dtype` (PyTorch's `.to(dtype)`, `.float()`,
    /// `.double()`): this tensor itself when the dtype is already `dtype`.
    public func converted(to dtype: DType) -> Tensor {
        dtype == self.dtype ? self : Tensor(shape: shape, storage: contiguousStorage.converted(to: dtype))
    }

    /// The single value of a one-element tensor (PyTorch's `.item()`), exact for integers.
    /// - Throws: ``EngineError`` when the tensor has more or fewer than one element.
    public func item() throws(EngineError) -> Scalar {
        guard count == 1 else {
            throw .argument("a Tensor with \(count) elements cannot be converted to Scalar")
        }
        return buffer.storage.scalar(at: storageOffset)
    }

    /// The element at row-major position `index` as a ``Scalar`` (integers exactly).
    public func scalar(at index: Int) -> Scalar {
        var position = storageOffset, rest = index
        for axis in shape.indices.reversed() {
            let size = shape[axis]
            position += (rest % size) * strides[axis]
            rest /= size
        }
        return buffer.storage.scalar(at: position)
    }

    /// Turns a possibly negative dimension into an index in `0..<rank`, as PyTorch's
    /// `maybe_wrap_dim` does (a scalar accepts -1 and 0).
    /// - Throws: ``EngineError`` (IndexError) when the dimension is out of range.
    public func wrapDimension(_ dim: Int, rankOverride: Int? = nil) throws(EngineError) -> Int {
        try Tensor.wrap(dimension: dim, rank: rankOverride ?? rank)
    }

    static func wrap(dimension dim: Int, rank: Int) throws(EngineError) -> Int {
        let effective = max(rank, 1)
        guard dim >= -effective, dim < effective else {
            throw .index("Dimension out of range (expected to be in range of [\(-effective), \(effective - 1)], but got \(dim))")
        }
        return dim < 0 ? dim + effective : dim
    }

    /// The size of dimension `dim`, which may be negative (PyTorch's `size(dim)`).
    public func size(_ dim: Int) throws(EngineError) -> Int {
        guard rank > 0 else {
            throw .index("Dimension specified as \(dim) but tensor has no dimensions")
        }
        return shape[try wrapDimension(dim)]
    }

    /// The elements under a new shape of the same count, as a view when the layout
    /// allows it and a contiguous copy otherwise (the engine's internal `reshape`).
    func withShape(_ newShape: TensorShape) -> Tensor {
        // Another count would read past the elements (or leave some out): a bug in the caller.
        precondition(newShape.elementCount == count, "\(count) elements as shape \(newShape)")
        if let strides = Tensor.viewStrides(shape.dimensions, strides, newShape.dimensions) {
            return viewing(TensorLayout(shape: newShape.dimensions, strides: strides, offset: storageOffset))
        }
        return Tensor(shape: newShape, storage: contiguousStorage)
    }

    /// Takes the sizes, strides and offset of `view`, a view of the same buffer (the
    /// in-place operations that change a tensor's own layout: `t_`, `transpose_`,
    /// `squeeze_`, `unsqueeze_`, `as_strided_`).
    public mutating func adoptLayout(of view: Tensor) {
        precondition(view.buffer === buffer, "adoptLayout needs a view of the same buffer")
        shape = view.shape
        strides = view.strides
        storageOffset = view.storageOffset
        buffer.updateBaseLayout(of: autograd, to: layout)
    }
}

extension Tensor: Equatable, Hashable {
    /// Same dtype, shape and elements (not identity: that is ``sharesStorage(with:)``).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.contiguousStorage == rhs.contiguousStorage
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(shape)
        hasher.combine(dtype)
    }

    /// Whether both are views of one buffer.
    public func sharesStorage(with other: Tensor) -> Bool { buffer === other.buffer }
}

extension TensorStorage {
    /// The elements in `range`, as new storage.
    func slice(_ range: Range<Int>) -> TensorStorage { read(RangeSlice(range: range)) }
}

private struct RangeSlice: StorageReader {
    let range: Range<Int>
    func read<E: TensorElement>(_ values: [E]) -> TensorStorage { E.makeStorage(Array(values[range])) }
}

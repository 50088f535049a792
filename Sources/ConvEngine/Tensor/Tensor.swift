/// An n-dimensional array of numbers, contiguous and row-major, as PyTorch's
/// `torch.Tensor` holds them.
///
/// ```swift
/// let x = try Tensor(shape: [1, 1, 2, 2], elements: [Float]([1, 2, 4, 5]))
/// x.shape          // [1, 1, 2, 2]
/// x.dtype          // .float32
/// ```
///
/// A `Tensor` is a value: copies share their elements until one of them is written
/// (copy-on-write through Swift arrays). Layout operations such as `permute` and
/// slicing return new contiguous tensors; this keeps every compute kernel on
/// contiguous buffers at the cost of one copy per such operation.
public struct Tensor: Sendable, Hashable {
    /// The sizes of the dimensions.
    public private(set) var shape: TensorShape
    /// The elements, row-major.
    public internal(set) var storage: TensorStorage

    /// Makes a tensor from a shape and storage whose counts must agree (the engine's
    /// own constructor; callers outside use the throwing initialisers).
    init(shape: TensorShape, storage: TensorStorage) {
        precondition(shape.elementCount == storage.count,
                     "storage of \(storage.count) elements for shape \(shape)")
        precondition(shape.allSatisfy { $0 >= 0 }, "negative size in \(shape)")
        self.shape = shape
        self.storage = storage
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

    /// A 0-dimensional tensor holding `value`, as `torch.tensor(value)` makes it.
    public init(scalar value: Scalar, dtype: DType? = nil) {
        let dtype = dtype ?? value.defaultDType
        self.init(shape: [], storage: .filled(with: value.doubleValue, count: 1, dtype: dtype))
    }

    /// The element type.
    public var dtype: DType { storage.dtype }
    /// The number of dimensions (`dim()` in PyTorch).
    public var rank: Int { shape.rank }
    /// The number of elements (`numel()` in PyTorch).
    public var count: Int { shape.elementCount }

    /// Every element converted to `E`, row-major.
    public func elements<E: TensorElement>(as type: E.Type) -> [E] { storage.elements(as: type) }
    /// Every element as a double, row-major.
    public var doubles: [Double] { storage.doubles }

    /// The same values converted to `dtype` (PyTorch's `.to(dtype)`, `.float()`, `.double()`).
    public func converted(to dtype: DType) -> Tensor {
        Tensor(shape: shape, storage: storage.converted(to: dtype))
    }

    /// The single value of a one-element tensor (PyTorch's `.item()`).
    /// - Throws: ``EngineError`` when the tensor has more or fewer than one element.
    public func item() throws(EngineError) -> Scalar {
        guard count == 1 else {
            throw .argument("a Tensor with \(count) elements cannot be converted to Scalar")
        }
        switch storage {
        case .bool(let v): return .bool(v[0])
        case .int64(let v): return .int(v[0])
        case .float32(let v): return .double(Double(v[0]))
        case .float64(let v): return .double(v[0])
        }
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

    /// The tensor with its elements in the same order under a new shape of the same
    /// element count. Used internally where the count is known to match.
    func withShape(_ newShape: TensorShape) -> Tensor {
        Tensor(shape: newShape, storage: storage)
    }
}

import ConvEngine

/// A NumPy array held by reference, as Python holds one: `b = a` names the same array,
/// and `a.copy()` makes another.
///
/// The elements live in an engine ``Tensor``, which is a view of a shared buffer, so an
/// array and a tensor can share memory exactly as NumPy and PyTorch do:
///
/// ```python
/// t = torch.zeros(3)
/// a = t.numpy()        # the same buffer: a[0] = 1 changes t
/// b = a[::-1]          # a view with a negative stride, which tensors refuse
/// c = np.array(t)      # a copy
/// ```
///
/// A box also stands for a NumPy scalar (`np.float32(0.5)`, what `a.sum()` and `a[0, 0]`
/// give): a 0-dimensional tensor of its own with ``isScalar`` set, printed as
/// `np.float32(0.5)` rather than `array(0.5, dtype=float32)`.
public final class ArrayBox: @unchecked Sendable {
    /// The elements: sizes, strides (negative for a reversed view) and offset over a
    /// buffer that views, other arrays and tensors may share.
    public let tensor: Tensor
    /// Whether this is a NumPy scalar rather than an array.
    public let isScalar: Bool

    /// An array over `tensor`'s elements (no copy).
    public init(_ tensor: Tensor) {
        self.tensor = tensor
        self.isScalar = false
    }

    /// A NumPy scalar holding the single element of `tensor` (copied).
    public init(scalar tensor: Tensor) {
        precondition(tensor.count == 1, "a NumPy scalar holds one element")
        self.tensor = tensor.clone().withShapeOfScalar
        self.isScalar = true
    }

    /// Python's `type(x)` name as NumPy's types spell it: `numpy.ndarray`, `numpy.float32`.
    public var typeName: String { isScalar ? "numpy.\(tensor.dtype.numpyName)" : "numpy.ndarray" }

    /// NumPy's truth value: that of the single element; more or fewer are ambiguous.
    func truthValue(at range: SourceRange) throws(Diagnostic) -> Bool {
        switch tensor.count {
        case 1: return tensor.doubles[0] != 0
        case 0:
            throw Diagnostic(.value, "The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array is not empty.", range)
        default:
            throw Diagnostic(.value, "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()", range)
        }
    }
}

extension Value {
    /// A NumPy array over `tensor`'s elements.
    static func array(_ tensor: Tensor) -> Value { .ndarray(ArrayBox(tensor)) }

    /// What a NumPy operation returns for `tensor`: a NumPy scalar when it has no
    /// dimensions (`a.sum()`, `np.array(2.5) * 2`), else an array.
    static func arrayResult(_ tensor: Tensor) -> Value {
        tensor.rank == 0 ? .ndarray(ArrayBox(scalar: tensor)) : .ndarray(ArrayBox(tensor))
    }
}

extension Tensor {
    /// The same single element with no dimensions.
    var withShapeOfScalar: Tensor { rank == 0 ? self : ((try? reshaped([])) ?? self) }
}

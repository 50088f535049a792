/// Where a tensor's elements sit in its buffer: sizes, strides in elements (zero for
/// an expanded dimension; negative only for NumPy arrays) and the storage offset of
/// the first element. Every view operation computes a new layout over the same buffer.
public struct TensorLayout: Sendable, Hashable {
    public var shape: [Int]
    public var strides: [Int]
    public var offset: Int

    /// A contiguous, row-major layout of `shape` at offset 0.
    public init(contiguous shape: TensorShape) {
        self.shape = shape.dimensions
        self.strides = shape.strides
        self.offset = 0
    }

    public init(shape: [Int], strides: [Int], offset: Int) {
        self.shape = shape
        self.strides = strides
        self.offset = offset
    }

    /// The number of elements.
    public var count: Int { TensorShape(shape).elementCount }

    /// PyTorch's `is_contiguous()`: row-major strides, ignoring dimensions of size 1;
    /// an empty tensor is contiguous.
    public var isContiguous: Bool {
        // No elements: contiguous whatever the strides (PyTorch's `compute_contiguous`).
        if shape.contains(0) { return true }
        var expected = 1
        for axis in shape.indices.reversed() {
            let size = shape[axis]
            if size == 1 { continue }
            if strides[axis] != expected { return false }
            expected *= size
        }
        return true
    }

    /// Whether some element is reached from two positions (a dimension of more than one
    /// element with stride 0, as `expand` makes): PyTorch's `has_internal_overlap` YES.
    public var hasInternalOverlap: Bool {
        zip(shape, strides).contains { $0 > 1 && $1 == 0 }
    }

    /// The lowest and one past the highest storage position the layout reaches, or nil
    /// when it holds no element.
    public var storageSpan: Range<Int>? {
        guard count > 0 else { return nil }
        var low = offset, high = offset
        for (size, stride) in zip(shape, strides) {
            if stride > 0 { high += (size - 1) * stride } else { low += (size - 1) * stride }
        }
        return low..<(high + 1)
    }

    /// The storage positions of the elements, row-major.
    public func flatIndices() -> [Int] {
        let total = count
        guard total > 0 else { return [] }
        var result = [Int](repeating: 0, count: total)
        if shape.isEmpty { result[0] = offset; return result }
        var counter = [Int](repeating: 0, count: shape.count)
        var position = offset
        let last = shape.count - 1
        let innerSize = shape[last], innerStride = strides[last]
        var written = 0
        result.withUnsafeMutableBufferPointer { out in
            while written < total {
                for i in 0..<innerSize { out[written + i] = position + i * innerStride }
                written += innerSize
                // Advance the odometer over the outer axes.
                var axis = last - 1
                while axis >= 0 {
                    counter[axis] += 1
                    position += strides[axis]
                    if counter[axis] < shape[axis] { break }
                    position -= strides[axis] * shape[axis]
                    counter[axis] = 0
                    axis -= 1
                }
            }
        }
        return result
    }
}

/// A view of a contiguous tensor described by sizes, strides (possibly negative or
/// zero) and an offset: the model behind permute, transpose, flip, slicing with steps,
/// integer indexing, `None` and broadcasting. ``flatIndices()`` lists the storage
/// positions the view reads, in row-major order; one gather then materialises it.
struct StridedView {
    var shape: [Int]
    var strides: [Int]
    var offset: Int

    /// The whole of `tensor`.
    init(_ tensor: Tensor) {
        shape = tensor.shape.dimensions
        strides = tensor.shape.strides
        offset = 0
    }

    init(shape: [Int], strides: [Int], offset: Int) {
        self.shape = shape
        self.strides = strides
        self.offset = offset
    }

    /// The storage positions of the view's elements, row-major.
    func flatIndices() -> [Int] {
        let total = shape.reduce(1, *)
        guard total > 0 else { return [] }
        var result = [Int](repeating: 0, count: total)
        if shape.isEmpty { result[0] = offset; return result }
        var counter = [Int](repeating: 0, count: shape.count)
        var position = offset
        let last = shape.count - 1
        let innerSize = shape[last], innerStride = strides[last]
        var written = 0
        while written < total {
            for i in 0..<innerSize { result[written + i] = position + i * innerStride }
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
        return result
    }

    /// The view's elements of `tensor` as a new contiguous tensor.
    func materialize(_ tensor: Tensor) -> Tensor {
        Tensor(shape: TensorShape(shape), storage: tensor.storage.gathering(flatIndices()))
    }
}

/// One item of a subscript such as `x[0, :, ::-1, None, ...]`.
public enum TensorIndex: Sendable, Hashable {
    /// A single position, which removes the dimension (negative counts from the end).
    case integer(Int)
    /// A Python slice `start:stop:step`; a negative step walks backwards, as in NumPy
    /// (`x[:, :, ::-1, ::-1]` flips the spatial axes).
    case slice(start: Int?, stop: Int?, step: Int?)
    /// `None`: a new dimension of size 1.
    case newAxis
    /// `...`: as many full slices as needed.
    case ellipsis

    /// `:`.
    public static let all = TensorIndex.slice(start: nil, stop: nil, step: nil)
}

extension Tensor {
    /// The elements a subscript selects, as a new tensor (`x[...]`).
    /// - Throws: PyTorch's `IndexError`s for positions out of range or too many indices,
    ///   Python's `ValueError` for a zero step.
    public func indexed(_ items: [TensorIndex]) throws(EngineError) -> Tensor {
        try view(for: items).materialize(self)
    }

    /// Writes `value` (broadcast to the selection, converted to this dtype) into the
    /// elements a subscript selects (`x[...] = value`).
    public mutating func assign(_ items: [TensorIndex], _ value: Tensor) throws(EngineError) {
        let view = try view(for: items)
        let source = try value.expanded(to: view.shape)
        storage.scatter(source.storage, to: view.flatIndices())
    }

    /// The strided view a subscript describes.
    func view(for items: [TensorIndex]) throws(EngineError) -> StridedView {
        let ellipses = items.filter { $0 == .ellipsis }.count
        guard ellipses <= 1 else { throw .index("an index can only have a single ellipsis ('...')") }
        let consuming = items.filter { item in
            switch item {
            case .integer, .slice: true
            case .newAxis, .ellipsis: false
            }
        }.count
        guard consuming <= rank else {
            throw .index("too many indices for tensor of dimension \(rank)")
        }
        var expandedItems: [TensorIndex] = []
        for item in items {
            if item == .ellipsis {
                expandedItems += Array(repeating: .all, count: rank - consuming)
            } else {
                expandedItems.append(item)
            }
        }
        if ellipses == 0 { expandedItems += Array(repeating: .all, count: rank - consuming) }

        let base = StridedView(self)
        var result = StridedView(shape: [], strides: [], offset: 0)
        var axis = 0
        for item in expandedItems {
            switch item {
            case .newAxis:
                result.shape.append(1)
                result.strides.append(0)
            case .integer(let i):
                let size = shape[axis]
                guard i >= -size, i < size else {
                    throw .index("index \(i) is out of bounds for dimension \(axis) with size \(size)")
                }
                result.offset += (i < 0 ? i + size : i) * base.strides[axis]
                axis += 1
            case .slice(let start, let stop, let step):
                let range = try PythonSlice(start: start, stop: stop, step: step).resolve(length: shape[axis])
                result.offset += range.start * base.strides[axis]
                result.shape.append(range.count)
                // With two or more elements the step is at most the length; with fewer it
                // is never taken, and may be as large as Int.max.
                result.strides.append(range.count > 1 ? base.strides[axis] * range.step : 0)
                axis += 1
            case .ellipsis:
                break
            }
        }
        // `None`s add dimensions.
        try EngineLimits.checkElementCount(TensorShape(result.shape))
        return result
    }
}

/// Python's slice arithmetic (`slice.indices`): clamping, negative positions and
/// negative steps resolved against a length.
struct PythonSlice {
    var start: Int?
    var stop: Int?
    var step: Int?

    func resolve(length: Int) throws(EngineError) -> (start: Int, step: Int, count: Int) {
        let step = self.step ?? 1
        guard step != 0 else { throw .valueError("slice step cannot be zero") }
        let lower = step < 0 ? -1 : 0
        let upper = step < 0 ? length - 1 : length
        func clamp(_ value: Int?, default fallback: Int) -> Int {
            guard var v = value else { return fallback }
            if v < 0 { v += length; return max(v, lower) }
            return min(v, upper)
        }
        let first = clamp(start, default: step < 0 ? upper : lower)
        let end = clamp(stop, default: step < 0 ? lower : upper)
        // Counted from the distance, which fits in an Int; `step` may be Int.min or Int.max.
        let distance = step > 0 ? end - first : first - end
        let magnitude = step == .min ? Int.max : abs(step)
        let count = distance > 0 ? (distance - 1) / magnitude + 1 : 0
        return (first, step, count)
    }
}

/// One item of a subscript such as `x[0, :, ::-1, None, ...]`.
public enum TensorIndex: Sendable, Hashable {
    /// A single position, which removes the dimension (negative counts from the end).
    case integer(Int)
    /// A Python slice `start:stop:step`; a negative step walks backwards on NumPy
    /// arrays (`w[:, :, ::-1, ::-1]` flips the spatial axes) and is refused on tensors.
    case slice(start: Int?, stop: Int?, step: Int?)
    /// `None`: a new dimension of size 1.
    case newAxis
    /// `...`: as many full slices as needed.
    case ellipsis
    /// An integer tensor (positions along one dimension) or a bool/uint8 mask (one
    /// dimension per mask dimension): advanced indexing, which copies on read.
    case tensor(Tensor)

    /// `:`.
    public static let all = TensorIndex.slice(start: nil, stop: nil, step: nil)

    /// Whether the item is a tensor index (advanced indexing).
    public var isAdvanced: Bool { if case .tensor = self { true } else { false } }
}

extension Tensor {
    /// The elements a subscript selects, as a view of this tensor (`x[...]`): integers,
    /// slices, `None` and `...` never copy, as in PyTorch.
    /// - Parameter negativeSteps: whether a slice may step backwards (NumPy arrays);
    ///   a tensor refuses it with PyTorch's `ValueError`.
    /// - Throws: PyTorch's `IndexError`s for positions out of range or too many indices,
    ///   Python's `ValueError` for a zero step.
    public func indexed(_ items: [TensorIndex], negativeSteps: Bool = false) throws(EngineError) -> Tensor {
        let recording = Tensor.isRecording([self])
        if items.contains(where: \.isAdvanced) { return try recording ? recordedAdvancedIndexed(items) : advancedIndexed(items) }
        return recording ? try recordedIndexed(items) : viewing(try layout(for: items, negativeSteps: negativeSteps))
    }

    /// The layout a subscript describes over this tensor's buffer.
    func layout(for items: [TensorIndex], negativeSteps: Bool) throws(EngineError) -> TensorLayout {
        let ellipses = items.filter { $0 == .ellipsis }.count
        guard ellipses <= 1 else { throw .index("an index can only have a single ellipsis ('...')") }
        let consuming = items.filter { item in
            switch item {
            case .integer, .slice, .tensor: true
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

        var result = TensorLayout(shape: [], strides: [], offset: storageOffset)
        var axis = 0
        for item in expandedItems {
            switch item {
            case .newAxis:
                result.shape.append(1)
                result.strides.append(axis < rank ? shape[axis] * strides[axis] : 1)
            case .integer(let i):
                let size = shape[axis]
                guard i >= -size, i < size else {
                    throw .index("index \(i) is out of bounds for dimension \(axis) with size \(size)")
                }
                result.offset += (i < 0 ? i + size : i) * strides[axis]
                axis += 1
            case .slice(let start, let stop, let step):
                if let step, step < 0, !negativeSteps { throw .valueError("step must be greater than zero") }
                let range = try PythonSlice(start: start, stop: stop, step: step).resolve(length: shape[axis])
                // As ATen's `slice`: the offset moves to the (clamped) start and the stride
                // is multiplied by the step even when the slice is empty.
                if range.step > 0 || range.count > 0 { result.offset += range.start * strides[axis] }
                let (stepped, overflow) = strides[axis].multipliedReportingOverflow(by: range.step)
                result.shape.append(range.count)
                result.strides.append(overflow ? strides[axis] : stepped)
                axis += 1
            case .ellipsis, .tensor:
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

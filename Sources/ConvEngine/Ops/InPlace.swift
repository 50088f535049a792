/// Writes through a tensor's strides into the buffer it shares with its views: `copy_`,
/// `fill_`, subscript assignment and the in-place arithmetic (`add_`, `x += y`). Each
/// write bumps the shared version counter. PyTorch's refusals come first: a target
/// whose elements overlap (an expanded tensor), a source that partly overlaps the
/// target, a result whose dtype cannot be cast to the target's, a broadcast shape that
/// is not the target's.
extension Tensor {
    /// Copies `source` (broadcast to this shape, cast to this dtype) into this tensor's
    /// elements (`copy_`).
    /// - Parameter expanding: whether the source is fitted as `expand` fits it (what
    ///   subscript assignment does, with `expand`'s message) rather than broadcast.
    public func copyIn(_ source: Tensor, expanding: Bool = false) throws(EngineError) {
        try checkWritable()
        let target = expanding ? shape : try outputShape(broadcastWith: source.shape)
        let expandedSource = source.shape == shape ? source : try source.expanded(to: target.dimensions)
        // Copying a tensor onto itself (`y[i] += v` writes the view back) changes no
        // element, but counts as a write and is recorded, as in PyTorch.
        let ontoItself = sharesStorage(with: source) && layout == source.layout
        // (A leaf copied onto itself is left alone, as state_dict loading relies on.)
        if ontoItself && isLeaf { return markWritten() }
        if !ontoItself { try checkNoPartialOverlap(with: source) }
        let recording = try checkInPlaceWrite(inputs: [source])
        let (sourceShape, sourceDType) = (source.shape, source.dtype)
        try rewrite(recording: recording, "CopyBackwards", inputs: [source], formula: { g, _ throws(EngineError) in
            [try g[0].applying(.multiply, .int(0)), try g[0].summed(toShape: sourceShape).converted(to: sourceDType)]
        }) {
            if ontoItself { markWritten() } else { write(expandedSource.contiguousStorage) }
        }
    }

    /// Sets every element to `value` (`fill_`). Like PyTorch, an expanded tensor may be
    /// filled: every position of a shared element gets the same value.
    public func fill(_ value: Scalar) throws(EngineError) {
        let recording = try checkInPlaceWrite(inputs: [])
        // PyTorch's names: `zero_()` and `fill_(0)` differ only in the node.
        try rewrite(recording: recording, "FillBackward2", inputs: [], formula: { g, _ throws(EngineError) in [try g[0].applying(.multiply, .int(0))] }) {
            write(.filled(with: value, count: count, dtype: dtype))
        }
    }

    /// Sets every element to zero (`zero_`), recorded as `ZeroBackward0`.
    public func zero() throws(EngineError) {
        let recording = try checkInPlaceWrite(inputs: [])
        try rewrite(recording: recording, "ZeroBackward0", inputs: [], formula: { g, _ throws(EngineError) in [try g[0].applying(.multiply, .int(0))] }) {
            write(.filled(with: .int(0), count: count, dtype: dtype))
        }
    }

    /// Writes `value` (broadcast to the selection, converted to this dtype) into the
    /// elements a subscript selects (`x[...] = value`).
    public func assign(_ items: [TensorIndex], _ value: Tensor) throws(EngineError) {
        if items.contains(where: \.isAdvanced) { return try advancedAssign(items, value) }
        try indexed(items).copyIn(value, expanding: true)
    }

    /// Writes a Python number into the elements a subscript selects (`x[...] = 7`): a
    /// fill, as PyTorch treats it.
    public func assign(_ items: [TensorIndex], _ value: Scalar) throws(EngineError) {
        if items.contains(where: \.isAdvanced) { return try advancedAssign(items, Tensor(scalar: value, dtype: dtype)) }
        try indexed(items).fill(value)
    }

    /// `self op= other` in place (`add_`, `mul_`, `x += y`, ...): the result of
    /// `self op other` written back into this tensor's elements.
    /// - Throws: PyTorch's messages when the result's dtype cannot be cast to this
    ///   tensor's, or when broadcasting would change this tensor's shape.
    public func applyInPlace(_ op: BinaryOperation, _ other: Operand) throws(EngineError) {
        try updateInPlace(inputs: [other.tensorOrNil], broadcastWith: other.shape) { (t) throws(EngineError) in
            try Tensor.apply(op, .tensor(t), other)
        }
    }

    /// Writes an out-of-place result back into this tensor, as an in-place op's `out`
    /// would be: same shape, a dtype that casts to this one. Autograd goes through
    /// ``updateInPlace(inputs:broadcastWith:_:)``.
    func writeResult(_ result: Tensor, broadcastWith otherShape: TensorShape = []) throws(EngineError) {
        guard result.dtype.canCast(to: dtype) else {
            throw .argument("result type \(result.dtype.scalarTypeName) can't be cast to the desired output type \(dtype.scalarTypeName)")
        }
        guard result.shape == shape else {
            throw .argument("output with shape \(shape) doesn't match the broadcast shape \(result.shape)")
        }
        try checkWritable()
        write(result.contiguousStorage)
    }

    /// This tensor's shape, once it is known to be what broadcasting it with `other`
    /// gives (an in-place result keeps its shape).
    func outputShape(broadcastWith other: TensorShape) throws(EngineError) -> TensorShape {
        let broadcast = try TensorShape.broadcast(shape, other)
        guard broadcast == shape else {
            throw .argument("output with shape \(shape) doesn't match the broadcast shape \(broadcast)")
        }
        return shape
    }

    /// Bumps the version counter, as every in-place operation does.
    public func markWritten() { version.bump() }

    /// PyTorch's `assert_no_internal_overlap`.
    func checkWritable() throws(EngineError) {
        if layout.hasInternalOverlap {
            throw .argument("unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.")
        }
    }

    /// PyTorch's `assert_no_partial_overlap`: both dense and in one buffer, reaching
    /// some but not exactly the same elements.
    func checkNoPartialOverlap(with source: Tensor) throws(EngineError) {
        guard sharesStorage(with: source), layout.isNonOverlappingAndDense, source.layout.isNonOverlappingAndDense,
              let a = layout.storageSpan, let b = source.layout.storageSpan else { return }
        let partial = a == b ? strides != source.strides : a.overlaps(b)
        if partial {
            throw .argument("unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.")
        }
    }

    /// Writes row-major `values` through the strides, without PyTorch's checks (a
    /// fresh tensor the engine is filling).
    func writeUnchecked(_ values: TensorStorage) { write(values) }

    /// Writes row-major `values` (converted to this dtype) through the strides.
    private func write(_ values: TensorStorage) {
        if isContiguous {
            buffer.write(ScatterRange(source: values, start: storageOffset))
        } else {
            buffer.write(ScatterIndices(source: values, indices: layout.flatIndices()))
        }
        version.bump()
    }
}

extension TensorLayout {
    /// PyTorch's `is_non_overlapping_and_dense`: the elements fill a block of the
    /// buffer exactly, in some order of the dimensions.
    var isNonOverlappingAndDense: Bool {
        let dims = shape.indices.filter { shape[$0] > 1 }.sorted { strides[$0] < strides[$1] }
        var expected = 1
        for d in dims {
            if strides[d] != expected { return false }
            expected *= shape[d]
        }
        return true
    }
}

extension TensorLayout {
    /// PyTorch's `infer_dense_strides`: dense strides over the dimensions in the order
    /// this layout's strides give them (an insertion sort from the innermost; a zero
    /// stride is no evidence and keeps the row-major order; equal strides put the
    /// smaller size inside).
    var denseStridesInSameOrder: [Int] {
        func shouldSwap(_ a: Int, _ b: Int) -> Int {
            let (sa, sb) = (strides[a], strides[b])
            if sa == 0 || sb == 0 { return 0 }
            if sa != sb { return sa < sb ? -1 : 1 }
            return shape[a] > shape[b] ? 1 : 0
        }
        let perm = DimensionOrder.innermostFirst(rank: shape.count, shouldSwap)
        var result = [Int](repeating: 0, count: shape.count)
        var running = 1
        for axis in perm {
            result[axis] = running
            if shape[axis] > 1 { running *= shape[axis] }
        }
        return result
    }
}

extension DType {
    /// PyTorch's `canCast`: no float to integer or bool, no integer to bool.
    public func canCast(to target: DType) -> Bool {
        if isFloatingPoint && !target.isFloatingPoint { return false }
        if self != .bool && target == .bool { return false }
        return true
    }
}

private struct ScatterRange: StorageWriter {
    let source: TensorStorage, start: Int
    func write<E: TensorElement>(_ values: inout [E]) {
        let s = source.elements(as: E.self)
        values.withUnsafeMutableBufferPointer { v in
            for i in s.indices { v[start + i] = s[i] }
        }
    }
}

extension Tensor {
    /// The tensor padded as `torch.nn.functional.pad(input, pads, mode, value)` pads it.
    ///
    /// `pads` lists the last dimension first: `(left, right)`, then `(top, bottom)`,
    /// then `(front, back)`. Negative pads crop. Constant padding works on the last
    /// `pads.count / 2` dimensions of any tensor; reflect, replicate and circular pad 1,
    /// 2 or 3 trailing dimensions of a tensor with one or two leading dimensions
    /// (unbatched or batched), as in PyTorch.
    /// - Parameter value: the constant, for `.constant` only (`nil` means 0).
    /// - Throws: PyTorch's refusals, in its words and exception types.
    public func padded(_ pads: [Int], mode: PaddingMode = .constant, value: Double? = nil) throws(EngineError) -> Tensor {
        guard pads.count % 2 == 0 else { throw .argument("Padding length must be divisible by 2") }
        guard pads.count <= rank * 2 else {
            throw .argument("Padding length should be less than or equal to two times the input dimension but got padding length \(pads.count) and input of dimension \(rank)")
        }
        try checkPaddedSize(pads)
        if mode == .constant {
            return try constantPadded(pads, value: value ?? 0).recordedPick("ConstantPadNdBackward0", of: self) { (t) throws(EngineError) in
                try t.constantPadded(pads, value: 0)
            }
        }
        if let value, value != 0 {
            throw .argument("Padding mode \"\(mode.rawValue)\" doesn't take in value argument")
        }
        let padded = pads.count / 2
        guard (1...3).contains(padded), rank == padded + 1 || rank == padded + 2 else {
            throw .argument("Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now", "NotImplementedError")
        }
        switch mode {
        case .constant:
            fatalError("handled above")
        case .reflect, .replicate:
            try checkValidPaddingInput(padded)
            let name = "\(mode == .reflect ? "Reflection" : "Replication")Pad\(padded)DBackward0"
            return try borderPadded(pads, mode: mode).recordedPick(name, of: self) { (t) throws(EngineError) in
                try t.borderPadded(pads, mode: mode)
            }
        case .circular:
            let result = try circularPadded(pads)
            return Tensor.isRecording([self]) ? try circularPaddedThroughSlices(pads, shape: result.shape) : result
        }
    }

    /// `constant_pad_nd`.
    private func constantPadded(_ pads: [Int], value: Double) throws(EngineError) -> Tensor {
        var maps: [[Int]?] = Array(repeating: nil, count: rank)
        for (axis, before, after) in paddedAxes(pads) {
            let size = shape[axis]
            let newSize = size + before + after
            guard newSize >= 0 else {
                throw .argument("The input size \(size), plus negative padding \(before) and \(after) resulted in a negative output size, which is invalid. Check dimension \(axis) of your input.")
            }
            maps[axis] = (0..<newSize).map { j in
                let source = j - before
                return source >= 0 && source < size ? source : -1
            }
        }
        return gatherPadded(maps, fill: value)
    }

    /// Reflect and replicate, which PyTorch implements per rank with these checks.
    private func borderPadded(_ pads: [Int], mode: PaddingMode) throws(EngineError) -> Tensor {
        let padded = pads.count / 2
        let lead = rank - padded
        var maps: [[Int]?] = Array(repeating: nil, count: rank)
        var outputSizes: [Int] = []
        // Dimensions from the last (width) backwards, as PyTorch names them.
        for i in 0..<padded {
            let axis = rank - 1 - i
            let (before, after) = (pads[2 * i], pads[2 * i + 1])
            let size = shape[axis]
            if mode == .reflect {
                guard before < size && after < size else {
                    throw .argument("Argument #\(4 + 2 * i): Padding size should be less than the corresponding input dimension, but got: padding (\(before), \(after)) at dimension \(axis) of input \(shape)")
                }
            }
            outputSizes.insert(size + before + after, at: 0)
            let newSize = max(size + before + after, 0)
            maps[axis] = (0..<newSize).map { j in
                let source = j - before
                if mode == .replicate { return min(max(source, 0), size - 1) }
                if source < 0 { return -source }
                if source >= size { return 2 * (size - 1) - source }
                return source
            }
        }
        let names = ["D", "H", "W"].suffix(padded)
        let small: Bool = mode == .reflect && padded > 1
            ? outputSizes.allSatisfy { $0 < 1 } || outputSizes.contains { $0 < 0 }
            : outputSizes.contains { $0 < 1 }
        if small {
            let inputs = zip(names, shape.dimensions[lead...]).map { "\($0): \($1)" }.joined(separator: ", ")
            let outputs = zip(names, outputSizes).map { "\($0): \($1)" }.joined(separator: " ")
            throw .argument("input (\(inputs)) is too small. Calculated output \(outputs)")
        }
        return gatherPadded(maps, fill: 0)
    }

    /// `_pad_circular`.
    private func circularPadded(_ pads: [Int]) throws(EngineError) -> Tensor {
        var maps: [[Int]?] = Array(repeating: nil, count: rank)
        for (axis, before, after) in paddedAxes(pads) {
            let size = shape[axis]
            guard before <= size && after <= size else {
                throw .argument("Padding value causes wrapping around more than once.")
            }
            guard size + before + after >= 0 else {
                throw .argument("Negative padding value is resulting in an empty dimension")
            }
            // As `_pad_circular` fills it: the (cropped) input in the middle, then each
            // side copied from the far end of the middle, so negative pads crop first.
            let newSize = size + before + after
            maps[axis] = (0..<newSize).map { j in
                if j < max(before, 0) { return newSize - before - max(after, 0) + j - before }
                if j >= newSize - max(after, 0) { return max(before, 0) + j - (newSize - after) - before }
                return j - before
            }
        }
        return gatherPadded(maps, fill: 0)
    }

    /// `_pad_circular` step by step as PyTorch runs it, for a recorded graph (a chain of
    /// `CopySlices`): the input copied into the middle of a new tensor of `outShape`,
    /// then each side, dimension by dimension, from the far edge of the result.
    private func circularPaddedThroughSlices(_ pads: [Int], shape outShape: TensorShape) throws(EngineError) -> Tensor {
        let out = Tensor(shape: outShape, storage: .filled(with: 0.0, count: outShape.elementCount, dtype: dtype))
        let padded = pads.count / 2
        var (outSlice, inSlice) = (out, self)
        for i in 0..<padded {
            let dim = rank - 1 - i
            let (left, right) = (pads[2 * i], pads[2 * i + 1])
            let outStart = max(left, 0), inStart = max(-left, 0)
            outSlice = try outSlice.narrowed(dim: dim, start: outStart, length: outShape[dim] - max(right, 0) - outStart)
            inSlice = try inSlice.narrowed(dim: dim, start: inStart, length: shape[dim] - max(-right, 0) - inStart)
        }
        try outSlice.copyIn(inSlice)
        for i in 0..<padded {
            let dim = rank - 1 - i
            let (left, right) = (pads[2 * i], pads[2 * i + 1])
            if left > 0 {
                let source = try out.narrowed(dim: dim, start: outShape[dim] - left - max(right, 0), length: left)
                try out.narrowed(dim: dim, start: 0, length: left).copyIn(source)
            }
            if right > 0 {
                let source = try out.narrowed(dim: dim, start: max(left, 0), length: right)
                try out.narrowed(dim: dim, start: outShape[dim] - right, length: right).copyIn(source)
            }
        }
        return out
    }

    /// Refuses pads whose result would pass ConvLab's size limit (or whose sums would
    /// overflow), before any index map is built.
    private func checkPaddedSize(_ pads: [Int]) throws(EngineError) {
        var sizes = shape.dimensions
        for (axis, before, after) in paddedAxes(pads) {
            let (partial, overflowBefore) = sizes[axis].addingReportingOverflow(before)
            let (total, overflowAfter) = partial.addingReportingOverflow(after)
            if overflowBefore || overflowAfter {
                throw .limit("padding (\(before), \(after)) of dimension \(axis) is beyond ConvLab's limit")
            }
            sizes[axis] = max(total, 0)
        }
        try EngineLimits.checkAllocation(TensorShape(sizes), dtype: dtype)
    }

    /// The padded dimensions, first to last, with their pads (F.pad lists the last
    /// dimension first).
    private func paddedAxes(_ pads: [Int]) -> [(axis: Int, before: Int, after: Int)] {
        let padded = pads.count / 2
        return (0..<padded).map { i in
            (rank - padded + i, pads[2 * (padded - i - 1)], pads[2 * (padded - i - 1) + 1])
        }
    }

    /// `check_valid_input`: the padded dimensions and channels must be non-empty (a
    /// batch of 0 is allowed).
    private func checkValidPaddingInput(_ padded: Int) throws(EngineError) {
        let batched = rank == padded + 2
        let checked = batched ? shape.dimensions.dropFirst() : shape.dimensions[...]
        guard !checked.contains(0) else {
            throw .argument("Expected \(padded + 1)D or \(padded + 2)D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: \(shape)")
        }
    }

    /// Builds the padded tensor from one index map per dimension (`nil`: unchanged;
    /// -1: the fill value).
    private func gatherPadded(_ maps: [[Int]?], fill: Double) -> Tensor {
        let sizes = (0..<rank).map { maps[$0]?.count ?? shape[$0] }
        // Read straight from the buffer through this tensor's own strides.
        let strides = self.strides
        let total = sizes.reduce(1, *)
        var indices = [Int](repeating: 0, count: total)
        if total > 0 {
            var counter = [Int](repeating: 0, count: rank)
            for flat in 0..<total {
                var source = storageOffset
                for axis in 0..<rank {
                    let j = counter[axis]
                    let mapped = maps[axis].map { $0[j] } ?? j
                    if mapped < 0 { source = -1; break }
                    source += mapped * strides[axis]
                }
                indices[flat] = source
                var axis = rank - 1
                while axis >= 0 {
                    counter[axis] += 1
                    if counter[axis] < sizes[axis] { break }
                    counter[axis] = 0
                    axis -= 1
                }
            }
        }
        return Tensor(shape: TensorShape(sizes), storage: buffer.storage.gathering(indices, fill: fill))
    }
}

/// PyTorch's advanced indexing: integer tensors (or lists) and boolean masks among the
/// items of a subscript (`x[[0, 2]]`, `x[:, idx]`, `x[x > 5]`). Reading copies;
/// writing (`x[mask] = 0`) changes the elements in place (`index_put_`).
///
/// As in PyTorch, integers, slices, `None` and `...` are applied first, as a view; a
/// boolean mask stands for the integer positions of its true elements; the index
/// tensors broadcast together to one shape, which takes the place of the dimensions
/// they index when those are next to each other, and comes first otherwise.
extension Tensor {
    /// The storage positions an advanced subscript selects and the result's shape.
    func advancedSelection(_ items: [TensorIndex]) throws(EngineError) -> (shape: [Int], positions: [Int]) {
        // 1. Masks become one integer index per dimension they cover.
        var expandedItems: [TensorIndex] = []
        var dimension = 0
        let consumed = items.reduce(0) { total, item in
            switch item {
            case .integer, .slice: total + 1
            case .tensor(let t): total + (t.dtype == .bool || t.dtype == .uint8 ? Swift.max(t.rank, 1) : 1)
            case .newAxis, .ellipsis: total
            }
        }
        guard consumed <= rank else { throw .index("too many indices for tensor of dimension \(rank)") }
        for item in items {
            switch item {
            case .ellipsis:
                let fill = rank - consumed
                expandedItems += Array(repeating: .all, count: fill)
                dimension += fill
            case .tensor(let t) where t.dtype == .bool || t.dtype == .uint8:
                for d in 0..<t.rank where t.shape[d] != shape[dimension + d] {
                    throw .index("The shape of the mask \(t.shape) at index \(d) does not match the shape of the indexed tensor \(shape) at index \(dimension + d)")
                }
                expandedItems += t.maskPositions().map { .tensor($0) }
                dimension += t.rank
            case .tensor(let t):
                guard t.dtype.isIntegral else { throw .index("tensors used as indices must be long, int, byte or bool tensors") }
                expandedItems.append(item)
                dimension += 1
            case .integer, .slice:
                expandedItems.append(item)
                dimension += 1
            case .newAxis:
                expandedItems.append(item)
            }
        }
        // 2. The basic items as a view; each index tensor keeps its dimension whole.
        var basic: [TensorIndex] = []
        var advanced: [(dim: Int, index: Tensor)] = []
        var resultDim = 0
        for item in expandedItems {
            switch item {
            case .tensor(let t):
                advanced.append((resultDim, t))
                basic.append(.all)
                resultDim += 1
            case .integer:
                basic.append(item)
            case .slice, .newAxis:
                basic.append(item)
                resultDim += 1
            case .ellipsis:
                break
            }
        }
        let view = try layout(for: basic, negativeSteps: false)
        // 3. The index tensors broadcast together, and checked against their sizes.
        var broadcast = TensorShape([])
        for (i, entry) in advanced.enumerated() {
            do {
                broadcast = i == 0 ? entry.index.shape : try TensorShape.broadcast(broadcast, entry.index.shape)
            } catch {
                let shapes = advanced.map { "\($0.index.shape)" }.joined(separator: ", ")
                throw .index("shape mismatch: indexing tensors could not be broadcast together with shapes \(shapes)")
            }
        }
        var offsets = [Int](repeating: 0, count: broadcast.elementCount)
        for entry in advanced {
            let size = view.shape[entry.dim], stride = view.strides[entry.dim]
            let values = try entry.index.expanded(to: broadcast.dimensions).elements(as: Int64.self)
            for (k, value) in values.enumerated() {
                guard value >= -Int64(size), value < Int64(size) else {
                    throw .index("index \(value) is out of bounds for dimension \(entry.dim) with size \(size)")
                }
                offsets[k] += (Int(value) + (value < 0 ? size : 0)) * stride
            }
        }
        // 4. The result: the broadcast block in place of adjacent index dimensions,
        //    else first; the other dimensions in order around it.
        let advancedDims = Set(advanced.map(\.dim))
        let dims = advanced.map(\.dim)
        let adjacent = dims.last! - dims.first! + 1 == dims.count
        let rest = view.shape.indices.filter { !advancedDims.contains($0) }
        let before = adjacent ? rest.filter { $0 < dims.first! } : []
        let after = rest.filter { !before.contains($0) }
        let outer = TensorLayout(shape: before.map { view.shape[$0] }, strides: before.map { view.strides[$0] }, offset: view.offset)
        let inner = TensorLayout(shape: after.map { view.shape[$0] }, strides: after.map { view.strides[$0] }, offset: 0)
        let resultShape = outer.shape + broadcast.dimensions + inner.shape
        try EngineLimits.checkAllocation(TensorShape(resultShape), dtype: dtype)
        let innerPositions = inner.flatIndices()
        var positions: [Int] = []
        positions.reserveCapacity(TensorShape(resultShape).elementCount)
        for base in outer.flatIndices() {
            for offset in offsets {
                for position in innerPositions { positions.append(base + offset + position) }
            }
        }
        return (resultShape, positions)
    }

    /// The elements an advanced subscript selects, as a new tensor (a copy).
    func advancedIndexed(_ items: [TensorIndex]) throws(EngineError) -> Tensor {
        let selection = try advancedSelection(items)
        return Tensor(shape: TensorShape(selection.shape), storage: buffer.storage.gathering(selection.positions))
    }

    /// `x[advanced] = value` (`index_put_`): `value` broadcast to the selection's shape.
    func advancedAssign(_ items: [TensorIndex], _ value: Tensor) throws(EngineError) {
        let recording = try checkInPlaceWrite(inputs: [value])
        let selection = try advancedSelection(items)
        let source: Tensor
        do {
            source = try value.expanded(to: selection.shape)
        } catch {
            throw .argument("shape mismatch: value tensor of shape \(value.shape) cannot be broadcast to indexing result of shape \(TensorShape(selection.shape))")
        }
        // Where the selected elements are, row-major, for the gradient (found before the write).
        let positions = recording ? try Tensor.sourcePositions(inputShape: shape) { (t) throws(EngineError) in try t.advancedIndexed(items) } : []
        let (written, selected) = (shape, TensorShape(selection.shape))
        try rewrite(recording: recording, "IndexPutBackward0", inputs: [value], formula: { g, _ throws(EngineError) in
            [try g[0].maskedFilled(Tensor.mask(written, at: positions), .int(0)),
             try g[0].picking(positions, shape: selected, name: "IndexBackward0")]
        }) {
            buffer.write(ScatterIndices(source: source.contiguousStorage, indices: selection.positions))
            markWritten()
        }
    }

    /// For each dimension of a mask, the positions of its true elements along it
    /// (`nonzero().unbind(1)`).
    func maskPositions() -> [Tensor] {
        let flags = elements(as: Bool.self)
        let chosen = flags.indices.filter { flags[$0] }
        if rank == 0 { return [Tensor(shape: [chosen.count], storage: .int64(chosen.map { _ in 0 }))] }
        let rowStrides = shape.strides
        return (0..<rank).map { d in
            Tensor(shape: [chosen.count], storage: .int64(chosen.map { Int64(($0 / rowStrides[d]) % shape[d]) }))
        }
    }
}

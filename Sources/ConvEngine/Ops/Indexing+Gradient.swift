/// Subscripts whose input requires grad, recorded step by step as PyTorch's indexing
/// records them: each integer a `select`, each slice that does not take a whole
/// dimension a `slice`, each `None` an `unsqueeze`, from left to right (`x[0, 1:]` is
/// `SliceBackward0` over `SelectBackward0`); a subscript that changes nothing is an
/// `alias`, and tensor indices an `index` on the view the other items make.
extension Tensor {
    /// `indexed(items)` recorded as PyTorch records it.
    func recordedIndexed(_ items: [TensorIndex]) throws(EngineError) -> Tensor {
        _ = try layout(for: items, negativeSteps: false)  // PyTorch's checks and messages first
        if items.count == 1, case .slice(let start, let stop, let step) = items[0] {
            // A lone slice is always recorded, even when it takes everything.
            return try recordedSlice(dim: 0, start: start, stop: stop, step: step)
        }
        let result = try recordedBasicSteps(items)
        guard result.autograd === autograd else { return result }
        return viewing(layout).recorded("AliasBackward0", inputs: [self]) { g, _ in [g[0]] }
    }

    /// The integers, slices, `None`s and `...` of a subscript applied one by one, each
    /// recorded; this tensor itself when none changes anything.
    private func recordedBasicSteps(_ items: [TensorIndex]) throws(EngineError) -> Tensor {
        var result = self
        var dim = 0
        let consuming = items.filter { $0 != .newAxis && $0 != .ellipsis }.count
        for item in items {
            switch item {
            case .integer(let i):
                result = try result.selected(dim: dim, index: i)
            case .slice(let start, let stop, let step):
                let takesAll = (start ?? 0) == 0 && (step ?? 1) == 1 && (stop.map { $0 >= result.shape[dim] } ?? true)
                if !takesAll { result = try result.recordedSlice(dim: dim, start: start, stop: stop, step: step) }
                dim += 1
            case .newAxis:
                result = try result.unsqueezed(dim: dim)
                dim += 1
            case .ellipsis:
                dim += rank - consuming
            case .tensor:
                preconditionFailure("advanced subscripts go through recordedAdvancedIndexed")
            }
        }
        return result
    }

    /// `x[start:stop:step]` along `dim`, recorded (`SliceBackward0`).
    private func recordedSlice(dim: Int, start: Int?, stop: Int?, step: Int?) throws(EngineError) -> Tensor {
        var items = [TensorIndex](repeating: .all, count: dim)
        items.append(.slice(start: start, stop: stop, step: step))
        let view = viewing(try layout(for: items, negativeSteps: false))
        return view.recordedPick("SliceBackward0", of: self) { (t) throws(EngineError) in t.viewing(try t.layout(for: items, negativeSteps: false)) }
    }

    /// An advanced subscript recorded as PyTorch records it: the basic items as views
    /// (recorded), then `IndexBackward0` over the view for the tensor indices.
    func recordedAdvancedIndexed(_ items: [TensorIndex]) throws(EngineError) -> Tensor {
        var basic: [TensorIndex] = [], rest: [TensorIndex] = []
        var chainable = true
        for item in items {
            switch item {
            case .tensor(let t) where t.dtype == .bool || t.dtype == .uint8:
                chainable = chainable && t.rank > 0
                basic += Array(repeating: .all, count: t.rank)
                rest.append(item)
            case .tensor:
                basic.append(.all)
                rest.append(item)
            case .integer:
                basic.append(item)
            case .slice, .newAxis:
                basic.append(item)
                rest.append(.all)
            case .ellipsis:
                basic.append(item)
                rest.append(item)
            }
        }
        // A 0-dimensional mask adds a dimension of its own: recorded on this tensor.
        let view = chainable ? try recordedBasicSteps(basic) : self
        let viewItems = chainable ? rest : items
        let plain = view.detached()
        let positions = try Tensor.sourcePositions(inputShape: view.shape) { (t) throws(EngineError) in try t.advancedIndexed(viewItems) }
        return try plain.advancedIndexed(viewItems).recordedPick("IndexBackward0", of: view, positions: positions)
    }
}

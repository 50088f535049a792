import ConvEngine

extension Interpreter {
    /// `base[items]`.
    func getItem(_ base: Value, _ items: [SubscriptItem], at range: SourceRange) throws(Diagnostic) -> Value {
        switch base {
        case .tensor(let box):
            let indices = try tensorIndices(items)
            return .tensor(try engine(at: range) { () throws(EngineError) in try box.tensor.indexed(indices) })
        case .ndarray(let box):
            return try arrayItem(box, items, at: range)
        case .list(let values), .tuple(let values):
            let result = try sequenceItem(values, items, typeName: base.typeName, at: range)
            if case .tuple = base, case .list(let slice) = result { return .tuple(slice) }
            return result
        case .size(let dims):
            let result = try sequenceItem(dims.map { .int(Int64($0)) }, items, typeName: "tuple", at: range)
            if case .list(let slice) = result { return .size(slice.map { if case .int(let i) = $0 { Int(i) } else { 0 } }) }
            return result
        case .string(let s):
            let chars = s.map { Value.string(String($0)) }
            let result = try sequenceItem(chars, items, typeName: "string", at: range)
            if case .list(let slice) = result { return .string(slice.map(\.strText).joined()) }
            return result
        case .dict(let entries, _):
            guard items.count == 1, case .index(let keyExpression) = items[0] else {
                throw Diagnostic(.type, "unhashable type: 'slice'", range)
            }
            let key = try evaluate(keyExpression)
            guard let entry = entries.first(where: { Self.equal($0.key, key) }) else {
                throw Diagnostic(.key, key.reprText, keyExpression.range)
            }
            return entry.value
        case .record(_, let fields):
            return try sequenceItem(fields.map(\.value), items, typeName: "tuple", at: range)
        default:
            throw Diagnostic(.type, "'\(base.typeName)' object is not subscriptable", range)
        }
    }

    /// `base[items] = value`. Tensors change in place; for a list or dict the updated
    /// container is returned to be stored back.
    func setItem(_ base: Value, _ items: [SubscriptItem], _ value: Value, at range: SourceRange) throws(Diagnostic) -> Value? {
        switch base {
        case .tensor(let box):
            let indices = try tensorIndices(items)
            let target = box.tensor
            let scalar: Scalar
            switch value {
            case .tensor(let v):
                try engine(at: range) { () throws(EngineError) in try target.assign(indices, v.tensor) }
                return nil
            case .int(let i): scalar = .int(i)
            case .float(let d): scalar = .double(d)
            case .bool(let b): scalar = .bool(b)
            default: throw Diagnostic(.type, "can't assign a \(value.typeName) to a \(box.tensor.dtype.torchName) tensor", range)
            }
            // A Python number is a fill, as PyTorch treats it.
            try engine(at: range) { () throws(EngineError) in try target.assign(indices, scalar) }
            return nil
        case .ndarray(let box):
            try setArrayItem(box, items, value, at: range)
            return nil
        case .list(var values):
            guard items.count == 1, case .index(let e) = items[0], case .int(let i) = try evaluate(e) else {
                throw Diagnostic(.type, "list indices must be integers", range)
            }
            let index = try normalize(Int(i), count: values.count, typeName: "list assignment", at: e.range)
            values[index] = value
            return try checkedNesting(.list(values), at: range)
        case .dict(var entries, let ordered):
            guard items.count == 1, case .index(let e) = items[0] else { throw Diagnostic(.type, "unhashable type: 'slice'", range) }
            let key = try evaluate(e)
            if let i = entries.firstIndex(where: { Self.equal($0.key, key) }) { entries[i].value = value } else { entries.append((key, value)) }
            return try checkedNesting(.dict(entries, ordered: ordered), at: range)
        default:
            throw Diagnostic(.type, "'\(base.typeName)' object does not support item assignment", range)
        }
    }

    private func tensorIndices(_ items: [SubscriptItem]) throws(Diagnostic) -> [TensorIndex] {
        var indices: [TensorIndex] = []
        for item in items {
            switch item {
            case .slice(let start, let stop, let step, _):
                indices.append(.slice(start: try sliceBound(start), stop: try sliceBound(stop), step: try sliceBound(step)))
            case .index(let e):
                let value = try evaluate(e)
                switch value {
                case .int(let i): indices.append(.integer(Int(i)))
                case .bool(let b): indices.append(.integer(b ? 1 : 0))
                case .none: indices.append(.newAxis)
                case .ellipsis: indices.append(.ellipsis)
                case .tensor(let box) where box.tensor.rank == 0 && box.tensor.dtype == .int64:
                    indices.append(.integer(box.tensor.integerItem!))
                case .tensor(let box) where box.tensor.dtype == .bool:
                    throw Diagnostic(.notImplemented, "indexing with a boolean mask is not part of ConvLang", e.range,
                                     note: "use where(mask, x, 0) to keep the masked elements")
                case .tensor, .list:
                    throw Diagnostic(.notImplemented, "indexing with a list or tensor of positions is not part of ConvLang", e.range,
                                     note: "use slices, e.g. x[1:3], or index one position at a time")
                default:
                    throw Diagnostic(.index, "only integers, slices (`:`), ellipsis (`...`), None and integer tensors are valid indices (got \(value.typeName))", e.range)
                }
            }
        }
        return indices
    }

    private func sliceBound(_ e: Expression?) throws(Diagnostic) -> Int? {
        guard let e else { return nil }
        switch try evaluate(e) {
        case .none: return nil
        case .int(let i): return Int(i)
        case .tensor(let box) where box.tensor.count == 1 && box.tensor.dtype == .int64: return box.tensor.integerItem
        case let other:
            throw Diagnostic(.type, "slice indices must be integers or None, not \(other.typeName)", e.range)
        }
    }

    private func normalize(_ i: Int, count: Int, typeName: String, at range: SourceRange) throws(Diagnostic) -> Int {
        let index = i < 0 ? i + count : i
        guard index >= 0, index < count else { throw Diagnostic(.index, "\(typeName) index out of range", range) }
        return index
    }

    /// An item or slice of a Python sequence (a slice comes back as a list).
    private func sequenceItem(_ values: [Value], _ items: [SubscriptItem], typeName: String, at range: SourceRange) throws(Diagnostic) -> Value {
        guard items.count == 1 else { throw Diagnostic(.type, "\(typeName) indices must be integers or slices, not tuple", range) }
        switch items[0] {
        case .index(let e):
            let key = try evaluate(e)
            guard case .int(let i) = key else {
                throw Diagnostic(.type, "\(typeName) indices must be integers or slices, not \(key.typeName)", e.range)
            }
            return values[try normalize(Int(i), count: values.count, typeName: typeName, at: e.range)]
        case .slice(let start, let stop, let step, let sliceRange):
            let slice = PythonSliceBounds(start: try sliceBound(start), stop: try sliceBound(stop), step: try sliceBound(step))
            guard let positions = slice.positions(count: values.count) else {
                throw Diagnostic(.value, "slice step cannot be zero", sliceRange)
            }
            return .list(positions.map { values[$0] })
        }
    }
}

/// Python's slice semantics over a sequence of `count` items.
struct PythonSliceBounds {
    var start: Int?, stop: Int?, step: Int?

    func positions(count: Int) -> [Int]? {
        let step = self.step ?? 1
        guard step != 0 else { return nil }
        let lower = step < 0 ? -1 : 0, upper = step < 0 ? count - 1 : count
        func clamp(_ v: Int?, _ fallback: Int) -> Int {
            guard var v else { return fallback }
            if v < 0 { v += count; return max(v, lower) }
            return min(v, upper)
        }
        var i = clamp(start, step < 0 ? upper : lower)
        let end = clamp(stop, step < 0 ? lower : upper)
        var out: [Int] = []
        while step > 0 ? i < end : i > end {
            out.append(i)
            // A step past Int.max has left the sequence.
            let (next, overflow) = i.addingReportingOverflow(step)
            if overflow { break }
            i = next
        }
        return out
    }
}

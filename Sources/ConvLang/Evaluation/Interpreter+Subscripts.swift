import ConvEngine

extension Interpreter {
    /// `base[items]`.
    func getItem(_ base: Value, _ items: [IndexItem], at range: SourceRange) throws(Diagnostic) -> Value {
        if case .instance(let object) = base { return try instanceItem(object, items, at: range) }
        if case .host(let object) = base { return try hostItem(object, items, at: range) }
        let items = items.map(\.expanded)
        switch base {
        case .tensor(let box):
            let indices = try tensorIndices(items)
            let result = Value.tensor(try engine(at: range) { () throws(EngineError) in try box.tensor.indexed(indices) })
            try checkRecorded(result, inputs: [base], operation: "indexing a tensor", at: range)
            return result
        case .ndarray(let box):
            return try arrayItem(box, items, at: range)
        case .list(let list):
            return try sequenceItem(list.items, items, typeName: "list", at: range) { .newList($0) }
        case .tuple(let values):
            return try sequenceItem(values, items, typeName: "tuple", at: range) { .tuple($0) }
        case .size(let dims):
            return try sequenceItem(dims.map { .int(Int64($0)) }, items, typeName: "tuple", at: range) { slice in
                .size(slice.map { if case .int(let i) = $0 { Int(i) } else { 0 } })
            }
        case .string(let s):
            let chars = s.unicodeScalars.map { Value.string(String($0)) }
            return try sequenceItem(chars, items, typeName: "string", at: range) { .string($0.map(\.strText).joined()) }
        case .dict(let dict):
            guard items.count == 1, case .index(let keyValue, let keyRange) = items[0] else {
                throw Diagnostic(.type, "unhashable type: 'slice'", range)
            }
            let key = try Self.hashable(keyValue, at: keyRange)
            guard let value = dict[key] else { throw Diagnostic.keyError(key, at: keyRange) }
            return value
        case .record(_, let fields):
            return try sequenceItem(fields.map(\.value), items, typeName: "tuple", at: range) { .tuple($0) }
        case .range(let r):
            return try rangeItem(r, items, at: range)
        case .classObject(let cls) where cls.isBuiltin:
            throw Diagnostic(.notImplemented, "ConvLang does not take type hints such as \(cls.name)[...] yet", range)
        case .nnModule(let module):
            if let item = try ContainerModules.item(module, items, self, at: range) { return item }
            throw Diagnostic(.type, "'\(base.typeName)' object is not subscriptable", range)
        default:
            throw Diagnostic(.type, "'\(base.typeName)' object is not subscriptable", range)
        }
    }

    /// `base[items] = value`: the tensor, list or dict changes in place, so every name
    /// that holds it sees the change (and `d['k'][0] = 1` changes the list in `d`).
    func setItem(_ base: Value, _ items: [IndexItem], _ value: Value, at range: SourceRange) throws(Diagnostic) {
        if case .instance(let object) = base { return try setInstanceItem(object, items, value, at: range) }
        let items = items.map(\.expanded)
        switch base {
        case .tensor(let box):
            let indices = try tensorIndices(items)
            let target = box.tensor
            let scalar: Scalar
            switch value {
            case .tensor(let v):
                try engine(at: range) { () throws(EngineError) in try target.assign(indices, v.tensor) }
                return
            case .int(let i): scalar = .int(i)
            case .float(let d): scalar = .double(d)
            case .bool(let b): scalar = .bool(b)
            default: throw Diagnostic(.type, "can't assign a \(value.typeName) to a \(box.tensor.dtype.torchName) tensor", range)
            }
            // A Python number is a fill, as PyTorch treats it.
            try engine(at: range) { () throws(EngineError) in try target.assign(indices, scalar) }
        case .ndarray(let box):
            try setArrayItem(box, items, value, at: range)
        case .list(let list):
            if items.count == 1, case .slice(let start, let stop, let step, let sliceRange) = items[0] {
                let bounds = PythonSliceBounds(start: try sliceBound(start), stop: try sliceBound(stop), step: try sliceBound(step))
                return try assignSlice(list, bounds, value, at: sliceRange)
            }
            guard items.count == 1, case .index(let key, let indexRange) = items[0], let i = key.asInteger else {
                let typeName = items.count == 1 ? { if case .index(let k, _) = items[0] { k.typeName } else { "slice" } }() : "tuple"
                throw Diagnostic(.type, "list indices must be integers or slices, not \(typeName)", range)
            }
            let index = try normalize(Int(i), count: list.items.count, typeName: "list assignment", at: indexRange)
            try checkInsertion([value], into: list, at: range)
            list.items[index] = value
        case .dict(let dict):
            guard items.count == 1, case .index(let keyValue, let keyRange) = items[0] else { throw Diagnostic(.type, "unhashable type: 'slice'", range) }
            let key = try Self.hashable(keyValue, at: keyRange)
            try checkInsertion([key, value], into: dict, at: range)
            dict.set(value, for: key)
        case .nnModule(let module) where try ContainerModules.setItem(module, items, value, at: range):
            return
        default:
            throw Diagnostic(.type, "'\(base.typeName)' object does not support item assignment", range)
        }
    }

    private func tensorIndices(_ items: [IndexItem]) throws(Diagnostic) -> [TensorIndex] {
        var indices: [TensorIndex] = []
        for item in items {
            switch item {
            case .slice(let start, let stop, let step, _):
                indices.append(.slice(start: try sliceBound(start), stop: try sliceBound(stop), step: try sliceBound(step)))
            case .index(let value, let indexRange):
                switch value {
                case .int(let i): indices.append(.integer(Int(i)))
                case .bool(let b): indices.append(.integer(b ? 1 : 0))
                case .none: indices.append(.newAxis)
                case .ellipsis: indices.append(.ellipsis)
                case .tensor(let box) where box.tensor.rank == 0 && box.tensor.dtype == .int64:
                    indices.append(.integer(box.tensor.integerItem!))
                case .tensor(let box):
                    indices.append(.tensor(box.tensor))
                case .list(let list):
                    indices.append(.tensor(try indexTensor(list.items, at: indexRange)))
                default:
                    throw Diagnostic(.index, "only integers, slices (`:`), ellipsis (`...`), None and integer tensors are valid indices (got \(value.typeName))", indexRange)
                }
            }
        }
        return indices
    }

    /// A list of positions (or of bools) as an index tensor, as `torch.tensor` makes it.
    private func indexTensor(_ items: [Value], at range: SourceRange) throws(Diagnostic) -> Tensor {
        func nested(_ value: Value) throws(Diagnostic) -> NestedList {
            switch value {
            case .int(let i): return .scalar(.int(i))
            case .bool(let b): return .scalar(.bool(b))
            case .tensor(let box) where box.tensor.rank == 0 && !box.tensor.dtype.isFloatingPoint:
                return .scalar(try engine(at: range) { () throws(EngineError) in try box.tensor.item() })
            case .list(let list):
                var out: [NestedList] = []
                for item in list.items { out.append(try nested(item)) }
                return .list(out)
            default:
                throw Diagnostic(.index, "tensors used as indices must be long, int, byte or bool tensors", range)
            }
        }
        var out: [NestedList] = []
        for item in items { out.append(try nested(item)) }
        let made = try engine(at: range) { () throws(EngineError) in try Tensor(nested: .list(out)) }
        // An empty list indexes nothing: PyTorch makes it an int64 tensor.
        return made.count == 0 ? made.converted(to: .int64) : made
    }

    func sliceBound(_ bound: IndexItem.Bound?) throws(Diagnostic) -> Int? {
        guard let bound else { return nil }
        switch bound.value {
        case .none: return nil
        case .int(let i): return Int(i)
        case .tensor(let box) where box.tensor.count == 1 && box.tensor.dtype == .int64: return box.tensor.integerItem
        case let other:
            throw Diagnostic(.type, "slice indices must be integers or None, not \(other.typeName)", bound.range)
        }
    }

    func normalize(_ i: Int, count: Int, typeName: String, at range: SourceRange) throws(Diagnostic) -> Int {
        let index = i < 0 ? i + count : i
        guard index >= 0, index < count else { throw Diagnostic(.index, "\(typeName) index out of range", range) }
        return index
    }

    /// An item of a range, or a slice of it (itself a range), without listing it.
    private func rangeItem(_ r: PythonRange, _ items: [IndexItem], at range: SourceRange) throws(Diagnostic) -> Value {
        guard items.count == 1 else { throw Diagnostic(.type, "range indices must be integers or slices, not tuple", range) }
        switch items[0] {
        case .index(let key, let keyRange):
            let i: Int64
            switch key {
            case .int(let v): i = v
            case .bool(let b): i = b ? 1 : 0
            default: throw Diagnostic(.type, "range indices must be integers or slices, not \(key.typeName)", keyRange)
            }
            let count = r.exactCount
            let index = i < 0 ? Int128(i) + count : Int128(i)
            guard index >= 0, index < count else { throw Diagnostic(.index, "range object index out of range", keyRange) }
            return .int(Int64(Int128(r.start) + index * Int128(r.step)))
        case .slice(let start, let stop, let step, let sliceRange):
            let slice = PythonSliceBounds(start: try sliceBound(start), stop: try sliceBound(stop), step: try sliceBound(step))
            guard slice.step != 0 else { throw Diagnostic(.value, "slice step cannot be zero", sliceRange) }
            guard let result = r.sliced(slice) else {
                throw Diagnostic(.value, "range slice beyond 64-bit integers", sliceRange, kind: "OverflowError")
            }
            return .range(result)
        }
    }

    /// An item or slice of a Python sequence; a slice is a new sequence of the items,
    /// made by `slice`.
    private func sequenceItem(_ values: [Value], _ items: [IndexItem], typeName: String, at range: SourceRange,
                              slice makeSlice: ([Value]) -> Value) throws(Diagnostic) -> Value {
        guard items.count == 1 else { throw Diagnostic(.type, "\(typeName) indices must be integers or slices, not tuple", range) }
        switch items[0] {
        case .index(let key, let keyRange):
            guard case .int(let i) = key else {
                throw Diagnostic(.type, "\(typeName) indices must be integers or slices, not \(key.typeName)", keyRange)
            }
            return values[try normalize(Int(i), count: values.count, typeName: typeName, at: keyRange)]
        case .slice(let start, let stop, let step, let sliceRange):
            let slice = PythonSliceBounds(start: try sliceBound(start), stop: try sliceBound(stop), step: try sliceBound(step))
            guard let positions = slice.positions(count: values.count) else {
                throw Diagnostic(.value, "slice step cannot be zero", sliceRange)
            }
            return makeSlice(positions.map { values[$0] })
        }
    }
}

/// Python's slice semantics over a sequence of `count` items.
struct PythonSliceBounds {
    var start: Int?, stop: Int?, step: Int?

    /// `slice.indices(count)`: the start, stop and step the slice means for a sequence
    /// of `count` items, or `nil` for a step of zero.
    func indices(count: Int) -> (start: Int, stop: Int, step: Int)? {
        let step = self.step ?? 1
        guard step != 0 else { return nil }
        let lower = step < 0 ? -1 : 0, upper = step < 0 ? count - 1 : count
        func clamp(_ v: Int?, _ fallback: Int) -> Int {
            guard var v else { return fallback }
            if v < 0 { v += count; return max(v, lower) }
            return min(v, upper)
        }
        return (clamp(start, step < 0 ? upper : lower), clamp(stop, step < 0 ? lower : upper), step)
    }

    func positions(count: Int) -> [Int]? {
        guard let bounds = indices(count: count) else { return nil }
        var i = bounds.start
        let (end, step) = (bounds.stop, bounds.step)
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

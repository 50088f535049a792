extension Interpreter {
    /// `l[a:b] = iterable` (any length: the list grows or shrinks) and
    /// `l[a:b:c] = iterable` (as many items as the slice has), as Python does.
    func assignSlice(_ list: ListObject, _ slice: PythonSliceBounds, _ value: Value, at range: SourceRange) throws(Diagnostic) {
        let replacement: [Value]
        do { replacement = try items(of: value, at: range) } catch {
            throw Diagnostic(.type, "must assign iterable to extended slice", range).replacing(when: slice.step ?? 1 == 1, with: "can only assign an iterable")
        }
        try checkInsertion(replacement, into: list, at: range)
        guard let bounds = slice.indices(count: list.items.count) else { throw Diagnostic(.value, "slice step cannot be zero", range) }
        if bounds.step == 1 {
            let stop = max(bounds.start, bounds.stop)
            try Self.checkLength((list.items.count - (stop - bounds.start) + replacement.count, false), of: "list", at: range)
            list.items.replaceSubrange(bounds.start..<stop, with: replacement)
            return
        }
        let positions = slice.positions(count: list.items.count) ?? []
        guard positions.count == replacement.count else {
            throw Diagnostic(.value, "attempt to assign sequence of size \(replacement.count) to extended slice of size \(positions.count)", range)
        }
        for (p, v) in zip(positions, replacement) { list.items[p] = v }
    }

    /// `del base[items]`: a list's item or slice, a dict's key.
    func deleteItem(_ base: Value, _ items: [IndexItem], at range: SourceRange) throws(Diagnostic) {
        switch base {
        case .list(let list):
            guard items.count == 1 else { throw Diagnostic(.type, "list indices must be integers or slices, not tuple", range) }
            switch items[0] {
            case .index(let key, let keyRange):
                guard let i = key.asInteger else {
                    throw Diagnostic(.type, "list indices must be integers or slices, not \(key.typeName)", keyRange)
                }
                list.items.remove(at: try normalize(Int(i), count: list.items.count, typeName: "list assignment", at: keyRange))
            case .slice(let start, let stop, let step, let sliceRange):
                let slice = PythonSliceBounds(start: try sliceBound(start), stop: try sliceBound(stop), step: try sliceBound(step))
                guard let positions = slice.positions(count: list.items.count) else {
                    throw Diagnostic(.value, "slice step cannot be zero", sliceRange)
                }
                let doomed = Set(positions)
                list.items = list.items.enumerated().filter { !doomed.contains($0.offset) }.map(\.element)
            }
        case .dict(let dict):
            guard items.count == 1, case .index(let keyValue, let keyRange) = items[0] else { throw Diagnostic(.type, "unhashable type: 'slice'", range) }
            let key = try Self.hashable(keyValue, at: keyRange)
            guard let i = dict.index(of: key) else { throw Diagnostic.keyError(key, at: keyRange) }
            dict.entries.remove(at: i)
        default:
            throw Diagnostic(.type, "'\(base.typeName)' object doesn't support item deletion", range)
        }
    }
}

extension Diagnostic {
    /// This diagnostic, or one of the same kind and place with `message` when `condition` holds.
    func replacing(when condition: Bool, with message: String) -> Diagnostic {
        guard condition else { return self }
        var copy = self
        copy.message = message
        return copy
    }
}

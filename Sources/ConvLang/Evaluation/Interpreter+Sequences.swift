import ConvEngine

extension Interpreter {
    /// The items of an iterable, as `list(x)` and `for` would take them: a dict's keys,
    /// a string's characters, a tensor's rows.
    /// - Throws: TypeError (`'int' object is not iterable`) for anything else.
    func items(of value: Value, at range: SourceRange) throws(Diagnostic) -> [Value] {
        switch value {
        case .list(let list): return list.items
        case .tuple(let items): return items
        case .size(let dims): return dims.map { .int(Int64($0)) }
        case .range(let r):
            // By count: a range may be far longer than any list ConvLang holds.
            try Self.checkLength((r.count, false), of: "list", at: range)
            return r.items.map { .int($0) }
        case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
        case .dict(let dict): return dict.entries.map(\.key)
        case .dictView(let dict, let kind): return dict.entries.map(kind.item)
        case .set(let set): return set.elements
        case .iterator(let it): return try drain(it, at: range)
        case .record(_, let fields): return fields.map(\.value)
        case .ndarray(let box) where box.tensor.rank > 0 && !box.isScalar: return try arrayRows(box, at: range)
        case .tensor(let box) where box.tensor.rank > 0:
            // PyTorch iterates a tensor by `unbind(0)` (its rows print `UnbindBackward0`).
            let rows = try engine(at: range) { () throws(EngineError) in try box.tensor.unbound(dim: 0) }
            let values = rows.map { Value.tensor($0) }
            try checkRecorded(.tuple(values), inputs: [value], operation: "iteration over a tensor", at: range)
            return values
        case .instance(let object): return try instanceItems(object, at: range)
        case .nnModule(let module) where ContainerModules.items(module) != nil:
            return ContainerModules.items(module) ?? []
        case .tensor: throw Diagnostic(.type, "iteration over a 0-d tensor", range)
        default: throw Diagnostic(.type, "'\(value.typeName)' object is not iterable", range)
        }
    }

    /// `a + b` for lists and tuples.
    /// - Throws: a LimitError when the result would hold more than
    ///   `EngineContext.current.maxElements` items, ConvLab's cap on what one value holds.
    static func concatenated(_ a: [Value], _ b: [Value], typeName: String, at range: SourceRange) throws(Diagnostic) -> [Value] {
        try checkLength(a.count.addingReportingOverflow(b.count), of: typeName, at: range)
        return a + b
    }

    /// `a + b` for strings, within the same cap (in UTF-8 bytes).
    static func concatenated(_ a: String, _ b: String, at range: SourceRange) throws(Diagnostic) -> String {
        try checkLength(a.utf8.count.addingReportingOverflow(b.utf8.count), of: "str", at: range)
        return a + b
    }

    /// `items * n` for lists and tuples (empty for `n <= 0`, as in Python).
    /// - Throws: a LimitError when the result would hold more than
    ///   `EngineContext.current.maxElements` items, before anything is allocated.
    static func repeated(_ items: [Value], _ n: Int64, typeName: String, at range: SourceRange) throws(Diagnostic) -> [Value] {
        guard n > 0, !items.isEmpty else { return [] }
        try checkLength(items.count.multipliedReportingOverflow(by: Int(n)), of: typeName, at: range)
        var out: [Value] = []
        out.reserveCapacity(items.count * Int(n))
        for _ in 0..<n { out += items }
        return out
    }

    /// `s * n` for strings, within the same cap (in UTF-8 bytes).
    static func repeated(_ s: String, _ n: Int64, at range: SourceRange) throws(Diagnostic) -> String {
        guard n > 0, !s.isEmpty else { return "" }
        try checkLength(s.utf8.count.multipliedReportingOverflow(by: Int(n)), of: "str", at: range)
        return String(repeating: s, count: Int(n))
    }

    /// Throws a LimitError when a `typeName` of `length` items (which may have
    /// overflowed) is more than ConvLab's cap.
    static func checkLength(_ length: (partialValue: Int, overflow: Bool), of typeName: String, at range: SourceRange) throws(Diagnostic) {
        let limit = EngineContext.current.maxElements
        guard length.overflow || length.partialValue > limit else { return }
        let size = length.overflow ? "more than \(Int.max)" : "\(length.partialValue)"
        throw Diagnostic(.limit, "a \(typeName) of \(size) items would hold more than \(limit) elements, ConvLab's limit", range)
    }
}

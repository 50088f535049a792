extension Value {
    /// How deeply lists, tuples, dicts, records and bound methods may nest: printing,
    /// comparing and freeing a value recurse once per level, so a list built one level
    /// per statement (`a = [a]`, thousands of times) would otherwise exhaust the stack.
    static let maxNesting = 100

    /// How many levels of containers this value has (0 for a number or a tensor).
    ///
    /// Every container is checked as it is made, so no value is much deeper than
    /// ``maxNesting`` and this recursion stays shallow. Items shared by many
    /// containers (`a = [a, a]`, repeated) are measured once, by their storage.
    var nestingDepth: Int {
        var measured: [UnsafeRawPointer: Int] = [:]
        return depth(&measured)
    }

    private func depth(_ measured: inout [UnsafeRawPointer: Int]) -> Int {
        switch self {
        case .list(let items), .tuple(let items): return 1 + Self.depth(of: items, storedIn: items, &measured)
        case .dict(let entries, _): return 1 + Self.depth(of: entries.lazy.flatMap { [$0.key, $0.value] }, storedIn: entries, &measured)
        case .record(_, let fields): return 1 + Self.depth(of: fields.lazy.map(\.value), storedIn: fields, &measured)
        case .method(let receiver, _): return 1 + receiver.depth(&measured)
        default: return 0
        }
    }

    /// The deepest of `items`, read from `array`: each array is measured once, known
    /// by its storage, which stays put while the value holding it is measured.
    private static func depth<Element>(of items: some Sequence<Value>, storedIn array: [Element],
                                       _ measured: inout [UnsafeRawPointer: Int]) -> Int {
        let key = array.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
        if let key, let known = measured[key] { return known }
        var deepest = 0
        for item in items {
            switch item {
            case .none, .bool, .int, .float, .string, .tensor, .size, .layer, .function, .module, .slice, .ellipsis, .dtype, .opaque, .rich, .storage, .ndarray, .numpyDType:
                continue
            case .list, .tuple, .dict, .record, .method:
                deepest = max(deepest, item.depth(&measured))
            }
        }
        if let key { measured[key] = deepest }
        return deepest
    }
}

extension Interpreter {
    /// `value`, once it is known to nest no deeper than ``Value/maxNesting``.
    /// - Throws: a LimitError at `range` otherwise.
    func checkedNesting(_ value: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        let depth = value.nestingDepth
        guard depth <= Value.maxNesting else {
            throw Diagnostic(.limit, "lists, tuples and dicts nested \(depth) deep, more than ConvLab's limit of \(Value.maxNesting)", range)
        }
        return value
    }
}

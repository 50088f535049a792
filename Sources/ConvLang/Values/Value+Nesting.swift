extension Value {
    /// How deeply lists, tuples, dicts, records and bound methods may nest: printing,
    /// comparing and freeing a value recurse once per level, so a list built one level
    /// per statement (`a = [a]`, thousands of times) would otherwise exhaust the stack.
    ///
    /// A cycle (`l.append(l)`) is not deep: it counts once. The cap is checked where a
    /// container is made or filled; a list changed in place can still deepen the lists
    /// that hold it, which no check sees, so printing, comparing and freeing stay safe
    /// at any depth on their own (stack guards, a comparison limit,
    /// ``ContainerTeardown``).
    static let maxNesting = 100

    /// How many levels of containers this value has (0 for a number or a tensor).
    ///
    /// Every container is checked as it is made, so no value is much deeper than
    /// ``maxNesting``, and the walk stops a level past it. Items shared by many
    /// containers (`a = [a, a]`, repeated) are measured once, by their object or storage.
    var nestingDepth: Int {
        var measured: [UnsafeRawPointer: Int] = [:]
        return depth(&measured, level: 0)
    }

    /// How many levels of containers a container would have holding `items`: one more
    /// than the deepest, where reaching `container` itself (a cycle) counts as nothing.
    static func nestingDepth(holding items: some Sequence<Value>, in container: AnyObject) -> Int {
        var measured: [UnsafeRawPointer: Int] = [Self.key(container): 0]
        return 1 + depth(of: items, storedIn: nil as [Value]?, &measured, level: 1)
    }

    private static func key(_ object: AnyObject) -> UnsafeRawPointer {
        UnsafeRawPointer(Unmanaged.passUnretained(object).toOpaque())
    }

    private func depth(_ measured: inout [UnsafeRawPointer: Int], level: Int) -> Int {
        switch self {
        case .list(let list): return 1 + Self.depth(of: list.items, object: list, &measured, level: level + 1)
        case .tuple(let items): return 1 + Self.depth(of: items, storedIn: items, &measured, level: level + 1)
        case .dict(let dict): return 1 + Self.depth(of: dict.entries.lazy.flatMap { [$0.key, $0.value] }, object: dict, &measured, level: level + 1)
        case .record(_, let fields): return 1 + Self.depth(of: fields.lazy.map(\.value), storedIn: fields, &measured, level: level + 1)
        case .method(let receiver, _): return 1 + receiver.depth(&measured, level: level + 1)
        default: return 0
        }
    }

    /// The deepest of a list's or dict's items, measured once per object. While it is
    /// being measured the object counts as 0, so a cycle back to it ends there.
    private static func depth(of items: some Sequence<Value>, object: AnyObject,
                              _ measured: inout [UnsafeRawPointer: Int], level: Int) -> Int {
        let key = key(object)
        if let known = measured[key] { return known }
        measured[key] = 0
        let deepest = depth(of: items, storedIn: nil as [Value]?, &measured, level: level)
        measured[key] = deepest
        return deepest
    }

    /// The deepest of `items`, read from `array` (a tuple's or record's): each array is
    /// measured once, known by its storage, which stays put while the value holding it
    /// is measured. Past ``maxNesting`` levels the walk stops: the value is too deep
    /// whatever lies below.
    private static func depth<Element>(of items: some Sequence<Value>, storedIn array: [Element]?,
                                       _ measured: inout [UnsafeRawPointer: Int], level: Int) -> Int {
        if level > maxNesting { return 1 }
        let key = array?.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
        if let key, let known = measured[key] { return known }
        var deepest = 0
        for item in items {
            switch item {
            case .none, .bool, .int, .float, .string, .tensor, .size, .range, .device, .nnModule, .function, .userFunction, .module, .slice,
                 .ellipsis, .dtype, .opaque, .rich, .storage, .ndarray, .numpyDType, .iterator, .set, .dictView, .exception, .exceptionType, .gradMode, .gradientNode,
                 .classObject, .instance, .boundMethod, .descriptor, .superObject, .optimizer, .host:
                continue
            case .list, .tuple, .dict, .record, .method:
                deepest = max(deepest, item.depth(&measured, level: level))
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
        try checkNesting(value.nestingDepth, at: range)
        return value
    }

    /// Checks, before `items` go into `container` (a list or dict), that it would nest
    /// no deeper than ``Value/maxNesting``; a cycle back to `container` is not deep.
    /// - Throws: a LimitError at `range` otherwise.
    func checkInsertion(_ items: some Sequence<Value>, into container: AnyObject, at range: SourceRange) throws(Diagnostic) {
        try checkNesting(Value.nestingDepth(holding: items, in: container), at: range)
    }

    private func checkNesting(_ depth: Int, at range: SourceRange) throws(Diagnostic) {
        guard depth <= Value.maxNesting else {
            throw Diagnostic(.limit, "lists, tuples and dicts nested \(depth) deep, more than ConvLab's limit of \(Value.maxNesting)", range)
        }
    }
}

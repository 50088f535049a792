import ConvEngine

extension Interpreter {
    /// How deep `==` may recurse through nested lists, tuples and dicts: Python's default
    /// recursion limit. Two distinct lists that each hold themselves compare for ever in
    /// Python too, until this limit stops them.
    static let maxComparisonDepth = 1_000

    /// Python's `==` for non-tensor values (`torch.Size` is a tuple: it equals a tuple of
    /// the same ints, never a list).
    ///
    /// Lists and dicts compare their contents, with Python's identity shortcut: the same
    /// object is equal to itself without being walked, so `l.append(l); l == l` is True
    /// and a list that holds another many times over compares in no time.
    /// - Throws: RecursionError when comparing goes deeper than ``maxComparisonDepth``
    ///   levels or than the stack holds, as for two distinct self-holding lists.
    static func equal(_ a: Value, _ b: Value, at range: SourceRange) throws(Diagnostic) -> Bool {
        guard let result = equal(a, b, level: 0) else {
            throw Diagnostic(.runtime, "maximum recursion depth exceeded in comparison", range, kind: "RecursionError")
        }
        return result
    }

    /// Whether `needle` equals an item of `items` (Python's `in`).
    static func contains(_ items: [Value], _ needle: Value, at range: SourceRange) throws(Diagnostic) -> Bool {
        for item in items {
            if try equal(item, needle, at: range) { return true }
        }
        return false
    }

    /// `==` between dict keys: hashable values, which hold no list or dict, so the
    /// comparison cannot recurse into a cycle.
    static func keysEqual(_ a: Value, _ b: Value) -> Bool {
        equal(a, b, level: 0) ?? false
    }

    /// `key`, once it is known to be hashable: no list or dict, also not inside a tuple.
    /// - Throws: Python's TypeError (`unhashable type: 'list'`) otherwise.
    static func hashable(_ key: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        if let type = unhashableType(key) { throw Diagnostic(.type, "unhashable type: '\(type)'", range) }
        return key
    }

    private static func unhashableType(_ value: Value) -> String? {
        switch value {
        case .list: return "list"
        case .dict(let dict): return dict.ordered ? "collections.OrderedDict" : "dict"
        case .tuple(let items): return items.lazy.compactMap(unhashableType).first
        case .set(let set) where !set.isFrozen: return "set"
        case .dictView: return value.typeName
        case .record(_, let fields): return fields.lazy.compactMap { unhashableType($0.value) }.first
        // A class that defines __eq__ without __hash__ gets `__hash__ = None`, as in Python.
        case .instance(let object):
            if case .none? = object.cls.lookup("__hash__")?.value { return object.cls.name }
            return nil
        default: return nil
        }
    }

    /// `a == b`, or `nil` when the comparison went too deep.
    private static func equal(_ a: Value, _ b: Value, level: Int) -> Bool? {
        if let object = userEquality(a, b) { return object.cls.interpreter?.userEqual(a, b) ?? Value.identical(a, b) }
        switch (a, b) {
        case (.none, .none), (.ellipsis, .ellipsis): return true
        // By code points: 'e\u0301' is not 'é' in Python.
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.size(let x), .size(let y)): return x == y
        case (.size(let x), .tuple(let y)), (.tuple(let y), .size(let x)):
            return x.count == y.count && zip(x, y).allSatisfy { keysEqual(.int(Int64($0)), $1) }
        case (.list(let x), .list(let y)):
            return x === y ? true : equal(x.items, y.items, level: level)
        case (.tuple(let x), .tuple(let y)):
            // The same storage is the same tuple (`a = (a, a)`, repeated).
            return sameStorage(x, y) ? true : equal(x, y, level: level)
        case (.dict(let x), .dict(let y)):
            return x === y ? true : equal(x, y, level: level)
        case (.range(let x), .range(let y)): return x.isEqual(to: y)
        case (.set(let x), .set(let y)): return x.count == y.count && SetMethods.isSubset(x, y)
        case (.dictView(let x, .keys), .dictView(let y, .keys)):
            return x.entries.count == y.entries.count && x.entries.allSatisfy { y.index(of: $0.key) != nil }
        case (.iterator(let x), .iterator(let y)): return x === y
        case (.device(let x), .device(let y)): return x == y
        case (.dtype(let x), .dtype(let y)): return x == y
        case (.numpyDType(let x), .numpyDType(let y)): return x.dtype == y.dtype
        case (.numpyDType(let x), .string(let s)), (.string(let s), .numpyDType(let x)): return DType(numpyName: s) == x.dtype
        case (.tensor(let x), .tensor(let y)): return x === y
        case (.nnModule(let x), .nnModule(let y)): return x === y
        case (.classObject(let x), .classObject(let y)): return x.isSame(as: y)
        // Two reads of one method of one object (`c.bump == c.bump`), as Python's bound methods compare.
        case (.method(let x, let m), .method(let y, let n)): return m == n && Value.identical(x, y)
        case (.boundMethod(let x), .boundMethod(let y)): return x.isSame(as: y)
        // Exceptions, their classes and grad-mode managers compare by identity (`object.__eq__`).
        case (.exception, .exception), (.exceptionType, .exceptionType), (.gradMode, .gradMode), (.gradientNode, .gradientNode): return Value.identical(a, b)
        default:
            if Value.identical(a, b) { return true }
            if let x = a.asNumber, let y = b.asNumber { return x == y }
            return false
        }
    }

    private static func equal(_ x: [Value], _ y: [Value], level: Int) -> Bool? {
        guard x.count == y.count else { return false }
        if level >= maxComparisonDepth || StackGuard.isLow { return nil }
        for (a, b) in zip(x, y) {
            guard let same = equal(a, b, level: level + 1) else { return nil }
            if !same { return false }
        }
        return true
    }

    /// Python's dict `==`: the same keys with equal values, in any order; between two
    /// `OrderedDict`s, also in the same order.
    private static func equal(_ x: DictObject, _ y: DictObject, level: Int) -> Bool? {
        guard x.entries.count == y.entries.count else { return false }
        if level >= maxComparisonDepth || StackGuard.isLow { return nil }
        let inOrder = x.ordered && y.ordered
        for (i, entry) in x.entries.enumerated() {
            let other: Value
            if inOrder {
                guard keysEqual(entry.key, y.entries[i].key) else { return false }
                other = y.entries[i].value
            } else {
                guard let found = y[entry.key] else { return false }
                other = found
            }
            guard let same = equal(entry.value, other, level: level + 1) else { return nil }
            if !same { return false }
        }
        return true
    }

    private static func sameStorage(_ x: [Value], _ y: [Value]) -> Bool {
        x.withUnsafeBufferPointer { a in y.withUnsafeBufferPointer { b in a.baseAddress != nil && a.baseAddress == b.baseAddress } }
    }

    /// The instance whose class defines `__eq__` among `a` and `b`, if any.
    private static func userEquality(_ a: Value, _ b: Value) -> InstanceObject? {
        if case .instance(let x) = a, x.cls.lookup("__eq__") != nil { return x }
        if case .instance(let y) = b, y.cls.lookup("__eq__") != nil { return y }
        return nil
    }

    /// `a == b` by a user's `__eq__`, for comparisons that cannot throw (inside `in`,
    /// `list.index`): an error is kept in ``pendingError`` for ``compare(_:_:_:at:)``.
    func userEqual(_ a: Value, _ b: Value) -> Bool {
        do throws(Diagnostic) {
            guard let result = try instanceCompare("==", a, b, at: Self.printerRange) else { return false }
            return try result.truthValue(at: Self.printerRange)
        } catch {
            if pendingError == nil { pendingError = error }
            return false
        }
    }
}

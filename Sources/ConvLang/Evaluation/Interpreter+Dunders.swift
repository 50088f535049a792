/// The operators, subscripts, `len`, truth and iteration of instances of user classes,
/// through their special methods (`__add__`, `__getitem__`, `__len__`, ...), with
/// CPython's reflected operands and its errors.
extension Interpreter {
    static let binaryDunders: [String: (String, String)] = [
        "+": ("__add__", "__radd__"), "-": ("__sub__", "__rsub__"), "*": ("__mul__", "__rmul__"),
        "/": ("__truediv__", "__rtruediv__"), "//": ("__floordiv__", "__rfloordiv__"), "%": ("__mod__", "__rmod__"),
        "**": ("__pow__", "__rpow__"), "@": ("__matmul__", "__rmatmul__"), "&": ("__and__", "__rand__"),
        "|": ("__or__", "__ror__"), "^": ("__xor__", "__rxor__"), "<<": ("__lshift__", "__rlshift__"), ">>": ("__rshift__", "__rrshift__"),
    ]

    /// Python's `NotImplemented`, which a special method returns to let the other
    /// operand try.
    static let notImplemented = Value.opaque("NotImplemented")

    private static func isNotImplemented(_ value: Value) -> Bool {
        if case .opaque("NotImplemented") = value { true } else { false }
    }

    /// `lhs op rhs` when either is an instance: `lhs.__op__(rhs)`, then
    /// `rhs.__rop__(lhs)`; `nil` when neither applies (the caller raises TypeError).
    func instanceBinary(_ op: String, _ lhs: Value, _ rhs: Value, at range: SourceRange) throws(Diagnostic) -> Value? {
        guard let (name, reflected) = Self.binaryDunders[op] else { return nil }
        if let result = try callDunder(lhs, name, [rhs], at: range), !Self.isNotImplemented(result) { return result }
        if let result = try callDunder(rhs, reflected, [lhs], at: range), !Self.isNotImplemented(result) { return result }
        return nil
    }

    /// `current op= rhs` by `__iop__` (`__iadd__`), or `nil` when the class has none.
    func instanceAugmented(_ op: String, _ current: Value, _ rhs: Value, at range: SourceRange) throws(Diagnostic) -> Value? {
        guard let (name, _) = Self.binaryDunders[op] else { return nil }
        let inPlace = "__i" + name.dropFirst(2)
        if let result = try callDunder(current, inPlace, [rhs], at: range), !Self.isNotImplemented(result) { return result }
        return nil
    }

    /// `-x`, `+x`, `~x` by `__neg__`, `__pos__`, `__invert__`.
    func instanceUnary(_ op: String, _ value: Value, at range: SourceRange) throws(Diagnostic) -> Value? {
        let names = ["-": "__neg__", "+": "__pos__", "~": "__invert__"]
        guard let name = names[op] else { return nil }
        return try callDunder(value, name, [], at: range)
    }

    /// A rich comparison with an instance on either side: `a.__lt__(b)`, then the
    /// reflection `b.__gt__(a)`; `==`/`!=` fall back to identity as `object` does.
    /// `nil` for an ordering neither side defines (the caller raises TypeError).
    func instanceCompare(_ op: String, _ lhs: Value, _ rhs: Value, at range: SourceRange) throws(Diagnostic) -> Value? {
        let names: [String: (String, String)] = ["==": ("__eq__", "__eq__"), "!=": ("__ne__", "__ne__"), "<": ("__lt__", "__gt__"),
                                                 "<=": ("__le__", "__ge__"), ">": ("__gt__", "__lt__"), ">=": ("__ge__", "__le__")]
        guard let (name, reflected) = names[op] else { return nil }
        if let result = try callDunder(lhs, name, [rhs], at: range), !Self.isNotImplemented(result) { return result }
        if let result = try callDunder(rhs, reflected, [lhs], at: range), !Self.isNotImplemented(result) { return result }
        if op == "!=", let equal = try instanceCompare("==", lhs, rhs, at: range) {
            return .bool(!(try equal.truthValue(at: range)))
        }
        if op == "==" { return .bool(Value.identical(lhs, rhs)) }
        if op == "!=" { return .bool(!Value.identical(lhs, rhs)) }
        return nil
    }

    /// `needle in container` for an instance: `__contains__`, else the items
    /// (`__getitem__` from 0).
    func instanceContains(_ container: InstanceObject, _ needle: Value, at range: SourceRange) throws(Diagnostic) -> Bool {
        if let result = try callDunder(.instance(container), "__contains__", [needle], at: range) {
            return try result.truthValue(at: range)
        }
        for item in try instanceItems(container, at: range) {
            if Value.identical(item, needle) { return true }
            if try compare("==", item, needle, at: range).truthValue(at: range) { return true }
        }
        return false
    }

    /// The key of a subscript as one value: an index, a slice, or a tuple of them.
    private func subscriptKey(_ items: [IndexItem], at range: SourceRange) throws(Diagnostic) -> Value {
        func value(_ item: IndexItem) throws(Diagnostic) -> Value {
            switch item {
            case .index(let v, _): return v
            case .slice(let start, let stop, let step, let r):
                func bound(_ b: IndexItem.Bound?) throws(Diagnostic) -> Int? {
                    guard let b else { return nil }
                    switch b.value {
                    case .none: return nil
                    case .int(let i): return Int(i)
                    default: throw Diagnostic(.notImplemented, "ConvLang's slices hold integers or None only", r)
                    }
                }
                return .slice(start: try bound(start), stop: try bound(stop), step: try bound(step))
            }
        }
        if items.count == 1 { return try value(items[0]) }
        var values: [Value] = []
        for item in items { values.append(try value(item)) }
        return .tuple(values)
    }

    /// `object[key]` by `__getitem__`.
    func instanceItem(_ object: InstanceObject, _ items: [IndexItem], at range: SourceRange) throws(Diagnostic) -> Value {
        guard let result = try callDunder(.instance(object), "__getitem__", [try subscriptKey(items, at: range)], at: range) else {
            throw Diagnostic(.type, "'\(object.cls.name)' object is not subscriptable", range)
        }
        return result
    }

    /// `object[key]` of a host object (``HostObject/item(_:in:)``).
    func hostItem(_ object: any HostObject, _ items: [IndexItem], at range: SourceRange) throws(Diagnostic) -> Value {
        let key = try subscriptKey(items, at: range)
        guard let result = try object.item(key, in: self) else {
            throw Diagnostic(.type, "'\(object.hostClass.name)' object is not subscriptable", range)
        }
        return result
    }

    /// `object[key] = value` by `__setitem__`.
    func setInstanceItem(_ object: InstanceObject, _ items: [IndexItem], _ value: Value, at range: SourceRange) throws(Diagnostic) {
        guard try callDunder(.instance(object), "__setitem__", [try subscriptKey(items, at: range), value], at: range) != nil else {
            throw Diagnostic(.type, "'\(object.cls.name)' object does not support item assignment", range)
        }
    }

    /// `len(object)` by `__len__`, checked as CPython checks it.
    func instanceLength(_ object: InstanceObject, at range: SourceRange) throws(Diagnostic) -> Int64 {
        guard let result = try callDunder(.instance(object), "__len__", [], at: range) else {
            throw Diagnostic(.type, "object of type '\(object.cls.name)' has no len()", range)
        }
        let n: Int64
        switch result {
        case .int(let i): n = i
        case .bool(let b): n = b ? 1 : 0
        default: throw Diagnostic(.type, "'\(result.typeName)' object cannot be interpreted as an integer", range)
        }
        guard n >= 0 else { throw Diagnostic(.value, "__len__() should return >= 0", range) }
        return n
    }

    /// Python's truth of an instance: `__bool__`, else `__len__`, else True.
    func instanceTruth(_ object: InstanceObject, at range: SourceRange) throws(Diagnostic) -> Bool {
        if let result = try callDunder(.instance(object), "__bool__", [], at: range) {
            guard case .bool(let b) = result else {
                throw Diagnostic(.type, "__bool__ should return bool, returned \(result.typeName)", range)
            }
            return b
        }
        if object.cls.lookup("__len__") != nil { return try instanceLength(object, at: range) != 0 }
        return true
    }

    /// The items of an instance: by `__iter__` (and the iterator's `__next__` until it
    /// raises StopIteration), else by the sequence protocol (`__getitem__(0)`, `(1)`, ...
    /// until IndexError).
    func instanceItems(_ object: InstanceObject, at range: SourceRange) throws(Diagnostic) -> [Value] {
        try drain(try instanceIterator(.instance(object), at: range), at: range)
    }

    /// `iter(value)` for an instance of a user's class (or a user's module).
    func instanceIterator(_ value: Value, at range: SourceRange) throws(Diagnostic) -> IteratorObject {
        if let iterate = try lookupDunder(value, "__iter__", at: range) {
            let result = try call(iterate, [], at: range)
            if case .iterator(let it) = result { return it }
            guard let next = try lookupDunder(result, "__next__", at: range) else {
                throw Diagnostic(.type, "iter() returned non-iterator of type '\(result.typeName)'", range)
            }
            return IteratorObject(result.typeName) { (interpreter, range) throws(Diagnostic) in
                do throws(Diagnostic) { return try interpreter.call(next, [], at: range) } catch where error.kind == "StopIteration" { return nil }
            }
        }
        guard let getItem = try lookupDunder(value, "__getitem__", at: range) else {
            throw Diagnostic(.type, "'\(value.typeName)' object is not iterable", range)
        }
        var index: Int64 = 0
        return IteratorObject("iterator") { (interpreter, range) throws(Diagnostic) in
            do throws(Diagnostic) {
                let item = try interpreter.call(getItem, [.int(index)], at: range)
                index += 1
                return item
            } catch where error.kind == "IndexError" || error.kind == "StopIteration" {
                return nil
            }
        }
    }

    /// `format(value, spec)`: an instance by its `__format__`, or its `str` for an
    /// empty spec (as `object.__format__`); other values by ``FormatSpec``.
    func formatted(_ value: Value, spec: String, at range: SourceRange) throws(Diagnostic) -> String {
        guard case .instance(let object) = value else { return try FormatSpec.format(value, spec, at: range) }
        if let result = try callDunder(value, "__format__", [.string(spec)], at: range) {
            guard case .string(let text) = result else { throw Diagnostic(.type, "__format__ must return a str, not \(result.typeName)", range) }
            return text
        }
        guard spec.isEmpty else {
            throw Diagnostic(.type, "unsupported format string passed to \(object.cls.name).__format__", range)
        }
        return try text(of: value, repr: false, at: range)
    }
}

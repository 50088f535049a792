/// A lazy iterator, as Python's `iter()`, `zip`, `enumerate`, `map`, `filter`,
/// `reversed` and generator expressions make them: each ``next(_:at:)`` computes one
/// item, and an exhausted iterator stays exhausted.
///
/// One type serves them all; ``typeName`` is the name Python gives the object
/// (`zip`, `list_iterator`, `generator`), so `repr` reads as CPython's:
///
/// ```python
/// g = (x * x for x in range(3))   # <generator object <genexpr> at 0x7f...>
/// next(g), list(g)                # 0, [1, 4]
/// ```
public final class IteratorObject: @unchecked Sendable {
    /// Produces the next item, or `nil` when there is none.
    typealias Step = (Interpreter, SourceRange) throws(Diagnostic) -> Value?

    /// Python's `type(it).__name__`: `zip`, `enumerate`, `generator`, `list_iterator`, ...
    let typeName: String
    /// A generator's `__qualname__` (`<genexpr>`, `f.<locals>.<genexpr>`); `nil` for
    /// other iterators.
    let qualifiedName: String?
    private var step: Step?

    init(_ typeName: String, qualifiedName: String? = nil, step: @escaping Step) {
        self.typeName = typeName
        self.qualifiedName = qualifiedName
        self.step = step
    }

    /// The next item, or `nil` once the iterator is exhausted (for good: the state it
    /// held is released).
    func next(_ interpreter: Interpreter, at range: SourceRange) throws(Diagnostic) -> Value? {
        guard let step else { return nil }
        do {
            if let item = try step(interpreter, range) { return item }
        } catch {
            // A generator that raised is finished, as in Python.
            if qualifiedName != nil { self.step = nil }
            throw error
        }
        self.step = nil
        return nil
    }

    /// `<zip object at 0x...>`, `<generator object <genexpr> at 0x...>`.
    var reprText: String {
        let address = "0x" + String(UInt(bitPattern: ObjectIdentifier(self).hashValue) & 0xFFFF_FFFF_FFFF, radix: 16)
        if let qualifiedName { return "<generator object \(qualifiedName) at \(address)>" }
        return "<\(typeName) object at \(address)>"
    }

    /// An iterator over `items` taken one by one (a snapshot).
    static func over(_ items: [Value], typeName: String) -> IteratorObject {
        var index = 0
        return IteratorObject(typeName) { _, _ in
            guard index < items.count else { return nil }
            defer { index += 1 }
            return items[index]
        }
    }
}

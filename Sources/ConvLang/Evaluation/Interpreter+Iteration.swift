import ConvEngine

extension Interpreter {
    /// Python's `iter(value)`: a lazy iterator over any iterable (an iterator is its
    /// own). Lists are read live, by position, as CPython's `list_iterator` reads them;
    /// a dict or set that changes size while iterated raises CPython's RuntimeError.
    /// - Throws: TypeError (`'int' object is not iterable`) for anything else.
    func iterator(of value: Value, at range: SourceRange) throws(Diagnostic) -> IteratorObject {
        switch value {
        case .iterator(let it):
            return it
        case .list(let list):
            var index = 0
            return IteratorObject("list_iterator") { _, _ in
                guard index < list.items.count else { return nil }
                defer { index += 1 }
                return list.items[index]
            }
        case .range(let r):
            var next = r.start
            var done = r.count == 0
            return IteratorObject("range_iterator") { _, _ in
                guard !done else { return nil }
                let current = next
                let (advanced, overflow) = next.addingReportingOverflow(r.step)
                if overflow || (r.step > 0 ? advanced >= r.stop : advanced <= r.stop) { done = true } else { next = advanced }
                return .int(current)
            }
        case .string(let s):
            return .over(s.map { .string(String($0)) }, typeName: s.utf8.count == s.unicodeScalars.count ? "str_ascii_iterator" : "str_iterator")
        case .dict(let dict):
            return dictIterator(dict, .keys, reversed: false)
        case .dictView(let dict, let kind):
            return dictIterator(dict, kind, reversed: false)
        case .set(let set):
            let entries = set.elements, size = set.count
            var index = 0
            return IteratorObject("set_iterator") { _, range throws(Diagnostic) in
                guard index < entries.count else { return nil }
                guard set.count == size else { throw Diagnostic(.runtime, "Set changed size during iteration", range) }
                defer { index += 1 }
                return entries[index]
            }
        case .tuple, .size, .record, .tensor, .ndarray:
            return .over(try items(of: value, at: range), typeName: "tuple_iterator")
        default:
            throw Diagnostic(.type, "'\(value.typeName)' object is not iterable", range)
        }
    }

    /// A dict's keys, values or items, one at a time; RuntimeError when the dict
    /// changes size meanwhile, as in CPython.
    func dictIterator(_ dict: DictObject, _ kind: DictViewKind, reversed: Bool) -> IteratorObject {
        let size = dict.entries.count
        var index = 0
        let name = (reversed ? "dict_reverse" : "dict_") + String(kind.rawValue.dropLast()) + "iterator"
        return IteratorObject(name) { _, range throws(Diagnostic) in
            guard dict.entries.count == size else {
                throw Diagnostic(.runtime, "dictionary changed size during iteration", range)
            }
            guard index < size else { return nil }
            defer { index += 1 }
            return kind.item(dict.entries[reversed ? size - 1 - index : index])
        }
    }

    /// Runs `body` on each item of an iterable, lazily, until it returns a flow that
    /// leaves the loop. Ranges are counted and lists read live without an iterator
    /// object; the interrupt is checked before every item.
    func forEach(in value: Value, at range: SourceRange, _ body: (Value) throws(Diagnostic) -> Flow?) throws(Diagnostic) -> Flow? {
        switch value {
        case .range(let r):
            var i = r.start
            while r.step > 0 ? i < r.stop : i > r.stop {
                if cancellation.isCancelled { throw Diagnostic(.interrupt, "", range) }
                if let flow = try body(.int(i)) { return flow }
                let (next, overflow) = i.addingReportingOverflow(r.step)
                if overflow { break }
                i = next
            }
        case .list(let list):
            var i = 0
            while i < list.items.count {
                if cancellation.isCancelled { throw Diagnostic(.interrupt, "", range) }
                if let flow = try body(list.items[i]) { return flow }
                i += 1
            }
        case .tuple(let items):
            for item in items {
                if cancellation.isCancelled { throw Diagnostic(.interrupt, "", range) }
                if let flow = try body(item) { return flow }
            }
        default:
            let it = try iterator(of: value, at: range)
            while true {
                if cancellation.isCancelled { throw Diagnostic(.interrupt, "", range) }
                guard let item = try it.next(self, at: range) else { break }
                if let flow = try body(item) { return flow }
            }
        }
        return nil
    }

    /// Every remaining item of an iterator, within ConvLab's cap on one value's items;
    /// the interrupt stops an endless one.
    func drain(_ it: IteratorObject, at range: SourceRange) throws(Diagnostic) -> [Value] {
        var out: [Value] = []
        while let item = try it.next(self, at: range) {
            if cancellation.isCancelled { throw Diagnostic(.interrupt, "", range) }
            out.append(item)
            try Self.checkLength((out.count, false), of: "list", at: range)
        }
        return out
    }

    /// Python's `next(it)`: the next item, or StopIteration.
    func nextItem(_ value: Value, at range: SourceRange) throws(Diagnostic) -> Value? {
        guard case .iterator(let it) = value else {
            throw Diagnostic(.type, "'\(value.typeName)' object is not an iterator", range)
        }
        return try it.next(self, at: range)
    }
}

/// Frees what a list or dict held without using stack per level of nesting.
///
/// Swift frees a value by releasing what it holds, recursively: a list nested thousands
/// deep (built one level per statement, `x.append([]); x = x[0]`, which no nesting check
/// can see from the inner list) would overflow a small stack when dropped. A list or
/// dict being freed instead hands the lists and dicts it held, that nothing else holds,
/// to a work list and empties them one at a time.
enum ContainerTeardown {
    /// Empties `items` (a list's, being freed), taking apart the containers only it held.
    static func release(_ items: inout [Value]) {
        var pending = Pending()
        for item in items { pending.collect(item) }
        guard !pending.isEmpty else { return }
        items = []
        pending.drain()
    }

    /// Empties `entries` (a dict's, being freed), taking apart the containers only it held.
    static func release(_ entries: inout [(key: Value, value: Value)]) {
        var pending = Pending()
        for entry in entries {
            pending.collect(entry.key)
            pending.collect(entry.value)
        }
        guard !pending.isEmpty else { return }
        entries = []
        pending.drain()
    }

    /// The lists and dicts left to take apart.
    private struct Pending {
        var lists: [ListObject] = []
        var dicts: [DictObject] = []

        var isEmpty: Bool { lists.isEmpty && dicts.isEmpty }

        /// Keeps the lists and dicts in `value`, looking through tuples, records and
        /// bound methods (which nest only as deep as they were made: they are never
        /// changed).
        mutating func collect(_ value: Value) {
            switch value {
            case .list(let list): lists.append(list)
            case .dict(let dict): dicts.append(dict)
            case .tuple(let items): for item in items { collect(item) }
            case .record(_, let fields): for field in fields { collect(field.value) }
            case .method(let receiver, _): collect(receiver)
            default: break
            }
        }

        /// Empties every container that only this work list holds, collecting what it
        /// held; the others are released (someone else frees them later).
        mutating func drain() {
            while true {
                if var list = lists.popLast() {
                    guard isKnownUniquelyReferenced(&list) else { continue }
                    for item in list.items { collect(item) }
                    list.items = []
                } else if var dict = dicts.popLast() {
                    guard isKnownUniquelyReferenced(&dict) else { continue }
                    for entry in dict.entries {
                        collect(entry.key)
                        collect(entry.value)
                    }
                    dict.entries = []
                } else {
                    return
                }
            }
        }
    }
}

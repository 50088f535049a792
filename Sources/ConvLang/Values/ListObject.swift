/// A Python list: one mutable sequence, shared by every name, container and argument
/// that holds it.
///
/// `m = l` gives `m` the same list, so `m.append(1)`, `m[0] = 5` and `m += [2]`
/// change `l` too; copies are made only where Python makes them (`list(l)`,
/// `l.copy()`, `l[:]`, `l + m`, `l * 3`). ``Value/list(_:)`` carries a list and
/// ``Value/newList(_:)`` makes one:
///
/// ```swift
/// let l = Value.newList([.int(1)])
/// if case .list(let list) = l { list.items.append(l) }  // l = [1]; l.append(l)
/// l.reprText                                            // "[1, [...]]"
/// ```
///
/// Freeing a list takes no stack per level of nesting (``ContainerTeardown``). A list
/// that holds itself, directly or through other lists and dicts, is freed by the
/// session's ``CycleCollector`` once nothing outside the cycle holds it.
public final class ListObject: CycleTracked, @unchecked Sendable {
    /// The items, in order.
    public var items: [Value]

    /// A list of `items`.
    public init(_ items: [Value] = []) {
        self.items = items
    }

    deinit { ContainerTeardown.release(&items) }
}

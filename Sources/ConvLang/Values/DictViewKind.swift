/// Which view of a dict `d.keys()`, `d.values()` or `d.items()` gives: its type name
/// is `dict_` (or `odict_`) followed by the raw value.
public enum DictViewKind: String, Sendable {
    case keys, values, items

    /// The view's items for one entry: the key, the value, or a `(key, value)` tuple.
    func item(_ entry: (key: Value, value: Value)) -> Value {
        switch self {
        case .keys: entry.key
        case .values: entry.value
        case .items: .tuple([entry.key, entry.value])
        }
    }
}

import KernelHistory

/// `history_request`, answered from a ``HistoryStore`` as ipykernel's `do_history`
/// answers from IPython's history manager: `tail` (default `n` 10, this session's
/// latest lines last), `range` (`session` 0 this one, negative counting back; `start`
/// default 0, `stop` none), `search` (`pattern` a glob, no pattern no match; `n`,
/// `unique`). Each entry is `[session, line, source]`, or `[session, line, [source,
/// output]]` with `output`.
enum HistoryReply {
    static func entries(for content: JSONValue, from store: HistoryStore) -> [JSONValue] {
        let output = content["output"].bool ?? false
        let n = content["n"].int
        let entries: [HistoryEntry]
        switch content["hist_access_type"].string ?? "" {
        case "tail":
            entries = store.tail(n ?? 10, output: output)
        case "range":
            entries = store.range(session: content["session"].int ?? 0, start: content["start"].int ?? 0,
                                  stop: content["stop"].int, output: output)
        case "search":
            guard let pattern = content["pattern"].string else { return [] }
            entries = store.search(pattern, limit: n, unique: content["unique"].bool ?? false, output: output)
        default:
            entries = []
        }
        return entries.map { entry in
            let source = JSONValue.string(entry.source)
            let value: JSONValue = output ? .array([source, entry.output.map { .string($0) } ?? .null]) : source
            return .array([.int(entry.session), .int(entry.line), value])
        }
    }
}

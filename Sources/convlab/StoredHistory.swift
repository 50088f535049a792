import ConvLang
import KernelHistory

/// The kernel's history file as ConvLang's ``HistoryArchive``: `%history` reads the
/// same store that `history_request` reads and executions add to.
final class StoredHistory: HistoryArchive {
    let store: HistoryStore

    init(_ store: HistoryStore) { self.store = store }

    var sessionNumber: Int { store.sessionNumber }

    func tail(_ n: Int) -> [ArchivedCell] {
        store.tail(n, includeLatest: false).map(Self.cell)
    }

    func cells(session: Int, start: Int, stop: Int?) -> [ArchivedCell] {
        store.range(session: session, start: start, stop: stop).map(Self.cell)
    }

    func search(_ glob: String, limit: Int?, unique: Bool) -> [ArchivedCell] {
        store.search(glob, limit: limit, unique: unique).map(Self.cell)
    }

    private static func cell(_ entry: HistoryEntry) -> ArchivedCell {
        ArchivedCell(session: entry.session, line: entry.line, source: entry.source)
    }
}

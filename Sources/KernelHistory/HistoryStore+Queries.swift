import GRDB

/// The three ways to read history, with IPython's SQL (`HistoryAccessor._run_sql`,
/// `HistoryManager.get_tail`, `get_range`, `search`), as ipykernel's `do_history` and
/// `%history` call them.
extension HistoryStore {
    /// The last `n` lines, oldest first: this session's latest lines, then earlier
    /// sessions' (IPython's `HistoryManager.get_tail`).
    /// - Parameter includeLatest: `false` leaves out the very last line (the command
    ///   asking, for `%history -l`); ipykernel's `history_request` passes `true`.
    public func tail(_ n: Int, includeLatest: Bool = true, output: Bool = false) -> [HistoryEntry] {
        let count = min(max(0, n), Int.max - 1) + (includeLatest ? 0 : 1)
        let current = sessionNumber
        let lines = read("read the last lines") { db in
            let this = try Self.select(db, "WHERE session == ? ORDER BY line DESC LIMIT ?", [current, count], output: output)
            let other = try Self.select(db, "WHERE session != ? ORDER BY session DESC, line DESC LIMIT ?", [current, count], output: output)
            return Array((this + other).prefix(count))
        }
        return Array((includeLatest ? lines : Array(lines.dropFirst())).reversed())
    }

    /// Lines `start..<stop` of a session (`stop` `nil` or `0`: to its end). A session
    /// `<= 0` counts back from this one (`0` this one, `-1` the one before). This
    /// session's lines run from `start` (negative: from the end) to its last line, a
    /// line never stored (line 0, or a silent request's) as `""`, as IPython's
    /// `_get_range_session` gives them, but under this session's number where IPython
    /// says `0`: the number `tail` and `search` give it (and the Jupyter conformance
    /// suite expects).
    public func range(session: Int, start: Int, stop: Int?, output: Bool = false) -> [HistoryEntry] {
        let session = session <= 0 ? session + sessionNumber : session
        guard session == sessionNumber else {
            let (clause, arguments): (String, StatementArguments) = if let stop, stop != 0 {
                ("line >= ? AND line < ?", [session, start, stop])
            } else {
                ("line>=?", [session, start])
            }
            return read("read session \(session)") { db in
                try Self.select(db, "WHERE session==? AND \(clause)", arguments, output: output)
            }
        }
        let stored = read("read this session") { db in
            try Self.select(db, "WHERE session==? ORDER BY line", [session], output: output)
        }
        let count = (stored.last?.line ?? 0) + 1
        let first = start < 0 ? start + count : start
        var end = count
        if let stop, stop != 0, stop <= count { end = stop < 0 ? stop + count : stop }
        guard first < end else { return [] }
        let byLine = Dictionary(stored.map { ($0.line, $0) }, uniquingKeysWith: { a, _ in a })
        return (first..<end).map { line in
            byLine[line] ?? HistoryEntry(session: session, line: line, source: "")
        }
    }

    /// The lines of every session whose source matches the glob `pattern` (SQLite's
    /// `GLOB`: `*`, `?`, `[...]`, case-sensitive), oldest first; with `limit`, the last
    /// that many; with `unique`, each source once, at its latest line.
    public func search(_ pattern: String, limit: Int? = nil, unique: Bool = false, output: Bool = false) -> [HistoryEntry] {
        let column = output ? "history.source_raw" : "source_raw"
        var sql = "WHERE \(column) GLOB ?"
        var arguments: StatementArguments = [pattern]
        if unique { sql += " GROUP BY \(column)" }
        if let limit {
            sql += " ORDER BY session DESC, line DESC LIMIT ?"
            arguments += [limit]  // negative: no limit, as SQLite (and so IPython) reads it
        } else if unique {
            sql += " ORDER BY session, line"
        }
        let lines = read("search") { db in try Self.select(db, sql, arguments, output: output, latest: unique) }
        return limit == nil ? lines : lines.reversed()
    }

    /// `SELECT session, line, source_raw[, output][, MAX(...)] FROM history[ LEFT JOIN
    /// output_history] <sql>`: IPython's `_run_sql`.
    private static func select(_ db: Database, _ sql: String, _ arguments: StatementArguments, output: Bool,
                               latest: Bool = false) throws -> [HistoryEntry] {
        var columns = output ? "history.source_raw, output_history.output" : "source_raw"
        let from = output ? "history LEFT JOIN output_history USING (session, line)" : "history"
        if latest { columns += ", MAX(session * 128 * 1024 + line)" }
        let rows = try Row.fetchAll(db, sql: "SELECT session, line, \(columns) FROM \(from) " + sql, arguments: arguments)
        return rows.map { row in
            HistoryEntry(session: row[0], line: row[1], source: row[2] ?? "", output: output ? row[3] : nil)
        }
    }
}

/// A cell of kept history: the session it ran in, its number there, its source.
public struct ArchivedCell: Equatable, Sendable {
    public var session: Int
    public var line: Int
    public var source: String

    public init(session: Int, line: Int, source: String) {
        self.session = session
        self.line = line
        self.source = source
    }
}

/// History kept beyond this interpreter, across sessions (a kernel's SQLite file):
/// what `%history` reads for `-g`, `-l` and other sessions' ranges, as IPython's
/// history manager reads its database. The interpreter's own ``CellHistory`` stays the
/// source for this session's ranges, as IPython's in-memory input history.
///
/// A program embedding the interpreter supplies it (``Interpreter/historyArchive``);
/// without one `%history` sees this session only.
public protocol HistoryArchive: AnyObject, Sendable {
    /// This session's number in the archive.
    var sessionNumber: Int { get }
    /// The last `n` cells, oldest first, this session's latest last, leaving out the
    /// very last one (the `%history` cell asking), as IPython's `get_tail`.
    func tail(_ n: Int) -> [ArchivedCell]
    /// Cells `start..<stop` (`stop` `nil`: to the end) of session `session`, which is
    /// never this one.
    func cells(session: Int, start: Int, stop: Int?) -> [ArchivedCell]
    /// Every session's cells whose source matches the glob, oldest first (`limit`: the
    /// last that many; `unique`: each source once, at its latest cell).
    func search(_ glob: String, limit: Int?, unique: Bool) -> [ArchivedCell]
}

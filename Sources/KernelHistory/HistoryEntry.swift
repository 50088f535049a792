/// One line of input history, as IPython's `HistoryAccessor` returns it: the session it
/// ran in, its line (execution count) and its source, with its output text when asked.
public struct HistoryEntry: Equatable, Sendable {
    /// The session's number in the `sessions` table.
    public var session: Int
    /// The line: the execution count the cell ran with.
    public var line: Int
    /// The cell's source (`source_raw`; ConvLab keeps `source` the same).
    public var source: String
    /// The text of the line's result (`output_history.output`), when output was asked
    /// for and one was kept; otherwise `nil`.
    public var output: String?

    public init(session: Int, line: Int, source: String, output: String? = nil) {
        self.session = session
        self.line = line
        self.source = source
        self.output = output
    }
}

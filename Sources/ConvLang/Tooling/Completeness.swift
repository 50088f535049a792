import Foundation

/// Whether a cell is ready to run, as Jupyter's `is_complete_request` asks.
public enum Completeness: Sendable, Hashable {
    case complete
    /// More lines are expected; `indent` is what the next line should start with.
    case incomplete(indent: String)
    /// It cannot run as it stands (a syntax error that more text will not fix).
    case invalid

    /// Checks `code`: open brackets, a trailing backslash or operator, or an unfinished
    /// triple-quoted string make it incomplete; other syntax errors make it invalid.
    public static func check(_ code: String) -> Completeness {
        let source = SourceText(code)
        let open = Lexer.openConstructs(source)
        if open.brackets > 0 || open.continuation || open.openString { return .incomplete(indent: "") }
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .complete }
        let lastLine = trimmed.split(separator: "\n").last.map(String.init) ?? trimmed
        let withoutComment = lastLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? lastLine
        let tail = withoutComment.trimmingCharacters(in: .whitespaces)
        let operators = ["+", "-", "*", "/", "@", "%", "=", ",", "<", ">", "&", "|", "^", "~"]
        if operators.contains(where: { tail.hasSuffix($0) }) { return .incomplete(indent: "") }
        do {
            _ = try Parser.parse(source)
            return .complete
        } catch {
            return error.code == .endOfInput ? .incomplete(indent: "") : .invalid
        }
    }
}

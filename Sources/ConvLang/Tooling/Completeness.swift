/// Whether a cell is ready to run, as Jupyter's `is_complete_request` asks.
public enum Completeness: Sendable, Hashable {
    case complete
    /// More lines are expected; `indent` is what the next line should start with.
    case incomplete(indent: String)
    /// It cannot run as it stands (a syntax error that more text will not fix).
    case invalid

    /// Checks `code` by IPython's rules (`TransformerManager.check_complete`): open
    /// brackets, a trailing backslash, an unfinished triple-quoted string or a trailing
    /// operator make it incomplete; so does a block header (`def f():`, the next line
    /// indented four more spaces) or an indented block not yet ended by a blank line;
    /// a cell magic (`%%name`) runs once its last line is blank; other syntax errors
    /// make it invalid. Comments and strings are read as tokens, so `#` in a string is
    /// not a comment.
    public static func check(_ code: String) -> Completeness {
        let source = SourceText(code)
        let lines = Lines(code)
        guard !lines.isBlank else { return .complete }
        if CellMagic.start(in: source) != nil {
            return lines.lastIsBlank ? .complete : .incomplete(indent: lines.lastIndent)
        }
        let open = Lexer.openConstructs(source)
        if open.brackets > 0 || open.continuation || open.openString { return .incomplete(indent: lines.lastIndent) }
        if open.error != nil { return .invalid }
        if open.opensBlock {
            return .incomplete(indent: lines.lastIsBlank ? lines.lastIndent : lines.lastIndent + "    ")
        }
        if let symbol = open.lastSymbol, trailingOperators.contains(symbol) { return .incomplete(indent: lines.lastIndent) }
        do {
            _ = try Parser.parse(source)
        } catch {
            return error.code == .endOfInput ? .incomplete(indent: lines.lastIndent) : .invalid
        }
        if open.openBlocks > 0 && !lines.endsWithNewline { return .incomplete(indent: lines.lastIndent) }
        return .complete
    }

    /// Operators a line may end with while its expression goes on (ConvLang waits for
    /// the rest where Python would call the line invalid).
    private static let trailingOperators: Set<String> = [
        "+", "-", "*", "/", "//", "**", "@", "%", "=", ",", "<", ">", "<=", ">=", "==", "!=", "&", "|", "^", "~",
        "<<", ">>", "+=", "-=", "*=", "/=", "//=", "**=", "@=", "%=", "&=", "|=", "^=", "<<=", ">>=",
    ]

    /// The cell's lines as IPython sees them for `is_complete`.
    private struct Lines {
        /// The last line (the one before a final line break).
        let last: Substring.UnicodeScalarView
        /// Whether the cell ends with a line break, spaces after it aside.
        let endsWithNewline: Bool
        let isBlank: Bool

        init(_ code: String) {
            let scalars = code.unicodeScalars
            isBlank = scalars.allSatisfy(\.properties.isWhitespace)
            endsWithNewline = scalars.reversed().first { $0 == "\n" || !$0.properties.isWhitespace } == "\n"
            var text = Substring(code).unicodeScalars
            if text.last == "\n" { text.removeLast() }
            if text.last == "\r" { text.removeLast() }
            if let lastBreak = text.lastIndex(of: "\n") { text = text[text.index(after: lastBreak)...] }
            last = text
        }

        var lastIsBlank: Bool { last.allSatisfy(\.properties.isWhitespace) }

        /// The last line's indentation, tabs counted as four spaces (IPython's
        /// `find_last_indent`).
        var lastIndent: String {
            var width = 0
            for c in last {
                if c == " " { width += 1 } else if c == "\t" { width += 4 } else { break }
            }
            return String(repeating: " ", count: width)
        }
    }
}

/// How a cell's text ends, for `is_complete`: what is still open, and what its last
/// logical line ends with.
struct OpenConstructs: Sendable {
    /// Brackets left open at the end.
    var brackets = 0
    /// The text ends with a backslash.
    var continuation = false
    /// The text ends inside a triple-quoted string.
    var openString = false
    /// The last logical line ends with `:`, a block header still waiting for its body.
    var opensBlock = false
    /// How many indented blocks are open at the end (the `DEDENT`s the end closes).
    var openBlocks = 0
    /// The last token of the last logical line, when it is an operator or delimiter.
    var lastSymbol: String?
    /// Another error that stopped the lexer, if any.
    var error: Diagnostic?
}

extension Lexer {
    /// How `source` ends: inside brackets, after a backslash, in an unterminated
    /// triple-quoted string, after a block header, inside an indented block.
    static func openConstructs(_ source: SourceText) -> OpenConstructs {
        var lexer = Lexer(source)
        var open = OpenConstructs()
        do {
            try lexer.run()
        } catch {
            switch error.code {
            case .unterminatedTripleQuote: open.openString = true
            case .endOfInputInBrackets: open.brackets = lexer.depth
            case .endOfInputAfterBackslash: open.continuation = true
            default: open.error = error
            }
            return open
        }
        var tokens = lexer.tokens[...]
        while let last = tokens.last, last.kind == .end || last.kind == .dedent || last.kind == .newline {
            if last.kind == .dedent { open.openBlocks += 1 }
            tokens = tokens.dropLast()
        }
        if case .symbol(let s)? = tokens.last?.kind {
            open.lastSymbol = s
            open.opensBlock = s == ":"
        }
        return open
    }
}

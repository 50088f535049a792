/// Turns source text into tokens as CPython's tokenizer does: names, keywords, numbers,
/// strings, symbols, `NEWLINE` at the end of each logical line, and `INDENT`/`DEDENT`
/// around blocks. Newlines inside brackets and after a backslash continue the line;
/// blank and comment-only lines are skipped; `#` starts a comment. IPython's escapes
/// at the start of a logical line (`%magic`, `!shell`) become one token each.
///
/// Lexing never throws: at the first error it appends an ``Token/Kind/error(_:)``
/// token and stops, so that the parser reports whichever error comes first in the
/// text, as CPython's parser, which pulls tokens one at a time, does.
struct Lexer {
    /// How the lexer reads: a whole cell, or the expression of an f-string field
    /// (as if inside brackets: no lines, no blocks, no escapes).
    enum Mode { case cell, field }

    let bytes: [UInt8]
    var position: Int
    /// Where the text to lex ends (the end of the cell, or of an f-string field).
    let limit: Int
    let mode: Mode
    var depth = 0
    var bracketStack: [Token] = []
    var tokens: [Token] = []
    var atLineStart: Bool
    /// The open indentation levels: CPython's column (tabs to multiples of 8) and its
    /// "alternate" column (tabs as 1), which must agree on every comparison.
    var indents: [(column: Int, alternate: Int)] = [(0, 0)]

    /// CPython's limit on indentation levels (`MAXINDENT`).
    static let maxIndentLevels = 100

    init(_ source: SourceText, range: SourceRange? = nil, mode: Mode = .cell) {
        bytes = source.bytes
        position = range?.start ?? 0
        limit = min(range?.end ?? source.bytes.count, source.bytes.count)
        self.mode = mode
        atLineStart = mode == .cell
    }

    /// Every token of a cell, ending with `.end` (after an `.error` token if the text
    /// could not all be read).
    static func tokenize(_ source: SourceText) -> [Token] {
        var lexer = Lexer(source)
        lexer.runCatchingErrors()
        return lexer.tokens
    }

    /// The tokens of an f-string field's expression, read in place so that their
    /// ranges point into the cell.
    static func tokenize(field range: SourceRange, in source: SourceText) -> [Token] {
        var lexer = Lexer(source, range: range, mode: .field)
        lexer.runCatchingErrors()
        return lexer.tokens
    }

    mutating func runCatchingErrors() {
        do {
            try run()
        } catch {
            tokens.append(Token(kind: .error(error), range: SourceRange(position, position)))
            tokens.append(Token(kind: .end, range: SourceRange(endOfInput, endOfInput)))
        }
    }

    /// Where the end of input is reported, as CPython places its end marker: the end
    /// of the text, not counting one final line break.
    var endOfInput: Int {
        var end = limit
        if mode == .cell, end > 0, bytes[end - 1] == 10 {
            end -= 1
            if end > 0, bytes[end - 1] == 13 { end -= 1 }
        }
        return end
    }

    mutating func run() throws(Diagnostic) {
        while position < limit {
            if atLineStart {
                atLineStart = false
                if try startLine() { continue }
            }
            let c = bytes[position]
            switch c {
            case 32, 9, 12, 13:
                position += 1
            case 35:  // '#'
                while position < limit, bytes[position] != 10 { position += 1 }
            case 10:
                if depth == 0 && mode == .cell {
                    appendNewline(at: position)
                    atLineStart = true
                }
                position += 1
            case 92:  // '\'
                try lexContinuation()
            case 34, 39:  // quotes
                try lexString(prefixStart: position)
            case 48...57:
                try lexNumber()
            case 46 where position + 1 < limit && (48...57).contains(bytes[position + 1]):
                try lexNumber()
            default:
                if isIdentifierStart(c) {
                    try lexName()
                } else {
                    try lexSymbol()
                }
            }
        }
        if depth > 0 && mode == .cell {
            throw Diagnostic(SyntaxMessage.neverClosed(bracket: openBracketSymbol()), openBracketRange(),
                             code: .endOfInputInBrackets)
        }
        if mode == .cell {
            appendNewline(at: limit)
            for _ in 1..<indents.count { tokens.append(Token(kind: .dedent, range: SourceRange(endOfInput, endOfInput))) }
            indents = [(0, 0)]
        }
        tokens.append(Token(kind: .end, range: SourceRange(endOfInput, endOfInput)))
    }

    /// A backslash: the logical line goes on after the line break that must follow.
    private mutating func lexContinuation() throws(Diagnostic) {
        let start = position
        position += 1
        while position < limit, bytes[position] == 32 || bytes[position] == 13 { position += 1 }
        if position >= limit {
            throw Diagnostic(SyntaxMessage.endOfInputAfterContinuation,
                             SourceRange(start, start + 1), code: .endOfInputAfterBackslash)
        }
        guard bytes[position] == 10 else {
            throw Diagnostic(SyntaxMessage.characterAfterContinuation, SourceRange(start, start + 1))
        }
        position += 1
    }

    func openBracketSymbol() -> String {
        if case .symbol(let s) = bracketStack.last?.kind { s } else { "(" }
    }

    func openBracketRange() -> SourceRange {
        bracketStack.last?.range ?? SourceRange(limit, limit)
    }

    /// Ends the logical line, unless it is already ended (or nothing is on it).
    mutating func appendNewline(at offset: Int) {
        guard let last = tokens.last else { return }
        switch last.kind {
        case .newline, .indent, .dedent: return
        default: tokens.append(Token(kind: .newline, range: SourceRange(offset, offset)))
        }
    }

    func isIdentifierStart(_ c: UInt8) -> Bool {
        (65...90).contains(c) || (97...122).contains(c) || c == 95 || c >= 0x80
    }

    func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || (48...57).contains(c) }

    private mutating func lexName() throws(Diagnostic) {
        let start = position
        while position < limit, isIdentifierPart(bytes[position]) { position += 1 }
        // A string prefix such as r'...' or f"..." belongs to the string.
        if position < limit, bytes[position] == 34 || bytes[position] == 39, position - start <= 2,
           Self.isStringPrefix(bytes[start..<position]) {
            position = start
            try lexString(prefixStart: start)
            return
        }
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        let kind: Token.Kind = Keywords.all.contains(word) ? .keyword(word) : .name(word)
        tokens.append(Token(kind: kind, range: SourceRange(start, position)))
    }

    /// Python's string prefixes, in any case: r, u, b, f, br, rb, fr, rf.
    private static func isStringPrefix(_ prefix: ArraySlice<UInt8>) -> Bool {
        let lower = Set(prefix.map { $0 | 0x20 })
        guard lower.count == prefix.count else { return false }
        switch prefix.count {
        case 1: return lower.isSubset(of: [114, 117, 98, 102])  // r u b f
        case 2: return lower == [98, 114] || lower == [102, 114]  // br rb fr rf
        default: return false
        }
    }

    private static let symbols = [
        "**=", "//=", "...", ">>=", "<<=", "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "@=", "%=",
        "&=", "|=", "^=", "->", ":=", "<<", ">>",
        "+", "-", "*", "/", "%", "@", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "~", "?",
        "&", "|", "^", "!",
    ]

    /// The symbols by their first byte, longest first, so that a symbol is matched
    /// against a few candidates without allocating.
    private static let symbolsByFirstByte: [UInt8: [(symbol: String, utf8: [UInt8])]] =
        Dictionary(grouping: symbols.map { ($0, Array($0.utf8)) }, by: { $0.1[0] })

    private mutating func lexSymbol() throws(Diagnostic) {
        for (symbol, utf8) in Self.symbolsByFirstByte[bytes[position]] ?? [] {
            guard position + utf8.count <= limit else { continue }
            var matches = true
            for k in 1..<utf8.count where bytes[position + k] != utf8[k] { matches = false }
            guard matches else { continue }
            let token = Token(kind: .symbol(symbol), range: SourceRange(position, position + utf8.count))
            position += utf8.count
            switch symbol {
            case "(", "[", "{":
                depth += 1
                bracketStack.append(token)
            case ")", "]", "}":
                let expected = [")": "(", "]": "[", "}": "{"][symbol]!
                guard let open = bracketStack.last else {
                    throw Diagnostic(SyntaxMessage.unmatched(bracket: symbol), token.range)
                }
                guard case .symbol(expected) = open.kind else {
                    if case .symbol(let o) = open.kind {
                        throw Diagnostic(SyntaxMessage.mismatchedBracket(closing: symbol, opening: o), token.range)
                    }
                    return
                }
                depth -= 1
                bracketStack.removeLast()
            default:
                break
            }
            tokens.append(token)
            return
        }
        let scalarStart = position
        var end = position + 1
        while end < limit, bytes[end] & 0xC0 == 0x80 { end += 1 }
        position = end
        let character = String(decoding: bytes[scalarStart..<end], as: UTF8.self)
        throw Diagnostic(SyntaxMessage.invalidCharacter(String(character)), SourceRange(scalarStart, end))
    }
}

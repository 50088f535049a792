/// Turns source text into tokens: names, keywords, numbers, strings, symbols and
/// logical-line ends. Newlines inside brackets and after a backslash continue the line;
/// `#` starts a comment.
struct Lexer {
    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    private var tokens: [Token] = []
    private var atLineStart = true
    /// The first indented line, reported after parsing so that a refused `for` or `def`
    /// above it explains itself first.
    private(set) var unexpectedIndent: Diagnostic?

    init(_ source: SourceText) { bytes = source.bytes }

    /// Every token, ending with `.end`.
    /// - Throws: ``Diagnostic`` (SyntaxError) for characters or literals that cannot be read.
    static func tokenize(_ source: SourceText) throws(Diagnostic) -> (tokens: [Token], unexpectedIndent: Diagnostic?) {
        var lexer = Lexer(source)
        let tokens = try lexer.run()
        return (tokens, lexer.unexpectedIndent)
    }

    /// How the text ends, for `isComplete`: inside brackets, after a backslash, or in
    /// an unterminated triple-quoted string.
    static func openConstructs(_ source: SourceText) -> (brackets: Int, continuation: Bool, openString: Bool) {
        var lexer = Lexer(source)
        do {
            _ = try lexer.run()
            return (0, false, false)
        } catch {
            if error.code == .unterminatedTripleQuote { return (0, false, true) }
            if error.code == .endOfInputInBrackets { return (lexer.depth, false, false) }
            if error.code == .endOfInputAfterBackslash { return (0, true, false) }
            return (0, false, false)
        }
    }

    private mutating func run() throws(Diagnostic) -> [Token] {
        while position < bytes.count {
            let c = bytes[position]
            if atLineStart && depth == 0 {
                atLineStart = false
                let start = position
                while position < bytes.count, bytes[position] == 32 || bytes[position] == 9 { position += 1 }
                let blank = position >= bytes.count || bytes[position] == 10 || bytes[position] == 35 || bytes[position] == 13
                if position > start && !blank && unexpectedIndent == nil {
                    unexpectedIndent = Diagnostic(.syntax, "unexpected indent", SourceRange(start, position),
                                                  kind: "IndentationError", note: "ConvLang has no blocks: start each statement at the left edge")
                }
                continue
            }
            switch c {
            case 32, 9, 12, 13:
                position += 1
            case 35:  // '#'
                while position < bytes.count, bytes[position] != 10 { position += 1 }
            case 10:
                if depth == 0 { appendNewline(at: position) }
                position += 1
                atLineStart = true
            case 92:  // '\'
                let start = position
                position += 1
                while position < bytes.count, bytes[position] == 32 || bytes[position] == 13 { position += 1 }
                if position >= bytes.count {
                    throw Diagnostic(.syntax, "unexpected end of input after line continuation character",
                                     SourceRange(start, start + 1), code: .endOfInputAfterBackslash)
                }
                guard bytes[position] == 10 else {
                    throw Diagnostic(.syntax, "unexpected character after line continuation character", SourceRange(start, start + 1))
                }
                position += 1
            case 34, 39:  // quotes
                try lexString(prefixStart: position)
            case 48...57:
                try lexNumber()
            case 46 where position + 1 < bytes.count && (48...57).contains(bytes[position + 1]):
                try lexNumber()
            default:
                if isIdentifierStart(c) {
                    try lexName()
                } else {
                    try lexSymbol()
                }
            }
        }
        if depth > 0 {
            throw Diagnostic(.syntax, "'\(openBracketSymbol())' was never closed", openBracketRange(),
                             code: .endOfInputInBrackets)
        }
        appendNewline(at: bytes.count)
        tokens.append(Token(kind: .end, range: SourceRange(bytes.count, bytes.count)))
        return tokens
    }

    private var bracketStack: [Token] = []

    private func openBracketSymbol() -> String {
        if case .symbol(let s) = bracketStack.last?.kind { s } else { "(" }
    }

    private func openBracketRange() -> SourceRange {
        bracketStack.last?.range ?? SourceRange(bytes.count, bytes.count)
    }

    private mutating func appendNewline(at offset: Int) {
        if let last = tokens.last, last.kind != .newline {
            tokens.append(Token(kind: .newline, range: SourceRange(offset, offset)))
        }
    }

    private func isIdentifierStart(_ c: UInt8) -> Bool {
        (65...90).contains(c) || (97...122).contains(c) || c == 95 || c >= 0x80
    }

    private func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || (48...57).contains(c) }

    private mutating func lexName() throws(Diagnostic) {
        let start = position
        while position < bytes.count, isIdentifierPart(bytes[position]) { position += 1 }
        // A string prefix such as r'...' or f"..." belongs to the string.
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        if position < bytes.count, bytes[position] == 34 || bytes[position] == 39,
           ["r", "R", "b", "B", "f", "F", "u", "U", "rb", "br", "fr", "rf"].contains(word) {
            position = start
            try lexString(prefixStart: start)
            return
        }
        let kind: Token.Kind = Keywords.all.contains(word) ? .keyword(word) : .name(word)
        tokens.append(Token(kind: kind, range: SourceRange(start, position)))
    }

    private mutating func lexNumber() throws(Diagnostic) {
        let start = position
        var isFloat = false
        func digits() { while position < bytes.count, (48...57).contains(bytes[position]) || bytes[position] == 95 { position += 1 } }
        if bytes[position] == 48, position + 1 < bytes.count, [120, 88, 98, 66, 111, 79].contains(bytes[position + 1]) {
            position += 2
            while position < bytes.count, isIdentifierPart(bytes[position]) { position += 1 }
            let text = Self.digits(bytes[(start + 2)..<position])
            let radix = [120, 88].contains(bytes[start + 1]) ? 16 : [98, 66].contains(bytes[start + 1]) ? 2 : 8
            guard let value = Int64(text, radix: radix) else {
                throw Diagnostic(.syntax, "invalid number literal", SourceRange(start, position))
            }
            tokens.append(Token(kind: .integer(value), range: SourceRange(start, position)))
            return
        }
        digits()
        if position < bytes.count, bytes[position] == 46 { isFloat = true; position += 1; digits() }
        if position < bytes.count, bytes[position] == 101 || bytes[position] == 69 {
            var look = position + 1
            if look < bytes.count, bytes[look] == 43 || bytes[look] == 45 { look += 1 }
            if look < bytes.count, (48...57).contains(bytes[look]) {
                isFloat = true
                position = look
                digits()
            }
        }
        if position < bytes.count, isIdentifierStart(bytes[position]) {
            while position < bytes.count, isIdentifierPart(bytes[position]) { position += 1 }
            throw Diagnostic(.syntax, "invalid decimal literal", SourceRange(start, position))
        }
        let text = Self.digits(bytes[start..<position])
        let range = SourceRange(start, position)
        if isFloat {
            tokens.append(Token(kind: .float(Double(text) ?? .nan), range: range))
        } else if let value = Int64(text) {
            tokens.append(Token(kind: .integer(value), range: range))
        } else {
            throw Diagnostic(.syntax, "integer literal too large for ConvLang (largest is 9223372036854775807)", range)
        }
    }

    /// A number's text without its `_` separators.
    private static func digits(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
    }

    private mutating func lexString(prefixStart: Int) throws(Diagnostic) {
        let start = prefixStart
        var raw = false
        while position < bytes.count, bytes[position] != 34 && bytes[position] != 39 {
            if bytes[position] == 114 || bytes[position] == 82 { raw = true }
            position += 1
        }
        let quote = bytes[position]
        let triple = position + 2 < bytes.count && bytes[position + 1] == quote && bytes[position + 2] == quote
        position += triple ? 3 : 1
        var value: [UInt8] = []
        while true {
            guard position < bytes.count else {
                if triple {
                    throw Diagnostic(.syntax, "unterminated triple-quoted string literal", SourceRange(start, start + 3),
                                     code: .unterminatedTripleQuote)
                }
                throw Diagnostic(.syntax, "unterminated string literal", SourceRange(start, position))
            }
            let c = bytes[position]
            if c == quote {
                if !triple { position += 1; break }
                if position + 2 < bytes.count, bytes[position + 1] == quote, bytes[position + 2] == quote {
                    position += 3
                    break
                }
            }
            if c == 10 && !triple {
                throw Diagnostic(.syntax, "unterminated string literal", SourceRange(start, position))
            }
            if c == 92 && !raw && position + 1 < bytes.count {
                let next = bytes[position + 1]
                let escapes: [UInt8: UInt8] = [110: 10, 116: 9, 114: 13, 48: 0, 92: 92, 39: 39, 34: 34]
                if let replacement = escapes[next] {
                    value.append(replacement)
                    position += 2
                    continue
                }
                if next == 10 { position += 2; continue }
            }
            value.append(c)
            position += 1
        }
        let text = String(decoding: value, as: UTF8.self)
        // Adjacent literals concatenate, as in Python.
        if let last = tokens.last, case .string(let previous) = last.kind {
            tokens[tokens.count - 1] = Token(kind: .string(previous + text), range: last.range.union(SourceRange(start, position)))
        } else {
            tokens.append(Token(kind: .string(text), range: SourceRange(start, position)))
        }
    }

    private static let symbols = [
        "**=", "//=", "...", "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "@=", "%=", "->", ":=",
        "+", "-", "*", "/", "%", "@", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "~", "?",
        "&", "|", "^", "!",
    ]

    /// The symbols by their first byte, longest first, so that a symbol is matched
    /// against a few candidates without allocating.
    private static let symbolsByFirstByte: [UInt8: [(symbol: String, utf8: [UInt8])]] =
        Dictionary(grouping: symbols.map { ($0, Array($0.utf8)) }, by: { $0.1[0] })

    private mutating func lexSymbol() throws(Diagnostic) {
        for (symbol, utf8) in Self.symbolsByFirstByte[bytes[position]] ?? [] {
            guard position + utf8.count <= bytes.count else { continue }
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
                    throw Diagnostic(.syntax, "unmatched '\(symbol)'", token.range)
                }
                guard case .symbol(expected) = open.kind else {
                    if case .symbol(let o) = open.kind {
                        throw Diagnostic(.syntax, "closing parenthesis '\(symbol)' does not match opening parenthesis '\(o)'", token.range)
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
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        position = end
        let character = String(decoding: bytes[scalarStart..<end], as: UTF8.self)
        throw Diagnostic(.syntax, "invalid character '\(character)'", SourceRange(scalarStart, end))
    }
}

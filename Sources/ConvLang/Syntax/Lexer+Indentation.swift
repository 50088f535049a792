extension Lexer {
    /// The start of a physical line outside brackets: measures its indentation as
    /// CPython's tokenizer does, skips it when blank or comment-only, emits `INDENT`
    /// or `DEDENT`s, and reads an IPython escape (`%magic`, `!shell`) that opens it.
    /// - Returns: whether the whole line was consumed (blank, or an escape).
    /// - Throws: TabError and IndentationError in CPython's words.
    mutating func startLine() throws(Diagnostic) -> Bool {
        let lineStart = position
        var column = 0
        var alternate = 0
        scan: while position < limit {
            switch bytes[position] {
            case 32:
                column += 1
                alternate += 1
            case 9:
                column = (column / 8 + 1) * 8
                alternate += 1
            case 12:
                column = 0
                alternate = 0
            default:
                break scan
            }
            position += 1
        }
        if isBlankRest {
            while position < limit, bytes[position] != 10 { position += 1 }
            if position < limit {
                position += 1
                atLineStart = true
            }
            return true
        }
        try indent(to: (column, alternate), lineStart: lineStart)
        if bytes[position] == UInt8(ascii: "%") || bytes[position] == UInt8(ascii: "!") {
            lexEscape()
            return true
        }
        return false
    }

    /// Whether the rest of the line is empty or a comment.
    private var isBlankRest: Bool {
        guard position < limit else { return true }
        switch bytes[position] {
        case 10, 35: return true
        case 13: return position + 1 >= limit || bytes[position + 1] == 10
        default: return false
        }
    }

    /// Compares a line's indentation with the open levels (CPython's `tok_get`).
    private mutating func indent(to level: (column: Int, alternate: Int), lineStart: Int) throws(Diagnostic) {
        let top = indents[indents.count - 1]
        let indentation = SourceRange(lineStart, position)
        if level.column == top.column {
            if level.alternate != top.alternate { throw Self.tabError(indentation) }
        } else if level.column > top.column {
            if indents.count >= Self.maxIndentLevels {
                throw Diagnostic(SyntaxMessage.tooManyIndentationLevels, indentation)
            }
            if level.alternate <= top.alternate { throw Self.tabError(indentation) }
            indents.append(level)
            tokens.append(Token(kind: .indent, range: indentation))
        } else {
            while indents.count > 1, level.column < indents[indents.count - 1].column {
                indents.removeLast()
                tokens.append(Token(kind: .dedent, range: SourceRange(position, position)))
            }
            let kept = indents[indents.count - 1]
            if level.column != kept.column {
                // CPython points past the end of the line.
                var end = position
                while end < limit, bytes[end] != 10 { end += 1 }
                if end > position, bytes[end - 1] == 13 { end -= 1 }
                throw Diagnostic(SyntaxMessage.unindentMismatch, SourceRange(end, end))
            }
            if level.alternate != kept.alternate { throw Self.tabError(indentation) }
        }
    }

    private static func tabError(_ range: SourceRange) -> Diagnostic {
        Diagnostic(SyntaxMessage.inconsistentTabs, range)
    }

    /// An IPython escape line: `%name argument` (a line magic), `!command` (a shell
    /// command) or `!!command` (IPython's `%sx command`). Lines ending in a backslash
    /// continue it, joined with a space, as IPython's `assemble_continued_line` does.
    private mutating func lexEscape() {
        let start = position
        var pieces: [String] = []
        while true {
            var lineEnd = position
            while lineEnd < limit, bytes[lineEnd] != 10 { lineEnd += 1 }
            let line = Self.trimmedTrailingSpace(bytes[position..<lineEnd])
            if lineEnd < limit, lineEnd > position, bytes[lineEnd - 1] == 92 {
                pieces.append(String(decoding: line.dropLast(), as: UTF8.self))
                position = lineEnd + 1
                continue
            }
            pieces.append(String(decoding: line, as: UTF8.self))
            position = lineEnd
            break
        }
        let text = pieces.joined(separator: " ")
        let range = SourceRange(start, position)
        let kind: Token.Kind
        if text.hasPrefix("!!") {
            kind = .magic(name: "sx", argument: String(text.dropFirst(2)))
        } else if text.hasPrefix("!") {
            kind = .shell(String(text.dropFirst()))
        } else {
            let content = text.dropFirst()
            if let space = content.firstIndex(of: " ") {
                kind = .magic(name: String(content[..<space]), argument: String(content[content.index(after: space)...]))
            } else {
                kind = .magic(name: String(content), argument: "")
            }
        }
        tokens.append(Token(kind: kind, range: range))
    }

    private static func trimmedTrailingSpace(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var line = line
        while let last = line.last, last == 32 || last == 9 || last == 13 || last == 12 { line = line.dropLast() }
        return line
    }
}

extension Parser {
    /// An f-string token (with any plain literals joined to it) as text and fields.
    /// Each field's expression is read by this parser from its place in the cell, so
    /// its ranges, and the caret of an error inside it, point into the cell.
    mutating func parseFormattedString(_ pieces: [StringPiece], range: SourceRange) throws(Diagnostic) -> Expression {
        var parts: [FormattedPart] = []
        func append(_ part: FormattedPart) {
            if case .literal(let text) = part, case .literal(let previous)? = parts.last {
                parts[parts.count - 1] = .literal(previous + text)
            } else if case .literal("") = part {
                return
            } else {
                parts.append(part)
            }
        }
        for piece in pieces {
            switch piece {
            case .text(let text):
                append(.literal(text))
            case .formatted(let body, let raw):
                let scanned = try FormattedStringScanner.scan(body, in: source, raw: raw) { (field: SourceRange) throws(Diagnostic) -> Expression in
                    try parseField(field)
                }
                for part in scanned { append(part) }
            }
        }
        return .formattedString(parts, range)
    }

    /// The expression of one field, read from its own tokens as if in brackets (as
    /// CPython 3.11 compiles `(expression)`); its errors say "f-string: ".
    private mutating func parseField(_ range: SourceRange) throws(Diagnostic) -> Expression {
        let saved = (tokens, index)
        tokens = Lexer.tokenize(field: range, in: source)
        index = 0
        defer { (tokens, index) = saved }
        do throws(Diagnostic) {
            let value = try parseStarExpressionsOrYield()
            if case .starred = value {
                throw Diagnostic(SyntaxMessage.starredHere, value.range)
            }
            guard isAtEnd else { throw missingComma(after: value) }
            return value
        } catch {
            var reported = reconciled(error)
            if reported.kind == "SyntaxError", !reported.message.hasPrefix("f-string") {
                reported.message = "f-string: " + reported.message
            }
            reported.code = nil
            throw reported
        }
    }
}

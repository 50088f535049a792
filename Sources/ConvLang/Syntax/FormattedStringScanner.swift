/// Splits the body of an f-string into literal text and fields, as CPython 3.11's
/// `fstring_find_literal` and `fstring_find_expr` do, with their error messages. The
/// scanner finds where a field's expression ends (outside brackets and strings, at
/// `!`, `:`, `=` or `}`) and hands its range of the cell to the parser, which reads
/// it with the real expression parser, before the conversion and the spec, as
/// CPython does.
struct FormattedStringScanner {
    /// Reads a field's expression from its range of the cell.
    typealias ExpressionReader = (SourceRange) throws(Diagnostic) -> Expression

    /// CPython's limit: a field's spec may hold fields, but theirs may not.
    static let maxNesting = 2

    private let bytes: [UInt8]
    private let end: Int
    private let raw: Bool
    private var position: Int

    /// Scans the f-string body `body` of `source` (`raw` for `rf"..."`).
    /// - Throws: CPython's f-string SyntaxErrors, at the offending character.
    static func scan(_ body: SourceRange, in source: SourceText, raw: Bool,
                     reading read: ExpressionReader) throws(Diagnostic) -> [FormattedPart] {
        var scanner = FormattedStringScanner(bytes: source.bytes, end: body.end, raw: raw, position: body.start)
        return try scanner.parts(level: 0, reading: read)
    }

    private init(bytes: [UInt8], end: Int, raw: Bool, position: Int) {
        self.bytes = bytes
        self.end = end
        self.raw = raw
        self.position = position
    }

    private static func error(_ message: String, at offset: Int, to endOffset: Int? = nil) -> Diagnostic {
        Diagnostic(SyntaxMessage.formattedString(String(message.dropFirst("f-string".count))), SourceRange(offset, endOffset ?? offset + 1))
    }

    /// Literals and fields up to the end of the body (level 0) or up to the `}` that
    /// ends a format spec (level 1, the `}` left unread).
    private mutating func parts(level: Int, reading read: ExpressionReader) throws(Diagnostic) -> [FormattedPart] {
        var parts: [FormattedPart] = []
        var literal: [UInt8] = []
        func flush() {
            guard !literal.isEmpty else { return }
            let text = raw ? String(decoding: literal, as: UTF8.self) : Lexer.decode(literal[...])
            if case .literal(let previous)? = parts.last {
                parts[parts.count - 1] = .literal(previous + text)
            } else {
                parts.append(.literal(text))
            }
            literal = []
        }
        while position < end {
            let c = bytes[position]
            if c == 92, !raw, position + 1 < end {
                // An escape stays in the literal (decoded later); `\N{...}` keeps its braces.
                literal.append(c)
                position += 1
                if bytes[position] == UInt8(ascii: "N"), position + 1 < end, bytes[position + 1] == UInt8(ascii: "{") {
                    while position < end, bytes[position] != UInt8(ascii: "}") {
                        literal.append(bytes[position])
                        position += 1
                    }
                    if position < end {
                        literal.append(bytes[position])
                        position += 1
                    }
                    continue
                }
                if bytes[position] != UInt8(ascii: "{") && bytes[position] != UInt8(ascii: "}") {
                    literal.append(bytes[position])
                    position += 1
                }
                continue
            }
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "}") {
                if level == 0 {
                    if position + 1 < end, bytes[position + 1] == c {
                        literal.append(c)
                        position += 2
                        continue
                    }
                    if c == UInt8(ascii: "}") {
                        throw Self.error("f-string: single '}' is not allowed", at: position)
                    }
                }
                if c == UInt8(ascii: "}") { break }  // the end of a format spec
                flush()
                parts.append(try field(level: level, reading: read))
                continue
            }
            literal.append(c)
            position += 1
        }
        flush()
        if level > 0 && (position >= end || bytes[position] != UInt8(ascii: "}")) {
            throw Self.error("f-string: expecting '}'", at: min(position, end), to: min(position, end))
        }
        return parts
    }

    /// One `{...}` field, from its `{`.
    private mutating func field(level: Int, reading read: ExpressionReader) throws(Diagnostic) -> FormattedPart {
        let open = position
        if level >= Self.maxNesting {
            throw Self.error("f-string: expressions nested too deeply", at: open)
        }
        position += 1
        let expressionStart = position
        var brackets: [(byte: UInt8, offset: Int)] = []
        var quote: UInt8 = 0
        var quoteStart = 0
        var triple = false
        scan: while position < end {
            let c = bytes[position]
            if c == 92 {
                throw Self.error("f-string expression part cannot include a backslash", at: position)
            }
            if quote != 0 {
                if c == quote {
                    if !triple {
                        quote = 0
                    } else if position + 2 < end, bytes[position + 1] == c, bytes[position + 2] == c {
                        position += 2
                        quote = 0
                    }
                }
                position += 1
                continue
            }
            if brackets.isEmpty, [33, 58, 61, 60, 62].contains(c) {  // ! : = < >
                if position + 1 < end, bytes[position + 1] == 61, c != 58 {
                    position += 2  // != == <= >=
                    continue
                }
                if c == 60 || c == 62 {
                    position += 1
                    continue
                }
                break scan
            }
            switch c {
            case 39, 34:  // quotes
                quoteStart = position
                triple = position + 2 < end && bytes[position + 1] == c && bytes[position + 2] == c
                if triple { position += 2 }
                quote = c
            case 40, 91, 123:  // ( [ {
                if brackets.count >= 200 {
                    throw Self.error("f-string: too many nested parenthesis", at: position)
                }
                brackets.append((c, position))
            case 35:  // #
                throw Self.error("f-string expression part cannot include '#'", at: position)
            case 41, 93, 125:  // ) ] }
                if brackets.isEmpty {
                    if c == 125 { break scan }
                    throw Self.error("f-string: unmatched '\(Character(Unicode.Scalar(c)))'", at: position)
                }
                let opening = brackets.removeLast().byte
                guard (opening, c) == (40, 41) || (opening, c) == (91, 93) || (opening, c) == (123, 125) else {
                    throw Self.error("f-string: closing parenthesis '\(Character(Unicode.Scalar(c)))' does not match opening parenthesis '\(Character(Unicode.Scalar(opening)))'", at: position)
                }
            default:
                break
            }
            position += 1
        }
        if quote != 0 {
            throw Self.error("f-string: unterminated string", at: quoteStart)
        }
        if let last = brackets.last {
            throw Self.error("f-string: unmatched '\(Character(Unicode.Scalar(last.byte)))'", at: last.offset)
        }
        guard position < end else {
            throw Self.error("f-string: expecting '}'", at: end, to: end)
        }
        let expression = SourceRange(expressionStart, position)
        if bytes[expression.start..<expression.end].allSatisfy({ [32, 9, 10, 12, 13].contains($0) }) {
            let terminator = bytes[position]
            if terminator == UInt8(ascii: "!") || terminator == UInt8(ascii: ":") || terminator == UInt8(ascii: "=") {
                throw Self.error("f-string: expression required before '\(Character(Unicode.Scalar(terminator)))'", at: position)
            }
            throw Self.error("f-string: empty expression not allowed", at: open, to: position + 1)
        }
        let value = try read(expression)
        var selfDocumenting: String?
        if bytes[position] == UInt8(ascii: "=") {
            position += 1
            while position < end, [32, 9, 10, 12, 13].contains(bytes[position]) { position += 1 }
            guard position < end else { throw Self.error("f-string: expecting '}'", at: end, to: end) }
            selfDocumenting = String(decoding: bytes[expressionStart..<position], as: UTF8.self)
        }
        var conversion: Character?
        if bytes[position] == UInt8(ascii: "!") {
            position += 1
            guard position < end else { throw Self.error("f-string: expecting '}'", at: end, to: end) }
            let c = bytes[position]
            guard c == UInt8(ascii: "s") || c == UInt8(ascii: "r") || c == UInt8(ascii: "a") else {
                throw Self.error("f-string: invalid conversion character: expected 's', 'r', or 'a'", at: position)
            }
            conversion = Character(Unicode.Scalar(c))
            position += 1
        }
        var spec: [FormattedPart] = []
        if position < end, bytes[position] == UInt8(ascii: ":") {
            position += 1
            guard position < end else { throw Self.error("f-string: expecting '}'", at: end, to: end) }
            spec = try parts(level: level + 1, reading: read)
        }
        guard position < end, bytes[position] == UInt8(ascii: "}") else {
            throw Self.error("f-string: expecting '}'", at: min(position, end), to: min(position, end))
        }
        position += 1
        // `{x=}` shows the value's repr unless a conversion or a spec says otherwise.
        if selfDocumenting != nil, conversion == nil, spec.isEmpty { conversion = "r" }
        return .field(value: value, conversion: conversion, spec: spec, selfDocumenting: selfDocumenting)
    }
}

extension Lexer {
    /// A string literal with its prefix. Plain strings are decoded here; an f-string's
    /// body is kept as a range for the parser, which splits it into text and fields.
    /// Adjacent literals concatenate into one token, as in Python.
    mutating func lexString(prefixStart start: Int) throws(Diagnostic) {
        var raw = false
        var formatted = false
        while position < limit, bytes[position] != 34 && bytes[position] != 39 {
            switch bytes[position] | 0x20 {
            case 114: raw = true  // r
            case 102: formatted = true  // f
            default: break
            }
            position += 1
        }
        let quote = bytes[position]
        let triple = position + 2 < limit && bytes[position + 1] == quote && bytes[position + 2] == quote
        position += triple ? 3 : 1
        let bodyStart = position
        var bodyEnd = position
        while true {
            guard position < limit else {
                if triple {
                    throw Diagnostic(SyntaxMessage.unterminatedTripleQuotedString, SourceRange(start, start + 3),
                                     code: .unterminatedTripleQuote)
                }
                throw Diagnostic(SyntaxMessage.unterminatedString, SourceRange(start, limit), code: .unterminatedString)
            }
            let c = bytes[position]
            if c == 92 {  // a backslash keeps the next byte in the string, even in raw strings
                position += 2
                continue
            }
            if c == quote {
                if !triple {
                    bodyEnd = position
                    position += 1
                    break
                }
                if position + 2 < limit, bytes[position + 1] == quote, bytes[position + 2] == quote {
                    bodyEnd = position
                    position += 3
                    break
                }
            }
            if c == 10 && !triple {
                throw Diagnostic(SyntaxMessage.unterminatedString, SourceRange(start, position), code: .unterminatedString)
            }
            position += 1
        }
        let body = SourceRange(bodyStart, bodyEnd)
        let range = SourceRange(start, position)
        let piece: StringPiece = formatted
            ? .formatted(body: body, raw: raw)
            : .text(raw ? String(decoding: bytes[bodyStart..<bodyEnd], as: UTF8.self) : Self.decode(bytes[bodyStart..<bodyEnd]))
        append(piece, range: range)
    }

    /// Appends a literal, joining it to a string token just before it.
    private mutating func append(_ piece: StringPiece, range: SourceRange) {
        guard let last = tokens.last else {
            tokens.append(Token(kind: Self.kind(of: [piece]), range: range))
            return
        }
        let joined = last.range.union(range)
        switch last.kind {
        case .string(let previous):
            tokens[tokens.count - 1] = Token(kind: Self.kind(of: [.text(previous), piece]), range: joined)
        case .formattedString(let pieces):
            tokens[tokens.count - 1] = Token(kind: Self.kind(of: pieces + [piece]), range: joined)
        default:
            tokens.append(Token(kind: Self.kind(of: [piece]), range: range))
        }
    }

    /// A plain string token when every piece is text, else an f-string token.
    private static func kind(of pieces: [StringPiece]) -> Token.Kind {
        var text = ""
        for piece in pieces {
            guard case .text(let t) = piece else { return .formattedString(pieces) }
            text += t
        }
        return .string(text)
    }

    /// A literal's text with its backslash escapes decoded: `\n`, `\t`, `\\`, quotes,
    /// `\a\b\f\v\r`, octal `\0`–`\377`, `\xhh`, `\uXXXX`, `\UXXXXXXXX`; a backslash at
    /// a line's end joins the lines; unknown escapes stay as written, as in Python.
    static func decode(_ text: ArraySlice<UInt8>) -> String {
        guard text.contains(92) else { return String(decoding: text, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = text.startIndex
        func appendScalar(_ value: UInt32) {
            if let scalar = Unicode.Scalar(value) { out.append(contentsOf: Array(String(scalar).utf8)) }
        }
        func hex(_ count: Int, from start: Int) -> UInt32? {
            guard start + count <= text.endIndex,
                  text[start..<(start + count)].allSatisfy({ (48...57).contains($0) || (97...102).contains($0 | 0x20) })
            else { return nil }
            return UInt32(String(decoding: text[start..<(start + count)], as: UTF8.self), radix: 16)
        }
        while i < text.endIndex {
            let c = text[i]
            guard c == 92, i + 1 < text.endIndex else {
                out.append(c)
                i += 1
                continue
            }
            let next = text[i + 1]
            let simple: [UInt8: UInt8] = [110: 10, 116: 9, 114: 13, 92: 92, 39: 39, 34: 34, 97: 7, 98: 8, 102: 12, 118: 11]
            if let replacement = simple[next] {
                out.append(replacement)
                i += 2
            } else if next == 10 {
                i += 2
            } else if (48...55).contains(next) {
                var j = i + 1
                var value: UInt32 = 0
                while j < text.endIndex, j < i + 4, (48...55).contains(text[j]) {
                    value = value * 8 + UInt32(text[j] - 48)
                    j += 1
                }
                appendScalar(value)
                i = j
            } else if next == 120, let value = hex(2, from: i + 2) {  // \x
                appendScalar(value)
                i += 4
            } else if next == 117, let value = hex(4, from: i + 2) {  // \u
                appendScalar(value)
                i += 6
            } else if next == 85, let value = hex(8, from: i + 2) {  // \U
                appendScalar(value)
                i += 10
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

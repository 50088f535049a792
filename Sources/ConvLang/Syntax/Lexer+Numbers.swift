extension Lexer {
    /// An integer (decimal, `0x`, `0b`, `0o`, with `_` separators) or a float.
    mutating func lexNumber() throws(Diagnostic) {
        let start = position
        var isFloat = false
        func digits() { while position < limit, (48...57).contains(bytes[position]) || bytes[position] == 95 { position += 1 } }
        if bytes[position] == 48, position + 1 < limit, [120, 88, 98, 66, 111, 79].contains(bytes[position + 1]) {
            position += 2
            while position < limit, isIdentifierPart(bytes[position]) { position += 1 }
            let text = Self.digits(bytes[(start + 2)..<position])
            let radix = [120, 88].contains(bytes[start + 1]) ? 16 : [98, 66].contains(bytes[start + 1]) ? 2 : 8
            guard let value = Int64(text, radix: radix) else {
                throw Diagnostic(SyntaxMessage.invalidNumberLiteral, SourceRange(start, position))
            }
            tokens.append(Token(kind: .integer(value), range: SourceRange(start, position)))
            return
        }
        digits()
        if position < limit, bytes[position] == 46 { isFloat = true; position += 1; digits() }
        if position < limit, bytes[position] == 101 || bytes[position] == 69 {
            var look = position + 1
            if look < limit, bytes[look] == 43 || bytes[look] == 45 { look += 1 }
            if look < limit, (48...57).contains(bytes[look]) {
                isFloat = true
                position = look
                digits()
            }
        }
        if position < limit, isIdentifierStart(bytes[position]) {
            while position < limit, isIdentifierPart(bytes[position]) { position += 1 }
            throw Diagnostic(SyntaxMessage.invalidDecimalLiteral, SourceRange(start, position))
        }
        let text = Self.digits(bytes[start..<position])
        let range = SourceRange(start, position)
        if isFloat {
            tokens.append(Token(kind: .float(Double(text) ?? .nan), range: range))
        } else if let value = Int64(text) {
            tokens.append(Token(kind: .integer(value), range: range))
        } else {
            throw Diagnostic(SyntaxMessage.integerTooLarge, range)
        }
    }

    /// A number's text without its `_` separators.
    private static func digits(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
    }
}

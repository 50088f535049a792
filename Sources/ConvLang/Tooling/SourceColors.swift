/// Python source coloured as IPython's inspector colours it for a kernel (IPython 9's
/// `PyColorize.Parser` with the `neutral` theme, which ipykernel uses): keywords,
/// numbers, strings and comments get ANSI colours; names and operators stay plain.
/// Tabs are expanded, trailing white space dropped, and the text ends with a line break.
///
/// The tokens are those of CPython 3.11's `tokenize` (an f-string is one string), and a
/// token that spans lines is coloured line by line, as pygments' terminal formatter
/// writes it (blank lines get no colour).
enum SourceColors {
    static let keyword = ("\u{1B}[38;5;28;01m", "\u{1B}[39;00m")
    static let number = ("\u{1B}[32m", "\u{1B}[39m")
    static let string = ("\u{1B}[33m", "\u{1B}[39m")
    static let comment = ("\u{1B}[38;5;66;03m", "\u{1B}[39;00m")
    /// A header of the inspector's fields (`Signature:`).
    static let header = ("\u{1B}[31m", "\u{1B}[39m")

    /// The prefixes a string literal may have.
    private static let stringPrefixes: Set<String> = ["r", "u", "b", "f", "br", "rb", "fr", "rf"]

    /// `code` coloured.
    static func colored(_ code: String) -> String {
        let text = Array(HistoryQuery.expandingTabs(code, tabSize: 8).trimmingTrailingWhitespace.unicodeScalars)
        var out = ""
        var i = 0
        func emit(_ range: Range<Int>, _ colors: (String, String)?) {
            let token = String(String.UnicodeScalarView(text[range]))
            guard let colors else { return out += token }
            let (on, off) = colors
            out += token.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : on + $0 + off }
                .joined(separator: "\n")
        }
        while i < text.count {
            let c = text[i]
            if c == "#" {
                let end = text[i...].firstIndex(of: "\n") ?? text.count
                emit(i..<end, comment)
                i = end
            } else if c == "\"" || c == "'" {
                let end = stringEnd(text, from: i)
                emit(i..<end, string)
                i = end
            } else if isDigit(c) || (c == "." && i + 1 < text.count && isDigit(text[i + 1])) {
                let end = numberEnd(text, from: i)
                emit(i..<end, number)
                i = end
            } else if isIdentifierStart(c) {
                var end = i
                while end < text.count, isIdentifierContinue(text[end]) { end += 1 }
                let word = String(String.UnicodeScalarView(text[i..<end]))
                if end < text.count, text[end] == "\"" || text[end] == "'", stringPrefixes.contains(word.lowercased()) {
                    let stop = stringEnd(text, from: end)
                    emit(i..<stop, string)
                    i = stop
                } else {
                    emit(i..<end, Keywords.all.contains(word) ? keyword : nil)
                    i = end
                }
            } else {
                emit(i..<i + 1, nil)
                i += 1
            }
        }
        return out + "\n"
    }

    /// The end of the string literal whose quote is at `start`: triple-quoted strings
    /// span lines; a backslash escapes the next character; an unclosed one-line string
    /// ends with its line.
    private static func stringEnd(_ text: [Unicode.Scalar], from start: Int) -> Int {
        let quote = text[start]
        let triple = start + 2 < text.count && text[start + 1] == quote && text[start + 2] == quote
        var i = start + (triple ? 3 : 1)
        while i < text.count {
            let c = text[i]
            if c == "\\" {
                i += 2
                continue
            }
            if !triple, c == "\n" { return i }
            if c == quote {
                if !triple { return i + 1 }
                if i + 2 < text.count, text[i + 1] == quote, text[i + 2] == quote { return i + 3 }
            }
            i += 1
        }
        return text.count
    }

    /// The end of the number at `start`: digits, letters (`0x1F`, `1j`, `1e5`), `_`, `.`,
    /// and a sign right after a decimal exponent's `e`.
    private static func numberEnd(_ text: [Unicode.Scalar], from start: Int) -> Int {
        let hexadecimal = text[start] == "0" && start + 1 < text.count && "xX".unicodeScalars.contains(text[start + 1])
        var i = start
        while i < text.count {
            let c = text[i]
            if isIdentifierContinue(c) || c == "." {
                i += 1
            } else if c == "+" || c == "-", !hexadecimal, i > start, "eE".unicodeScalars.contains(text[i - 1]) {
                i += 1
            } else {
                break
            }
        }
        return i
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" || c.value >= 0x80
    }
    private static func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool { isIdentifierStart(c) || isDigit(c) }
}

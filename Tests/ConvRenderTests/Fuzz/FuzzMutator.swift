/// Mutations of real cells: bytes and tokens deleted, inserted, duplicated and swapped;
/// lines spliced from another cell; numbers replaced by extreme values; long strings,
/// unbalanced and very deep brackets, odd Unicode, NUL bytes, mixed line ends.
struct FuzzMutator {
    var rng: FuzzRandom

    /// `cell` after one to four mutations.
    mutating func mutate(_ cell: String) -> String {
        var text = cell
        for _ in 0..<(1 + rng.below(4)) {
            text = mutateOnce(text)
            // Repetitions stack: keep each step within a cell's size.
            if text.utf8.count > FuzzCell.maxBytes { text = String(decoding: text.utf8.prefix(FuzzCell.maxBytes), as: UTF8.self) }
        }
        return text
    }

    mutating func mutateOnce(_ text: String) -> String {
        var tokens = Self.tokens(of: text)
        guard !tokens.isEmpty else { return rng.pick(FuzzVocabulary.symbols) }
        let i = rng.below(tokens.count)
        switch rng.below(18) {
        case 0:
            tokens.remove(at: i)
        case 1:
            tokens.insert(tokens[i], at: i)
        case 2:
            tokens.swapAt(i, rng.below(tokens.count))
        case 3:
            tokens.insert(rng.pick(FuzzVocabulary.symbols + FuzzVocabulary.keywords.map { " \($0) " }), at: i)
        case 4:
            tokens.insert(rng.pick(FuzzVocabulary.names), at: i)
        case 5:
            guard let n = tokens.indices.filter({ Self.isNumber(tokens[$0]) }).randomElement(using: &rng) else { return text + rng.pick(FuzzVocabulary.extremeNumbers) }
            tokens[n] = rng.pick(FuzzVocabulary.extremeNumbers)
        case 6:
            guard let n = tokens.indices.filter({ Self.isName(tokens[$0]) }).randomElement(using: &rng) else { return text }
            tokens[n] = rng.pick(FuzzVocabulary.names)
        case 7:
            return splice(text)
        case 8:
            let body = String(repeating: rng.pick(["a", "é", "😀", "\\n", "x'"]), count: rng.pick([100, 1_000, 3_000]))
            tokens.insert("'\(body)'", at: i)
        case 9:
            tokens.insert(rng.pick(["(", ")", "[", "]", "{", "}"]), at: i)
        case 10:
            return deepen(tokens, at: i)
        case 11:
            tokens.insert(String(repeating: rng.pick(FuzzVocabulary.oddScalars), count: 1 + rng.below(3)), at: i)
        case 12:
            let ends = ["\r\n", "\r", "\n\t", "\n    ", "\n\n", "\u{C}\n", "\\\n"]
            return text.map { $0 == "\n" ? rng.pick(ends) : String($0) }.joined()
        case 13:
            let bytes = Array(text.utf8)
            return String(decoding: bytes.prefix(rng.below(bytes.count + 1)), as: UTF8.self)
        case 14:
            // Byte surgery, which can split a multi-byte character.
            var bytes = Array(text.utf8)
            let start = rng.below(bytes.count)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + rng.below(8)))
            return String(decoding: bytes, as: UTF8.self)
        case 15:
            guard let n = tokens.indices.filter({ tokens[$0] == "=" && $0 + 1 < tokens.count }).randomElement(using: &rng) else { return text }
            let value = rng.pick(FuzzVocabulary.extremeNumbers + FuzzVocabulary.oddText.map { "'\($0)'" })
            tokens[n + 1] = rng.chance(0.5) ? value : value + " " + tokens[n + 1]
        case 16:
            let lines = text.components(separatedBy: "\n")
            let line = rng.pick(lines)
            let copies = Array(repeating: line, count: rng.pick([2, 10, 50]))
            return (lines + copies).joined(separator: "\n")
        default:
            tokens.insert("\0", at: i)
        }
        return tokens.joined()
    }

    /// Lines of `text` interleaved with lines of another corpus cell.
    mutating func splice(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        for _ in 0..<(1 + rng.below(4)) {
            lines.insert(rng.pick(FuzzCorpus.lines), at: rng.below(lines.count + 1))
        }
        if rng.chance(0.3) { lines.shuffle(using: &rng) }
        return lines.joined(separator: "\n")
    }

    /// The token at `i` nested very deeply: brackets, unary operators, `not`, `**`
    /// chains, subscripts, calls, attributes, long binary chains.
    mutating func deepen(_ tokens: [String], at i: Int) -> String {
        let n = rng.pick([50, 99, 100, 101, 150, 999, 1_000, 1_001, 2_000, 3_000])
        let token = tokens[i]
        let deep: String
        switch rng.below(11) {
        case 0: deep = String(repeating: "(", count: n) + token + String(repeating: ")", count: n)
        case 1: deep = String(repeating: "[", count: n) + token + String(repeating: "]", count: n)
        case 2: deep = String(repeating: "-", count: n) + token
        case 3: deep = String(repeating: "not ", count: n) + token
        case 4: deep = token + String(repeating: "**2", count: n)
        case 5: deep = token + String(repeating: "[0]", count: n)
        case 6: deep = token + String(repeating: "()", count: n)
        case 7: deep = token + String(repeating: ".T", count: n)
        case 8: deep = token + String(repeating: " + 1", count: n)
        case 9: deep = String(repeating: "{1: ", count: n) + token + String(repeating: "}", count: n)
        default: deep = String(repeating: "f(", count: n) + token + String(repeating: ")", count: n)
        }
        var out = tokens
        out[i] = deep
        return out.joined()
    }

    /// Identifiers, numbers, runs of spaces, and single other characters: enough to
    /// mutate by token without a real lexer. (By Unicode scalar, ASCII classes only:
    /// anything beyond ASCII counts as a letter, as the lexer takes it.)
    static func tokens(of text: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        var kind = 0
        for c in text.unicodeScalars {
            let k = isLetter(c) ? 1 : isDigit(c) || c == "." ? (kind == 1 ? 1 : 2) : c == " " ? 3 : 4
            if k != kind || k == 4, !current.isEmpty {
                tokens.append(String(current))
                current = String.UnicodeScalarView()
            }
            current.append(c)
            kind = k
        }
        if !current.isEmpty { tokens.append(String(current)) }
        return tokens
    }

    static func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" || c.value >= 0x80 }
    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    static func isNumber(_ token: String) -> Bool { token.unicodeScalars.first.map(isDigit) ?? false }
    static func isName(_ token: String) -> Bool { token.unicodeScalars.first.map(isLetter) ?? false }
}

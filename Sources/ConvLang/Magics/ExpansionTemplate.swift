/// A magic's line or a shell command as IPython's `var_expand` reads it (its
/// `DollarFormatter`): `{expression}` and `$name` (also `$name.attribute`) stand for
/// values; `{{` and `}}` for braces, `$$name` for `$name`. A `$` inside single quotes
/// stays, so `!awk '{print $1}'` reaches the shell unchanged.
///
/// ```swift
/// ExpansionTemplate.pieces("ls {path}/$name")
/// // [.text("ls "), .field("path"), .text("/"), .field("name")]
/// ```
///
/// IPython puts a field's format spec back onto its expression (`{x:.2f}` evaluates
/// `x:.2f`, which fails), and when anything fails, uses the line unchanged; the caller
/// does the same.
enum ExpansionTemplate {
    enum Piece: Equatable {
        case text(String)
        /// An expression, with `!r`, `!s` or `!a` when given.
        case field(String, conversion: Character? = nil)
    }

    /// The pieces of `line`, or `nil` where Python's `Formatter.parse` raises
    /// (an unmatched brace, a bad conversion).
    static func pieces(_ line: String) -> [Piece]? {
        var pieces: [Piece] = []
        let chars = Array(line)
        var i = 0
        var literal = ""
        func flushLiteral() {
            pieces += dollarPieces(literal)
            literal = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == "}" {
                guard i + 1 < chars.count, chars[i + 1] == "}" else { return nil }
                literal.append("}")
                i += 2
            } else if c == "{" {
                if i + 1 < chars.count, chars[i + 1] == "{" {
                    literal.append("{")
                    i += 2
                    continue
                }
                // The matching `}`, counting nested braces.
                var depth = 1
                var j = i + 1
                while j < chars.count {
                    if chars[j] == "{" { depth += 1 }
                    if chars[j] == "}" { depth -= 1; if depth == 0 { break } }
                    j += 1
                }
                guard j < chars.count else { return nil }
                guard let field = parseField(Array(chars[(i + 1)..<j])) else { return nil }
                flushLiteral()
                pieces.append(field)
                i = j + 1
            } else {
                literal.append(c)
                i += 1
            }
        }
        flushLiteral()
        return pieces
    }

    /// `parse_field`: the name runs to a `:` or `!` outside square brackets.
    private static func parseField(_ chars: [Character]) -> Piece? {
        var i = 0
        var stop: Character?
        scan: while i < chars.count {
            let c = chars[i]
            i += 1
            switch c {
            case "{": return nil
            case "[":
                while i < chars.count, chars[i] != "]" { i += 1 }
            case ":", "!":
                stop = c
                break scan
            default: break
            }
        }
        guard let stop else { return .field(String(chars)) }
        let name = String(chars[..<(i - 1)])
        var conversion: Character?
        if stop == "!" {
            guard i < chars.count else { return nil }
            conversion = chars[i]
            i += 1
            if i < chars.count {
                guard chars[i] == ":" else { return nil }
                i += 1
            }
            guard ["r", "s", "a"].contains(conversion!) else { return nil }
        }
        let spec = String(chars[i...])
        return .field(spec.isEmpty ? name : name + ":" + spec, conversion: conversion)
    }

    /// `$name` fields in literal text (`(.*?)\$(\$?[\w\.]+)` where an even number of
    /// single quotes follows in the text).
    private static func dollarPieces(_ text: String) -> [Piece] {
        let chars = Array(text)
        var pieces: [Piece] = []
        var pending = ""
        var from = 0
        var i = 0
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." }
        func quotesAfter(_ index: Int) -> Int { chars[index...].filter { $0 == "'" }.count }
        while i < chars.count {
            guard chars[i] == "$" else {
                i += 1
                continue
            }
            var j = i + 1
            let escaped = j < chars.count && chars[j] == "$"
            if escaped { j += 1 }
            let wordStart = j
            while j < chars.count, isWord(chars[j]) { j += 1 }
            guard j > wordStart, quotesAfter(j) % 2 == 0 else {
                i += 1
                continue
            }
            let before = String(chars[from..<i])
            let word = String(chars[(escaped ? i + 1 : wordStart)..<j])
            if escaped {
                pending += before + word
            } else {
                pieces.append(.text(pending + before))
                pieces.append(.field(word))
                pending = ""
            }
            from = j
            i = j
        }
        let rest = pending + String(chars[from...])
        if !rest.isEmpty { pieces.append(.text(rest)) }
        return pieces.filter { $0 != .text("") }
    }
}

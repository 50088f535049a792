import Foundation

/// `%history [-n] [-p] [-u] [-g [PATTERN ...]] [-l [LIMIT]] [range ...]`: which cells to
/// print and how, as IPython's `HistoryMagics.history` reads and prints them: this
/// session's cells, and earlier sessions' through a ``HistoryArchive``.
struct HistoryQuery: Equatable {
    /// `-n`: the cell number before each cell.
    var printNumbers = false
    /// `-p`: `>>> ` before each cell and `... ` before its further lines.
    var pythonPrompts = false
    /// `-u`: with `-g`, each matching text once (its latest cell).
    var unique = false
    /// `-g`: the words of a pattern to search for (`[]` for every cell).
    var pattern: [String]?
    /// `-l`: the last cells before this one; `.some(nil)` for IPython's default of 10.
    var limit: Int??
    /// Cell numbers and ranges: `4`, `4-6`, `4-`, `4:6`.
    var ranges: [String] = []

    /// Reads the magic's argument line.
    /// - Throws: IPython's `UsageError`s for what its argument parser refuses, and for
    ///   the options ConvLab does not offer (`-o`, `-t`, `-f`, `-y`).
    static func parse(_ line: String) throws(Diagnostic) -> HistoryQuery {
        let words: [String]
        do throws(ArgumentSplit.Failure) {
            words = try ArgumentSplit.split(line, posix: false)
        } catch {
            throw Diagnostic(.value, error.message, nil)
        }
        var query = HistoryQuery()
        var unrecognized: [String] = []
        var i = 0
        func isOption(_ word: String) -> Bool { word.hasPrefix("-") && word.count > 1 && Int(word) == nil }
        while i < words.count {
            let word = words[i]
            i += 1
            guard isOption(word), !word.hasPrefix("--") else {
                if isOption(word) { unrecognized.append(word) } else { query.ranges.append(word) }
                continue
            }
            for letter in word.dropFirst() {
                switch letter {
                case "n": query.printNumbers = true
                case "p": query.pythonPrompts = true
                case "u": query.unique = true
                case "g":
                    var pattern: [String] = []
                    while i < words.count, !isOption(words[i]) {
                        pattern.append(words[i])
                        i += 1
                    }
                    query.pattern = pattern
                case "l":
                    if i < words.count, !isOption(words[i]) {
                        guard let limit = Int(words[i]) else {
                            throw MagicCatalog.usageError("argument -l: invalid int value: \(Value.quoted(words[i]))")
                        }
                        query.limit = .some(limit)
                        i += 1
                    } else {
                        query.limit = .some(nil)
                    }
                case "o", "t", "f", "y":
                    throw MagicCatalog.usageError("%history -\(letter) is not available in ConvLab, which keeps the cells' text only.")
                default:
                    unrecognized.append(word)
                }
                if letter == "g" || letter == "l" { break }
            }
        }
        if !unrecognized.isEmpty {
            throw MagicCatalog.usageError("unrecognized arguments: \(unrecognized.joined(separator: " "))")
        }
        return query
    }

    /// The printout for `history`, where cell `n` of this session is `history[n - 1]`
    /// and the last cell is the one asking. With an `archive`, `-g` and `-l` read it
    /// (every session, as IPython reads its database) and ranges may name other
    /// sessions (`~1/`, `3/2-4`); numbers of other sessions print as `session/line`.
    func text(history: [String], archive: HistoryArchive? = nil) -> String {
        // IPython numbers cells from 1; its list starts with an empty entry 0.
        let cells = [""] + history
        let current = archive?.sessionNumber ?? 0
        var numbered = printNumbers
        var selected: [ArchivedCell]
        var filter: String?
        func here(_ numbers: [Int]) -> [ArchivedCell] { numbers.map { ArchivedCell(session: 0, line: $0, source: cells[$0]) } }
        if let pattern, ranges.isEmpty {
            let glob = "*" + pattern.joined(separator: " ") + "*"
            var n: Int?
            if case .some(.some(let limit)) = limit { n = limit }
            if let archive {
                selected = archive.search(glob, limit: n, unique: unique)
            } else {
                selected = here(Array(1..<cells.count)).filter { Glob.matches($0.source, glob) }
                if unique {
                    var seen = Set<String>()
                    selected = selected.reversed().filter { seen.insert($0.source).inserted }.reversed()
                }
                if let n { selected = Array(selected.suffix(max(n, 0))) }
            }
            numbered = true
        } else if let limit {
            // The last cells before this one.
            let n = limit ?? 10
            if let archive {
                selected = archive.tail(n)
            } else {
                selected = Array(here(Array(1..<max(cells.count - 1, 1))).suffix(max(n, 0)))
            }
        } else {
            if let pattern, !pattern.isEmpty {
                filter = "*" + pattern.joined(separator: " ") + "*"
                numbered = true
            }
            selected = []
            for range in Self.ranges(in: ranges) {
                let session = range.session <= 0 ? range.session + current : range.session
                if session == current {
                    selected += here(Self.span(range.start, range.stop, count: cells.count))
                } else if let archive {
                    selected += archive.cells(session: session, start: range.start, stop: range.stop)
                }
            }
        }
        var out = ""
        for cell in selected {
            if let filter, !Glob.matches(cell.source, filter) { continue }
            var text = Self.expandingTabs(cell.source).trimmingTrailingWhitespace
            let multiline = text.contains("\n")
            if numbered {
                let number = cell.session == 0 || cell.session == current ? "\(cell.line)" : "\(cell.session)/\(cell.line)"
                out += String(repeating: " ", count: max(0, 4 - number.count)) + "\(number):" + (multiline ? "\n" : " ")
            }
            if pythonPrompts {
                out += ">>> "
                if multiline {
                    text = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: "\n... ") + "\n..."
                }
            }
            out += text + "\n"
        }
        return out
    }

    /// The ranges of the words (IPython's `extract_hist_ranges`; none given: all of
    /// this session).
    static func ranges(in words: [String]) -> [HistoryRange] {
        if words.isEmpty { return [HistoryRange(session: 0, start: 1, stop: nil)] }
        return words.joined(separator: " ").split(separator: " ").flatMap { HistoryRange.parse(String($0)) }
    }

    /// Lines `start..<stop` of this session's `count` entries (entry 0 included).
    private static func span(_ start: Int, _ stop: Int?, count: Int) -> [Int] {
        let end = (stop == nil || stop == 0 || stop! > count) ? count : stop!
        return start < end ? Array(start..<end) : []
    }

    /// The cell numbers of `ranges` in this session (a range naming another session
    /// gives nothing here).
    static func cells(in ranges: [String], count: Int) -> [Int] {
        Self.ranges(in: ranges).filter { $0.session == 0 }.flatMap { span($0.start, $0.stop, count: count) }
    }

    /// Python's `str.expandtabs(4)` (or `expandtabs(tabSize)`).
    static func expandingTabs(_ text: String, tabSize: Int = 4) -> String {
        var out = ""
        var column = 0
        for c in text {
            switch c {
            case "\t":
                let spaces = tabSize - column % tabSize
                out += String(repeating: " ", count: spaces)
                column += spaces
            case "\n", "\r", "\r\n":
                out.append(c)
                column = 0
            default:
                out.append(c)
                column += c.unicodeScalars.count
            }
        }
        return out
    }
}

/// A range of history lines: `start..<stop` (`stop` `nil`: to the end) of a session
/// (`0` this one, negative counting back, positive a session's number).
struct HistoryRange: Equatable {
    var session: Int
    var start: Int
    var stop: Int?

    /// `[session/]start[-|:[[session/]end]]`, as IPython's `range_re`.
    nonisolated(unsafe) private static let pattern = try! Regex(#"^((?<startsess>~?\d+/))?(?<start>\d+)?((?<sep>[\-:])((?<endsess>~?\d+/))?(?<end>\d*))?$"#)

    /// The ranges one word stands for (several when it spans sessions, as
    /// `~8/5-~7/4`); none for a word that is not a range.
    static func parse(_ word: String) -> [HistoryRange] {
        guard let match = try? pattern.wholeMatch(in: word) else { return [] }
        func group(_ name: String) -> String? { match.output[name]?.substring.map(String.init) }
        func session(_ text: String) -> Int? { Int(text.dropLast().replacingOccurrences(of: "~", with: "-")) }
        let start: Int
        var stop: Int?
        if let first = group("start") {
            guard let number = Int(first) else { return [] }
            start = number
            let end = group("end") ?? ""
            if group("sep") == "-" {
                if !end.isEmpty { guard let last = Int(end) else { return [] }; stop = last + 1 }
            } else if end.isEmpty {
                stop = start + 1
            } else {
                stop = Int(end)
            }
        } else {
            guard group("startsess") != nil else { return [] }
            start = 1
        }
        guard let first = session(group("startsess") ?? "0/"), let last = session(group("endsess") ?? group("startsess") ?? "0/"),
              last >= first else { return [] }
        if first == last { return [HistoryRange(session: first, start: start, stop: stop)] }
        return [HistoryRange(session: first, start: start, stop: nil)]
            + (first + 1..<last).map { HistoryRange(session: $0, start: 1, stop: nil) }
            + [HistoryRange(session: last, start: 1, stop: stop)]
    }
}

extension String {
    /// Python's `str.rstrip()`.
    var trimmingTrailingWhitespace: String {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return String(self[..<end])
    }
}

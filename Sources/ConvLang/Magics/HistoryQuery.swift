/// `%history [-n] [-p] [-u] [-g [PATTERN ...]] [-l [LIMIT]] [range ...]`: which cells to
/// print and how, as IPython's `HistoryMagics.history` reads and prints them, over
/// this session's cells (IPython also searches earlier sessions, which ConvLab does
/// not keep).
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

    /// The printout for `history`, where cell `n` is `history[n - 1]` and the last cell
    /// is the one asking.
    func text(history: [String]) -> String {
        // IPython numbers cells from 1; its list starts with an empty entry 0.
        let cells = [""] + history
        var numbered = printNumbers
        var selected: [(number: Int, source: String)]
        var filter: String?
        if let pattern, ranges.isEmpty {
            let glob = "*" + pattern.joined(separator: " ") + "*"
            selected = (1..<cells.count).map { ($0, cells[$0]) }.filter { Glob.matches($0.source, glob) }
            if unique {
                var seen = Set<String>()
                selected = selected.reversed().filter { seen.insert($0.source).inserted }.reversed()
            }
            if case .some(.some(let n)) = limit { selected = Array(selected.suffix(max(n, 0))) }
            numbered = true
        } else if let limit {
            // The last cells before this one.
            let n = limit ?? 10
            let earlier = (1..<max(cells.count - 1, 1)).map { ($0, cells[$0]) }
            selected = Array(earlier.suffix(max(n, 0)))
        } else {
            if let pattern, !pattern.isEmpty {
                filter = "*" + pattern.joined(separator: " ") + "*"
                numbered = true
            }
            selected = Self.cells(in: ranges, count: cells.count).map { ($0, cells[$0]) }
        }
        var out = ""
        for (number, source) in selected {
            if let filter, !Glob.matches(source, filter) { continue }
            var text = Self.expandingTabs(source).trimmingTrailingWhitespace
            let multiline = text.contains("\n")
            if numbered {
                out += String(repeating: " ", count: max(0, 4 - String(number).count)) + "\(number):" + (multiline ? "\n" : " ")
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

    /// The cell numbers of `ranges` (IPython's `extract_hist_ranges` over the current
    /// session; a range naming another session gives nothing here).
    static func cells(in ranges: [String], count: Int) -> [Int] {
        func span(_ start: Int, _ stop: Int?) -> [Int] {
            let end = (stop == nil || stop == 0 || stop! > count) ? count : stop!
            return start < end ? Array(start..<end) : []
        }
        if ranges.isEmpty { return span(1, nil) }
        var numbers: [Int] = []
        for word in ranges.joined(separator: " ").split(separator: " ").map(String.init) {
            guard let range = HistoryRange(word) else { continue }
            if let session = range.session, session != 0 { continue }
            numbers += span(range.start, range.stop)
        }
        return numbers
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

/// One word of a history range: `[session/]start[-|:[end]]`.
private struct HistoryRange {
    var session: Int?
    var start: Int
    var stop: Int?

    init?(_ word: String) {
        var rest = Substring(word)
        if let slash = rest.firstIndex(of: "/") {
            let session = rest[..<slash]
            let sign = session.hasPrefix("~") ? -1 : 1
            guard let n = Int(session.drop { $0 == "~" }), session.filter({ $0 == "~" }).count <= 1 else { return nil }
            self.session = sign * n
            rest = rest[rest.index(after: slash)...]
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(digits.count)
        guard let separator = rest.first else {
            guard let start = Int(digits) else {
                // `~2/`: the whole of another session.
                guard session != nil else { return nil }
                self.start = 1
                return
            }
            self.start = start
            stop = start + 1
            return
        }
        guard separator == "-" || separator == ":" else { return nil }
        let end = rest.dropFirst()
        guard end.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard let start = Int(digits) else {
            guard session != nil else { return nil }
            self.start = 1
            return
        }
        self.start = start
        if separator == "-" {
            stop = Int(end).map { $0 + 1 }
        } else {
            stop = Int(end) ?? start + 1
        }
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

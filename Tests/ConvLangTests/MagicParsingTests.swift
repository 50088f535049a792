import Testing
@testable import ConvLang

/// How magics read their argument lines, against IPython 9.18.1 (`arg_split`,
/// `Magics.parse_options`, `DollarFormatter.parse`, `extract_hist_ranges`).
@Suite struct MagicParsingTests {
    @Test func argumentSplitMatchesArgSplit() throws {
        // (line, POSIX words, non-POSIX words), from IPython.utils.process.arg_split.
        let cases: [(String, [String], [String])] = [
            ("a b  c", ["a", "b", "c"], ["a", "b", "c"]),
            ("\"a b\" c", ["a b", "c"], ["\"a b\"", "c"]),
            ("x = 'a b'", ["x", "=", "a b"], ["x", "=", "'a b'"]),
            ("a\"b c\"d", ["ab cd"], ["a\"b", "c\"d"]),
            ("a\\ b", ["a b"], ["a\\", "b"]),
            ("\"x \\\" y\"", ["x \" y"], ["\"x \\\"", "y\""]),
        ]
        for (line, posix, plain) in cases {
            #expect(try ArgumentSplit.split(line, posix: true) == posix, "\(line)")
            #expect(try ArgumentSplit.split(line, posix: false) == plain, "\(line)")
        }
        #expect(throws: ArgumentSplit.Failure.self) { try ArgumentSplit.split("'unclosed x", posix: true) }
        #expect(ArgumentSplit.lenientSplit("'unclosed x", posix: true) == ["unclosed x"])
        #expect(ArgumentSplit.lenientSplit("'unclosed x", posix: false) == ["'unclosed x"])
    }

    @Test func timeitOptionsMatchParseOptions() throws {
        // (line, options, statement), from parse_options(line, "n:r:tcp:qov:", posix=False,
        // strict=False, preserve_non_opts=True), quirks included.
        let cases: [(String, [String: [String]], String)] = [
            ("-n 10 -r 3 x = f(1)", ["n": ["10"], "r": ["3"]], "x = f(1)"),
            ("-n10 -q x", ["n": ["10"], "q": [""]], "x"),
            ("-qo -n5 y", ["q": [""], "o": [""], "n": ["5"]], "o  y"),
            ("-qn5 x", ["q": [""], "n": ["5"]], "n x"),
            ("x - 1", [:], "x - 1"),
            ("-n 2 -r 2 z = [1]", ["n": ["2"], "r": ["2"]], "z = [1]"),
            ("-v res -p 5 1 + 1", ["v": ["res"], "p": ["5"]], "1 + 1"),
            ("-- -x", [:], "-- -x"),
            ("print('-n 3')", [:], "print('-n 3')"),
            ("-n 1 -n 2 x", ["n": ["1", "2"]], "x"),
            ("  -q   a  +  b ", ["q": [""]], "a  +  b "),
        ]
        for (line, options, rest) in cases {
            let parsed = try MagicOptions.parse(line, spec: "n:r:tcp:qov:", posix: false, strict: false, preservingRest: true)
            #expect(parsed.values == options, "\(line)")
            #expect(parsed.rest == rest, "\(line)")
        }
        #expect(throws: Diagnostic.self) { try MagicOptions.parse("-n 1 -n 2 x", spec: "n:", posix: false).single("n") }
    }

    @Test func optionErrorsAreIPythonsUsageErrors() throws {
        func message(_ line: String, _ spec: String, long: [String] = []) -> String? {
            do throws(Diagnostic) {
                _ = try MagicOptions.parse(line, spec: spec, long: long, posix: false)
                return nil
            } catch {
                return error.kind + ": " + error.message
            }
        }
        #expect(message("-x pass", "n:r:tcp:qov:") == "UsageError: option -x not recognized (allowed: \"n:r:tcp:qov:\")")
        #expect(message("-n", "n:r:tcp:qov:") == "UsageError: option -n requires argument (allowed: \"n:r:tcp:qov:\")")
        #expect(message("--agg x", "sf", long: ["aggressive"]) == nil)
        #expect(message("--bogus", "sf", long: ["aggressive"]) == "UsageError: option --bogus not recognized (allowed: \"sf\" aggressive)")
        #expect(throws: Diagnostic.self) { try MagicOptions.pythonInt("ten") }
        #expect(try MagicOptions.pythonInt(" 1_000 ") == 1000)
        #expect(try MagicOptions.pythonInt("-3") == -3)
    }

    @Test func expansionTemplateMatchesDollarFormatter() {
        typealias P = ExpansionTemplate.Piece
        // From IPython.utils.text.DollarFormatter().parse, literal pieces joined.
        #expect(ExpansionTemplate.pieces("ls {path}/$name") == [.text("ls "), .field("path"), .text("/"), .field("name")])
        #expect(ExpansionTemplate.pieces("echo $$HOME $x") == [.text("echo $HOME "), .field("x")])
        #expect(ExpansionTemplate.pieces("awk '{print $1}'") == [.text("awk '"), .field("print $1"), .text("'")])
        #expect(ExpansionTemplate.pieces("echo '$x' $y") == [.text("echo '$x' "), .field("y")])
        #expect(ExpansionTemplate.pieces("{{a}} {b!r} {c:>3} {d[1:2]}")
                == [.text("{a} "), .field("b", conversion: "r"), .text(" "), .field("c:>3"), .text(" "), .field("d[1:2]")])
        #expect(ExpansionTemplate.pieces("x }") == nil)
        #expect(ExpansionTemplate.pieces("{") == nil)
        #expect(ExpansionTemplate.pieces("$x.shape and ${y}") == [.field("x.shape"), .text(" and $"), .field("y")])
        #expect(ExpansionTemplate.pieces("cost: 5$") == [.text("cost: 5$")])
        #expect(ExpansionTemplate.pieces("a$b'c'd$e") == [.text("a"), .field("b"), .text("'c'd"), .field("e")])
    }

    @Test func historyArgumentsAndRanges() throws {
        #expect(try HistoryQuery.parse("-n 2-3") == HistoryQuery(printNumbers: true, ranges: ["2-3"]))
        #expect(try HistoryQuery.parse("-pn 2") == HistoryQuery(printNumbers: true, pythonPrompts: true, ranges: ["2"]))
        #expect(try HistoryQuery.parse("-g a = -u") == HistoryQuery(unique: true, pattern: ["a", "="]))
        #expect(try HistoryQuery.parse("-l") == HistoryQuery(limit: .some(nil)))
        #expect(try HistoryQuery.parse("-l 3") == HistoryQuery(limit: .some(3)))
        #expect(throws: Diagnostic.self) { try HistoryQuery.parse("-r") }
        #expect(throws: Diagnostic.self) { try HistoryQuery.parse("-l 4-6") }
        #expect(throws: Diagnostic.self) { try HistoryQuery.parse("-o") }
        // Cell numbers as extract_hist_ranges gives them; 6 cells (1...6) plus entry 0.
        #expect(HistoryQuery.cells(in: [], count: 7) == [1, 2, 3, 4, 5, 6])
        #expect(HistoryQuery.cells(in: ["2-3"], count: 7) == [2, 3])
        #expect(HistoryQuery.cells(in: ["4-"], count: 7) == [4, 5, 6])
        #expect(HistoryQuery.cells(in: ["4:6"], count: 7) == [4, 5])
        #expect(HistoryQuery.cells(in: ["2", "5"], count: 7) == [2, 5])
        #expect(HistoryQuery.cells(in: ["99", "x", "~2/"], count: 7) == [])
        #expect(HistoryQuery.expandingTabs("x = 1\t# note\n\ty") == "x = 1   # note\n    y")
    }

    @Test func historyRangesAcrossSessionsAsExtractHistRanges() {
        // IPython's doctest examples for extract_hist_ranges.
        #expect(HistoryQuery.ranges(in: ["~8/5-~7/4", "2"]) == [HistoryRange(session: -8, start: 5, stop: nil),
                                                                HistoryRange(session: -7, start: 1, stop: 5),
                                                                HistoryRange(session: 0, start: 2, stop: 3)])
        #expect(HistoryQuery.ranges(in: ["~4/"]) == [HistoryRange(session: -4, start: 1, stop: nil)])
        #expect(HistoryQuery.ranges(in: ["4-"]) == [HistoryRange(session: 0, start: 4, stop: nil)])
        #expect(HistoryQuery.ranges(in: ["~4/4-"]) == [HistoryRange(session: -4, start: 4, stop: nil)])
        #expect(HistoryQuery.ranges(in: ["3/2:4", "~1/2-~3/1", "x"]) == [HistoryRange(session: 3, start: 2, stop: 4)])
    }

    /// An archive of two earlier sessions (1 and 2) and this one (3).
    final class Archive: HistoryArchive {
        let cells = [ArchivedCell(session: 1, line: 1, source: "a = 1"), ArchivedCell(session: 2, line: 1, source: "b = 2"),
                     ArchivedCell(session: 2, line: 2, source: "b"), ArchivedCell(session: 3, line: 1, source: "c = 3"),
                     ArchivedCell(session: 3, line: 2, source: "%history")]
        var sessionNumber: Int { 3 }
        func tail(_ n: Int) -> [ArchivedCell] { Array(cells.dropLast().suffix(n)) }
        func cells(session: Int, start: Int, stop: Int?) -> [ArchivedCell] {
            cells.filter { $0.session == session && $0.line >= start && $0.line < (stop ?? .max) }
        }
        func search(_ glob: String, limit: Int?, unique: Bool) -> [ArchivedCell] {
            let found = cells.filter { Glob.matches($0.source, glob) }
            return limit.map { Array(found.suffix($0)) } ?? found
        }
    }

    @Test func historyReadsOtherSessionsFromTheArchive() throws {
        let archive = Archive()
        func text(_ line: String) throws -> String { try HistoryQuery.parse(line).text(history: ["c = 3", "%history"], archive: archive) }
        #expect(try text("~1/") == "b = 2\nb\n")
        #expect(try text("-n ~2/ 1") == " 1/1: a = 1\n   1: c = 3\n")
        #expect(try text("-n ~1/2-~0/1") == " 2/2: b\n   1: c = 3\n")
        #expect(try text("-g b") == " 2/1: b = 2\n 2/2: b\n")
        #expect(try text("-n -l 2") == " 2/2: b\n   1: c = 3\n")
        #expect(try text("-n 3/1") == "   1: c = 3\n", "this session's own number reads the cells in memory")
    }

    @Test func globMatchesLikeFnmatch() {
        #expect(Glob.matches("a = 1", "*a =*"))
        #expect(!Glob.matches("b = 2", "*a =*"))
        #expect(Glob.matches("abc", "a?c"))
        #expect(Glob.matches("abc", "a[a-c]c"))
        #expect(!Glob.matches("abc", "a[!b]c"))
        #expect(Glob.matches("multi\nline", "*ti\nli*"))
        #expect(Glob.matches("", "*"))
        #expect(!Glob.matches("A", "a"))
    }

    @Test func utf8BoundariesKeepCharactersWhole() {
        let bytes = Array("hé€😀".utf8)
        #expect(UTF8Boundary.completePrefix(bytes) == bytes.count)
        #expect(UTF8Boundary.completePrefix(Array(bytes.prefix(2))) == 1)  // "h" + half of é
        #expect(UTF8Boundary.completePrefix(Array(bytes.prefix(5))) == 3)  // "hé" + 2/3 of €
        #expect(UTF8Boundary.completePrefix(Array(bytes.prefix(8))) == 6)  // up to € + 2/4 of 😀
        #expect(UTF8Boundary.completePrefix([]) == 0)
    }
}

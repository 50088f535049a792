import Testing
@testable import ConvLang

/// The lexer's `NEWLINE`, `INDENT` and `DEDENT` as CPython's tokenizer makes them:
/// blank and comment lines skipped, brackets and backslashes joining lines, tabs to
/// multiples of eight and checked against spaces, and its IndentationError and
/// TabError messages.
@Suite struct IndentationTests {
    /// The tokens of `code`, compactly: names and numbers as written, symbols quoted
    /// only when they could be confused, and NEWLINE, INDENT, DEDENT, END.
    static func tokens(_ code: String) -> String {
        Lexer.tokenize(SourceText(code)).map { token -> String in
            switch token.kind {
            case .name(let n), .keyword(let n): n
            case .integer(let v): "\(v)"
            case .float(let v): "\(v)"
            case .string(let s): s.debugDescription
            case .formattedString: "FSTRING"
            case .symbol(let s): s
            case .newline: "NEWLINE"
            case .indent: "INDENT"
            case .dedent: "DEDENT"
            case .magic(let name, let argument): "MAGIC(\(name), \(argument.debugDescription))"
            case .shell(let command): "SHELL(\(command.debugDescription))"
            case .error(let d): "ERROR(\(d.headline))"
            case .end: "END"
            }
        }.joined(separator: " ")
    }

    @Test func blocksOpenAndCloseWithIndentAndDedent() {
        #expect(Self.tokens("if x:\n    y = 1\nz = 2") == "if x : NEWLINE INDENT y = 1 NEWLINE DEDENT z = 2 NEWLINE END")
        #expect(Self.tokens("for i in a:\n  for j in b:\n    k\n") == "for i in a : NEWLINE INDENT for j in b : NEWLINE INDENT k NEWLINE DEDENT DEDENT END")
        #expect(Self.tokens("if a:\n    if b:\n        c\nd") == "if a : NEWLINE INDENT if b : NEWLINE INDENT c NEWLINE DEDENT DEDENT d NEWLINE END")
    }

    @Test func blankAndCommentOnlyLinesAreIgnored() {
        #expect(Self.tokens("x = 1\n\n   \n# comment\n        # indented comment\ny = 2\n\n") == "x = 1 NEWLINE y = 2 NEWLINE END")
        #expect(Self.tokens("if x:\n\n    # c\n    y\n  # odd comment\n    z") == "if x : NEWLINE INDENT y NEWLINE z NEWLINE DEDENT END")
        #expect(Self.tokens("x = 1  # trailing") == "x = 1 NEWLINE END")
    }

    @Test func bracketsAndBackslashesJoinLines() {
        #expect(Self.tokens("x = (1,\n        2,\n  3)\ny") == "x = ( 1 , 2 , 3 ) NEWLINE y NEWLINE END")
        #expect(Self.tokens("if x:\n    y = [\n1]\n    z") == "if x : NEWLINE INDENT y = [ 1 ] NEWLINE z NEWLINE DEDENT END")
        #expect(Self.tokens("x = 1 + \\\n        2\ny") == "x = 1 + 2 NEWLINE y NEWLINE END")
        #expect(Self.tokens("s = '#' # c") == "s = \"#\" NEWLINE END")
    }

    /// CPython counts a tab as up to the next multiple of eight columns, and also as
    /// one column: the two counts must order lines the same way.
    @Test func tabsAreCheckedAgainstSpaces() {
        #expect(Self.tokens("if x:\n\ty\n\tz") == "if x : NEWLINE INDENT y NEWLINE z NEWLINE DEDENT END")
        #expect(Self.tokens("if x:\n\tif y:\n\t\tz") == "if x : NEWLINE INDENT if y : NEWLINE INDENT z NEWLINE DEDENT DEDENT END")
        #expect(SyntaxTree.errorLine("if x:\n\ta\n        b") == "TabError: inconsistent use of tabs and spaces in indentation @3:1")
        #expect(SyntaxTree.errorLine("if x:\n        a\n\tb") == "TabError: inconsistent use of tabs and spaces in indentation @3:1")
        #expect(SyntaxTree.errorLine("if x:\n    a\n\tb") == "TabError: inconsistent use of tabs and spaces in indentation @3:1")
        #expect(SyntaxTree.error("if x:\n  \ta\n  \tb") == nil)
    }

    @Test(arguments: [
        (" x = 1", "IndentationError: unexpected indent @1:1"),
        ("x = 1\n    y = 2", "IndentationError: unexpected indent @2:4"),
        ("if x: pass\n  y", "IndentationError: unexpected indent @2:2"),
        ("if x:\n    a\n  b", "IndentationError: unindent does not match any outer indentation level @3:4"),
        ("if x:\n    a\n  bcd = (1,\n2)", "IndentationError: unindent does not match any outer indentation level @3:12"),
        ("if x:", "IndentationError: expected an indented block after 'if' statement on line 1 @1:6"),
        ("if x:\n\n", "IndentationError: expected an indented block after 'if' statement on line 1 @2:1"),
        ("if x:  # comment\n", "IndentationError: expected an indented block after 'if' statement on line 1 @1:17"),
        ("while x:\npass", "IndentationError: expected an indented block after 'while' statement on line 1 @2:1"),
        ("with a:\npass", "IndentationError: expected an indented block after 'with' statement on line 1 @2:1"),
        ("try:\n    pass\nfinally:\npass", "IndentationError: expected an indented block after 'finally' statement on line 3 @4:1"),
        ("if x:\n    pass\nelif y:\npass", "IndentationError: expected an indented block after 'elif' statement on line 3 @4:1"),
        ("for x in y:\n    pass\nelse:\npass", "IndentationError: expected an indented block after 'else' statement on line 3 @4:1"),
        ("class A:\npass", "IndentationError: expected an indented block after class definition on line 1 @2:1"),
        // The parser's error on an earlier line comes first, as in CPython.
        ("x y\nif x:\n    a\n  b", "SyntaxError: invalid syntax @1:3"),
    ])
    func indentationErrorsAreCPythons(_ c: (String, String)) {
        #expect(SyntaxTree.errorLine(c.0) == c.1, "\(c.0)")
    }

    @Test func theOldNoBlocksRuleIsGone() throws {
        #expect(try SyntaxTree.parse("if x:\n    y = 1") == "if(x){y = 1}")
        let error = try #require(SyntaxTree.error("x = 1\n    y = 2"))
        #expect(error.note == nil)
        #expect(DiagnosticFormatter(sourceName: "cell").format(error, source: SourceText("x = 1\n    y = 2")) == """
        IndentationError: unexpected indent
         --> cell:2:4
         2 |     y = 2
           |    ^
        """)
    }

    @Test func tooManyLevelsOfIndentation() {
        func nest(_ n: Int) -> String {
            (0..<n).map { String(repeating: "\t", count: $0) + "if x:" }.joined(separator: "\n") + "\n" + String(repeating: "\t", count: n) + "pass"
        }
        #expect(SyntaxTree.error(nest(99)) == nil)
        #expect(SyntaxTree.errorLine(nest(100)) == "IndentationError: too many levels of indentation @101:1")
    }
}

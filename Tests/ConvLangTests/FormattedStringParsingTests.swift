import Testing
@testable import ConvLang

/// f-strings: text and fields, conversions, specs with fields of their own, `{x=}`,
/// `{{`/`}}`, raw and concatenated literals; field expressions read by the real
/// expression parser with ranges in the cell; CPython 3.11's messages.
@Suite struct FormattedStringParsingTests {
    @Test func textFieldsConversionsAndSpecs() throws {
        #expect(try SyntaxTree.parse("f'Epoch {epoch}: loss {loss:.4f}'") == "fstr('Epoch ' {epoch} ': loss ' {loss:fstr('.4f')})")
        #expect(try SyntaxTree.parse("f\"{x!r:>{w}.{p}f}\"") == "fstr({x!r:fstr('>' {w} '.' {p} 'f')})")
        #expect(try SyntaxTree.parse("f'{x!s}{y!a}'") == "fstr({x!s} {y!a})")
        #expect(try SyntaxTree.parse("f'{{literal}} {{{x}}}'") == "fstr('{literal} {' {x} '}')")
        #expect(try SyntaxTree.parse("f'{x:{{}}}'") == "fstr({x:fstr({{}})})")
        #expect(try SyntaxTree.parse("f'{t:%H:%M}'") == "fstr({t:fstr('%H:%M')})")
        #expect(try SyntaxTree.parse("f'{a != b} {a >= b} {a if b else c}'") == "fstr({(a != b)} ' ' {(a >= b)} ' ' {if(b, a, c)})")
    }

    @Test func selfDocumentingFieldsKeepTheirText() throws {
        #expect(try SyntaxTree.parse("f'{x=}'") == "fstr({'x=' x!r})")
        #expect(try SyntaxTree.parse("f'{ x = }'") == "fstr({' x = ' x!r})")
        #expect(try SyntaxTree.parse("f'{x.shape=!s}'") == "fstr({'x.shape=' x.shape!s})")
        #expect(try SyntaxTree.parse("f'{loss=:.3f}'") == "fstr({'loss=' loss:fstr('.3f')})")
        #expect(try SyntaxTree.parse("f'{a==b=}'") == "fstr({'a==b=' (a == b)!r})")
    }

    @Test func rawConcatenatedNestedAndMultiline() throws {
        #expect(try SyntaxTree.parse("rf'\\d{x}' Rf'\\n' fR'{y}'") == "fstr('\\\\d' {x} '\\\\n' {y})")
        #expect(try SyntaxTree.parse("'a' f'{x}' \"b\"") == "fstr('a' {x} 'b')")
        #expect(try SyntaxTree.parse("'a' 'b'") == "'ab'")
        #expect(try SyntaxTree.parse("f'a\\tb{x}\\n'") == "fstr('a\\tb' {x} '\\n')")
        #expect(try SyntaxTree.parse("f'{d[\"k\"]}'") == "fstr({sub(d, 'k')})")
        #expect(try SyntaxTree.parse("f\"{f'{x}'}\"") == "fstr({fstr({x})})")
        #expect(try SyntaxTree.parse("f'{x, y}'") == "fstr({(x, y)})")
        #expect(try SyntaxTree.parse("f'''{\n    x\n    + 1\n}'''") == "fstr({(x + 1)})")
        #expect(try SyntaxTree.parse("f''") == "fstr()")
    }

    @Test func fieldRangesPointIntoTheCell() throws {
        let code = "s = f\"val: {a + b:>{width}}\""
        let source = SourceText(code)
        guard case .assign(_, .formattedString(let parts, let range), _) = try Parser.parse(source).statements[0],
              case .field(let value, _, let spec, _) = parts[1], case .field(let width, _, _, _) = spec[1] else {
            Issue.record("unexpected tree")
            return
        }
        #expect(source.slice(range) == "f\"val: {a + b:>{width}}\"")
        #expect(source.slice(value.range) == "a + b")
        #expect(source.slice(width.range) == "width")
    }

    /// CPython 3.11's messages; the caret is in the field (3.11 itself points past
    /// the string; 3.12 points in the field, as here).
    @Test(arguments: [
        ("f\"{}\"", "SyntaxError: f-string: empty expression not allowed @1:3"),
        ("f\"{ }\"", "SyntaxError: f-string: empty expression not allowed @1:3"),
        ("f\"a}b\"", "SyntaxError: f-string: single '}' is not allowed @1:4"),
        ("f\"{x}}\"", "SyntaxError: f-string: single '}' is not allowed @1:6"),
        ("f\"{x\"", "SyntaxError: f-string: expecting '}' @1:5"),
        ("f\"{x:{y}\"", "SyntaxError: f-string: expecting '}' @1:9"),
        ("f\"{x!r   }\"", "SyntaxError: f-string: expecting '}' @1:7"),
        ("f\"{x!}\"", "SyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a' @1:6"),
        ("f\"{x!z}\"", "SyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a' @1:6"),
        ("f\"{!r}\"", "SyntaxError: f-string: expression required before '!' @1:4"),
        ("f\"{:x}\"", "SyntaxError: f-string: expression required before ':' @1:4"),
        ("f\"{#}\"", "SyntaxError: f-string expression part cannot include '#' @1:4"),
        ("f\"{x\\n}\"", "SyntaxError: f-string expression part cannot include a backslash @1:5"),
        ("f\"{x:{y:{z}}}\"", "SyntaxError: f-string: expressions nested too deeply @1:9"),
        ("f\"{x)}\"", "SyntaxError: f-string: unmatched ')' @1:5"),
        ("f\"{(x}\"", "SyntaxError: f-string: closing parenthesis '}' does not match opening parenthesis '(' @1:6"),
        ("f\"{*x}\"", "SyntaxError: f-string: cannot use starred expression here @1:4"),
        ("f\"{a b}\"", "SyntaxError: f-string: invalid syntax. Perhaps you forgot a comma? @1:4"),
        ("x = f\"{1 +}\"", "SyntaxError: f-string: invalid syntax @1:11"),
        ("f\"{lambda x: 1}\"", "SyntaxError: f-string: invalid syntax @1:12"),
        ("x = 1\ny = f'''\n{a b}'''", "SyntaxError: f-string: invalid syntax. Perhaps you forgot a comma? @3:2"),
    ])
    func errorsHaveCPythonsMessagesAndACaretInTheField(_ c: (String, String)) {
        #expect(SyntaxTree.errorLine(c.0) == c.1, "\(c.0)")
    }

    @Test func theCaretIsUnderTheFieldsError() throws {
        let code = "print(f\"{X.shape} {K.shape[0] K.shape[1]}\")"
        let error = try #require(SyntaxTree.error(code))
        #expect(DiagnosticFormatter(sourceName: "cell").format(error, source: SourceText(code)) == """
        SyntaxError: f-string: invalid syntax. Perhaps you forgot a comma?
         --> cell:1:20
         1 | print(f"{X.shape} {K.shape[0] K.shape[1]}")
           |                    ^~~~~~~~~~~~~~~~~~~~~
        """)
    }

    @Test func anErrorInAFieldIsNotMistakenForAnUnfinishedCell() {
        #expect(Completeness.check("f'{1 +}'") == .invalid)
        #expect(Completeness.check("x = f'{a}'") == .complete)
    }
}

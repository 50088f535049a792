import Testing
@testable import ConvLang

/// `help(f)` on the user's own functions prints pydoc's page, as CPython printed it
/// (`scripts/generate_help_fixtures.py`); `f?` shows IPython's inspector fields.
@Suite struct HelpFixtureTests {
    static let fixture = ProgramFixture("tooling/help")

    @Test func fixtureComesFromCPython() {
        #expect(Self.fixture.metadata["python"]?.hasPrefix("3.11") == true)
        #expect(Self.fixture.cases.count >= 8)
    }

    @Test(arguments: fixture.cases)
    func helpMatchesPydoc(_ c: ProgramFixture.Case) {
        ProgramFixture.expectSameOutput(c)
    }

    /// IPython's inspector, coloured as ipykernel sends it (tests/kernel/test_completion_types.py
    /// compares the same layout with real ipykernel's).
    @Test func questionMarkShowsSignatureAndDocstring() {
        let session = Session()
        _ = session.interpreter.run("def trans_conv(X, K, *, stride=1):\n    \"\"\"Scatter-add.\n\n    Returns Y.\"\"\"\n    return X")
        #expect(session.interpreter.inspect("trans_conv", cursor: 10)
                == "\(red("Signature:")) trans_conv(X, K, *, stride=\(green("1")))\n\(red("Docstring:"))\nScatter-add.\n\nReturns Y.\n\(red("Type:"))      function")
        _ = session.interpreter.run("def g(a, b=2): pass")
        #expect(session.interpreter.inspect("g", cursor: 1)
                == "\(red("Signature:")) g(a, b=\(green("2")))\n\(red("Docstring:")) <no docstring>\n\(red("Type:"))      function")
        // One line of docstring stays beside its header.
        _ = session.interpreter.run("def h():\n    'Does h.'")
        #expect(session.interpreter.inspect("h", cursor: 1) == "\(red("Signature:")) h()\n\(red("Docstring:")) Does h.\n\(red("Type:"))      function")
    }

    /// IPython 9's `PyColorize.Parser(theme_name='neutral')` coloured this source so.
    @Test func doubleQuestionMarkShowsTheSourceInsteadOfTheDocstring() throws {
        let session = Session()
        _ = session.interpreter.run("x = 1\ndef f(a, b='s'):  # note\n\t'''Doc.'''\n\treturn a if b else None\ny = 2")
        let source = "\(keyword("def")) f(a, b=\(yellow("'s'"))):  \u{1B}[38;5;66;03m# note\u{1B}[39;00m\n        \(yellow("'''Doc.'''"))\n"
            + "        \(keyword("return")) a \(keyword("if")) b \(keyword("else")) \(keyword("None"))"
        #expect(session.interpreter.inspect("f", cursor: 1, detailLevel: 1)
                == "\(red("Signature:")) f(a, b=\(yellow("'s'")))\n\(red("Source:"))   \n\(source)\n\(red("Type:"))      function")
        try session.run("f??")
        try session.run("??f")
        try session.run("f?")
        #expect(session.sink.stdout.components(separatedBy: red("Source:")).count == 3)
        #expect(session.sink.stdout.components(separatedBy: red("Docstring:")).count == 2)
    }

    private func red(_ text: String) -> String { "\u{1B}[31m\(text)\u{1B}[39m" }
    private func green(_ text: String) -> String { "\u{1B}[32m\(text)\u{1B}[39m" }
    private func yellow(_ text: String) -> String { "\u{1B}[33m\(text)\u{1B}[39m" }
    private func keyword(_ text: String) -> String { "\u{1B}[38;5;28;01m\(text)\u{1B}[39;00m" }
}

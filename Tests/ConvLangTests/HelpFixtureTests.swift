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

    @Test func questionMarkShowsSignatureAndDocstring() {
        let session = Session()
        session.interpreter.run("def trans_conv(X, K, *, stride=1):\n    \"\"\"Scatter-add.\n\n    Returns Y.\"\"\"\n    return X")
        #expect(session.interpreter.inspect("trans_conv", cursor: 10)
                == "Signature: trans_conv(X, K, *, stride=1)\nDocstring:\nScatter-add.\n\nReturns Y.\nType:      function")
        session.interpreter.run("def g(a, b=2): pass")
        #expect(session.interpreter.inspect("g", cursor: 1) == "Signature: g(a, b=2)\nDocstring: <no docstring>\nType:      function")
    }
}

import Testing
@testable import ConvLang

/// Tests name a diagnostic by its identifier: the catalogues hold every text, so a
/// rewording changes one file and no test.
@Suite struct DiagnosticIDTests {
    static let cases: [(source: String, id: DiagnosticID)] = [
        ("def f()\n    pass", SyntaxMessage.expected(":").id),
        ("if x:\npass", SyntaxMessage.expectedIndentedBlock(after: "", line: 0).id),
        ("x = (1, 2", SyntaxMessage.neverClosed(bracket: "(").id),
        ("f(a=1, a=2)", SyntaxMessage.keywordRepeated("a").id),
        ("def f(a=1, b): pass", SyntaxMessage.nonDefaultAfterDefault.id),
        ("return 1", SyntaxMessage.returnOutsideFunction.id),
        ("f(x for x in y, 1)", SyntaxMessage.generatorUnparenthesized.id),
        ("a, *b, *c = d", SyntaxMessage.multipleStarredTargets.id),
        ("del 1", SyntaxMessage.cannotTarget(verb: "", what: "").id),
        ("print 'x'", SyntaxMessage.missingParentheses(call: "print").id),
        ("async def f(): pass", SyntaxMessage.unsupported("").id),
        ("nonlocal x", SyntaxMessage.nonlocalAtModuleLevel.id),
        ("1 = x", SyntaxMessage.cannotAssignComparisonHint("").id),
        ("def f(a, b): pass\nf(1)", CallMessage.missingArguments(function: "", kind: "", names: []).id),
        ("def f(a): pass\nf(1, 2)", CallMessage.tooManyPositional(function: "", takes: "", plural: false, given: 0, keywordOnlyGiven: nil).id),
        ("def f(a): pass\nf(1, a=2)", CallMessage.multipleValues(function: "", argument: "").id),
        ("def f(a): pass\nf(b=2)", CallMessage.unexpectedKeyword(function: "", argument: "").id),
        ("def f(a, /): pass\nf(a=2)", CallMessage.positionalOnlyAsKeyword(function: "", arguments: []).id),
        ("def f():\n    x = 1\n    global x", ScopeMessage.assignedBeforeDeclaration(name: "", declaration: "").id),
        ("def f():\n    nonlocal q", ScopeMessage.noNonlocalBinding("").id),
        ("f'{}'", SyntaxMessage.formattedString("").id),
        ("if True:\n\tx = 1\n        y = 2", SyntaxMessage.inconsistentTabs.id),
    ]

    @Test(arguments: cases.indices)
    func diagnosticHasItsIdentifier(_ i: Int) {
        let (source, id) = Self.cases[i]
        let session = Session()
        let error = session.interpreter.run(source).error
        #expect(error?.id == id, "\(source): \(error?.id?.description ?? "no id") \(error?.headline ?? "")")
        #expect(error?.severity == .error)
    }

    @Test func identifiersNameTheCaseNotItsPayload() {
        #expect(SyntaxMessage.keywordRepeated("a").id.description == "syntax.keywordRepeated")
        #expect(SyntaxMessage.invalidSyntax.id.description == "syntax.invalidSyntax")
        #expect(ScopeMessage.noNonlocalBinding("q").id.description == "scope.noNonlocalBinding")
        #expect(SyntaxMessage.inconsistentTabs.kind == "TabError")
        #expect(CallMessage.missingArguments(function: "f", kind: "positional", names: ["a", "b", "c"]).text
                == "f() missing 3 required positional arguments: 'a', 'b', and 'c'")
        #expect(CallMessage.tooManyPositional(function: "f", takes: "1", plural: false, given: 2, keywordOnlyGiven: 1).text
                == "f() takes 1 positional argument but 2 positional arguments (and 1 keyword-only argument) were given")
    }
}

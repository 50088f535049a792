import Testing
@testable import ConvLang

/// `is_complete` by IPython's rules: block headers ask for an indented line, an
/// indented block runs once a blank line ends it, open brackets and strings wait,
/// syntax errors are invalid.
@Suite struct CompletenessTests {
    @Test(arguments: [
        ("def f():", Completeness.incomplete(indent: "    ")),
        ("for i in range(3):", .incomplete(indent: "    ")),
        ("if x:  # comment", .incomplete(indent: "    ")),
        ("if x:\n    if y:", .incomplete(indent: "        ")),
        ("class A:\n    def f(self):\n        return 1", .incomplete(indent: "        ")),
        ("if x:\n    y = 1", .incomplete(indent: "    ")),
        ("if x:\n\ty = 1", .incomplete(indent: "    ")),
        ("if x:\n    y = 1\n", .complete),
        ("if x:\n    y = 1\n\n", .complete),
        ("if x:\n    y = 1\nz = 2", .complete),
        ("if x:\n  y\nelse:", .incomplete(indent: "    ")),
        ("try:\n    x\n", .incomplete(indent: "    ")),
        ("if x:\n\n", .incomplete(indent: "")),
        ("print(\"x-#\")", .complete),
        ("s = 'a # b'  # real comment", .complete),
        ("x = 1 # (", .complete),
        ("x = torch.ones(1,", .incomplete(indent: "")),
        ("x = (1,\n     2", .incomplete(indent: "     ")),
        ("\"\"\"abc", .incomplete(indent: "")),
        ("%timeit x", .complete),
        ("!ls", .complete),
        ("%%timeit\nx", .incomplete(indent: "")),
        ("%%timeit\nx\n", .incomplete(indent: "")),
        ("%%timeit\nx\n\n", .complete),
        ("if x:\n y\n  z", .invalid),
        ("x = )", .invalid),
        ("def f(a=1, b): pass", .invalid),
        ("return 1", .invalid),
        ("", .complete),
        ("   \n", .complete),
    ])
    func followsIPython(_ c: (String, Completeness)) {
        #expect(Completeness.check(c.0) == c.1, "\(c.0.debugDescription)")
    }
}

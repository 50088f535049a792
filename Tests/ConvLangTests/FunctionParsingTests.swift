import Testing
@testable import ConvLang

/// `def`, `class`, decorators, docstrings, parameters of every kind, `lambda`, and
/// CPython's errors for parameters in the wrong order or repeated.
@Suite struct FunctionParsingTests {
    @Test func dcganGenerator() throws {
        let code = """
        class Generator(nn.Module):
            \"\"\"Maps a latent vector to an image.\"\"\"

            def __init__(self, nz=100, ngf=64):
                super().__init__()
                self.main = nn.Sequential(
                    nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False),
                    nn.BatchNorm2d(ngf * 8),
                    nn.ReLU(True),
                )

            def forward(self, input):
                return self.main(input)
        """
        #expect(try SyntaxTree.parse(code) == """
        class Generator(nn.Module) "Maps a latent vector to an image." {'Maps a latent vector to an image.'; \
        def __init__(self, nz=100, ngf=64) {call(call(super).__init__); self.main = call(nn.Sequential, \
        call(nn.ConvTranspose2d, nz, (ngf * 8), 4, 1, 0, bias=False), call(nn.BatchNorm2d, (ngf * 8)), call(nn.ReLU, True))}; \
        def forward(self, input) {return(call(self.main, input))}}
        """)
    }

    @Test func parametersOfEveryKind() throws {
        let f = try definition("def f(a, b=1, /, c=2, *args, d, e=3, **kwargs):\n    return a")
        #expect(f.parameters.map(\.name) == ["a", "b", "c", "args", "d", "e", "kwargs"])
        #expect(f.parameters.map(\.kind) == [.regular, .regular, .regular, .variadicPositional, .keywordOnly, .keywordOnly, .variadicKeyword])
        #expect(f.parameters.map(\.isPositionalOnly) == [true, true, false, false, false, false, false])
        #expect(f.parameters.map { $0.defaultValue.map(SyntaxTree.describe) } == [nil, "1", "2", nil, nil, "3", nil])
        #expect(try SyntaxTree.parse("def f(*, k, **kw): pass") == "def f(*, k, **kw) {pass}")
        #expect(try SyntaxTree.parse("def f(x: int = 1, *a: int, k: str, **kw: int) -> None:\n    pass")
                == "def f(x: int=1, *a: int, k: str, **kw: int) -> None {pass}")
        #expect(try SyntaxTree.parse("def f(a, /): pass") == "def f(a, /) {pass}")
    }

    @Test func decoratorsAndDocstrings() throws {
        let code = "@torch.no_grad()\n@staticmethod\ndef f(x):\n    'Doubles x.'\n    return 2 * x\n"
        let f = try definition(code)
        #expect(f.decorators.map(SyntaxTree.describe) == ["call(torch.no_grad)", "staticmethod"])
        #expect(f.docstring == "Doubles x.")
        #expect(f.body.count == 2)
        #expect(try definition("def f():\n    f'not {a} docstring'").docstring == nil)
        #expect(try SyntaxTree.parse("@a.b(c)\n@d\nclass E(F, *G, metaclass=M, **kw):\n    pass") == "@call(a.b, c) @d class E(F, *G, metaclass=M, **kw) {pass}")
    }

    @Test func lambdas() throws {
        #expect(try SyntaxTree.parse("f = lambda: 0") == "f = lambda(: 0)")
        #expect(try SyntaxTree.parse("f = lambda a, b=1, *c, d, **e: a if b else c") == "f = lambda(a, b=1, *c, d, **e: if(b, a, c))")
        #expect(try SyntaxTree.parse("sorted(xs, key=lambda x: -x[1])") == "call(sorted, xs, key=lambda(x: -(sub(x, 1))))")
        #expect(try SyntaxTree.parse("f = lambda x: lambda y: x + y") == "f = lambda(x: lambda(y: (x + y)))")
        #expect(try SyntaxTree.parse("lambda x,: x") == "lambda(x: x)")
    }

    @Test func returnsAndScopes() throws {
        #expect(try SyntaxTree.parse("def f(x):\n    if x:\n        return\n    return x, -x") == "def f(x) {if(x){return}; return((x, -(x)))}")
        #expect(try SyntaxTree.parse("def f():\n    x = 1\n    def g():\n        nonlocal x\n        x += 1\n    return g") ==
                "def f() {x = 1; def g() {nonlocal(x); (x += 1)}; return(g)}")
    }

    @Test(arguments: [
        ("def f(a=1, b):\n    pass", "SyntaxError: non-default argument follows default argument @1:12"),
        ("def f(x, x):\n    pass", "SyntaxError: duplicate argument 'x' in function definition @1:10"),
        ("lambda x, *, x: 1", "SyntaxError: duplicate argument 'x' in function definition @1:14"),
        ("def f(*):\n    pass", "SyntaxError: named arguments must follow bare * @1:7"),
        ("def f(**k, a): pass", "SyntaxError: arguments cannot follow var-keyword argument @1:12"),
        ("def f(/, a): pass", "SyntaxError: at least one argument must precede / @1:7"),
        ("def f(a, /, b, /): pass", "SyntaxError: / may appear only once @1:16"),
        ("def f(*a, /): pass", "SyntaxError: / must be ahead of * @1:11"),
        ("def f(*a, *b): pass", "SyntaxError: * argument may appear only once @1:11"),
        ("def f(*a=1): pass", "SyntaxError: var-positional argument cannot have default value @1:9"),
        ("def f(**k=1): pass", "SyntaxError: var-keyword argument cannot have default value @1:10"),
        ("def f:\n    pass", "SyntaxError: expected '(' @1:6"),
        ("def f()\n    pass", "SyntaxError: expected ':' @1:8"),
        ("def f():\nreturn 1", "IndentationError: expected an indented block after function definition on line 1 @2:1"),
        ("class A:\n    def f(self):\n    pass", "IndentationError: expected an indented block after function definition on line 2 @3:5"),
        ("nonlocal x", "SyntaxError: nonlocal declaration not allowed at module level @1:1"),
        ("def f(x):\n    global x", "SyntaxError: name 'x' is parameter and global @2:5"),
        // The symbol table's errors come before the compiler's.
        ("return 1\ndef f(x, x): pass", "SyntaxError: duplicate argument 'x' in function definition @2:10"),
    ])
    func definitionErrorsAreCPythons(_ c: (String, String)) {
        #expect(SyntaxTree.errorLine(c.0) == c.1, "\(c.0)")
    }

    /// What ConvLang leaves out is refused where it is written, saying so.
    @Test(arguments: [
        ("def f():\n    yield 1", "SyntaxError: generators (yield) are not supported by ConvLang @2:5"),
        ("def f():\n    x = yield", "SyntaxError: generators (yield) are not supported by ConvLang @2:9"),
        ("def f():\n    yield from g()", "SyntaxError: generators (yield) are not supported by ConvLang @2:5"),
        ("f = lambda: (yield)", "SyntaxError: generators (yield) are not supported by ConvLang @1:14"),
        ("yield 1", "SyntaxError: 'yield' outside function @1:1"),
        ("async def f():\n    pass", "SyntaxError: coroutines (async def, async for, async with, await) are not supported by ConvLang @1:1"),
        ("x = await f()", "SyntaxError: coroutines (async def, async for, async with, await) are not supported by ConvLang @1:5"),
        ("[x async for x in y]", "SyntaxError: coroutines (async def, async for, async with, await) are not supported by ConvLang @1:4"),
        ("if (n := len(a)) > 10:\n    pass", "SyntaxError: assignment expressions (:=) are not supported by ConvLang @1:7"),
        ("try:\n    pass\nexcept* E:\n    pass", "SyntaxError: exception groups (except*) are not supported by ConvLang @3:1"),
    ])
    func unsupportedSyntaxIsRefusedClearly(_ c: (String, String)) {
        #expect(SyntaxTree.errorLine(c.0) == c.1, "\(c.0)")
    }

    @Test func oldRefusalsAreGone() throws {
        for code in ["def f(X, K):\n    return X", "class Net(nn.Module):\n    pass", "for i in range(2):\n    print(i)", "f = lambda x: x",
                     "while x:\n    x -= 1", "if x:\n    y = 1"] {
            #expect(SyntaxTree.error(code) == nil, "\(code)")
        }
    }

    private func definition(_ code: String) throws -> FunctionDefinition {
        guard case .functionDefinition(let f)? = try Parser.parse(SourceText(code)).statements.last else {
            throw Diagnostic(.syntax, "not a def", nil)
        }
        return f
    }
}

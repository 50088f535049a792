/// Exceptions as Python programs use them: user exception classes with initialisers,
/// `__str__` and hierarchies; `try` with every clause nested and crossed with `return`,
/// `break` and `continue`; `raise`, `raise ... from`, `from None` and bare re-raise;
/// chained causes and contexts read back; user context managers that suppress or not;
/// and exceptions raised from dunder methods, properties, comprehensions and
/// initialisers.
extension FuzzGrammar {
    mutating func exceptionProgram(_ depth: Int) -> String {
        let classes = exceptionClasses()
        let body: String
        switch rng.below(6) {
        case 0: body = tryStatement(depth, indent: "")
        case 1: body = raisingFunctions()
        case 2: body = contextManager()
        case 3: body = raisingDunders()
        case 4: body = chained()
        default: body = controlFlowThroughFinally()
        }
        return classes + "\n" + body
    }

    /// A small hierarchy of user exceptions, as tutorials define them.
    private mutating func exceptionClasses() -> String {
        let base = rng.pick(["Exception", "ValueError", "RuntimeError", "LookupError", "ArithmeticError", "BaseException", "object", "int"])
        let initialiser = rng.pick([
            "    pass",
            "    def __init__(self, message='bad', code=\(atom())):\n        super().__init__(message)\n        self.code = code",
            "    def __init__(self, *args):\n        self.args = args",
            "    def __str__(self):\n        return \(rng.pick(["f'AppError: {self.args}'", "'custom'", "self.args[0]", "42", "str(self.args)"]))",
            "    code = \(atom())\n    def __repr__(self):\n        return 'AppError()'",
            "    def __init__(self, shape):\n        self.shape = shape\n        super().__init__(f'bad shape {shape}')",
        ])
        return "class AppError(\(base)):\n\(initialiser)\n"
            + "class ShapeError(AppError):\n    pass\n"
            + "class Other(\(rng.pick(["Exception", "AppError", "ShapeError", "TypeError"]))):\n    '''Another.'''"
    }

    /// What a `try` body or a handler raises or does.
    private mutating func risky() -> String {
        rng.pick([
            "raise AppError(\(atom()))", "raise ShapeError((1, 2))", "raise Other", "raise AppError", "raise AppError() from None",
            "raise ShapeError('s') from AppError('a')", "raise ValueError('v') from \(rng.pick(["None", "e", "3", "AppError", "AppError()"]))",
            "raise", "raise 3", "raise \(rng.pick(FuzzVocabulary.variables))", "1 / \(number())", "[][\(number())]", "{}['k']",
            "int(\(string()))", "torch.ones(2) @ torch.ones(\(number()))", "nn.Conv2d(1, 1, 3)(torch.rand(1, 2, 4, 4))",
            "assert \(condition()), AppError('why')", "undefined_name", "None.attr", "x = \(pythonExpression(1))", "pass",
            "print(\(pythonExpression(1)))", "raise KeyboardInterrupt", "raise StopIteration", "raise SystemExit(\(atom()))",
        ])
    }

    private mutating func handlerType() -> String {
        rng.pick(["", " AppError", " ShapeError as e", " (AppError, ValueError) as e", " Other as e", " Exception as e", " BaseException as e",
                  " ZeroDivisionError as e", " (IndexError, KeyError)", " RuntimeError as e", " TypeError as e", " e", " 3", " AppError()",
                  " NameError as e", " AttributeError as err", " AssertionError as e", " StopIteration", " *AppError"])
    }

    /// `try` with handlers, `else` and `finally`, nested while `depth` lasts.
    private mutating func tryStatement(_ depth: Int, indent: String) -> String {
        let inner = indent + "    "
        func block(_ grammar: inout FuzzGrammar) -> String {
            (0..<(1 + grammar.rng.below(2))).map { _ in
                depth > 0 && grammar.rng.chance(0.3) ? grammar.tryStatement(depth - 1, indent: inner) : inner + grammar.risky()
            }.joined(separator: "\n")
        }
        var text = indent + "try:\n" + block(&self)
        let handlers = rng.below(4)
        for _ in 0..<handlers {
            text += "\n" + indent + "except\(handlerType()):\n"
            text += inner + rng.pick(["print(type(e).__name__, e)", "print(e.args)", "print(repr(e))", "pass", "raise",
                                      "raise Other('again') from e", "print(e.__cause__, e.__context__)", "print(str(e))", "del e",
                                      "print(isinstance(e, AppError), issubclass(type(e), Exception))", risky()])
        }
        if handlers > 0, rng.chance(0.3) { text += "\n" + indent + "else:\n" + block(&self) }
        if handlers == 0 || rng.chance(0.4) { text += "\n" + indent + "finally:\n" + block(&self) }
        if rng.chance(0.3) { text += "\n" + indent + rng.pick(["print(e)", "e", "print('after')"]) }
        return text
    }

    /// Functions that raise through several frames, caught or not at the top.
    private mutating func raisingFunctions() -> String {
        let deepest = rng.pick(["raise ShapeError(x.shape)", "return x.view(\(number()), 5)", "raise AppError(f'{x!r}')",
                                "return [x][\(number())]", "return 1 // x", "raise Other(x) from ValueError(x)"])
        let call = "outer(\(rng.pick(["torch.ones(2, 3)", "0", "3", "'s'", "None"])))"
        let calls = rng.chance(0.5) ? call : "try:\n    \(call)\nexcept\(handlerType()):\n    print('caught', type(e).__name__)"
        return "def inner(x):\n    \(deepest)\ndef middle(x):\n    return inner(x)\ndef outer(x):\n    try:\n        return middle(x)\n"
            + "    finally:\n        \(rng.pick(["print('cleanup')", "pass", "x = None", "raise AppError('in finally')"]))\n" + calls
    }

    /// A user context manager whose `__exit__` sees the exception and may suppress it.
    private mutating func contextManager() -> String {
        let exit = rng.pick(["return True", "return False", "return None", "print(t, v)\n        return isinstance(v, AppError)",
                             "raise Other('from exit')", "return 1"])
        let enter = rng.pick(["return self", "return 3", "raise AppError('enter')", "return None"])
        let use = rng.pick(["with Guard() as g:\n    \(risky())\n    print('unreached?')",
                            "with Guard() as g, Guard():\n    \(risky())",
                            "with Guard():\n    with Guard() as h:\n        \(risky())\nprint('after')",
                            "def f():\n    with Guard():\n        return \(pythonExpression(1))\nf()",
                            "for i in range(3):\n    with Guard():\n        \(rng.pick(["break", "continue", risky()]))\n    print(i)",
                            "with Guard:\n    pass", "with \(rng.pick(["3", "None", "AppError()"])):\n    pass"])
        return "class Guard:\n    def __enter__(self):\n        \(enter)\n    def __exit__(self, t, v, tb):\n        \(exit)\n" + use
    }

    /// Exceptions out of what Python calls for you: `__repr__`, `__len__`, `__eq__`,
    /// `__getitem__`, a property, an initialiser, a comprehension, a lambda.
    private mutating func raisingDunders() -> String {
        let dunder = rng.pick(["__repr__(self)", "__str__(self)", "__len__(self)", "__eq__(self, other)", "__getitem__(self, i)",
                               "__iter__(self)", "__call__(self, *a)", "__init__(self)", "__bool__(self)", "__hash__(self)"])
        let body = rng.pick(["raise AppError('in dunder')", "return 1 / 0", "return \(pythonExpression(1))", "raise StopIteration"])
        let use = rng.pick(["print(W())", "repr(W())", "str(W())", "len(W())", "W() == 1", "W()[0]", "list(W())", "W()(1)",
                            "bool(W())", "{W(): 1}", "f'{W()}'", "[W() for _ in range(2)]", "W() if W() else 0", "sorted([W(), W()])",
                            "try:\n    print(W())\nexcept AppError as e:\n    print('caught', e)"])
        let property = rng.chance(0.3) ? "    @property\n    def p(self):\n        raise AppError('prop')\n" : ""
        let tail = property.isEmpty ? "" : "\n" + rng.pick(["W().p", "getattr(W(), 'p', 0)", "hasattr(W(), 'p')"])
        return "class W:\n\(property)    def \(dunder):\n        \(body)\n" + use + tail
    }

    /// Chains read back: `__cause__`, `__context__`, `__suppress_context__`, `args`.
    private mutating func chained() -> String {
        let read = rng.pick(["print(type(e.__cause__).__name__, type(e.__context__).__name__)", "print(e.__suppress_context__)",
                             "print(e.args, e.__cause__.args if e.__cause__ else None)", "print(e.__traceback__ is None)",
                             "print(e.with_traceback(None) is e)", "raise e", "raise e.__context__", "print(e.code)"])
        return "try:\n    try:\n        \(risky())\n    except Exception as first:\n        raise AppError('second') from \(rng.pick(["first", "None", "first.__context__"]))\n"
            + "except BaseException as e:\n    \(read)"
    }

    /// `return`, `break` and `continue` crossing `finally` (and `finally` overriding them).
    private mutating func controlFlowThroughFinally() -> String {
        let finalBody = rng.pick(["return 'finally'", "print('finally')", "pass", "raise AppError('f')", "break", "continue"])
        return rng.pick([
            "def f():\n    try:\n        \(risky())\n        return 'try'\n    finally:\n        \(finalBody)\nf()",
            "out = []\nfor i in range(3):\n    try:\n        if i == 1:\n            \(rng.pick(["break", "continue", risky()]))\n        out.append(i)\n    finally:\n        \(finalBody)\nout",
            "def g():\n    for i in range(2):\n        try:\n            return i\n        finally:\n            \(finalBody)\ng()",
            "i = 0\nwhile i < 3:\n    i += 1\n    try:\n        \(risky())\n    except AppError:\n        continue\n    finally:\n        print('f', i)\ni",
        ])
    }
}

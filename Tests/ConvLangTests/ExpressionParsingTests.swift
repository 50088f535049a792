import Testing
@testable import ConvLang

/// Comprehensions, conditional expressions, lambdas in context, starred items,
/// displays, calls, and Python's precedence among them.
@Suite struct ExpressionParsingTests {
    @Test func comprehensionsOfEveryKind() throws {
        #expect(try SyntaxTree.parse("[i * j for i in range(3) if i for j in range(i) if j if i]")
                == "listcomp((i * j) for i in call(range, 3) if i for j in call(range, i) if j if i)")
        #expect(try SyntaxTree.parse("{k: v for k, v in d.items()}") == "dictcomp(k: v for (k, v) in call(d.items))")
        #expect(try SyntaxTree.parse("{x % 3 for x in y}") == "setcomp((x % 3) for x in y)")
        #expect(try SyntaxTree.parse("(x for x in y)") == "genexp(x for x in y)")
        #expect(try SyntaxTree.parse("[[r * c for c in row] for r, row in enumerate(m)]")
                == "listcomp(listcomp((r * c) for c in row) for (r, row) in call(enumerate, m))")
        // A comprehension's `in` takes a disjunction: `if` after it is a filter.
        #expect(try SyntaxTree.parse("[x for x in a or b if x]") == "listcomp(x for x in (a or b) if x)")
        #expect(try SyntaxTree.parse("[x if x else 0 for x in y]") == "listcomp(if(x, x, 0) for x in y)")
    }

    @Test func generatorExpressionAsTheOnlyArgument() throws {
        #expect(try SyntaxTree.parse("sum(x * x for x in range(10))") == "call(sum, genexp((x * x) for x in call(range, 10)))")
        #expect(try SyntaxTree.parse("torch.stack(list(t for t in ts), dim=0)") == "call(torch.stack, call(list, genexp(t for t in ts)), dim=0)")
        #expect(SyntaxTree.errorLine("f(x for x in y, 1)") == "SyntaxError: Generator expression must be parenthesized @1:3")
        #expect(SyntaxTree.errorLine("f(1, x for x in y)") == "SyntaxError: Generator expression must be parenthesized @1:6")
    }

    @Test func precedence() throws {
        #expect(try SyntaxTree.parse("x = a if b else c if d else e") == "x = if(b, a, if(d, c, e))")
        #expect(try SyntaxTree.parse("not a == b and c or d") == "((not((a == b)) and c) or d)")
        #expect(try SyntaxTree.parse("a not in b is not c") == "(a not in b is not c)")
        #expect(try SyntaxTree.parse("-x ** 2 + y @ w | m & n ^ k << 1 >> 2") == "((-((x ** 2)) + (y @ w)) | ((m & n) ^ ((k << 1) >> 2)))")
        #expect(try SyntaxTree.parse("a | b ^ c & d << e + f * g ** h") == "(a | (b ^ (c & (d << (e + (f * (g ** h)))))))")
        #expect(try SyntaxTree.parse("f = lambda: a if b else c") == "f = lambda(: if(b, a, c))")
        #expect(try SyntaxTree.parse("x = 1 if a else lambda: 2") == "x = if(a, 1, lambda(: 2))")
    }

    @Test func starredTargetsArgumentsAndDisplays() throws {
        #expect(try SyntaxTree.parse("a, *rest = f(*args, **kwargs)") == "(a, *rest) = call(f, *args, **kwargs)")
        #expect(try SyntaxTree.parse("[*a, *b]") == "[*a, *b]")
        #expect(try SyntaxTree.parse("x = *a, *b") == "x = (*a, *b)")
        #expect(try SyntaxTree.parse("{**a, 'b': 1, **c}") == "{**a, 'b': 1, **c}")
        #expect(try SyntaxTree.parse("s = {1, *a}") == "s = {1, *a}")
        #expect(try SyntaxTree.parse("x = {}") == "x = {}")
        #expect(try SyntaxTree.parse("print(*rows, sep='\\n')") == "call(print, *rows, sep='\\n')")
        #expect(try SyntaxTree.parse("x[*idx]") == "sub(x, *idx)")
        #expect(try SyntaxTree.parse("for i, *_ in x: pass") == "for((i, *_) in x){pass}")
    }

    @Test(arguments: [
        ("a, *b, *c = x", "SyntaxError: multiple starred expressions in assignment @1:1"),
        ("*a = x", "SyntaxError: starred assignment target must be in a list or tuple @1:1"),
        ("x = *a", "SyntaxError: can't use starred expression here @1:5"),
        ("(*a)", "SyntaxError: cannot use starred expression here @1:2"),
        ("[*a for a in b]", "SyntaxError: iterable unpacking cannot be used in comprehension @1:2"),
        ("{**a for a in b}", "SyntaxError: dict unpacking cannot be used in dict comprehension @1:2"),
        ("f(**k, *a)", "SyntaxError: iterable argument unpacking follows keyword argument unpacking @1:8"),
        ("f(**k, a)", "SyntaxError: positional argument follows keyword argument unpacking @1:9"),
        ("f(a=1, b)", "SyntaxError: positional argument follows keyword argument @1:9"),
        ("f(x=1, x=2)", "SyntaxError: keyword argument repeated: x @1:8"),
        ("f(a.b=1)", "SyntaxError: expression cannot contain assignment, perhaps you meant \"==\"? @1:3"),
        ("x = 1 if y", "SyntaxError: expected 'else' after 'if' expression @1:5"),
        ("if x = 1: pass", "SyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='? @1:4"),
        ("f() = 1", "SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='? @1:1"),
        ("x = f() = 1", "SyntaxError: cannot assign to function call @1:5"),
        ("a < b = 1", "SyntaxError: cannot assign to comparison @1:1"),
        ("None = 1", "SyntaxError: cannot assign to None @1:1"),
        ("[x for x in y] = 1", "SyntaxError: cannot assign to list comprehension here. Maybe you meant '==' instead of '='? @1:1"),
        ("for f() in y: pass", "SyntaxError: cannot assign to function call @1:5"),
        ("[1 for 1 in y]", "SyntaxError: cannot assign to literal @1:8"),
        ("with a as f(): pass", "SyntaxError: cannot assign to function call @1:11"),
        ("del f()", "SyntaxError: cannot delete function call @1:5"),
        ("(a, b) += 1", "SyntaxError: 'tuple' is an illegal expression for augmented assignment @1:1"),
        ("[a, b] += 1", "SyntaxError: 'list' is an illegal expression for augmented assignment @1:1"),
        ("f(1 2)", "SyntaxError: invalid syntax. Perhaps you forgot a comma? @1:3"),
        ("print 'hello'", "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)? @1:1"),
        ("x = {1: 2, 3}", "SyntaxError: ':' expected after dictionary key @1:12"),
        ("x y", "SyntaxError: invalid syntax @1:3"),
    ])
    func expressionErrorsAreCPythons(_ c: (String, String)) {
        #expect(SyntaxTree.errorLine(c.0) == c.1, "\(c.0)")
    }

    @Test func rangesOfNewExpressions() throws {
        let code = "y = [a for a in b] + (lambda q: q)(1) + (c if d else e)"
        let source = SourceText(code)
        guard case .assign(_, let value, _) = try Parser.parse(source).statements[0],
              case .binary(_, let lhs, let rhs, _, _) = value,
              case .binary(_, let comprehension, let call, _, _) = lhs else {
            Issue.record("unexpected tree")
            return
        }
        #expect(source.slice(comprehension.range) == "[a for a in b]")
        #expect(source.slice(call.range) == "(lambda q: q)(1)")
        #expect(source.slice(rhs.range) == "c if d else e")
    }
}

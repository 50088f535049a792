import Testing
@testable import ConvLang

/// `if`/`elif`/`else`, `while`, `for`, `try`, `with`, one-line bodies and `;`, as the
/// parser builds them, and CPython's errors for blocks and the statements that need
/// one (`return`, `break`, `continue`).
@Suite struct BlockParsingTests {
    @Test func d2lTransposedConvolutionWithTwoNestedLoops() throws {
        let code = """
        def trans_conv(X, K):
            h, w = K.shape
            Y = torch.zeros((X.shape[0] + h - 1, X.shape[1] + w - 1))
            for i in range(X.shape[0]):
                for j in range(X.shape[1]):
                    Y[i: i + h, j: j + w] += X[i, j] * K
            return Y
        """
        #expect(try SyntaxTree.parse(code) == """
        def trans_conv(X, K) {(h, w) = K.shape; Y = call(torch.zeros, (((sub(X.shape, 0) + h) - 1), ((sub(X.shape, 1) + w) - 1))); \
        for(i in call(range, sub(X.shape, 0))){for(j in call(range, sub(X.shape, 1))){(sub(Y, i:(i + h):, j:(j + w):) += (sub(X, i, j) * K))}}; \
        return(Y)}
        """)
    }

    @Test func ifElifElseAndConditionsWithEveryComparison() throws {
        let code = """
        if x is None:
            y = 0
        elif x not in seen and not done:
            y = 1
        elif a < b <= c:
            pass
        else:
            y = 2
        """
        #expect(try SyntaxTree.parse(code) == "if((x is None)){y = 0} elif(((x not in seen) and not(done))){y = 1} elif((a < b <= c)){pass} else{y = 2}")
        #expect(try SyntaxTree.parse("if x: y = 1; z = 2\nelse: y = 3") == "if(x){y = 1; z = 2} else{y = 3}")
    }

    @Test func loopsWithElseBreakAndContinue() throws {
        let code = """
        while n > 0:
            n -= 1
            if n == 3:
                continue
            if n == 1: break
        else:
            print('done')
        for i, (a, b) in enumerate(pairs):
            pass
        else:
            pass
        """
        #expect(try SyntaxTree.parse(code) == """
        while((n > 0)){(n -= 1); if((n == 3)){continue}; if((n == 1)){break}} else{call(print, 'done')}; \
        for((i, (a, b)) in call(enumerate, pairs)){pass} else{pass}
        """)
        #expect(try SyntaxTree.parse("for x in 1, 2: print(x)") == "for(x in (1, 2)){call(print, x)}")
        #expect(try SyntaxTree.parse("for *a, b in y: pass") == "for((*a, b) in y){pass}")
    }

    @Test func tryWithEveryClause() throws {
        let code = """
        try:
            x = risky()
        except (ValueError, TypeError) as e:
            raise RuntimeError("bad") from e
        except KeyError:
            raise
        except:
            pass
        else:
            y = 2
        finally:
            z = 3
        """
        #expect(try SyntaxTree.parse(code) == """
        try{x = call(risky)} except((ValueError, TypeError) as e){raise(call(RuntimeError, 'bad') from e)} \
        except(KeyError){raise} except{pass} else{y = 2} finally{z = 3}
        """)
        #expect(try SyntaxTree.parse("try:\n    pass\nfinally:\n    pass") == "try{pass} finally{pass}")
    }

    @Test func withItemsAndTargets() throws {
        #expect(try SyntaxTree.parse("with open(p) as f, torch.no_grad():\n    pass") == "with(call(open, p) as f, call(torch.no_grad)){pass}")
        #expect(try SyntaxTree.parse("with (a as b, c as (d, e),):\n    pass") == "with(a as b, c as (d, e)){pass}")
        #expect(try SyntaxTree.parse("with (a, b) as c:\n    pass") == "with((a, b) as c){pass}")
        #expect(try SyntaxTree.parse("with (open(x)) as f: pass") == "with(call(open, x) as f){pass}")
    }

    @Test func simpleStatementsOfBlocks() throws {
        #expect(try SyntaxTree.parse("del a, b[0], c.d") == "del(a, sub(b, 0), c.d)")
        #expect(try SyntaxTree.parse("assert x > 0, 'positive'") == "assert((x > 0), 'positive')")
        #expect(try SyntaxTree.parse("def f():\n    global a, b\n    nonlocal_ = 1") == "def f() {global(a, b); nonlocal_ = 1}")
        #expect(try SyntaxTree.parse("import a, b.c as d") == "import a; import b.c as d")
        #expect(try SyntaxTree.parse("x: int = 5\ny: float") == "x: int = 5; y: float")
        #expect(try SyntaxTree.parse("pass; pass;") == "pass; pass")
        #expect(try Parser.parse(SourceText("x = 1\nif x:\n    y = 1\nx;")).endsWithSemicolon)
        #expect(try !Parser.parse(SourceText("x;\nif x:\n    y = 1")).endsWithSemicolon)
    }

    @Test func blankAndCommentLinesInsideBlocks() throws {
        let code = "if x:\n\n    # a comment\n    y = 1\n        # deeper comment\n\n    z = 2\n# at the left edge\n    w = 3\nv = 4\n"
        #expect(try SyntaxTree.parse(code) == "if(x){y = 1; z = 2; w = 3}; v = 4")
    }

    @Test func statementRangesCoverTheirBodies() throws {
        let code = "for i in x:\n    y = i\nelse:\n    z = 0\nw = 1"
        let program = try Parser.parse(SourceText(code))
        #expect(SourceText(code).slice(program.statements[0].range) == "for i in x:\n    y = i\nelse:\n    z = 0")
        guard case .functionDefinition(let f) = try Parser.parse(SourceText("@d\ndef f(x):\n    return x\n")).statements[0] else {
            Issue.record("not a def")
            return
        }
        #expect(SourceText("@d\ndef f(x):\n    return x\n").slice(f.headerRange) == "def f(x):")
    }

    @Test(arguments: [
        ("return 1", "SyntaxError: 'return' outside function @1:1"),
        ("class A:\n    return 1", "SyntaxError: 'return' outside function @2:5"),
        ("break", "SyntaxError: 'break' outside loop @1:1"),
        ("continue", "SyntaxError: 'continue' not properly in loop @1:1"),
        ("for x in y:\n    def g():\n        continue", "SyntaxError: 'continue' not properly in loop @3:9"),
        ("for x in y: pass\nelse: break", "SyntaxError: 'break' outside loop @2:7"),
        ("while x:\n    try:\n        pass\n    finally:\n        continue\nbreak", "SyntaxError: 'break' outside loop @6:1"),
        // The parser's errors come before the compiler's, wherever they are.
        ("return 1\nx y", "SyntaxError: invalid syntax @2:3"),
        ("if x:\npass", "IndentationError: expected an indented block after 'if' statement on line 1 @2:1"),
        ("try:\n    pass\nexcept:\npass", "IndentationError: expected an indented block after 'except' statement on line 3 @4:1"),
        ("try:\n    pass\nx = 1", "SyntaxError: expected 'except' or 'finally' block @3:1"),
        ("try:\n    pass\nexcept:\n    pass\nexcept E:\n    pass", "SyntaxError: default 'except:' must be last @3:1"),
        ("if x\n    pass", "SyntaxError: expected ':' @1:5"),
        ("else:\n    pass", "SyntaxError: invalid syntax @1:1"),
    ])
    func blockErrorsAreCPythons(_ c: (String, String)) {
        #expect(SyntaxTree.errorLine(c.0) == c.1, "\(c.0)")
    }

    @Test func theCaretOfAMissingBlockIsUnderTheLineThatShouldBeIndented() throws {
        let code = "for i in range(2):\nprint(i)"
        let error = try #require(SyntaxTree.error(code))
        #expect(DiagnosticFormatter(sourceName: "cell").format(error, source: SourceText(code)) == """
        IndentationError: expected an indented block after 'for' statement on line 1
         --> cell:2:1
         2 | print(i)
           | ^~~~~
        """)
    }

    /// CPython's compiler allows 20 loops, `try` or `with` blocks nested in one
    /// function; a `def` starts again from none.
    @Test func staticallyNestedBlocksStopAtTwenty() throws {
        func nest(_ header: String, _ n: Int) -> String {
            (0..<n).map { String(repeating: " ", count: $0) + header }.joined(separator: "\n") + "\n" + String(repeating: " ", count: n) + "pass"
        }
        #expect(SyntaxTree.error(nest("for i in x:", 20)) == nil)
        #expect(SyntaxTree.errorLine(nest("for i in x:", 21)) == "SyntaxError: too many statically nested blocks @21:21")
        #expect(SyntaxTree.errorLine(nest("while x:", 22)) == "SyntaxError: too many statically nested blocks @21:21")
        #expect(SyntaxTree.errorLine(nest("with x:", 21)) == "SyntaxError: too many statically nested blocks @21:21")
        #expect(SyntaxTree.error(nest("if x:", 99)) == nil)
        #expect(SyntaxTree.error(nest("def f():", 30)) == nil)
        let mixed = (0..<44).map { String(repeating: " ", count: $0) + ($0 % 2 == 1 ? "for i in x:" : "if x:") }.joined(separator: "\n") + "\n" + String(repeating: " ", count: 44) + "pass"
        #expect(SyntaxTree.errorLine(mixed) == "SyntaxError: too many statically nested blocks @42:42")
    }

    /// CPython's tokenizer stops at 100 levels of indentation; deeper cells are an
    /// IndentationError on the kernel's 64 MiB thread. On a 512 KiB thread a debug
    /// build's frames run out first: a SyntaxError with a caret, never a crash.
    @Test func twoHundredNestedIfsAreAnIndentationError() {
        let code = (0..<200).map { String(repeating: " ", count: $0) + "if x:" }.joined(separator: "\n") + "\n" + String(repeating: " ", count: 200) + "pass"
        #expect(onThread(stack: executionStackBytes) { SyntaxTree.errorLine(code) } == "IndentationError: too many levels of indentation @101:1")
        #expect(onThread(stack: executionStackBytes) { Interpreter(output: RecordingSink()).run(code).error?.headline } == "IndentationError: too many levels of indentation")
        let small = onThread(stack: 512 << 10) { () -> String in
            guard let error = Interpreter(output: RecordingSink()).run(code).error else { return "no error" }
            let drawn = DiagnosticFormatter(sourceName: "cell").format(error, source: SourceText(code))
            return "\(["SyntaxError", "IndentationError"].contains(error.kind)) \(drawn.contains("^"))"
        }
        #expect(small == "true true")
        let deep = (0..<99).map { String(repeating: " ", count: $0) + "if x:" }.joined(separator: "\n") + "\n" + String(repeating: " ", count: 99) + "y = " + String(repeating: "(", count: 45) + "1" + String(repeating: ")", count: 45)
        #expect(onThread(stack: executionStackBytes) { SyntaxTree.error(deep) } == nil)
    }
}

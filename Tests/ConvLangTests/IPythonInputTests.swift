import Testing
@testable import ConvLang

/// IPython's input forms: `%line` magics, `%%cell` magics, `!shell` and `!!shell`
/// commands, and `name?` help, as IPython's input transformers read them.
@Suite struct IPythonInputTests {
    @Test func lineMagicsAndShellCommandsAtTheStartOfALogicalLine() throws {
        #expect(try SyntaxTree.parse("%timeit -n 1 conv(x)") == "%timeit(\"-n 1 conv(x)\")")
        #expect(try SyntaxTree.parse("%matplotlib inline\nx = 1") == "%matplotlib(\"inline\"); x = 1")
        #expect(try SyntaxTree.parse("%pwd") == "%pwd(\"\")")
        #expect(try SyntaxTree.parse("!pip install torch  ") == "!(\"pip install torch\")")
        #expect(try SyntaxTree.parse("!!ls") == "%sx(\"ls\")")
        #expect(try SyntaxTree.parse("for f in files:\n    %time load(f)\n    !echo {f}") == "for(f in files){%time(\"load(f)\"); !(\"echo {f}\")}")
        // Continued with a backslash, joined with a space.
        #expect(try SyntaxTree.parse("%timeit a = 1; \\\n  b = 2\nc") == "%timeit(\"a = 1;    b = 2\"); c")
    }

    @Test func percentAndBangElsewhereAreOperators() throws {
        #expect(try SyntaxTree.parse("x = 7 % 3") == "x = (7 % 3)")
        #expect(try SyntaxTree.parse("y = (10\n% 3)") == "y = (10 % 3)")
        #expect(SyntaxTree.errorLine("y = (1,\n%2)") == "SyntaxError: invalid syntax @2:1")
        #expect(try SyntaxTree.parse("a != b") == "(a != b)")
        #expect(SyntaxTree.error("if x: %time y") != nil)
    }

    @Test func cellMagicsTakeTheRestOfTheCellAsText() throws {
        #expect(try SyntaxTree.parse("%%time\nx = 1\ny = (") == "%%time(\"\"){\"x = 1\\ny = (\"}")
        #expect(try SyntaxTree.parse("\n  \n%%writefile  out.py\nprint('hi')\n") == "%%writefile(\" out.py\"){\"print(\\'hi\\')\\n\"}")
        #expect(try SyntaxTree.parse("%%bash") == "%%bash(\"\"){\"\"}")
        // Only the first line can open a cell magic.
        #expect(SyntaxTree.error("x = 1\n%%time\ny = 2") == nil)
        #expect(try SyntaxTree.parse("x = 1\n%%time") == "x = 1; %%time(\"\")")
    }

    @Test func helpWithQuestionMarks() throws {
        #expect(try SyntaxTree.parse("F.conv2d?") == "help(F.conv2d)")
        #expect(try SyntaxTree.parse("nn.Conv2d??") == "help(nn.Conv2d)")
        #expect(try SyntaxTree.parse("?torch.ones") == "help(torch.ones)")
    }

    @Test func magicRanges() throws {
        let code = "x = 1\n%time f(x)\n"
        let program = try Parser.parse(SourceText(code))
        #expect(SourceText(code).slice(program.statements[1].range) == "%time f(x)")
        let cell = "%%timeit -n1\nf(x)\n"
        #expect(SourceText(cell).slice(try Parser.parse(SourceText(cell)).statements[0].range) == cell)
    }
}

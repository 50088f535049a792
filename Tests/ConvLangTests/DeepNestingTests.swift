import Foundation
import Testing
@testable import ConvLang

/// Thousands of brackets, unary operators, `not`s, `**`s, subscripts, calls and
/// attributes, and chains of 100,000 terms: on a 512 KiB stack each gives a value or a
/// diagnostic with a caret, never a stack overflow. The parser's limits hold on any
/// stack; the stack guard holds where frames are large (a debug build) and the stack
/// small.
@Suite struct DeepNestingTests {
    /// What a cell gave, as text a test can compare, computed on a thread of `stack` bytes.
    static func outcome(_ code: String, stack: Int = 512 << 10) -> (value: String?, error: Diagnostic?, drawn: String?) {
        onThread(stack: stack) {
            let interpreter = Interpreter(output: RecordingSink())
            let result = interpreter.run(code)
            _ = Completeness.check(code)
            let drawn = result.error.map { DiagnosticFormatter(sourceName: "cell").format($0, source: SourceText(code)) }
            return (result.value?.reprText, result.error, drawn)
        }
    }

    /// A value, or a diagnostic whose caret lies inside the cell.
    static func expectClean(_ code: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let (value, error, drawn) = outcome(code)
        if let error {
            let bytes = code.utf8.count
            #expect(error.range.map { $0.start >= 0 && $0.end <= bytes } == true, "\(error.headline)", sourceLocation: sourceLocation)
            #expect(drawn?.contains("^") == true, sourceLocation: sourceLocation)
        } else {
            #expect(value != nil || code.contains("="), sourceLocation: sourceLocation)
        }
    }

    static let depths = [50, 101, 1_000, 5_000]

    @Test(arguments: depths) func bracketsUnaryNotAndPower(depth n: Int) {
        Self.expectClean("x = " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n))
        Self.expectClean(String(repeating: "[", count: n) + "1" + String(repeating: "]", count: n))
        Self.expectClean(String(repeating: "{1: ", count: n) + "1" + String(repeating: "}", count: n))
        Self.expectClean(String(repeating: "-", count: n) + "1")
        Self.expectClean(String(repeating: "~", count: n) + "1")
        Self.expectClean(String(repeating: "not ", count: n) + "True")
        Self.expectClean("2" + String(repeating: " ** 1", count: n))
        Self.expectClean(String(repeating: "abs(", count: n) + "-1" + String(repeating: ")", count: n))
    }

    @Test(arguments: depths) func chainsOfSubscriptsCallsAndAttributes(length n: Int) {
        Self.expectClean("a = [0]\na" + String(repeating: "[0]", count: n))
        Self.expectClean("torch" + String(repeating: ".nn", count: n))
        Self.expectClean("x = torch.ones(2, 2)\nx" + String(repeating: ".T", count: n))
        Self.expectClean("torch.ones(1)" + String(repeating: ".abs()", count: n))
        Self.expectClean("f" + String(repeating: "()", count: n))
    }

    @Test func hundredThousandTermChainsAreRefusedWithACaret() {
        for op in ["+", "*", "-", "and", "or", "|", "@"] {
            let code = "1" + String(repeating: " \(op) 1", count: 100_000)
            let (_, error, drawn) = Self.outcome(code)
            #expect(error?.kind == "SyntaxError", "\(op)")
            #expect(error?.message.contains("limit is \(Parser.maxHeight)") == true, "\(op)")
            #expect(drawn?.contains("^") == true, "\(op)")
        }
        // Comparisons chain flat, as in Python: `1 == 1 == ... == 1` is one node.
        #expect(Self.outcome("1" + String(repeating: " == 1", count: 100_000)).value == "True")
    }

    @Test func chainsWithinTheLimitEvaluateOnALargeStack() {
        let big = 64 << 20
        #expect(Self.outcome("1" + String(repeating: " + 1", count: Parser.maxHeight - 1), stack: big).value == "\(Parser.maxHeight)")
        #expect(Self.outcome("x = [0]\nx" + String(repeating: "[0]", count: 1) + String(repeating: " + 0", count: 900), stack: big).value == "0")
        let nested = String(repeating: "[", count: 49) + "1" + String(repeating: "]", count: 49)
        #expect(Self.outcome(nested, stack: big).value == nested)
    }

    @Test func aSmallStackRunsOutCleanly() {
        // On 512 KiB a debug build's frames run out before the parser's limits: the
        // guard answers with a diagnostic rather than a crash.
        let (_, error, drawn) = Self.outcome("1" + String(repeating: " + 1", count: Parser.maxHeight - 1), stack: 256 << 10)
        #expect(error == nil || ["RecursionError", "SyntaxError"].contains(error!.kind))
        #expect(error == nil || drawn?.contains("^") == true)
    }

    @Test func valuesNestedByStatementsStopAtTheLimit() {
        // One level per statement: past the limit, a LimitError at the statement.
        let deep = Self.outcome("a = 0\n" + String(repeating: "a = [a]\n", count: 5_000) + "a")
        #expect(deep.error?.kind == "LimitError")
        #expect(deep.drawn?.contains(" \(Value.maxNesting + 2) | a = [a]") == true)
        #expect(Self.outcome("d = 0\n" + String(repeating: "d = {'k': d}\n", count: 500)).error?.kind == "LimitError")
        #expect(Self.outcome("a = [0]\n" + String(repeating: "a[0] = [a[0]]\n", count: 500)).error?.kind == "LimitError")
        // Within it: built, printed, compared and freed on the small stack.
        let within = "a = 0\n" + String(repeating: "a = [a]\n", count: Value.maxNesting - 1) + "b = [a]\nprint(a)\nb[0] == a"
        #expect(Self.outcome(within).value == "True")
        // Shared items are measured once: 2^60 paths, 60 lists.
        #expect(Self.outcome("a = 0\n" + String(repeating: "a = [a, a]\n", count: 60) + "len(a)").value == "2")
        #expect(Self.outcome("d = 0\n" + String(repeating: "d = {'a': d, 'b': (d,)}\n", count: 40) + "len(d)").value == "2")
    }

    @Test func listsAndDictsFilledInPlaceStopAtTheLimitButCyclesAreNotDeep() throws {
        // b is at the limit: put into another container, it would be one level deeper.
        let b = "b = 0\n" + String(repeating: "b = [b]\n", count: Value.maxNesting) + "a = [0]\nd = {}\n"
        for fill in ["a[0] = b", "a.append(b)", "a.insert(0, b)", "a.extend([0, b][1:])", "a += [0, b][1:]",
                     "d['k'] = b", "d.update(k=b)", "d.setdefault('k', b)"] {
            let (_, error, drawn) = Self.outcome(b + fill)
            #expect(error?.kind == "LimitError", "\(fill)")
            #expect(drawn?.contains("^") == true, "\(fill)")
            // The failed statement left both containers as they were.
            let s = Session()
            try s.run(b)
            #expect(s.failure(fill)?.kind == "LimitError", "\(fill)")
            #expect(try s.run("a, d") == "([0], {})", "\(fill)")
        }
        #expect(Self.outcome(b + "a.append(b[0])\nlen(a)").value == "2")
        #expect(Self.outcome(b + "a.append(b)\na").error?.kind == "LimitError")
        // A list or dict that holds itself is one level, however often it does.
        #expect(Self.outcome("a = [0]\n" + String(repeating: "a[0] = a\n", count: 500) + "a").value == "[[...]]")
        #expect(Self.outcome("a = []\n" + String(repeating: "a.append(a)\n", count: 500) + "len(a), a[499] is a, a == a").value == "(500, True, True)")
        #expect(Self.outcome("d = {}\n" + String(repeating: "d['k'] = [d, d]\n", count: 500) + "d").value == "{'k': [{...}, {...}]}")
        // At the limit, b may still hold itself.
        #expect(Self.outcome(b + "b.append(b)\nlen(b)").value == "2")
    }

    @Test func listsDeepenedInPlaceArePrintedComparedAndFreedOnASmallStack() {
        // Each statement adds a level below the last: no check sees the top grow, so
        // printing, comparing and freeing must hold at any depth.
        let chain = "top = []\nx = top\n" + String(repeating: "y = []\nx.append(y)\nx = y\n", count: 5_000)
        let other = "top2 = []\nx = top2\n" + String(repeating: "y = []\nx.append(y)\nx = y\n", count: 5_000)
        #expect(Self.outcome(chain + "print(top)\ns = str(top)\ntop == top").value == "True")
        let compared = Self.outcome(chain + other + "top == top2")
        #expect(compared.error?.kind == "RecursionError")
        #expect(compared.drawn?.contains("^") == true)
        // Dropped: freed without recursion (a crash here would end the test run).
        #expect(Self.outcome(chain + "top = 0\nx = 0\ny = 0\n1").value == "1")
        let mixed = "top = []\nx = top\n" + String(repeating: "y = {}\nx.append((y,))\nz = []\ny['k'] = z\nx = z\n", count: 2_500)
        #expect(Self.outcome(mixed + "top = 0\nx = 0\ny = 0\nz = 0\n1").value == "1")
    }
}

import ConvEngine
import Foundation
import Testing
@testable import ConvLang

/// Cells the fuzz test found (or the review before it) that trapped, hung or allocated
/// without bound; each now gives a value or a diagnostic at the code to blame.
@Suite struct LimitsAndOverflowTests {
    /// The diagnostic `code` fails with, checked to point into the code.
    static func failure(_ code: String, maxElements: Int = EngineLimits.defaultMaxElements,
                        sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic? {
        let error = Session(maxElements: maxElements).failure(code)
        #expect(error != nil, "\(code)", sourceLocation: sourceLocation)
        if let range = error?.range { #expect(range.end <= code.utf8.count, sourceLocation: sourceLocation) }
        return error
    }

    @Test func repetitionAndConcatenationAreCappedBeforeAllocating() throws {
        for code in ["[0] * 10**12", "'a' * 10**12", "(1,) * 10**12", "[1, 2] * 9223372036854775807", "'ab' * 2**62"] {
            #expect(Self.failure(code, maxElements: 1 << 16)?.kind == "LimitError", "\(code)")
        }
        #expect(Self.failure("a = [0] * 2**10\n" + String(repeating: "a = a + a\n", count: 40), maxElements: 1 << 16)?.kind == "LimitError")
        #expect(Self.failure("s = 'x' * 2**10\n" + String(repeating: "s = s + s\n", count: 40), maxElements: 1 << 16)?.kind == "LimitError")
        #expect(try Session(maxElements: 1 << 16).run("[0] * -3, 'ab' * 0, (1, 2) * 2") == "([], '', (1, 2, 1, 2))")
    }

    @Test func integerArithmeticAtTheEdgesOfInt64() throws {
        let s = Session()
        try s.run("m = -9223372036854775807 - 1")
        #expect(s.failure("m // -1")?.kind == "OverflowError")
        #expect(try s.run("m % -1, m % 3, m // 3, -7 // 2, -7 % 3, 7 % -3") == "(0, 1, -3074457345618258603, -4, 2, -2)")
        #expect(s.failure("-m")?.kind == "OverflowError")
        #expect(s.failure("abs(m)")?.kind == "OverflowError")
        #expect(try s.run("(-2) ** 63 == m, 2 ** 62, 3 ** 0, 0 ** 0") == "(True, 4611686018427387904, 1, 1)")
        #expect(s.failure("2 ** 63")?.kind == "OverflowError")
    }

    @Test func powersOfMinusOneAndOneDoNotLoop() throws {
        // Found as a hang: the exponent counted down one multiplication at a time.
        var result: String?
        let elapsed = ContinuousClock().measure {
            result = try? Session().run("(-1) ** 10**18, (-1) ** (10**18 + 1), 1 ** 9223372036854775807")
        }
        #expect(result == "(1, -1, 1)")
        #expect(elapsed < .seconds(5))
    }

    @Test func slicesWithExtremeSteps() throws {
        let s = Session()
        #expect(try s.run("'abc'[2::9223372036854775807], [1, 2, 3][::-9223372036854775807 - 1], (1, 2, 3)[1::2**62]") == "('c', [3], (2,))")
        #expect(try s.run("torch.arange(12).reshape(3, 4)[::10**9 * 10**9, 3::2**62].tolist()") == "[[3]]")
        #expect(s.failure("torch.arange(12).reshape(3, 4)[:, ::-2**62]")?.message == "step must be greater than zero")
    }

    @Test func rangeCountsWithoutOverflow() throws {
        // A range holds three numbers, however long; listing it is what has a limit.
        #expect(try Session().run("range(-9223372036854775807, 9223372036854775807)") == "range(-9223372036854775807, 9223372036854775807)")
        #expect(Self.failure("list(range(-9223372036854775807, 9223372036854775807))")?.kind == "LimitError")
        #expect(Self.failure("tuple(range(9223372036854775807, -9223372036854775807, -1))")?.kind == "LimitError")
        #expect(Self.failure("len(range(-9223372036854775807, 9223372036854775807))")?.kind == "OverflowError")
        #expect(try Session().run("len(range(0, 9223372036854775807, 2)), 9223372036854775806 in range(0, 9223372036854775807, 2)") == "(4611686018427387904, True)")
        #expect(try Session().run("range(-9223372036854775807, 9223372036854775807)[-1], range(10**18)[::-3][2]") == "(9223372036854775806, 999999999999999993)")
        #expect(try Session().run("len(range(9223372036854775800, 9223372036854775807, 3)), list(range(5, 0, -2))") == "(3, [5, 3, 1])")
    }

    @Test func floatsToIntegersRefuseNaNInfinityAndHugeValues() throws {
        for code in ["int(float('nan'))", "int(torch.tensor(float('nan')))", "math.floor(float('nan'))"] {
            #expect(Self.failure("import math\n" + code)?.kind == "ValueError", "\(code)")
        }
        for code in ["int(torch.tensor(1e30))", "round(1e300)", "round(float('inf'))", "math.ceil(1e300)", "int(-1e19)"] {
            #expect(Self.failure("import math\n" + code)?.kind == "OverflowError", "\(code)")
        }
        #expect(try Session().run("int(-9.2e18), round(2.5), int(torch.tensor(-3.7))") == "(-9200000000000000000, 2, -3)")
    }

    @Test func sizeNumelOverflows() throws {
        #expect(Self.failure("torch.Size([2**62, 4]).numel()")?.kind == "OverflowError")
        #expect(try Session().run("torch.Size([2, 3, 4]).numel()") == "24")
    }

    @Test func int64ExtremesInTensorsAreExact() throws {
        // Int64.max made by int64 arithmetic (which wraps, as PyTorch's does): printed,
        // used as a size and as an index. Printing went through a double and trapped.
        let s = Session()
        try s.run("big = torch.tensor(2**62) * 2 - 1")
        #expect(try s.run("big") == "tensor(9223372036854775807)")
        #expect(try s.run("torch.tensor([2**62, -5]) * 2 - 1") == "tensor([9223372036854775807,                 -11])")
        #expect(try s.run("[1, 2][1:big]") == "[2]")
        #expect(try s.run("int(big), big.item()") == "(9223372036854775807, 9223372036854775807)")
        #expect(s.failure("torch.zeros(big)")?.kind == "LimitError")
        #expect(s.failure("[1, 2][big]")?.kind == "TypeError")
        #expect(s.failure("torch.ones(3)[big]")?.kind == "IndexError")
    }

    @Test func nestedDataIsCountedBeforeItIsCopied() {
        // `[[0] * n] * n` holds n lists, but n * n numbers for torch.tensor to copy.
        for code in ["torch.tensor([[0] * 65536] * 65536)", "torch.tensor([[[]] * 65536] * 65536)", "np.array([[0.5] * 256] * 257)"] {
            #expect(Self.failure(code, maxElements: 1 << 16)?.kind == "LimitError", "\(code)")
        }
    }

    @Test func printingAListThatHoldsAnotherManyTimesStops() throws {
        // 2^40 numbers in 41 lists: the printout stops at the cap with "...", and
        // comparing the list with itself does not walk it.
        let s = Session(maxElements: 1 << 16)
        let limit = s.interpreter.withSession { Value.reprLimit }
        #expect(limit == 1 << 16)
        try s.run("a = [0]\n" + String(repeating: "a = [a, a]\n", count: 40))
        let text = try #require(try s.run("a"))
        #expect(text.utf8.count <= limit + 1_000)
        #expect(text.hasSuffix(", ...]"))
        #expect(try s.run("a == a, a == [a[0], a[1]], len(str(a)) <= \(limit + 1_000)") == "(True, True, True)")
    }

    @Test func prefixedStringsLeftOpenAreSyntaxErrors() {
        // r'... without its closing quote used to vanish with the rest of the cell.
        for code in ["x = r'abc", "print(f\"abc)", "b'x"] {
            #expect(Self.failure(code)?.message == "unterminated string literal", "\(code)")
        }
        #expect(Completeness.check("x = r'''abc") == .incomplete(indent: ""))
    }

    @Test func asStridedStorageSizesThatOverflowAreRefused() {
        // Found by the fuzz: the storage span of huge sizes and strides overflowed Int.
        let error = Self.failure("torch.ones(2).as_strided((2**62, 3), (2**62, 1))")
        #expect(error?.kind == "RuntimeError")
        #expect(error?.message == "Storage size calculation overflowed with sizes=[4611686018427387904, 3] and strides=[4611686018427387904, 1]")
        #expect(Self.failure("torch.ones(2).as_strided((2**40, 2**40), (2**40, 2**30))")?.message.hasPrefix("Storage size calculation overflowed") == true)
    }

    @Test func aLongMisspeltNameIsReportedQuickly() throws {
        let name = String(repeating: "x", count: 200_000)
        let clock = ContinuousClock()
        var error: Diagnostic?
        let elapsed = clock.measure { error = Session().failure(name) }
        #expect(error?.kind == "NameError")
        #expect(elapsed < .seconds(10))
    }
}

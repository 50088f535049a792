import Testing
@testable import ConvLang

/// `_format_time` and `TimeitResult` against IPython 9.18.1's own output (values from
/// `IPython.core.magics.execution`, run on the same inputs).
@Suite struct TimeFormatTests {
    /// (seconds, precision 3, precision 5, precision 1), as `_format_time` gives them.
    static let ipythonTable: [(Double, String, String, String)] = [
        (0, "0 ns", "0 ns", "0 ns"),
        (1e-10, "0.1 ns", "0.1 ns", "0.1 ns"),
        (5e-07, "500 ns", "500 ns", "5e+02 ns"),
        (0.00123, "1.23 ms", "1.23 ms", "1 ms"),
        (0.5, "500 ms", "500 ms", "5e+02 ms"),
        (1.5, "1.5 s", "1.5 s", "2 s"),
        (59.9, "59.9 s", "59.9 s", "6e+01 s"),
        (61, "1min 1s", "1min 1s", "1min 1s"),
        (3700, "1h 1min 40s", "1h 1min 40s", "1h 1min 40s"),
        (1e-09, "1 ns", "1 ns", "1 ns"),
        (9.995e-07, "999 ns", "999.5 ns", "1e+03 ns"),
        (0.0009995, "1e+03 μs", "999.5 μs", "1e+03 μs"),
        (0.9995, "1e+03 ms", "999.5 ms", "1e+03 ms"),
        (9.995, "9.99 s", "9.995 s", "1e+01 s"),
        (59.9999, "60 s", "60 s", "6e+01 s"),
        (60, "1min", "1min", "1min"),
        (86400, "1d", "1d", "1d"),
        (90061.5, "1d 1h 1min 1s", "1d 1h 1min 1s", "1d 1h 1min 1s"),
        (3600.5, "1h", "1h", "1h"),
        (0.001, "1 ms", "1 ms", "1 ms"),
        (0.000123456, "123 μs", "123.46 μs", "1e+02 μs"),
        (2.5e-12, "0.0025 ns", "0.0025 ns", "0.003 ns"),
        (7.77e-05, "77.7 μs", "77.7 μs", "8e+01 μs"),
        (0.99949, "999 ms", "999.49 ms", "1e+03 ms"),
        (1e-06, "1 μs", "1 μs", "1 μs"),
        (3599.99, "59min 59s", "59min 59s", "59min 59s"),
        (86399.9, "23h 59min 59s", "23h 59min 59s", "23h 59min 59s"),
        (172800, "2d", "2d", "2d"),
        (1e-15, "1e-06 ns", "1e-06 ns", "1e-06 ns"),
        (12345.678, "3h 25min 45s", "3h 25min 45s", "3h 25min 45s"),
        (.nan, "nan ns", "nan ns", "nan ns"),
        (0.0005, "500 μs", "500 μs", "5e+02 μs"),
        (0.0001, "100 μs", "100 μs", "1e+02 μs"),
    ]

    @Test(arguments: ipythonTable.indices)
    func formatTimeMatchesIPython(_ index: Int) {
        let (seconds, three, five, one) = Self.ipythonTable[index]
        #expect(TimeFormat.string(seconds) == three, "\(seconds)")
        #expect(TimeFormat.string(seconds, precision: 5) == five, "\(seconds)")
        #expect(TimeFormat.string(seconds, precision: 1) == one, "\(seconds)")
    }

    @Test func microSecondsUseTheGreekMu() {
        // IPython writes U+03BC (GREEK SMALL LETTER MU), not U+00B5 (MICRO SIGN).
        #expect(Array(TimeFormat.string(1e-6).unicodeScalars).map(\.value) == [0x31, 0x20, 0x3BC, 0x73])
    }

    @Test func infinityDoesNotCrash() {
        #expect(TimeFormat.string(.infinity) == "inf s")
    }

    /// `str(TimeitResult(loops, len(runs), ..., runs, 0, precision))` and the warning
    /// `%timeit` prints, from IPython.
    @Test func timeitSummaryMatchesIPython() {
        let cases: [(Int, [Double], Int, String, String?)] = [
            (100, [0.3, 0.31, 0.29, 0.3, 0.305, 0.298, 0.301], 3,
             "3.01 ms ± 57 μs per loop (mean ± std. dev. of 7 runs, 100 loops each)", nil),
            (1, [1.5], 3, "1.5 s ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)", nil),
            (1000, Array(repeating: 0.25, count: 7), 3,
             "250 μs ± 0 ns per loop (mean ± std. dev. of 7 runs, 1,000 loops each)", nil),
            (1_234_567, [0.21, 0.22], 2,
             "1.7e+02 ns ± 4.1 ns per loop (mean ± std. dev. of 2 runs, 1,234,567 loops each)", nil),
            (10, [0.001, 0.0050001, 0.001, 0.001, 0.001, 0.001, 0.001], 4,
             "157.1 μs ± 140 μs per loop (mean ± std. dev. of 7 runs, 10 loops each)",
             "The slowest run took 5.00 times longer than the fastest. This could mean that an intermediate result is being cached."),
        ]
        for (loops, runs, precision, summary, warning) in cases {
            let result = TimeitResult(loops: loops, repeatCount: runs.count, allRuns: runs, precision: precision)
            #expect(result.summary == summary)
            #expect(result.cachingWarning == warning)
            #expect(result.repr == "<TimeitResult : \(summary)>")
        }
        // The mean and deviation to the last bit (math.fsum).
        let first = TimeitResult(loops: 100, repeatCount: 7, allRuns: [0.3, 0.31, 0.29, 0.3, 0.305, 0.298, 0.301], precision: 3)
        #expect(first.average == 0.0030057142857142856)
        #expect(first.standardDeviation == 5.703561365050608e-05)
    }

    @Test func fsumIsCorrectlyRounded() {
        #expect(ExactSum.fsum([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]) == 1.0)
        #expect(ExactSum.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]) == 1e-100)
        #expect(ExactSum.fsum([]) == 0)
        #expect(ExactSum.fsum([1, .infinity]) == .infinity)
        #expect(PrintfFormat.thousands(1_234_567) == "1,234,567")
        #expect(PrintfFormat.thousands(999) == "999")
        #expect(PrintfFormat.thousands(-1000) == "-1,000")
    }

    @Test func autorangeTriesPowersOfTenOnAFakeClock() throws {
        // Each statement takes 3 ms: 1 loop takes 3 ms, 10 take 30 ms, 100 take 0.3 s.
        var now = 0.0
        var statements = 0
        var setups = 0
        let runner = TimeitRunner(clock: { now })
        let result = runner.run(setup: { setups += 1 }, statement: { now += 0.003; statements += 1 })
        #expect(result.loops == 100)
        #expect(result.repeatCount == 7)
        #expect(result.allRuns.count == 7)
        #expect(statements == 1 + 10 + 100 + 7 * 100)
        // The setup runs before every run, as IPython's timing function runs it.
        #expect(setups == 3 + 7)

        // 1 ms a loop: 100 loops take 0.1 s, so 1000 are used.
        now = 0
        let milli = TimeitRunner(clock: { now }, repeatCount: 2).run(setup: {}, statement: { now += 0.001 })
        #expect(milli.loops == 1000)
        // A slow statement: one loop is enough.
        let slow = TimeitRunner(clock: { now }, repeatCount: 1).run(setup: {}, statement: { now += 0.5 })
        #expect(slow.loops == 1)
        #expect(slow.summary == "500 ms ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)")
    }

    @Test func explicitLoopCountsSkipTheSearchAndErrorsStopIt() {
        struct Stop: Error {}
        var runs = 0
        let fixed = TimeitRunner(clock: { 0 }, loops: 5, repeatCount: 3)
        let result = fixed.run(setup: {}, statement: { runs += 1 })
        #expect(runs == 15)
        #expect(result.loops == 5)
        var attempts = 0
        let failing = TimeitRunner(clock: { 0 }, loops: 5)
        do throws(Stop) {
            _ = try failing.run(setup: { () throws(Stop) in }, statement: { () throws(Stop) in
                attempts += 1
                if attempts == 3 { throw Stop() }
            })
            Issue.record("expected the error to stop the measurement")
        } catch {}
        #expect(attempts == 3)
    }
}

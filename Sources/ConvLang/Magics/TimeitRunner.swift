/// `%timeit`'s measurement, as IPython makes it (`ExecutionMagics.timeit` and its
/// `Timer`): each run calls the setup code, reads the clock, runs the statement
/// `loops` times, and reads the clock again.
///
/// Without a loop count, the count is found first as IPython finds it: 1, 10, 100, ...
/// up to 10⁹ loops, stopping at the first count whose run takes at least 0.2 s; that
/// count is then used for every one of the `repeat` runs (7 by default).
///
/// ```swift
/// var clock = 0.0
/// let runner = TimeitRunner(clock: { clock })
/// let result = try runner.run(setup: {}, statement: { clock += 0.003 })
/// // result.loops == 100: 1 loop took 3 ms, 10 took 30 ms, 100 took 0.3 s
/// ```
///
/// The clock is injected so that tests can drive the count without waiting; the magic
/// passes ``ProcessClock/monotonic()`` (`time.perf_counter`).
struct TimeitRunner {
    /// Reads the timer, in seconds.
    var clock: () -> Double
    /// Loops per run; `0` finds the count as IPython does.
    var loops: Int = 0
    /// Runs measured after the count is known.
    var repeatCount: Int = 7
    /// Digits shown (`-p`).
    var precision: Int = 3

    /// A run must take at least this long for its loop count to be used.
    static let minimumRunTime = 0.2
    /// IPython tries counts 10⁰ up to 10⁹.
    static let maximumExponent = 9

    /// Measures `statement`, calling `setup` untimed before every run. Errors from
    /// either stop the measurement and propagate (an interrupt arrives this way: the
    /// statement checks the session's flag between loops).
    func run<E: Error>(setup: () throws(E) -> Void, statement: () throws(E) -> Void) throws(E) -> TimeitResult {
        var number = loops
        if number == 0 {
            for exponent in 0...Self.maximumExponent {
                number = Self.power10(exponent)
                if try time(number, setup: setup, statement: statement) >= Self.minimumRunTime { break }
            }
        }
        var allRuns: [Double] = []
        for _ in 0..<max(repeatCount, 0) {
            allRuns.append(try time(number, setup: setup, statement: statement))
        }
        return TimeitResult(loops: number, repeatCount: repeatCount, allRuns: allRuns, precision: precision)
    }

    /// One run: `Timer.timeit(number)`.
    private func time<E: Error>(_ number: Int, setup: () throws(E) -> Void, statement: () throws(E) -> Void) throws(E) -> Double {
        try setup()
        let start = clock()
        for _ in 0..<max(number, 0) { try statement() }
        return clock() - start
    }

    private static func power10(_ exponent: Int) -> Int {
        var n = 1
        for _ in 0..<exponent { n *= 10 }
        return n
    }
}

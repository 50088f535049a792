/// What `%timeit` measured, and its report (IPython's `TimeitResult`).
struct TimeitResult: Sendable, Equatable {
    /// Loops per run.
    var loops: Int
    /// Number of runs.
    var repeatCount: Int
    /// Each run's total time, in seconds.
    var allRuns: [Double]
    /// Significant digits shown.
    var precision: Int

    /// The time of one loop in each run.
    var timings: [Double] { allRuns.map { $0 / Double(loops) } }
    /// The fastest run's time per loop.
    var best: Double { (allRuns.min() ?? 0) / Double(loops) }
    /// The slowest run's time per loop.
    var worst: Double { (allRuns.max() ?? 0) / Double(loops) }

    /// The mean time per loop (`math.fsum(timings) / len(timings)`).
    var average: Double { ExactSum.fsum(timings) / Double(timings.count) }

    /// The population standard deviation of the time per loop.
    var standardDeviation: Double {
        let mean = average
        return (ExactSum.fsum(timings.map { ($0 - mean) * ($0 - mean) }) / Double(timings.count)).squareRoot()
    }

    /// `str(result)`: `1.23 ms ± 4.5 μs per loop (mean ± std. dev. of 7 runs, 1,000 loops each)`.
    var summary: String {
        let mean = TimeFormat.string(average, precision: precision)
        let deviation = TimeFormat.string(standardDeviation, precision: precision)
        let runs = "\(repeatCount) run\(repeatCount == 1 ? "" : "s")"
        let loopText = "\(PrintfFormat.thousands(loops)) loop\(loops == 1 ? "" : "s")"
        return "\(mean) \u{00B1} \(deviation) per loop (mean \u{00B1} std. dev. of \(runs), \(loopText) each)"
    }

    /// The result's repr in IPython's display: `<TimeitResult : summary>`.
    var repr: String { "<TimeitResult : \(summary)>" }

    /// The warning IPython prints before the summary when the slowest run took more than
    /// four times the fastest (and more than a microsecond per loop), or `nil`.
    var cachingWarning: String? {
        guard worst > 4 * best, best > 0, worst > 1e-6 else { return nil }
        return "The slowest run took \(PrintfFormat.f(worst / best, digits: 2)) times longer than the fastest. "
            + "This could mean that an intermediate result is being cached."
    }
}

import Foundation

/// `%time` and `%timeit`, as IPython 9's `ExecutionMagics` runs and reports them.
extension Interpreter {
    /// `%time [--no-raise-error] code` or `%%time` over a cell: runs the code once in
    /// the session, then prints the CPU and wall time it took:
    ///
    /// ```
    /// CPU times: user 1.23 ms, sys: 0 ns, total: 1.23 ms
    /// Wall time: 1.5 ms
    /// ```
    ///
    /// The code's own output comes first; its value (when it ends with an expression)
    /// is the magic's. An error in the code propagates after the times are printed,
    /// unless `--no-raise-error` is given (an interrupt always propagates); a syntax
    /// error stops it before anything runs. CPU times are the process's (`getrusage`),
    /// wall time is from a monotonic clock (IPython reads `time.time`).
    func timeMagic(_ argument: String, cell: String?, at range: SourceRange) throws(Diagnostic) -> Value? {
        let (noRaise, line) = Self.timeArguments(argument)
        if cell != nil, !line.isEmpty {
            throw MagicCatalog.usageError("Can't use statement directly after '%%time'!")
        }
        let parseStart = ProcessClock.cpuTotal()
        let embedded = try parseEmbedded(cell ?? line, at: range)
        let parseTime = ProcessClock.cpuTotal() - parseStart

        let wallStart = ProcessClock.monotonic()
        let cpuStart = ProcessClock.cpuTimes()
        var value: Value?
        var failure: Diagnostic?
        do throws(Diagnostic) {
            value = try runEmbedded(embedded)
        } catch {
            failure = error
        }
        let cpuEnd = ProcessClock.cpuTimes()
        let wall = ProcessClock.monotonic() - wallStart

        let user = cpuEnd.user - cpuStart.user
        let system = cpuEnd.system - cpuStart.system
        var report = "CPU times: user \(TimeFormat.string(user)), sys: \(TimeFormat.string(system)), "
            + "total: \(TimeFormat.string(user + system))\n"
        report += "Wall time: \(TimeFormat.string(wall))\n"
        if parseTime > 0.1 { report += "Parser   : \(TimeFormat.string(parseTime))\n" }
        output.write(report, to: .stdout)

        if let failure {
            if !noRaise || failure.kind == Diagnostic.Category.interrupt.rawValue { throw failure }
            return nil
        }
        return value
    }

    /// `%time`'s argument without its option: whether `--no-raise-error` (or a prefix
    /// of it, as Python's `argparse` accepts) was given, and the code, as written.
    static func timeArguments(_ argument: String) -> (noRaise: Bool, code: String) {
        var noRaise = false
        var code = argument
        for word in ArgumentSplit.lenientSplit(argument, posix: false)
        where word.count >= 3 && "--no-raise-error".hasPrefix(word) {
            noRaise = true
            code = code.replacingFirst(word, with: "")
        }
        return (noRaise, code.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// `%timeit [-n N] [-r R] [-t|-c] [-q] [-p P] [-o|-v NAME] statement`, or
    /// `%%timeit [options] setup` over a cell whose body is timed.
    ///
    /// Measures as ``TimeitRunner`` describes (the setup runs before each run,
    /// untimed) and prints IPython's line,
    /// `1.23 ms ± 4.5 μs per loop (mean ± std. dev. of 7 runs, 100 loops each)`, after
    /// its warning when the slowest run took more than four times the fastest. `-q`
    /// prints nothing; `-o` returns the result, shown as `<TimeitResult : ...>`, and
    /// `-v NAME` stores it in `NAME`. `-t` times with the wall clock, `-c` with CPU time.
    ///
    /// As in IPython, names the timed code binds do not outlive the measurement (there
    /// they are the timing function's locals); objects it changes stay changed. An
    /// interrupt stops it between two loops.
    ///
    /// - Parameter clock: the timer, replacing the one the options choose (for tests).
    func timeitMagic(_ argument: String, cell: String?, at range: SourceRange,
                     clock injectedClock: (() -> Double)? = nil) throws(Diagnostic) -> Value? {
        let options = try MagicOptions.parse(argument, spec: "n:r:tcp:qov:", posix: false, strict: false, preservingRest: true)
        let statement = options.rest
        if statement.isEmpty && cell == nil { return nil }
        let loops = try options.single("n").map { text throws(Diagnostic) in try MagicOptions.pythonInt(text) } ?? 0
        let repeatCount = try options.single("r").map { text throws(Diagnostic) in try MagicOptions.pythonInt(text) } ?? 7
        let precision = try options.single("p").map { text throws(Diagnostic) in try MagicOptions.pythonInt(text) } ?? 3
        var clock: () -> Double = ProcessClock.monotonic
        if options.has("t") { clock = ProcessClock.realtime }
        if options.has("c") { clock = ProcessClock.cpuTotal }
        if let injectedClock { clock = injectedClock }

        let setup = cell == nil ? nil : try parseEmbedded(statement, at: range)
        let timed = try parseEmbedded(cell ?? statement, at: range)
        let runner = TimeitRunner(clock: clock, loops: loops, repeatCount: repeatCount, precision: precision)
        let bindings = globals.snapshot()
        let result: TimeitResult
        do throws(Diagnostic) {
            result = try runner.run(setup: { () throws(Diagnostic) in
                if let setup { _ = try runEmbedded(setup) }
            }, statement: { () throws(Diagnostic) in
                if cancellation.isCancelled { throw Diagnostic(.interrupt, "", range) }
                _ = try runEmbedded(timed)
            })
        } catch {
            globals.restore(bindings)
            throw error
        }
        globals.restore(bindings)
        guard !result.allRuns.isEmpty else {
            throw Diagnostic(.value, "min() arg is an empty sequence", range)
        }
        if !options.has("q") {
            var report = ""
            if let warning = result.cachingWarning { report += warning + "\n" }
            report += result.summary + "\n"
            output.write(report, to: .stdout)
        }
        let value = Value.rich(RichOutput(typeName: "TimeitResult", plain: result.repr))
        if let name = options.values["v"]?.last { globals[name] = value }
        return options.has("o") ? value : nil
    }
}

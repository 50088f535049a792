import ConvEngine
import ConvLabWidgets
import ConvLang
import ConvRender
import Foundation
import Synchronization

/// Runs fuzz cells through the language in-process, on a thread with a 512 KiB stack
/// (a Dispatch worker's), as a kernel would: each cell's result rendered, its
/// diagnostic drawn; every eighth cell also asked `isComplete`, completion and
/// inspection. Sessions have ipywidgets with a frontend stand-in (``FuzzFrontend``),
/// which changes a widget after one cell in four when any is open; the errors that
/// shows (an observer's, between cells) are checked as a cell's are.
///
/// A fresh session every ``sessionLength`` cells keeps state small; tensors are capped
/// at ``maxElements`` so mutated sizes stay cheap. A watchdog cancels a cell that runs
/// past ``budget`` (a failure) and gives up on one that ignores the cancellation for
/// ``hardLimit`` (a hang). Set `CONVLAB_FUZZ_LOG=path` to have each cell written to
/// `path.<first index>` before it runs, to find the one that crashed the process, and
/// `CONVLAB_FUZZ_SKIP=i,j` to step over cells while their crash is being fixed.
final class FuzzRunner: Sendable {
    static let sessionLength = 50
    static let maxElements = 1 << 12
    static let stackSize = 512 << 10
    static let budget: Duration = .seconds(10)
    /// How long a cell that may run long by design runs before it is interrupted.
    static let loopBudget: Duration = .seconds(1)
    static let hardLimit: Duration = .seconds(30)
    /// Failures described in full; the rest are counted.
    static let failuresShown = 12

    /// What a run found.
    struct Report: Sendable {
        var cells = 0
        var failures: [String] = []
        var failureCount = 0
        var slowest: Duration = .zero
        var slowestIndex = 0
        /// Time spent per kind of cell (see ``FuzzCell/kind(seed:index:)``).
        var time: [String: Duration] = [:]
    }

    private struct State: Sendable {
        var index: Int?
        var started = ContinuousClock.now
        var cancellation: CancellationFlag?
        var cancelled = false
        /// Whether the running cell may run long by design: a `while` loop that need not
        /// end by itself, a `for` loop or comprehension over `range(2**32)`, or `%timeit`,
        /// which times for seconds.
        var longByDesign = false
        var finished = false
        var report = Report()
    }

    let seed: UInt64
    let indices: Range<Int>
    private let state = Mutex(State())

    /// - Parameter indices: the cells to run; sessions start at multiples of
    ///   ``sessionLength``.
    init(seed: UInt64, indices: Range<Int>) {
        self.seed = seed
        self.indices = indices
    }

    /// Runs every cell and returns what was found (early, if a cell hangs).
    func run() -> Report {
        let thread = Thread { [self] in work() }
        thread.stackSize = Self.stackSize
        thread.start()
        watch()
        return state.withLock { $0.report }
    }

    /// The failure text for cell `index`, with what is needed to make it again.
    func describe(_ index: Int, _ problem: String) -> String {
        let cell = FuzzCell.make(seed: seed, index: index)
        let shown = cell.count > 2_000 ? String(cell.prefix(2_000)) + "... (\(cell.count) characters)" : cell
        let session = index - index % Self.sessionLength
        return "\(problem)\n  FuzzCell.make(seed: \(seed), index: \(index)), in the session of cells \(session)..<\(session + Self.sessionLength):\n  \(shown.debugDescription)"
    }

    private func record(_ report: inout Report, _ index: Int, _ problem: String) {
        report.failureCount += 1
        // A hang ends the run, so it is always shown, however many failures came before.
        if report.failures.count < Self.failuresShown || problem.hasPrefix("hang") { report.failures.append(describe(index, problem)) }
    }

    private func watch() {
        while true {
            Thread.sleep(forTimeInterval: 0.02)
            let stop = state.withLock { s -> Bool in
                if s.finished { return true }
                guard let index = s.index else { return false }
                let elapsed = s.started.duration(to: .now)
                if elapsed > Self.hardLimit {
                    record(&s.report, index, "hang: the cell ignored cancellation for \(elapsed)")
                    return true
                }
                // A `while` loop may legitimately run for ever (`while x: pass`), a `for`
                // loop for hours (`for i in range(2**32)`) and `%timeit` for seconds:
                // interrupting them is the expected end, not a failure, as long as they
                // then stop.
                if s.longByDesign, elapsed > Self.loopBudget, !s.cancelled {
                    s.cancelled = true
                    s.cancellation?.cancel()
                } else if elapsed > Self.budget, !s.cancelled {
                    s.cancelled = true
                    s.cancellation?.cancel()
                    record(&s.report, index, "slow: the cell ran past its budget of \(Self.budget) and was cancelled")
                }
                return false
            }
            if stop { return }
        }
    }

    private func work() {
        let environment = ProcessInfo.processInfo.environment
        let log = environment["CONVLAB_FUZZ_LOG"].map { "\($0).\(indices.lowerBound)" }
        let skipped = Set((environment["CONVLAB_FUZZ_SKIP"] ?? "").split(separator: ",").compactMap { Int($0) })
        let sink = FuzzSink()
        func session() -> (Interpreter, WidgetBridge, FuzzFrontend) {
            let bridge = WidgetBridge()
            let frontend = FuzzFrontend()
            frontend.attach(bridge)
            let interpreter = bridge.makeInterpreter(output: sink, extensions: TeachingBuiltins.all,
                                                     engineContext: EngineContext(maxElements: Self.maxElements))
            return (interpreter, bridge, frontend)
        }
        var (interpreter, bridge, frontend) = session()
        for index in indices {
            if index % Self.sessionLength == 0 { (interpreter, bridge, frontend) = session() }
            if skipped.contains(index) { continue }
            let cell = FuzzCell.make(seed: seed, index: index)
            if let log { _ = FileManager.default.createFile(atPath: log, contents: Data("\(seed) \(index)\n\(cell)".utf8)) }
            let started = ContinuousClock.now
            state.withLock {
                $0.index = index
                $0.started = started
                $0.cancellation = interpreter.cancellation
                $0.cancelled = false
                $0.longByDesign = cell.contains("while ") || cell.contains("for ") || cell.contains("timeit")
            }
            var problems = bridge.runningCell { Self.check(cell, in: interpreter, probeEditor: index % 8 == 0) }
            var changes = FuzzRandom(seed: ~seed, index: index)
            if changes.chance(0.25) {
                interpreter.cancellation.reset()
                _ = frontend.change(using: &changes)
            }
            problems += sink.takeShown().compactMap(Self.check(shown:))
            let elapsed = started.duration(to: .now)
            state.withLock { s in
                s.index = nil
                s.report.cells += 1
                for problem in problems { record(&s.report, index, problem) }
                if elapsed > s.report.slowest { (s.report.slowest, s.report.slowestIndex) = (elapsed, index) }
                s.report.time[FuzzCell.kind(seed: seed, index: index), default: .zero] += elapsed
            }
            interpreter.cancellation.reset()
        }
        state.withLock { $0.finished = true }
    }

    /// Exceptions that Python itself raises without a message (`next(iter([]))`,
    /// `assert x`); any exception may have none when the cell raises it.
    static let emptyMessageKinds: Set<String> = ["KeyboardInterrupt", "StopIteration", "AssertionError"]

    /// Runs `cell` and everything a frontend does with it; returns what went wrong.
    static func check(_ cell: String, in interpreter: Interpreter, probeEditor: Bool) -> [String] {
        var problems: [String] = []
        let result = interpreter.run(cell)
        let source = SourceText(cell)
        if let error = result.error {
            if error.kind.isEmpty { problems.append("a diagnostic without a kind: \(error)") }
            if error.message.isEmpty, !Self.emptyMessageKinds.contains(error.kind), !cell.contains("raise") {
                problems.append("a diagnostic without a message: \(error.kind)")
            }
            let drawn = DiagnosticFormatter(sourceName: "cell").format(error, source: source)
            if let range = error.range {
                if range.start < 0 || range.end > source.bytes.count {
                    problems.append("a diagnostic range \(range.start)..<\(range.end) outside the \(source.bytes.count) bytes of the cell: \(error.headline)")
                }
                if !drawn.contains("^") { problems.append("a diagnostic drawn without a caret:\n\(drawn)") }
            } else {
                problems.append("a diagnostic without a source range: \(error.headline)")
            }
        } else if let value = result.value {
            _ = interpreter.withSession { MimeBundle.render(value) }
        }
        if probeEditor {
            _ = Completeness.check(cell)
            let cursor = source.codePointOffset(ofByte: source.bytes.count / 2)
            _ = interpreter.complete(cell, cursor: cursor)
            _ = interpreter.inspect(cell, cursor: cursor)
        }
        return problems
    }

    /// What is wrong with an error shown without ending a cell (an observer's), if anything.
    static func check(shown error: Diagnostic) -> String? {
        _ = IPythonTraceback().lines(for: error, source: SourceText(""), cell: nil)
        return error.kind.isEmpty ? "a shown error without a kind: \(error)" : nil
    }
}

/// Output that is rendered as a frontend would render it, then dropped; errors shown
/// without ending a cell are kept for ``FuzzRunner`` to check.
final class FuzzSink: OutputSink {
    private let written = Atomic<Int>(0)
    private let shown = Mutex<[Diagnostic]>([])

    func showTraceback(_ error: Diagnostic) { shown.withLock { $0.append(error) } }

    /// The errors shown since the last call.
    func takeShown() -> [Diagnostic] { shown.withLock { list in defer { list.removeAll() }; return list } }

    func write(_ text: String, to stream: OutputChannel) { written.add(text.utf8.count, ordering: .relaxed) }
    func display(_ value: Value) { written.add(MimeBundle.render(value).values.reduce(0) { $0 + $1.utf8.count }, ordering: .relaxed) }
    func page(_ text: String) { written.add(text.utf8.count, ordering: .relaxed) }
}

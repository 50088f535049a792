import Foundation
import Synchronization
import Testing

/// Bad source: generated and mutated cells, run through the language in-process, fail
/// only with diagnostics: no trap, no crash, no hang, no diagnostic without a caret.
@Suite struct LanguageFuzzTests {
    /// The run's seed; `CONVLAB_FUZZ_SEED=n` explores others.
    static let seed = UInt64(ProcessInfo.processInfo.environment["CONVLAB_FUZZ_SEED"] ?? "") ?? 20_240_601
    static let cellCount = 100_000
    /// Runs beside each other, one per core; cells are the same however many there are.
    static let shards = max(2, ProcessInfo.processInfo.activeProcessorCount)

    @Test func generatedAndMutatedCellsFailOnlyWithDiagnostics() {
        let per = (Self.cellCount / Self.shards + FuzzRunner.sessionLength - 1) / FuzzRunner.sessionLength * FuzzRunner.sessionLength
        let runners = (0..<Self.shards).map { shard in
            FuzzRunner(seed: Self.seed, indices: min(shard * per, Self.cellCount)..<min((shard + 1) * per, Self.cellCount))
        }
        let reports = Mutex<[FuzzRunner.Report]>([])
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            DispatchQueue.concurrentPerform(iterations: runners.count) { shard in
                let report = runners[shard].run()
                reports.withLock { $0.append(report) }
            }
        }
        let all = reports.withLock { $0 }
        let cells = all.map(\.cells).reduce(0, +)
        let slowest = all.max { $0.slowest < $1.slowest }
        let byKind = all.flatMap(\.time).reduce(into: [String: Duration]()) { $0[$1.key, default: .zero] += $1.value }
            .sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("fuzz: \(cells) cells in \(elapsed) on \(Self.shards) threads (\(byKind)); slowest cell \(slowest?.slowest ?? .zero) (index \(slowest?.slowestIndex ?? 0))")
        #expect(cells >= 100_000)
        let failures = all.flatMap(\.failures)
        let count = all.map(\.failureCount).reduce(0, +)
        #expect(count == 0, "\(count) cells failed; the first:\n\n\(failures.joined(separator: "\n\n"))")
    }
}

extension LanguageFuzzTests {
    /// `CONVLAB_FUZZ_INDEX=n swift test --filter reproduce` runs the session of cell `n`
    /// up to it, with the checks and the watchdog of the full run, and prints each cell's time.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CONVLAB_FUZZ_INDEX"] != nil))
    func reproduce() {
        let index = Int(ProcessInfo.processInfo.environment["CONVLAB_FUZZ_INDEX"] ?? "") ?? 0
        let first = index - index % FuzzRunner.sessionLength
        let report = FuzzRunner(seed: Self.seed, indices: first..<(index + 1)).run()
        print("cells \(first)...\(index): slowest \(report.slowest) (index \(report.slowestIndex))")
        #expect(report.failureCount == 0, "\(report.failures.joined(separator: "\n\n"))")
    }
}

import Foundation
import Synchronization
import Testing
@testable import ConvEngine

/// ``WorkerTeam``: every chunk of every region runs exactly once, chunk 0 on the caller,
/// whether the workers are spinning or asleep, and regions the team cannot take (nested,
/// concurrent, too wide) still run.
@Suite struct WorkerTeamTests {
    /// Runs a region of `threads` on `team` and returns how often each chunk ran.
    private func counts(_ team: WorkerTeam, threads: Int, _ extra: (Int) -> Void = { _ in }) -> [Int] {
        let ran = Mutex<[Int]>(Array(repeating: 0, count: threads))
        team.run(threads: threads) { t in
            ran.withLock { $0[t] += 1 }
            extra(t)
        }
        return ran.withLock { $0 }
    }

    @Test func everyChunkRunsOnceInEachOfManyRegions() {
        let team = WorkerTeam(workers: 3)
        for region in 0..<2000 {
            let threads = 2 + region % 3
            #expect(counts(team, threads: threads) == Array(repeating: 1, count: threads), "region \(region)")
        }
    }

    @Test func chunkZeroRunsOnTheCallingThreadAndTheOthersDoNot() {
        let team = WorkerTeam(workers: 2)
        let caller = pthread_self()
        let onCaller = Mutex<[Bool]>([false, false, false])
        _ = counts(team, threads: 3) { t in
            let here = pthread_equal(pthread_self(), caller) != 0
            onCaller.withLock { $0[t] = here }
        }
        #expect(onCaller.withLock { $0 } == [true, false, false])
    }

    @Test func regionsRunAfterTheWorkersHaveGoneToSleep() {
        let team = WorkerTeam(workers: 1)
        for _ in 0..<5 {
            #expect(counts(team, threads: 2) == [1, 1])
            Thread.sleep(forTimeInterval: 0.02)  // ten times WorkerTeam.spinDuration
        }
    }

    @Test func aWorkerThatRunsLongWakesTheCallerThatSleptForIt() {
        let team = WorkerTeam(workers: 1)
        let start = ContinuousClock.now
        #expect(counts(team, threads: 2) { t in
            if t == 1 { Thread.sleep(forTimeInterval: 0.03) }
        } == [1, 1])
        #expect(ContinuousClock.now - start >= .milliseconds(30))
    }

    @Test func aNestedRegionRunsWhileTheTeamIsBusy() {
        let team = WorkerTeam(workers: 1)
        let inner = Mutex<[[Int]]>([])
        #expect(counts(team, threads: 2) { _ in
            let nested = counts(team, threads: 2)
            inner.withLock { $0.append(nested) }
        } == [1, 1])
        #expect(inner.withLock { $0 } == [[1, 1], [1, 1]])
    }

    @Test func regionsWiderThanTheTeamAndFromManyThreadsAllRun() async {
        let team = WorkerTeam(workers: 1)
        #expect(counts(team, threads: 4) == [1, 1, 1, 1])
        await withTaskGroup(of: Bool.self) { group in
            for caller in 0..<8 {
                group.addTask {
                    (0..<200).allSatisfy { region in
                        let threads = 2 + (caller + region) % 2
                        return counts(team, threads: threads) == Array(repeating: 1, count: threads)
                    }
                }
            }
            for await allRan in group { #expect(allRan) }
        }
    }
}

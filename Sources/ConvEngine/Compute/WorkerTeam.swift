import CPUFeatures
import Foundation
import Synchronization

/// A fixed team of worker threads that runs one parallel region at a time, as an OpenMP
/// runtime does: a thread waiting for work, or for a worker to finish, spins for
/// ``spinDuration`` before it sleeps, so the regions of one convolution (a copy pass, then
/// the tiles) and of calls made back to back start without waking a thread.
///
/// A region is taken by one caller at a time. A region asked for while the team is busy
/// (a nested one, or one from another thread), or with more threads than the team has,
/// runs on `DispatchQueue.concurrentPerform` instead, so no caller waits for another's
/// region.
///
/// Each worker has its own ``Mailbox``: the caller posts the region's chunk into it, runs
/// chunk 0 itself, then waits for every mailbox it posted to.
///
/// Measured (interleaved `convlab bench` runs, 2 threads, against `concurrentPerform`):
/// the suite's median times 0.95x in geometric mean; small and many-region layers gain
/// most (convT1d 0.89x, depthwise 0.91x, convT3d 0.92x, dcgan4 0.94x), down_conv's
/// forward (two regions in 4.8 ms) none.
final class WorkerTeam: @unchecked Sendable {
    /// The process's team: one worker per processor beyond the calling thread's.
    static let shared = WorkerTeam(workers: EngineContext.processorCount - 1)

    /// How long a waiting thread spins before it sleeps (OpenMP runtimes spin too before
    /// they sleep): long enough to stay awake across what a training step does between
    /// two convolutions. 0.2 ms and 20 us measured the same on the bench's back-to-back
    /// calls (unet_up); a call made after a longer pause wakes the workers.
    static let spinDuration: Duration = .milliseconds(2)

    private let mailboxes: [Mailbox]
    private let busy = Atomic<Bool>(false)

    /// A team of `workers` threads (none when `workers` is 0: every region then runs on
    /// `concurrentPerform`), started now and never stopped.
    init(workers: Int) {
        mailboxes = (0..<max(0, workers)).map { _ in Mailbox() }
        for (index, mailbox) in mailboxes.enumerated() {
            let thread = Thread { mailbox.serve() }
            thread.name = "convlab-compute-\(index + 1)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `body(t)` for every `t` in `0..<threads` (at least 2), each on its own thread,
    /// and returns when all have returned. `body(0)` runs on the calling thread when the
    /// team takes the region.
    func run(threads: Int, _ body: (Int) -> Void) {
        precondition(threads >= 2, "a parallel region has at least two threads")
        guard threads - 1 <= mailboxes.count,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            withoutActuallyEscaping(body) { body in
                let box = UncheckedBox(body)
                DispatchQueue.concurrentPerform(iterations: threads) { box.value($0) }
            }
            return
        }
        withoutActuallyEscaping(body) { body in
            let participants = mailboxes.prefix(threads - 1)
            for (index, mailbox) in participants.enumerated() {
                mailbox.post { body(index + 1) }
            }
            body(0)
            for mailbox in participants { mailbox.waitUntilDone() }
        }
        busy.store(false, ordering: .releasing)
    }
}

/// One worker's mailbox: the chunk it runs, the flag that says a chunk is pending, and
/// the condition variable its two parties sleep on once they have spun for
/// ``WorkerTeam/spinDuration``.
///
/// A party that sleeps counts itself in `sleepers` and looks at the flag again under
/// the mutex; one that sets the flag looks at `sleepers` after it (both sequentially
/// consistent), and if anyone sleeps, signals under the mutex: no wake-up is lost.
private final class Mailbox: @unchecked Sendable {
    /// Written by the caller while `pending` is false, read by the worker once it has
    /// seen `pending` true.
    private var work: (() -> Void)?
    private let pending = Atomic<Bool>(false)
    private let sleepers = Atomic<Int>(0)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    /// Hands `chunk` to the worker; the caller must ``waitUntilDone()`` before the
    /// chunk's captures go.
    func post(_ chunk: @escaping () -> Void) {
        work = chunk
        setPending(true)
    }

    /// Returns once the worker has run the posted chunk.
    func waitUntilDone() {
        wait(untilPending: false)
        work = nil
    }

    /// The worker's loop: wait for a chunk, run it, say so.
    func serve() {
        while true {
            wait(untilPending: true)
            work!()
            setPending(false)
        }
    }

    private func setPending(_ value: Bool) {
        pending.store(value, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            pthread_mutex_lock(mutex)
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }
    }

    private func wait(untilPending value: Bool) {
        let clock = ContinuousClock()
        let deadline = clock.now + WorkerTeam.spinDuration
        var spins = 0
        while pending.load(ordering: .acquiring) != value {
            spins += 1
            if spins & 127 == 0 {
                if clock.now > deadline {
                    sleep(untilPending: value)
                    return
                }
                // Lets a thread that waits for this processor run: the party this one
                // waits for, when there are more threads than processors.
                sched_yield()
            } else {
                convlab_cpu_spin_wait_hint()
            }
        }
    }

    private func sleep(untilPending value: Bool) {
        sleepers.add(1, ordering: .sequentiallyConsistent)
        pthread_mutex_lock(mutex)
        while pending.load(ordering: .sequentiallyConsistent) != value {
            pthread_cond_wait(condition, mutex)
        }
        pthread_mutex_unlock(mutex)
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
    }
}

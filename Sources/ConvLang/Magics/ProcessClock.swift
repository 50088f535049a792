import Foundation

/// The clocks IPython's timing magics read (`IPython/utils/timing.py` and `timeit`).
enum ProcessClock {
    /// Seconds on a monotonic clock: `time.perf_counter`, `%timeit`'s default timer,
    /// and `%time`'s wall time.
    static func monotonic() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    /// Seconds since the epoch: `time.time`, `%timeit -t`.
    static func realtime() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    /// The process's user and system CPU seconds (`clock2()`: `getrusage(RUSAGE_SELF)`),
    /// every thread of the process counted, as in IPython.
    static func cpuTimes() -> (user: Double, system: Double) {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return (seconds(usage.ru_utime), seconds(usage.ru_stime))
    }

    /// User plus system CPU seconds: `clock()`, `%timeit -c`.
    static func cpuTotal() -> Double {
        let (user, system) = cpuTimes()
        return user + system
    }
}

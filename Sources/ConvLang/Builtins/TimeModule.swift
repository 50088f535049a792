import ConvEngine
import Foundation

/// Python's `time` module: the clocks people time their layers with, and `sleep`,
/// which an interrupt cuts short (KeyboardInterrupt, as in IPython).
enum TimeModule {
    static let functions: [Builtin] = [
        Builtin("time.time", "", summary: "Seconds since the Unix epoch, as a float.", example: "start = time.time()") { _ throws(Diagnostic) in
            .float(Date().timeIntervalSince1970)
        },
        Builtin("time.time_ns", "", summary: "Nanoseconds since the Unix epoch, as an int.", example: "time.time_ns()") { _ throws(Diagnostic) in
            .int(Int64(Date().timeIntervalSince1970 * 1e9))
        },
        Builtin("time.perf_counter", "", summary: "A high-resolution clock, in seconds: only differences between two readings mean anything.",
                example: "t0 = time.perf_counter()") { _ throws(Diagnostic) in .float(monotonicSeconds()) },
        Builtin("time.perf_counter_ns", "", summary: "perf_counter in nanoseconds, as an int.", example: "time.perf_counter_ns()") { _ throws(Diagnostic) in
            .int(Int64(DispatchTime.now().uptimeNanoseconds))
        },
        Builtin("time.monotonic", "", summary: "A clock that never goes back, in seconds.", example: "time.monotonic()") { _ throws(Diagnostic) in
            .float(monotonicSeconds())
        },
        Builtin("time.monotonic_ns", "", summary: "monotonic in nanoseconds, as an int.", example: "time.monotonic_ns()") { _ throws(Diagnostic) in
            .int(Int64(DispatchTime.now().uptimeNanoseconds))
        },
        sleep,
    ]

    private static func monotonicSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    static let sleep = Builtin("time.sleep", "secs, /", summary: "Waits secs seconds (an interrupt stops the wait).", example: "time.sleep(0.5)") { (call) throws(Diagnostic) in
        let value = call["secs"]
        guard let seconds = value.asNumber else {
            throw Diagnostic(.type, "'\(value.typeName)' object cannot be interpreted as an integer", call.range(of: "secs"))
        }
        guard seconds >= 0 else { throw Diagnostic(.value, "sleep length must be non-negative", call.range) }
        guard seconds.isFinite else { throw Diagnostic(.value, "sleep length is too large", call.range, kind: "OverflowError") }
        let end = DispatchTime.now().uptimeNanoseconds &+ UInt64(seconds * 1e9)
        while true {
            if call.interpreter.cancellation.isCancelled { throw Diagnostic(.interrupt, "", call.range) }
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < end else { return .none }
            // Short naps, so an interrupt is seen within 10 ms.
            usleep(useconds_t(Swift.min(end - now, 10_000_000) / 1000))
        }
    }
}

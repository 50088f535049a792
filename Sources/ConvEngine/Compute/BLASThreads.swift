import COpenBLAS
#if canImport(Glibc)
import Glibc
#endif

/// OpenBLAS runs single-threaded, in its caller's thread: the engine splits the work
/// over its own threads (``WorkerTeam``).
///
/// A pthread build of OpenBLAS starts a thread per further processor when the library
/// loads, and an idle one spins on `sched_yield` for about 0.1 s before it sleeps; on two
/// cores it took one of them from the first convolutions after a process started (a
/// kernel's first cells, every row `convlab bench` times first). Setting one thread does
/// not stop it, so the threads are also shut down, through OpenBLAS's own fork handler
/// `blas_thread_shutdown_`, looked up when the process runs (only a pthread build has it).
/// Later calls on one thread never start them again.
public enum BLASThreads {
    /// Makes OpenBLAS single-threaded and stops its idle threads, once per process.
    public static func runInCallersThread() { _ = callersOnly }

    /// The threads OpenBLAS would use for one call.
    static var threadsPerCall: Int { Int(openblas_get_num_threads()) }

    private static let callersOnly: Void = {
        openblas_set_num_threads(1)
        #if canImport(Glibc)
        if let shutdown = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "blas_thread_shutdown_") {
            _ = unsafeBitCast(shutdown, to: (@convention(c) () -> Int32).self)()
        }
        #endif
    }()
}

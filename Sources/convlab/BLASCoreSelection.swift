import ConvEngine
import Foundation

/// Starts the process again with `OPENBLAS_CORETYPE` set when OpenBLAS chose kernels
/// older than the CPU (``BLASCore/correctedCoreType``): the same executable, arguments
/// and process id (`execv`), so a frontend's signals still reach the kernel.
enum BLASCoreSelection {
    /// Does nothing when `OPENBLAS_CORETYPE` is set already (by the user, or by this
    /// function before the restart) or OpenBLAS's choice stands; returns only if the
    /// restart fails, with OpenBLAS's own choice.
    static func restartWithCorrectedCoreIfNeeded() {
        guard getenv("OPENBLAS_CORETYPE") == nil, let core = BLASCore.correctedCoreType else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        var arguments: [UnsafeMutablePointer<CChar>?] = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &arguments)
    }
}

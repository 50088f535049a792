import COpenBLAS

/// The kernels OpenBLAS chose for this CPU, and the choice to ask for when it chose
/// wrongly.
///
/// OpenBLAS (0.3.21, Debian's) picks its kernels from the CPU's family and model
/// numbers. A virtual machine that hides its CPU model ("Intel(R) Xeon(R) Processor")
/// makes it fall back to `Prescott`, SSE3 kernels that sum in another order than the
/// AVX2 ones: `F.conv2d` then differs from PyTorch in the last bit (and runs several
/// times slower). The choice is made when the library loads, so only a process started
/// with `OPENBLAS_CORETYPE` set gets other kernels.
public enum BLASCore {
    /// OpenBLAS's name for the kernels it uses (`Haswell`, `SkylakeX`, `Prescott`).
    public static var name: String { String(cString: openblas_get_corename()) }

    /// Kernels older than AVX2 and FMA (OpenBLAS's names, lowercased).
    static let beforeAVX2: Set<String> = [
        "prescott", "core2", "penryn", "dunnington", "nehalem", "sandybridge", "atom", "katmai",
        "coppermine", "northwood", "banias", "opteron", "opteron_sse3", "barcelona", "bobcat",
    ]

    /// `Haswell` when OpenBLAS chose kernels older than AVX2 on a CPU that runs Haswell
    /// code (``SIMDSupport/haswell``); `nil` when its choice stands.
    public static var correctedCoreType: String? {
        correctedCoreType(chosen: name, runsHaswellCode: SIMDSupport.haswell)
    }

    /// `Haswell` when `chosen` is older than AVX2 and the CPU runs Haswell code.
    static func correctedCoreType(chosen: String, runsHaswellCode: Bool) -> String? {
        runsHaswellCode && beforeAVX2.contains(chosen.lowercased()) ? "Haswell" : nil
    }
}

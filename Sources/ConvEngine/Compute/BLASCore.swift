import COpenBLAS

/// The kernels OpenBLAS chose for this CPU, and the choice to ask for when they are not
/// its AVX2 kernels.
///
/// OpenBLAS (0.3.21, Debian's) picks its kernels from the CPU's family and model
/// numbers, and each choice sums a product in its own order:
/// - a virtual machine that hides its CPU model ("Intel(R) Xeon(R) Processor") makes it
///   fall back to `Prescott`, SSE3 kernels that run several times slower;
/// - a CPU with AVX-512 gets `SkylakeX` or `Cooperlake`, whose kernels split a product's
///   inner dimension otherwise: on an AMD EPYC (Zen 4) a weight gradient's last bits then
///   differed from PyTorch's and from one thread count to another, at the same speed as
///   the AVX2 kernels (sgemm 2048^3 on 2 cores: 169-189 against 168-197 GFLOP/s).
///
/// ConvLab's sums are PyTorch's where OpenBLAS's AVX2 (`Haswell`) kernels sum as PyTorch's
/// BLAS does, so on every CPU that runs AVX2 + FMA it asks for those. The choice is made
/// when the library loads, so only a process started with `OPENBLAS_CORETYPE` set gets
/// other kernels.
public enum BLASCore {
    /// OpenBLAS's name for the kernels it uses (`Haswell`, `SkylakeX`, `Prescott`).
    public static var name: String { String(cString: openblas_get_corename()) }

    /// The AVX2 + FMA kernels ConvLab runs: `Haswell`, and `Zen`, which OpenBLAS builds
    /// from the same kernels (lowercased).
    static let avx2Kernels: Set<String> = ["haswell", "zen"]

    /// `Haswell` when OpenBLAS chose kernels other than its AVX2 ones (older, or AVX-512)
    /// on a CPU that runs Haswell code (``SIMDSupport/haswell``); `nil` when its choice
    /// stands.
    public static var correctedCoreType: String? {
        correctedCoreType(chosen: name, runsHaswellCode: SIMDSupport.haswell)
    }

    /// `Haswell` when `chosen` is not an AVX2 kernel set and the CPU runs Haswell code.
    static func correctedCoreType(chosen: String, runsHaswellCode: Bool) -> String? {
        runsHaswellCode && !avx2Kernels.contains(chosen.lowercased()) ? "Haswell" : nil
    }

    /// Whether OpenBLAS runs its AVX2 + FMA kernels, the ones whose sums the bit-for-bit
    /// tests pin.
    static var runsAVX2Kernels: Bool { avx2Kernels.contains(name.lowercased()) }
}

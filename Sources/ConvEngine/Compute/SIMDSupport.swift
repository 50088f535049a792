import CPUFeatures

/// Whether the kernels of ``ConvSIMD`` (compiled for Haswell: AVX2, FMA, BMI) run on
/// this machine: the CPU has those instructions and the OS saves the YMM registers
/// (CPUID and XGETBV, asked once). Nothing in ConvSIMD may be called where this is false;
/// the engine's own kernels, compiled for baseline x86-64, serve instead.
enum SIMDSupport {
    static let haswell = convlab_cpu_runs_haswell_code() != 0
}

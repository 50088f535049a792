#ifndef CONVLAB_CPU_FEATURES_H
#define CONVLAB_CPU_FEATURES_H

/// Whether this CPU, and the operating system, run code compiled for Haswell
/// (`-target-cpu haswell`): AVX and AVX2, FMA, BMI1 and BMI2, LZCNT, MOVBE, F16C, the
/// SSE4.2 and POPCNT before them, and an OS that saves the YMM registers (XGETBV).
/// Always 0 on a processor that is not x86.
int convlab_cpu_runs_haswell_code(void);

/// Tells the CPU that the calling thread is spinning on a flag (x86's PAUSE, ARM's
/// YIELD): it stops issuing from the loop for a few dozen cycles, leaving them to the
/// thread that will set the flag when the two share a core.
static inline void convlab_cpu_spin_wait_hint(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#endif

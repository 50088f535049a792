#ifndef CONVLAB_CPU_FEATURES_H
#define CONVLAB_CPU_FEATURES_H

/// Whether this CPU, and the operating system, run code compiled for Haswell
/// (`-target-cpu haswell`): AVX and AVX2, FMA, BMI1 and BMI2, LZCNT, MOVBE, F16C, the
/// SSE4.2 and POPCNT before them, and an OS that saves the YMM registers (XGETBV).
/// Always 0 on a processor that is not x86.
int convlab_cpu_runs_haswell_code(void);

#endif

#include "CPUFeatures.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

/// Whether every bit of `mask` is set in `value`.
static int has_all(unsigned value, unsigned mask) { return (value & mask) == mask; }

int convlab_cpu_runs_haswell_code(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    // Leaf 1, ECX: SSE3 (0), SSSE3 (9), FMA (12), CX16 (13), SSE4.1 (19), SSE4.2 (20),
    // MOVBE (22), POPCNT (23), OSXSAVE (27), AVX (28), F16C (29).
    const unsigned leaf1 = (1u << 0) | (1u << 9) | (1u << 12) | (1u << 13) | (1u << 19) | (1u << 20)
                         | (1u << 22) | (1u << 23) | (1u << 27) | (1u << 28) | (1u << 29);
    if (!has_all(ecx, leaf1)) return 0;
    // XCR0 bits 1 and 2: the OS saves the XMM and YMM state (OSXSAVE checked above).
    unsigned xcr0, xcr0high;
    __asm__ volatile("xgetbv" : "=a"(xcr0), "=d"(xcr0high) : "c"(0));
    if (!has_all(xcr0, 0x6)) return 0;
    // Leaf 7, EBX: BMI1 (3), AVX2 (5), BMI2 (8).
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    if (!has_all(ebx, (1u << 3) | (1u << 5) | (1u << 8))) return 0;
    // Leaf 0x80000001, ECX: LZCNT (5).
    if (!__get_cpuid(0x80000001, &eax, &ebx, &ecx, &edx)) return 0;
    return has_all(ecx, 1u << 5);
}

#else

int convlab_cpu_runs_haswell_code(void) { return 0; }

#endif

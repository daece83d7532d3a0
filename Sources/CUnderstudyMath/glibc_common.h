// What the glibc-compatible kernels share: bit casts, Dekker's exact product error, and the choice
// between their two builds (glibc_sincos.c says how a kernel is built twice).
#ifndef UNDERSTUDY_GLIBC_COMMON_H
#define UNDERSTUDY_GLIBC_COMMON_H
// No fused multiply-add but the kernels' explicit ones: Dekker's product below depends on it.
#pragma STDC FP_CONTRACT OFF
#include <math.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t bits(double x) { uint64_t b; memcpy(&b, &x, 8); return b; }
static inline double from_bits(uint64_t b) { double x; memcpy(&x, &b, 8); return x; }

/// Veltkamp's split: *hi + *lo = a, each with at most 26 significant bits (|a| < 2^995).
static inline void split(double a, double *hi, double *lo) {
    const double c = 134217729.0 * a;
    *hi = c - (c - a);
    *lo = a - *hi;
}

/// a·b − p for p = a·b rounded, exactly (Dekker) — what fma(a, b, −p) gives — provided the
/// partial products do not underflow (|a·b| > 2^-960 suffices).
static inline double product_error(double a, double b, double p) {
    double ah, al, bh, bl;
    split(a, &ah, &al);
    split(b, &bh, &bl);
    return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

#if defined(__x86_64__) || defined(__i386__)
/// Whether the fma instruction may run (the CPU has it and the OS saves the AVX state it needs;
/// the compiler runtime reads CPUID once at load time).
static inline int fma_available(void) { return __builtin_cpu_supports("fma"); }
#define US_FMA_TARGET __attribute__((target("fma")))
/// Whether AVX2 and the fma instruction may run (the array kernels' wide builds).
static inline int avx2_fma_available(void) {
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#define US_AVX2_TARGET __attribute__((target("avx2,fma")))
#else
// arm64 (the other platform the package supports) always has a fused multiply-add.
static inline int fma_available(void) { return 1; }
#define US_FMA_TARGET
static inline int avx2_fma_available(void) { return 1; }
#define US_AVX2_TARGET
#endif

#endif

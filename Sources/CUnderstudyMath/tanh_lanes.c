// The array tanh's quick path (PortableMath.tanh on buffers), eight lanes at a time, compiled
// twice from tanh_kernel.h: with AVX2 and the fma instruction (exact products in one fused
// operation), and portable (SSE2 pairs, Dekker's exact products). An exact product is the same
// however it is formed, so both builds give the same bits on every input and every CPU.
#pragma STDC FP_CONTRACT OFF
#include "understudy_math.h"
#include "glibc_common.h"
#include "tanh_table.h"

#define US_LANES 8
// Eight-lane vectors pass between the inlined helpers only, never across an ABI boundary.
#pragma clang diagnostic ignored "-Wpsabi"
typedef double vdouble __attribute__((ext_vector_type(US_LANES)));
typedef int64_t vint __attribute__((ext_vector_type(US_LANES)));
typedef _Bool lane_mask __attribute__((ext_vector_type(US_LANES)));
_Static_assert(US_LANES <= 8, "lane_bits packs a vector's mask into one byte");

/// Dekker's exact error of p = a·b, lane by lane (glibc_common.h's product_error on vectors).
static inline __attribute__((always_inline)) vdouble product_error_lanes(vdouble a, vdouble b, vdouble p) {
    const vdouble ca = 134217729.0 * a, cb = 134217729.0 * b;
    const vdouble ah = ca - (ca - a), bh = cb - (cb - b);
    const vdouble al = a - ah, bl = b - bh;
    return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

#define US_VARIANT(name) name##_avx2
#define US_TARGET US_AVX2_TARGET
#define US_PRODUCT_ERROR(a, b, p) __builtin_elementwise_fma(a, b, -(p))
#include "tanh_kernel.h"
#undef US_VARIANT
#undef US_TARGET
#undef US_PRODUCT_ERROR

#define US_VARIANT(name) name##_portable
#define US_TARGET
#define US_PRODUCT_ERROR(a, b, p) product_error_lanes(a, b, p)
#include "tanh_kernel.h"
#undef US_VARIANT
#undef US_TARGET
#undef US_PRODUCT_ERROR

uint64_t us_tanh_quick(const double *input, double *output, size_t count) {
    return avx2_fma_available() ? tanh_quick_avx2(input, output, count)
                                : tanh_quick_portable(input, output, count);
}

uint64_t us_tanh_quick_avx2(const double *input, double *output, size_t count) {
    return tanh_quick_avx2(input, output, count);
}

uint64_t us_tanh_quick_portable(const double *input, double *output, size_t count) {
    return tanh_quick_portable(input, output, count);
}

int us_has_avx2_fma(void) { return avx2_fma_available(); }

// glibc's powf, compiled twice from one template (glibc_powf_kernel.h), as glibc_sincos.c does:
// for the fma instruction and with libm's fma; the same bits either way.

// Only the US_FMA calls are fused: every other product and sum is rounded on its own, also in the
// helpers of the headers below (so the pragma comes first).
#pragma STDC FP_CONTRACT OFF
#include "understudy_math.h"
#include "glibc_common.h"
#include "glibc_powf_tables.h"

static inline uint32_t bits_f(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }
static inline float from_bits_f(uint32_t b) { float x; memcpy(&x, &b, 4); return x; }

/// Added to the exponent-table index so that the scale comes out negative (glibc SIGN_BIAS).
#define POWF_SIGN_BIAS ((uint64_t)1 << (5 + 11))
/// Float.nan's bits, which PortableMath.glibcPowf has always returned for (x < 0)^non-integer.
static const uint32_t powf_nan = 0x7FC00000;

// Published in glibc 2.36 sysdeps/ieee754/flt-32/e_powf_log2_data.c (POWF_SCALE = 1) and
// e_exp2f_data.c (shift_scaled = 0x1.8p52/32); each equals the data in libm.so.6.
static const double log2_poly0 = 0x1.27616c9496e0bp-2;
static const double log2_poly1 = -0x1.71969a075c67ap-2;
static const double log2_poly2 = 0x1.ec70a6ca7baddp-2;
static const double log2_poly3 = -0x1.7154748bef6c8p-1;
static const double log2_poly4 = 0x1.71547652ab82bp0;
static const double powf_shift = 0x1.8p52 / 32;
static const double exp2_poly0 = 0x1.c6af84b912394p-5;
static const double exp2_poly1 = 0x1.ebfce50fac4f3p-3;
static const double exp2_poly2 = 0x1.62e42ff0c52d6p-1;

enum { NOT_INTEGER, ODD, EVEN };

/// Whether the finite nonzero float with bits `iy` is an integer, and of which parity.
static inline int powf_integer_kind(uint32_t iy) {
    const int e = (int)(iy >> 23 & 0xFF);
    if (e < 0x7F) return NOT_INTEGER;
    if (e > 0x7F + 23) return EVEN;
    const uint32_t unit = (uint32_t)1 << (0x7F + 23 - e);
    if (iy & (unit - 1)) return NOT_INTEGER;
    return (iy & unit) ? ODD : EVEN;
}

/// Whether the bits are those of ±0, ±inf or a NaN.
static inline int powf_zero_inf_nan(uint32_t i) { return (i << 1) - 1 >= ((uint32_t)0x7F800000 << 1) - 1; }

/// Whether the bits are those of a signaling NaN (quiet bit 22 clear).
static inline int powf_signaling_nan(uint32_t i) { return (i ^ 0x00400000) << 1 > 0xFF800000; }

#define US_KERNEL "glibc_powf_kernel.h"
#include "glibc_variants.h"

float us_glibc_powf(float x, float y) {
    return fma_available() ? us_glibc_powf_fma(x, y) : us_glibc_powf_portable(x, y);
}

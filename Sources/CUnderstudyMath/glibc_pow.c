// glibc's pow, compiled twice from one template (glibc_pow_kernel.h), as glibc_sincos.c does:
// for the fma instruction and with libm's fma; the same bits either way.

// Only the US_FMA calls are fused: every other product and sum is rounded on its own, also in the
// helpers of the headers below (so the pragma comes first).
#pragma STDC FP_CONTRACT OFF
#include "understudy_math.h"
#include "glibc_common.h"
#include "glibc_pow_tables.h"

static const uint64_t pow_one = 0x3FF0000000000000;
static const uint64_t pow_infinity = 0x7FF0000000000000;
/// Added to the exponent-table index so that the scale comes out negative (glibc SIGN_BIAS).
#define POW_SIGN_BIAS ((uint64_t)0x800 << 7)
/// The NaN x86's invalid operations produce, which glibc returns for (x < 0)^non-integer.
static const uint64_t pow_invalid_nan = 0xFFF8000000000000;

// Polynomial coefficients and ln2 pieces as published in glibc 2.36
// sysdeps/ieee754/dbl-64/e_pow_log_data.c (poly[1...6] there are written as coefficient × -2, -2,
// 4, 4, -8, -8; these are the products) and e_exp_data.c (N = 128, EXP_POLY_ORDER 5).
static const double ln2_hi = 0x1.62e42fefa3800p-1;
static const double ln2_lo = 0x1.ef35793c76730p-45;
/// ln2_lo = ln2_lo_high + ln2_lo_low, 40 and 7 significant bits.
static const double ln2_lo_high = 0x1.ef35793c76000p-45;
static const double ln2_lo_low = 0x1.cc00000000000p-87;
static const double log_poly0 = -0x1p-1;
static const double log_poly1 = -0x1.555555555556p-1;
static const double log_poly2 = 0x1.0000000000006p-1;
static const double log_poly3 = 0x1.999999959554ep-1;
static const double log_poly4 = -0x1.555555529a47ap-1;
static const double log_poly5 = -0x1.2495b9b4845e9p+0;
static const double log_poly6 = 0x1.0002b8b263fc3p+0;
static const double inv_ln2_n = 0x1.71547652b82fep0 * 128;
static const double neg_ln2_hi_n = -0x1.62e42fefa0000p-8;
static const double neg_ln2_lo_n = -0x1.cf79abc9e3b3ap-47;
/// neg_ln2_lo_n = neg_ln2_lo_n_high + neg_ln2_lo_n_low, 36 and 13 significant bits.
static const double neg_ln2_lo_n_high = -0x1.cf79abc9e0000p-47;
static const double neg_ln2_lo_n_low = -0x1.d9d0000000000p-86;
static const double shift = 0x1.8p52;
static const double exp_poly2 = 0x1.ffffffffffdbdp-2;
static const double exp_poly3 = 0x1.555555555543cp-3;
static const double exp_poly4 = 0x1.55555cf172b91p-5;
static const double exp_poly5 = 0x1.1111167a4d017p-7;

/// *s + *e = a + b exactly (Knuth's two-sum).
static inline void two_sum(double a, double b, double *s, double *e) {
    *s = a + b;
    const double bb = *s - a;
    *e = (a - (*s - bb)) + (b - bb);
}

enum { NOT_INTEGER, ODD, EVEN };

/// Whether the finite nonzero double with bits `iy` is an integer, and of which parity.
static inline int pow_integer_kind(uint64_t iy) {
    const int e = (int)(iy >> 52 & 0x7FF);
    if (e < 0x3FF) return NOT_INTEGER;
    if (e > 0x3FF + 52) return EVEN;
    const uint64_t unit = (uint64_t)1 << (0x3FF + 52 - e);
    if (iy & (unit - 1)) return NOT_INTEGER;
    return (iy & unit) ? ODD : EVEN;
}

/// Whether the bits are those of ±0, ±inf or a NaN.
static inline int pow_zero_inf_nan(uint64_t i) { return (i << 1) - 1 >= (pow_infinity << 1) - 1; }

/// Whether the bits are those of a signaling NaN (x86/ARM convention: quiet bit 51 clear).
static inline int pow_signaling_nan(uint64_t i) { return (i ^ 0x0008000000000000) << 1 > 0xFFF0000000000000; }

#define US_KERNEL "glibc_pow_kernel.h"
#include "glibc_variants.h"

double us_glibc_pow(double x, double y) {
    return fma_available() ? us_glibc_pow_fma(x, y) : us_glibc_pow_portable(x, y);
}

void us_glibc_pow_array(const double *x, const double *y, double *output, size_t count) {
    if (fma_available()) pow_array_fma(x, y, output, count);
    else pow_array_portable(x, y, output, count);
}

// glibc's sin and cos, compiled twice from one template (glibc_sincos_kernel.h): once for the fma
// instruction (US_FMA is __builtin_fma under target("fma"), an inline vfmadd) and once portable
// (US_FMA is libm's fma, exact in software, for x86-64 CPUs without FMA). An fma is exact however it
// is computed, so both builds give the same bits; each call takes the fastest one the CPU runs.
// Only the US_FMA calls are fused: every other product and sum is rounded on its own, also in the
// helpers of the headers below (so the pragma comes first).
#pragma STDC FP_CONTRACT OFF
#include "understudy_math.h"
#include "glibc_common.h"
#include "glibc_sincos_tables.h"

// Published in glibc 2.36 sysdeps/ieee754/dbl-64/s_sin.c (sn3 ... cs6, as decimals there; cs2
// rounds to 0.5), usncs.h (s1 ... s5, big, hp0, hp1, mp1, mp2, pp3, pp4, hpinv, toint) and
// branred.h (branred_mp1/mp2, which differ from usncs.h's mp2, splitter = 2^27 + 1, big1); each
// equals the constant in libm.so.6.
static const double s1 = -0x1.5555555555555p-3;
static const double s2 = 0x1.1111111110ECEp-7;
static const double s3 = -0x1.A01A019DB08B8p-13;
static const double s4 = 0x1.71DE27B9A7ED9p-19;
static const double s5 = -0x1.ADDFFC2FCDF59p-26;
static const double sn3 = -1.66666666666664880952546298448555E-01;
static const double sn5 = 8.33333214285722277379541354343671E-03;
static const double cs2 = 4.99999999999999999999950396842453E-01;
static const double cs4 = -4.16666666666664434524222570944589E-02;
static const double cs6 = 1.38888874007937613028114285595617E-03;
static const double big = 0x1.8p45;
static const double hp0 = 0x1.921FB54442D18p0;
static const double hp1 = 0x1.1A62633145C07p-54;
static const double mp1 = 0x1.921FB58000000p0;
static const double mp2 = -0x1.DDE973C000000p-27;
static const double pp3 = -0x1.CB3B398000000p-55;
static const double pp4 = -0x1.d747f23e32ed7p-83;
static const double hpinv = 0x1.45F306DC9C883p-1;
static const double toint = 0x1.8p52;
static const double big1 = 0x1.8p54;
static const double splitter = 134217729.0;
static const double branred_mp1 = 0x1.921FB58000000p0;
static const double branred_mp2 = -0x1.DDE9740000000p-27;

/// The offset in us_sincos_table of the row for u = big + |x|, whose low bits are round(128·|x|).
static inline size_t table_index(double u) { return (size_t)(uint32_t)bits(u) << 2; }

/// One half of __branred: xi·(2/π) as an integer part *sum (mod 4) and a fraction *b + *bb, from
/// the six 24-bit digits of 2/π that matter at xi's exponent.
static inline void branred_part(double xi, double *b, double *bb, double *sum) {
    int k = ((int)(bits(xi) >> 52 & 0x7FF) - 450) / 24;
    if (k < 0) k = 0;
    double gor = from_bits(0x63F0000000000000 - ((uint64_t)(k * 24) << 52));   // 2^(576 − 24k)
    double r[6];
    for (int j = 0; j < 6; j++) {
        r[j] = xi * us_toverp[k + j] * gor;
        gor *= 0x1p-24;
    }
    double s, t = 0, total = 0;
    for (int j = 0; j < 3; j++) {
        s = (r[j] + toint) - toint;
        total += s;
        r[j] -= s;
    }
    for (int j = 5; j >= 0; j--) t += r[j];
    double e = (((((r[0] - t) + r[1]) + r[2]) + r[3]) + r[4]) + r[5];
    s = (t + toint) - toint;
    total += s;
    t -= s;
    *b = t + e;
    *bb = (t - *b) + e;
    s = (total + big1) - big1;                       // ulp 4: total mod 4 remains
    *sum = total - s;
}

/// x = n·π/2 + (*a + *da), |*a + *da| <= π/4, for |x| >= 105414350 (glibc's __branred, plain
/// double arithmetic on 2/π in 24-bit digits); returns n mod 4.
static int reduce_huge(double x, double *a, double *da) {
    x *= 0x1p-600;
    double t = x * splitter;
    const double x1 = t - (t - x);
    const double x2 = x - x1;
    double b1, bb1, sum1, b2, bb2, sum2;
    branred_part(x1, &b1, &bb1, &sum1);
    branred_part(x2, &b2, &bb2, &sum2);
    double sum = sum1 + sum2;
    double b = b1 + b2;
    double bb = fabs(b1) > fabs(b2) ? (b1 - b) + b2 : (b2 - b) + b1;
    if (b > 0.5) {
        b -= 1;
        sum += 1;
    } else if (b < -0.5) {
        b += 1;
        sum -= 1;
    }
    double s = b + (bb + bb1 + bb2);
    t = ((b - s) + bb) + (bb1 + bb2);
    b = s * splitter;
    const double t1 = b - (b - s);
    const double t2 = s - t1;
    b = s * hp0;
    bb = (((t1 * branred_mp1 - b) + t1 * branred_mp2) + t2 * branred_mp1)
        + (t2 * branred_mp2 + s * hp1 + t * hp0);
    s = b + bb;
    *a = s;
    *da = (b - s) + bb;
    return (int)sum & 3;
}

#define US_KERNEL "glibc_sincos_kernel.h"
#include "glibc_variants.h"

double us_glibc_sin(double x) { return fma_available() ? us_glibc_sin_fma(x) : us_glibc_sin_portable(x); }
double us_glibc_cos(double x) { return fma_available() ? us_glibc_cos_fma(x) : us_glibc_cos_portable(x); }

void us_glibc_sin_array(const double *input, double *output, size_t count) {
    if (fma_available()) sin_array_fma(input, output, count);
    else sin_array_portable(input, output, count);
}

void us_glibc_cos_array(const double *input, double *output, size_t count) {
    if (fma_available()) cos_array_fma(input, output, count);
    else cos_array_portable(input, output, count);
}

int us_glibc_has_fma(void) { return fma_available(); }

// glibc's pow, bit for bit: the FMA build of glibc 2.28+'s double pow (sysdeps/ieee754/dbl-64/
// e_pow.c, from ARM optimized-routines math/pow.c by Szabolcs Nagy), which x86-64 glibc runs as
// `__pow_fma` on CPUs with FMA and AVX2.
//
// A template, built twice by glibc_pow.c as glibc_sincos.c builds glibc_sincos_kernel.h. Every
// multiply-add that glibc's binary fuses into a vfmadd (read off the disassembly of libm.so.6
// 2.36, including the ones gcc contracted on its own) gives the fma's result here, and every other
// operation is a plain IEEE-754 operation in glibc's order. Where glibc's fma yields an exact
// value, or one that a few plain operations provably reproduce, the portable build uses those
// instead (each place says why), which spares it libm calls (12 remain on the common path); the
// fma build (US_FMA_IS_FAST) takes glibc's fma, one instruction.

/// log(x) = hi + *tail (tail about 15 bits beyond hi) for the bits `ix` of a positive normal
/// double, or of a subnormal normalised so that its exponent field went negative.
US_TARGET static inline double US_VARIANT(pow_log)(uint64_t ix, double *tail) {
    // x = 2^k·z with z in [0x1.69555p-1, 0x1.69555p0); the i-th of 128 subintervals holds z.
    const uint64_t tmp = ix - 0x3FE6955500000000;
    const size_t i = (size_t)(tmp >> 45 & 0x7F);
    const int64_t k = (int64_t)tmp >> 52;
    const uint64_t iz = ix - (tmp & (uint64_t)0xFFF << 52);
    const double z = from_bits(iz);
    const double kd = (double)k;
    const double invc = us_pow_log_table[3 * i], logc = us_pow_log_table[3 * i + 1];
    const double logctail = us_pow_log_table[3 * i + 2];
    // log(x) = k·ln2 + log(c) + log1p(r), r = z/c - 1 exactly.
    double r, t1, lo1;
    if (US_FMA_IS_FAST) {
        r = US_FMA(z, invc, -1.0);
        t1 = US_FMA(kd, ln2_hi, logc);
        lo1 = US_FMA(kd, ln2_lo, logctail);
    } else {
        // r = fma(z, invc, -1), which is exact: invc has at most 9 bits, so with z = zhi + zlo
        // (zhi 21 bits) both partial products are exact, and their sum r is representable.
        const double zhi = from_bits((iz + ((uint64_t)1 << 31)) & ((uint64_t)-1 << 32));
        const double rhi = zhi * invc - 1;
        const double rlo = (z - zhi) * invc;
        r = rhi + rlo;
        // fma(kd, ln2_hi, logc) is exact: |k| < 2^11 and ln2_hi has 42 bits, logc is a multiple
        // of 2^-43 and the sum is below 2^10.
        t1 = kd * ln2_hi + logc;
        // fma(kd, ln2_lo, logctail): with ln2_lo = L1 + L2 (40 + 7 bits) both products are exact;
        // two-sum of kd·L1 and logctail leaves an error that adds to kd·L2 exactly (both are
        // multiples of 2^-104 below 2^-75), so one rounding remains, as in the fma.
        double s1, e1;
        two_sum(kd * ln2_lo_high, logctail, &s1, &e1);
        lo1 = s1 + (e1 + kd * ln2_lo_low);
    }
    const double t2 = t1 + r;
    const double lo2 = t1 - t2 + r;
    const double ar = log_poly0 * r;
    const double ar2 = r * ar;
    const double ar3 = r * ar2;
    const double hi = t2 + ar2;
    // fma(ar, r, -ar2), or exactly the same by Dekker (|r| >= 2^-60 or r == 0: no underflow).
    const double lo3 = US_FMA_IS_FAST ? US_FMA(ar, r, -ar2) : product_error(ar, r, ar2);
    const double lo4 = t2 - hi + ar2;
    const double q = US_FMA(ar2, US_FMA(US_FMA(r, log_poly6, log_poly5), ar2, US_FMA(r, log_poly4, log_poly3)),
                            US_FMA(r, log_poly2, log_poly1));
    const double lo = US_FMA(ar3, q, lo1 + lo2 + lo3 + lo4);
    const double y = hi + lo;
    *tail = hi - y + lo;
    return y;
}

/// scale·(1 + tmp) when the scale's exponent field may have overflowed (k > 0) or the result is
/// near or below the subnormal range (k < 0), rounding the subnormal result only once.
US_TARGET __attribute__((noinline)) static double US_VARIANT(pow_exp_special_case)(double tmp, uint64_t sbits,
                                                                                      uint64_t ki) {
    if ((ki & 0x80000000) == 0) {
        const double scale = from_bits(sbits - ((uint64_t)1009 << 52));
        return US_FMA(scale, tmp, scale) * 0x1p1009;
    }
    const uint64_t b = sbits + ((uint64_t)1022 << 52);
    const double scale = from_bits(b);
    const double product = scale * tmp;                // not fused: glibc reuses it below
    double y = scale + product;
    if (fabs(y) < 1) {
        const double one = y < 0 ? -1.0 : 1.0;
        double lo = scale - y + product;
        const double hi = y + one;
        lo = one - hi + y + lo;
        y = (lo + hi) - one;
        if (y == 0) y = from_bits(b & 0x8000000000000000);
    }
    return 0x1p-1022 * y;
}

/// sign·exp(x + xtail), |xtail| < 2^-15·|x| or tiny; `sign_bias` is 0 or SIGN_BIAS.
US_TARGET static inline double US_VARIANT(pow_exp)(double x, double xtail, uint64_t sign_bias) {
    uint64_t abstop = bits(x) >> 52 & 0x7FF;
    if (abstop - 0x3C9 >= 0x408 - 0x3C9) {              // |x| < 2^-54 or |x| >= 512
        if (abstop < 0x3C9) {
            const double one = 1 + x;
            return sign_bias ? -one : one;
        }
        if (abstop >= 0x409) {                          // |x| >= 1024
            const int huge = bits(x) >> 63 == 0;
            return sign_bias ? (huge ? -INFINITY : -0.0) : (huge ? INFINITY : 0.0);
        }
        abstop = 0;                                     // may overflow or underflow
    }
    // x = k·ln2/128 + r, |r| <= ln2/256. glibc computes k as fma(x, 128/ln2, shift) - shift, k =
    // x·128/ln2 rounded to the nearest integer, ties to even. Without the instruction: p =
    // x·128/ln2 rounded to double decides it, except when p is exactly halfway and the product's
    // error (exact, Dekker) pushes the true value off the tie.
    double kd_shifted;
    if (US_FMA_IS_FAST) {
        kd_shifted = US_FMA(x, inv_ln2_n, shift);
    } else {
        const double p = x * inv_ln2_n;
        kd_shifted = p + shift;
        const double halfway = p - (kd_shifted - shift);
        if (fabs(halfway) == 0.5) {
            const double e = product_error(x, inv_ln2_n, p);   // |x| >= 2^-54: no underflow
            if (halfway > 0 && e > 0) kd_shifted += 1;
            if (halfway < 0 && e < 0) kd_shifted -= 1;
        }
    }
    const uint64_t ki = bits(kd_shifted);
    const double kd = kd_shifted - shift;
    double r;
    if (US_FMA_IS_FAST || abstop == 0) {
        r = US_FMA(kd, neg_ln2_lo_n, US_FMA(kd, neg_ln2_hi_n, x));
    } else {
        // |x| < 512 so |k| < 2^17. fma(kd, neg_ln2_hi_n, x) is exact: the product has at most
        // 36 + 17 bits and the difference is exact by Sterbenz's lemma. For fma(kd, neg_ln2_lo_n,
        // r0), split neg_ln2_lo_n = M1 + M2 (36 + 13 bits): both products are exact, and the
        // two-sum error of r0 + kd·M1 adds to kd·M2 exactly (multiples of 2^-99 below 2^-60).
        const double r0 = x + kd * neg_ln2_hi_n;
        double s, e;
        two_sum(r0, kd * neg_ln2_lo_n_high, &s, &e);
        r = s + (e + kd * neg_ln2_lo_n_low);
    }
    r = xtail + r;
    const size_t idx = 2 * (size_t)(ki & 0x7F);
    const uint64_t top = (ki + sign_bias) << 45;
    const double tail = from_bits(us_pow_exp_table[idx]);
    const uint64_t sbits = us_pow_exp_table[idx + 1] + top;
    const double r2 = r * r;
    const double tmp = US_FMA(US_FMA(r, exp_poly5, exp_poly4), r2 * r2,
                              US_FMA(US_FMA(r, exp_poly3, exp_poly2), r2, tail + r));
    if (abstop == 0) return US_VARIANT(pow_exp_special_case)(tmp, sbits, ki);
    const double scale = from_bits(sbits);
    return US_FMA(scale, tmp, scale);
}

/// glibc's pow on the FMA build (see PortableMath.glibcPow).
US_TARGET double US_VARIANT(us_glibc_pow)(double x, double y) {
    uint64_t ix = bits(x);
    const uint64_t iy = bits(y);
    uint64_t topx = ix >> 52;                           // sign and exponent
    const uint64_t topy = iy >> 52;
    uint64_t sign_bias = 0;
    // x negative, subnormal, zero, inf or NaN; or |y| < 2^-65, |y| >= 2^63 or y NaN.
    if (topx - 1 >= 0x7FE || (topy & 0x7FF) - 0x3BE >= 0x80) {
        if (pow_zero_inf_nan(iy)) {
            if (iy << 1 == 0) return pow_signaling_nan(ix) ? x + y : 1;
            if (ix == pow_one) return pow_signaling_nan(iy) ? x + y : 1;
            if (ix << 1 > pow_infinity << 1 || iy << 1 > pow_infinity << 1) return x + y;
            if (ix << 1 == pow_one << 1) return 1;
            if ((ix << 1 < pow_one << 1) == (iy >> 63 == 0)) return 0;
            return y * y;
        }
        if (pow_zero_inf_nan(ix)) {
            double x2 = x * x;
            if (ix >> 63 && pow_integer_kind(iy) == ODD) x2 = -x2;
            return iy >> 63 ? 1 / x2 : x2;
        }
        // x and y are finite and nonzero.
        if (ix >> 63) {
            switch (pow_integer_kind(iy)) {
            case NOT_INTEGER: return from_bits(pow_invalid_nan);
            case ODD: sign_bias = POW_SIGN_BIAS; break;
            case EVEN: break;
            }
            ix &= 0x7FFFFFFFFFFFFFFF;
            topx &= 0x7FF;
        }
        if ((topy & 0x7FF) - 0x3BE >= 0x80) {
            // y is not odd here, so the sign is +.
            if (ix == pow_one) return 1;
            if ((topy & 0x7FF) < 0x3BE) return ix > pow_one ? 1 + y : 1 - y;          // |y| < 2^-65
            return (ix > pow_one) == (topy < 0x800) ? INFINITY : 0;                // |y| >= 2^63
        }
        if (topx == 0) {
            // Subnormal x: normalise, letting the exponent field go negative.
            ix = bits(x * 0x1p52) & 0x7FFFFFFFFFFFFFFF;
            ix -= (uint64_t)52 << 52;
        }
    }
    double log_tail;
    const double log_hi = US_VARIANT(pow_log)(ix, &log_tail);
    // y·log x as ehi + elo; gcc fused y·tail into the error term of y·hi, fma(y, hi, -ehi), which
    // Dekker gives exactly (when |ehi| < 2^-54 elo is not used, otherwise no underflow).
    const double ehi = y * log_hi;
    const double error = US_FMA_IS_FAST ? US_FMA(y, log_hi, -ehi) : product_error(y, log_hi, ehi);
    const double elo = US_FMA(y, log_tail, error);
    return US_VARIANT(pow_exp)(ehi, elo, sign_bias);
}

US_TARGET static void US_VARIANT(pow_array)(const double *x, const double *y, double *output, size_t count) {
    for (size_t i = 0; i < count; i++) output[i] = US_VARIANT(us_glibc_pow)(x[i], y[i]);
}

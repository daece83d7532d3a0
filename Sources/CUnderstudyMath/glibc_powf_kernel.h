// glibc's powf, bit for bit: the FMA build of glibc 2.28+'s float pow (sysdeps/ieee754/flt-32/
// e_powf.c, from ARM optimized-routines math/powf.c by Szabolcs Nagy), which x86-64 glibc runs as
// `__powf_fma` on CPUs with FMA and AVX2.
//
// A template, built twice by glibc_powf.c as glibc_sincos.c builds glibc_sincos_kernel.h. powf
// works in double: log2(x) from a 16-entry table and a degree-5 polynomial, y·log2(x), then 2^t
// from a 32-entry table and a cubic, rounded once to float. Every multiply-add that glibc's binary
// fuses into a vfmadd (read off the disassembly of libm.so.6 2.36) is a US_FMA here, every other
// operation a plain IEEE-754 operation in glibc's order.

/// log2(x) for the bits `ix` of a positive normal float, or of a subnormal normalised so that its
/// exponent field went negative (relative error about 1.8·2^-33).
US_TARGET static inline double US_VARIANT(powf_log2)(uint32_t ix) {
    // x = 2^k·z with z in [0x1.66p-1, 0x1.66p0); the i-th of 16 subintervals holds z.
    const uint32_t tmp = ix - 0x3F330000;
    const size_t i = (size_t)(tmp >> 19 & 15);
    const uint32_t top = tmp & 0xFF800000;
    const double z = (double)from_bits_f(ix - top);
    const double k = (double)((int32_t)top >> 23);
    const double invc = us_powf_log2_table[2 * i], logc = us_powf_log2_table[2 * i + 1];
    // log2(x) = log1p(z/c − 1)/ln2 + log2(c) + k
    const double r = US_FMA(z, invc, -1.0);
    const double y0 = logc + k;
    const double r2 = r * r;
    const double y = US_FMA(log2_poly0, r, log2_poly1);
    const double p = US_FMA(log2_poly2, r, log2_poly3);
    const double r4 = r2 * r2;
    double q = US_FMA(log2_poly4, r, y0);
    q = US_FMA(p, r2, q);
    return US_FMA(y, r4, q);
}

/// sign·2^xd for |xd| < 150 (relative error about 1.7·2^-34), as a double.
US_TARGET static inline double US_VARIANT(powf_exp2)(double xd, uint64_t sign_bias) {
    // xd = k/32 + r, |r| <= 1/64.
    double kd = xd + powf_shift;
    const uint64_t ki = bits(kd);
    kd -= powf_shift;
    const double r = xd - kd;
    const double s = from_bits(us_powf_exp2_table[ki % 32] + ((ki + sign_bias) << 47));
    const double z = US_FMA(exp2_poly0, r, exp2_poly1);
    const double r2 = r * r;
    const double y = US_FMA(exp2_poly2, r, 1.0);
    return US_FMA(z, r2, y) * s;
}

/// glibc's powf on the FMA build (see PortableMath.glibcPowf).
US_TARGET float US_VARIANT(us_glibc_powf)(float x, float y) {
    uint32_t ix = bits_f(x);
    const uint32_t iy = bits_f(y);
    uint64_t sign_bias = 0;
    if (ix - 0x00800000 >= 0x7F800000 - 0x00800000 || powf_zero_inf_nan(iy)) {
        // x < 2^-126, inf or NaN, or y zero, inf or NaN.
        if (powf_zero_inf_nan(iy)) {
            if (iy << 1 == 0) return powf_signaling_nan(ix) ? x + y : 1.0f;
            if (ix == 0x3F800000) return powf_signaling_nan(iy) ? x + y : 1.0f;
            if (ix << 1 > (uint32_t)0x7F800000 << 1 || iy << 1 > (uint32_t)0x7F800000 << 1) return x + y;
            if (ix << 1 == (uint32_t)0x3F800000 << 1) return 1.0f;
            if ((ix << 1 < (uint32_t)0x3F800000 << 1) == ((iy & 0x80000000) == 0)) return 0.0f;
            return y * y;
        }
        if (powf_zero_inf_nan(ix)) {
            float x2 = x * x;
            if ((ix & 0x80000000) && powf_integer_kind(iy) == ODD) x2 = -x2;
            return (iy & 0x80000000) ? 1 / x2 : x2;
        }
        // x and y are finite and nonzero.
        if (ix & 0x80000000) {
            switch (powf_integer_kind(iy)) {
            case NOT_INTEGER: return from_bits_f(powf_nan);
            case ODD: sign_bias = POWF_SIGN_BIAS; break;
            case EVEN: break;
            }
            ix &= 0x7FFFFFFF;
        }
        if (ix < 0x00800000) {
            // Subnormal x: normalise, letting the exponent field go negative.
            ix = bits_f(from_bits_f(ix) * 0x1p23f) & 0x7FFFFFFF;
            ix -= 23 << 23;
        }
    }
    const double ylogx = (double)y * US_VARIANT(powf_log2)(ix);   // cannot overflow: y is a float
    if ((bits(ylogx) >> 47 & 0xFFFF) >= bits(126.0) >> 47) {
        // |y·log2 x| >= 126.
        if (ylogx > 0x1.fffffffd1d571p+6) return sign_bias ? -INFINITY : INFINITY;
        if (ylogx <= -150) return sign_bias ? -0.0f : 0.0f;
        if (ylogx < -149) {
            // glibc's __math_may_uflowf: 0x1.4p-75f squared, i.e. the least subnormal.
            const float tiny = 0x1.4p-75f;
            return (sign_bias ? -tiny : tiny) * tiny;
        }
    }
    return (float)US_VARIANT(powf_exp2)(ylogx, sign_bias);
}

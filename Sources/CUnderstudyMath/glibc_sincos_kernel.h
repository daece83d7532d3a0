// glibc's sin and cos, bit for bit: the FMA build of glibc 2.28+'s double sin/cos (IBM Accurate
// Mathematical Library, sysdeps/ieee754/dbl-64/s_sin.c with usncs.h, sincostab.c and branred.c),
// which x86-64 glibc runs as `__sin_fma`/`__cos_fma` on CPUs with FMA and AVX2
// (sysdeps/x86_64/fpu/multiarch/s_sin-fma.c, built with -mfma -mavx2).
//
// A template: glibc_sincos.c includes it once per build with US_VARIANT (the suffix of every
// name), US_TARGET (the functions' target attribute) and US_FMA (the fused multiply-add) defined.
// Both builds give the same bits, since an fma is exact however it is computed.
//
// Every multiply-add that glibc's binary fuses into a vfmadd/vfnmadd/vfmsub (read off the
// disassembly of libm.so.6 2.36, including the contractions gcc made on its own) is a US_FMA here,
// and every other operation is a plain IEEE-754 operation in glibc's order (glibc_sincos.c turns
// contraction off). Where glibc's fma is provably equal to plain operations they are used instead
// (each place says why), which spares the portable build's libm calls; the kernels keep 6 to 8
// fmas, and the reduction for 2.43 <= |x| < 105414350 two. `__branred`, used for
// |x| >= 105414350, has no fused operations.

/// sin(x + dx) for |x| < 0.855469 (glibc's do_sin). Below 0.126 a Taylor polynomial; otherwise
/// sin(xi + r) = sin(xi)cos(r) + cos(xi)sin(r) with xi = i/128 from the table.
US_TARGET static inline double US_VARIANT(do_sin)(double x, double dx) {
    if (fabs(x) < 0.126) {
        const double xx = x * x;
        const double p = US_FMA(US_FMA(US_FMA(US_FMA(s5, xx, s4), xx, s3), xx, s2), xx, s1);
        return x + US_FMA(US_FMA(p, x, -0.5 * dx), xx, dx);
    }
    if (x <= 0) dx = -dx;
    const double ax = fabs(x);
    const double u = big + ax;                       // ulp 2^-7: u − big = i/128
    const double r = ax - (u - big);
    const double *t = us_sincos_table + table_index(u);
    const double sn = t[0], ssn = t[1], cs = t[2], ccs = t[3];
    const double xx = r * r;
    const double s = r + US_FMA(r * xx, US_FMA(xx, sn5, sn3), dx);
    const double c = US_FMA(r, dx, xx * US_FMA(xx, US_FMA(xx, cs6, cs4), cs2));
    const double cor = US_FMA(s, cs, US_FMA(-c, sn, US_FMA(s, ccs, ssn)));
    return copysign(sn + cor, x);
}

/// cos(x + dx) for |x| < 0.855469 (glibc's do_cos).
US_TARGET static inline double US_VARIANT(do_cos)(double x, double dx) {
    if (x < 0) dx = -dx;
    const double ax = fabs(x);
    const double u = big + ax;
    const double r = (ax - (u - big)) + dx;
    const double *t = us_sincos_table + table_index(u);
    const double sn = t[0], ssn = t[1], cs = t[2], ccs = t[3];
    const double xx = r * r;
    const double s = US_FMA(r * xx, US_FMA(xx, sn5, sn3), r);
    const double c = xx * US_FMA(xx, US_FMA(xx, cs6, cs4), cs2);
    const double cor = US_FMA(-s, sn, US_FMA(-c, cs, US_FMA(-s, ssn, ccs)));
    return cs + cor;
}

/// sin(a + da + n·π/2) (glibc's do_sincos).
US_TARGET static inline double US_VARIANT(do_sincos)(double a, double da, int n) {
    const double v = (n & 1) ? US_VARIANT(do_cos)(a, da) : US_VARIANT(do_sin)(a, da);
    return (n & 2) ? -v : v;
}

/// x = n·π/2 + (*a + *da), |*a| <= π/4 + tiny, for 2.4 < |x| < 105414350 (glibc's
/// reduce_sincos); returns n mod 4.
US_TARGET static inline int US_VARIANT(reduce)(double x, double *a, double *da) {
    // glibc: t = fma(x, hpinv, toint), xn = t − toint, i.e. x·2/π rounded to an integer, ties to
    // even, from the exact product. The rounded product p decides it, except when p is exactly
    // halfway and the product's error (exact, Dekker) pushes the true value off the tie (p cannot
    // cross a half-integer: those are doubles, and rounding is monotonic).
    const double p = x * hpinv;
    double t = p + toint;
    const double halfway = p - (t - toint);
    if (fabs(halfway) == 0.5) {
        const double e = product_error(x, hpinv, p);   // |x| > 2.4: no underflow
        if (halfway > 0 && e > 0) t += 1;
        if (halfway < 0 && e < 0) t -= 1;
    }
    const double xn = t - toint;
    const int n = (int)(bits(t) & 3);
    // glibc fuses y = x − xn·mp1 − xn·mp2 and the products with pp3 below. |xn| <= 2^26 and mp1,
    // mp2, pp3 have 26, 27 and 26 significant bits, so these products are exact and one plain
    // subtraction rounds as the fma does.
    const double y = (x - xn * mp1) - xn * mp2;
    const double t2 = y - xn * pp3;
    const double db = (y - t2) - xn * pp3;
    const double b = US_FMA(-xn, pp4, t2);
    *a = b;
    *da = db + US_FMA(-xn, pp4, t2 - b);
    return n;
}

/// glibc's sin on the FMA build (see PortableMath.glibcSin).
US_TARGET static inline double US_VARIANT(sin)(double x) {
    const uint32_t k = (uint32_t)(bits(x) >> 32) & 0x7FFFFFFF;   // |x|'s high word
    double a, da;
    if (k < 0x3E500000) return x;                                // |x| < 2^-26
    if (k < 0x3FEB6000) return US_VARIANT(do_sin)(x, 0);          // |x| < 0.855469
    if (k < 0x400368FD)                                          // |x| < 2.426265: cos(π/2 − |x|)
        return copysign(US_VARIANT(do_cos)(hp0 - fabs(x), hp1), x);
    if (k < 0x419921FB) {                                        // |x| < 105414350
        const int n = US_VARIANT(reduce)(x, &a, &da);
        return US_VARIANT(do_sincos)(a, da, n);
    }
    if (k < 0x7FF00000) {
        const int n = reduce_huge(x, &a, &da);
        return US_VARIANT(do_sincos)(a, da, n);
    }
    return x / x;                                                // inf or NaN
}

/// glibc's cos on the FMA build (see PortableMath.glibcCos).
US_TARGET static inline double US_VARIANT(cos)(double x) {
    const uint32_t k = (uint32_t)(bits(x) >> 32) & 0x7FFFFFFF;
    double a, da;
    if (k < 0x3E400000) return 1;                                // |x| < 2^-27
    if (k < 0x3FEB6000) return US_VARIANT(do_cos)(x, 0);          // |x| < 0.855469
    if (k < 0x400368FD) {                                        // |x| < 2.426265: sin(π/2 − |x|)
        const double y = hp0 - fabs(x);
        a = y + hp1;
        da = (y - a) + hp1;
        return US_VARIANT(do_sin)(a, da);
    }
    if (k < 0x419921FB) {
        const int n = US_VARIANT(reduce)(x, &a, &da);
        return US_VARIANT(do_sincos)(a, da, n + 1);
    }
    if (k < 0x7FF00000) {
        const int n = reduce_huge(x, &a, &da);
        return US_VARIANT(do_sincos)(a, da, n + 1);
    }
    return x / x;
}

US_TARGET double US_VARIANT(us_glibc_sin)(double x) { return US_VARIANT(sin)(x); }
US_TARGET double US_VARIANT(us_glibc_cos)(double x) { return US_VARIANT(cos)(x); }

US_TARGET static void US_VARIANT(sin_array)(const double *input, double *output, size_t count) {
    for (size_t i = 0; i < count; i++) output[i] = US_VARIANT(sin)(input[i]);
}

US_TARGET static void US_VARIANT(cos_array)(const double *input, double *output, size_t count) {
    for (size_t i = 0; i < count; i++) output[i] = US_VARIANT(cos)(input[i]);
}

// Template of the array tanh's quick path on US_LANES lanes (tanh_lanes.c builds it twice). A lane
// whose rounding test decides it holds tanh correctly rounded — the scalar PortableMath.tanh's
// bits, though the scalar function gets there another way (e^-2a and a series); the others are
// left to the scalar function.

/// a·b as *p plus its exact rounding error *e, lane by lane.
static inline __attribute__((always_inline)) US_TARGET void US_VARIANT(two_product)(vdouble a, vdouble b, vdouble *p, vdouble *e) {
    *p = a * b;
    *e = US_PRODUCT_ERROR(a, b, *p);
}

/// s + e = a + b exactly when |a| >= |b| or a == 0 (Dekker).
static inline __attribute__((always_inline)) US_TARGET void US_VARIANT(fast_two_sum)(vdouble a, vdouble b, vdouble *s, vdouble *e) {
    *s = a + b;
    *e = b - (*s - a);
}

/// hi + (lo + err), and whether hi + (lo − err) rounds the same (PortableMath.roundIfSafe, k = 0).
/// lo need not be below half an ulp of hi (tanh_table's is below 2^-51·|hi|): lo ± err are
/// rounded by far less than err's margin, and rounding is monotone, so equal results decide.
static inline __attribute__((always_inline)) US_TARGET vdouble US_VARIANT(round_if_safe)(vdouble hi, vdouble lo, vdouble err, vint *decided) {
    const vdouble a = hi + (lo + err);
    *decided = a == hi + (lo - err);
    return a;
}

/// tanh a for 2^-27 <= a <= 22 as tanh(c + d) = (T + t)/(1 + T·t): c = j/64 nearest to a, T =
/// tanh c from us_tanh_table (hi + lo, within 2^-105), t = tanh d = d + d³·P(d²) for |d| <= 1/128
/// (P to the d⁹ term: the first omitted one, 0.0089·d¹¹, is below 2^-76 d). Numerator N and
/// denominator D are normalised double-doubles; the quotient is q = N·R rounded plus the
/// correction (N − q·D)·R, where R = 1/(1 + T·t) in plain double (within 2^-51.4 of 1/D) is
/// divided out early, while N and D are still being summed — the division is the longest step,
/// and this takes it off the end of the chain. Errors, relative to the result: t's correction
/// (< 2^-15.6 d, five roundings) 2^-66.3; the numerator's and the denominator's roundings
/// 2^-67.6 and 2^-73; T 2^-104; the quotient (the correction's own rounding and (1 − R·D)²)
/// below 2^-100 — in all below 2^-65, and the rounding test takes 2^-63 (about 0.2 % of
/// arguments fail it).
static inline __attribute__((always_inline)) US_TARGET vdouble US_VARIANT(tanh_table)(vdouble a, vint *decided) {
    const vdouble shifted = a * 64 + 0x1.8p52;
    const vdouble jd = shifted - 0x1.8p52;                               // round(64a)
    const vint j = (vint)shifted - (vint)(vdouble)0x1.8p52;
    const vdouble d = (a * 64 - jd) * 0x1p-6;                            // exact
    vdouble th, tl;
    for (int i = 0; i < US_LANES; i++) {
        th[i] = us_tanh_table[2 * j[i]];
        tl[i] = us_tanh_table[2 * j[i] + 1];
    }
    // P(u) = -1/3 + 2/15 u - 17/315 u² + 62/2835 u³, by Estrin's scheme (two short chains).
    const vdouble u = d * d, u2 = u * u;
    const vdouble p = (u * 0x1.1111111111111p-3 - 0x1.5555555555555p-2)
                    + u2 * (u * 0x1.664f4882c10fap-6 - 0x1.ba1ba1ba1ba1cp-5);
    const vdouble corr = d * u * p;                                      // t = d + corr
    const vdouble inverse = 1 / (1 + th * (d + corr));                   // R, the early division
    vdouble s, e, nh, nl, ph, pe, one, de, dh, dl;
    US_VARIANT(fast_two_sum)(th, d, &s, &e);                             // th = 0 or th > |d|
    US_VARIANT(fast_two_sum)(s, e + (tl + corr), &nh, &nl);
    US_VARIANT(two_product)(th, d, &ph, &pe);
    US_VARIANT(fast_two_sum)((vdouble)1, ph, &one, &de);
    US_VARIANT(fast_two_sum)(one, de + (pe + (th * corr + tl * d)), &dh, &dl);
    // N/D = q + (N − q·D)/D, and the residual N − q·D is small enough that R stands in for 1/D.
    const vdouble q = nh * inverse;
    vdouble qp, qpe;
    US_VARIANT(two_product)(q, dh, &qp, &qpe);
    const vdouble residual = (((nh - qp) - qpe) + nl) - q * dl;
    return US_VARIANT(round_if_safe)(q, residual * inverse, q * 0x1p-63, decided);
}

/// Bit i set where lane i of mask (all ones or zero) is set.
static inline __attribute__((always_inline)) US_TARGET unsigned US_VARIANT(lane_bits)(vint mask) {
    const lane_mask m = __builtin_convertvector(mask != 0, lane_mask);
    unsigned char b = 0;
    memcpy(&b, &m, 1);
    return b;
}

/// lanes where mask is set from v, the others from w.
static inline __attribute__((always_inline)) US_TARGET vdouble US_VARIANT(select)(vint mask, vdouble v, vdouble w) {
    return (vdouble)((mask & (vint)v) | (~mask & (vint)w));
}

US_TARGET uint64_t US_VARIANT(tanh_quick)(const double *input, double *output, size_t count) {
    uint64_t undecided = 0;
    for (size_t start = 0; start < count; start += US_LANES) {
        const size_t n = count - start < US_LANES ? count - start : US_LANES;
        vdouble x;
        if (n == US_LANES) memcpy(&x, input + start, sizeof x);
        else for (size_t i = 0; i < US_LANES; i++) x[i] = input[start + (i < n ? i : n - 1)];
        const vint sign = (vint)x & (vint)(vdouble)-0.0;
        const vdouble a = (vdouble)((vint)x & ~sign);
        const vint quick = (a >= 0x1p-27) & (a <= 22);
        // Beyond 22: ±1; below 2^-27: x; NaN: left as it is, for the scalar code.
        vdouble out = US_VARIANT(select)(a > 22, (vdouble)(sign | (vint)(vdouble)1), x);
        vint pending = a != a;
        if (__builtin_reduce_or(quick)) {
            vint decided;
            const vdouble v = US_VARIANT(tanh_table)(US_VARIANT(select)(quick, a, (vdouble)1), &decided);
            out = US_VARIANT(select)(quick & decided, (vdouble)((vint)v | sign), out);
            pending |= quick & ~decided;
        }
        if (n == US_LANES) memcpy(output + start, &out, sizeof out);
        else for (size_t i = 0; i < n; i++) output[start + i] = out[i];
        undecided |= (uint64_t)(US_VARIANT(lane_bits)(pending) & ((1u << n) - 1)) << start;
    }
    return undecided;
}

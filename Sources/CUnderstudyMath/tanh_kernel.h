// Template of the array tanh's quick paths on US_LANES lanes (tanh_lanes.c builds it twice). Every
// operation is the scalar PortableMath.tanhQuick's or tanhSmallQuick's, in the same order on the
// same table entries, so a lane whose rounding test decides it has the scalar function's bits
// (which are tanh correctly rounded); only the exact products differ in how they are formed.

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

/// (ah + al)/(bh + bl) in double-double, PortableMath.ddDivQuick.
static inline __attribute__((always_inline)) US_TARGET void US_VARIANT(dd_div_quick)(vdouble ah, vdouble al, vdouble bh, vdouble bl, vdouble *qh, vdouble *ql) {
    const vdouble inverse = 1 / bh;
    const vdouble q = ah * inverse;
    vdouble p, pe;
    US_VARIANT(two_product)(q, bh, &p, &pe);
    const vdouble r = (((ah - p) - pe) + al) - q * bl;
    US_VARIANT(fast_two_sum)(q, r * inverse, qh, ql);
}

/// hi + (lo + err), and whether hi + (lo − err) rounds the same (PortableMath.roundIfSafe, k = 0).
static inline __attribute__((always_inline)) US_TARGET vdouble US_VARIANT(round_if_safe)(vdouble hi, vdouble lo, vdouble err, vint *decided) {
    const vdouble a = hi + (lo + err);
    *decided = a == hi + (lo - err);
    return a;
}

/// tanh a for 0.25 <= a <= 22 (tanhQuick): (1 − e)/(1 + e) with e = e^-2a from expQuickParts.
static inline __attribute__((always_inline)) US_TARGET vdouble US_VARIANT(tanh_quotient)(vdouble a, const double *table, vint *decided) {
    const vdouble z = -2 * a;
    const vdouble shifted = z * 0x1.71547652b82fep+7 + 0x1.8p52;          // expInvStep
    const vdouble nD = shifted - 0x1.8p52;
    const vint n = (vint)shifted - (vint)(vdouble)0x1.8p52;
    const vdouble r = (z - nD * 0x1.62e42fefc0000p-8) - nD * -0x1.c610ca86c0000p-44;   // expStep1, 2
    vdouble q = r * 0x1.a01a01a01a01ap-13 + 0x1.6c16c16c16c17p-10;
    q = r * q + 0x1.1111111111111p-7;
    q = r * q + 0x1.5555555555555p-5;
    q = r * q + 0x1.5555555555555p-3;
    q = r * q + 0.5;
    const vdouble p = r * r * q;
    vdouble th, tl;
    for (int i = 0; i < US_LANES; i++) {
        const int64_t j = 2 * (n[i] & 127);
        th[i] = table[j];
        tl[i] = table[j + 1];
    }
    vdouble h, e;
    US_VARIANT(fast_two_sum)(th, th * r, &h, &e);
    const vdouble rest = th * p + tl * (1 + (r + p));
    const vdouble s = (vdouble)(((n >> 7) + 1023) << 52);                     // 2^k, -64 <= k <= 0
    vdouble eh, el, nh, ne, dh, de, qh, ql;
    US_VARIANT(fast_two_sum)(h * s, (e + rest) * s, &eh, &el);
    US_VARIANT(fast_two_sum)((vdouble)1, -eh, &nh, &ne);
    US_VARIANT(fast_two_sum)((vdouble)1, eh, &dh, &de);
    US_VARIANT(dd_div_quick)(nh, ne - el, dh, de + el, &qh, &ql);
    return US_VARIANT(round_if_safe)(qh, ql, qh * (eh * 0x1p-58 + 0x1p-97), decided);
}

/// tanh a for 2^-27 <= a < 0.25 (tanhSmallQuick): a − a³/3 + a·t²·Q(t), t = a².
static inline __attribute__((always_inline)) US_TARGET vdouble US_VARIANT(tanh_series)(vdouble a, vint *decided) {
    vdouble th, tl, ch, cl, ph, pl;
    US_VARIANT(two_product)(a, a, &th, &tl);
    US_VARIANT(two_product)(a, th, &ch, &cl);
    const vdouble cube_low = cl + a * tl;
    const vdouble qh = ch / 3;
    US_VARIANT(two_product)(qh, (vdouble)3, &ph, &pl);
    const vdouble ql = ((ch - ph) - pl + cube_low) / 3;
    vdouble q = (vdouble)-0x1.497d8eea25259p-15;
    q = q * th + 0x1.967e18afcafadp-14;
    q = q * th - 0x1.f57d7734d1664p-13;
    q = q * th + 0x1.3558248036744p-11;
    q = q * th - 0x1.7da36452b75e3p-10;
    q = q * th + 0x1.d6d3d0e157de0p-9;
    q = q * th - 0x1.226e355e6c23dp-7;
    q = q * th + 0x1.664f4882c10fap-6;
    q = q * th - 0x1.ba1ba1ba1ba1cp-5;
    q = q * th + 0x1.1111111111111p-3;
    const vdouble tail = a * th * th * q;
    vdouble sh, sl;
    US_VARIANT(fast_two_sum)(a, -qh, &sh, &sl);
    return US_VARIANT(round_if_safe)(sh, (sl - ql) + tail, sh * (th * th * 0x1.6a09e667f3bcdp-52 + 0x1p-97), decided);
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

US_TARGET uint64_t US_VARIANT(tanh_quick)(const double *input, double *output, size_t count,
                                          const double *table) {
    uint64_t undecided = 0;
    for (size_t start = 0; start < count; start += US_LANES) {
        const size_t n = count - start < US_LANES ? count - start : US_LANES;
        vdouble x;
        if (n == US_LANES) memcpy(&x, input + start, sizeof x);
        else for (size_t i = 0; i < US_LANES; i++) x[i] = input[start + (i < n ? i : n - 1)];
        const vint sign = (vint)x & (vint)(vdouble)-0.0;
        const vdouble a = (vdouble)((vint)x & ~sign);
        const vint large = (a >= 0.25) & (a <= 22);
        const vint small = (a >= 0x1p-27) & (a < 0.25);
        // Beyond 22: ±1; below 2^-27: x; NaN: left as it is, for the scalar code.
        vdouble out = US_VARIANT(select)(a > 22, (vdouble)(sign | (vint)(vdouble)1), x);
        vint pending = a != a;
        // A vector takes a path where any of its lanes needs it (the others compute on 1 or 1/8).
        if (__builtin_reduce_or(large)) {
            vint decided;
            const vdouble v = US_VARIANT(tanh_quotient)(US_VARIANT(select)(large, a, (vdouble)1), table, &decided);
            out = US_VARIANT(select)(large & decided, (vdouble)((vint)v | sign), out);
            pending |= large & ~decided;
        }
        if (__builtin_reduce_or(small)) {
            vint decided;
            const vdouble v = US_VARIANT(tanh_series)(US_VARIANT(select)(small, a, (vdouble)0.125), &decided);
            out = US_VARIANT(select)(small & decided, (vdouble)((vint)v | sign), out);
            pending |= small & ~decided;
        }
        if (n == US_LANES) memcpy(output + start, &out, sizeof out);
        else for (size_t i = 0; i < n; i++) output[start + i] = out[i];
        undecided |= (uint64_t)(US_VARIANT(lane_bits)(pending) & ((1u << n) - 1)) << start;
    }
    return undecided;
}

// tanh x = expm1(2x)/(expm1(2x) + 2), evaluated in double-double for |x|.

extension PortableMath {
    // MARK: - Public API

    /// Hyperbolic tangent, correctly rounded. tanh(±0) = ±0, tanh(±inf) = ±1.
    public static func tanh(_ x: Double) -> Double {
        let ax = Swift.abs(x)
        guard ax >= 0x1p-27 else { return x }                      // tanh x = x(1 - x²/3)
        guard ax <= 22 else {
            if x.isNaN { return x + x }
            return x > 0 ? 1 : -1                                  // 1 - tanh 22 < 2^-62
        }
        let sign: Double = x < 0 ? -1 : 1
        if ax < 0.25 {
            if let v = tanhSmallQuick(ax) { return sign * v }
        } else if let v = tanhQuick(ax) { return sign * v }
        return sign * tanhViaExpm1(ax)
    }

    /// tanh a for 2^-27 <= a <= 22 as expm1(2a)/(expm1(2a) + 2) in double-double, with the
    /// accurate phase when the quick bound does not decide the rounding.
    static func tanhViaExpm1(_ ax: Double) -> Double {
        let (rh, rl, j, k) = expReduce(2 * ax, 0)
        var eh: Double, el: Double, relative: Double
        if j == 0 && k == 0 {
            (eh, el) = expm1Fast(rh, rl)
            relative = 0x1p-66
        } else {
            let (h, l) = expFast(rh, rl, j)
            (eh, el) = subtractScaledOne(h, l, k)
            relative = h * 0x1p-66 / Swift.abs(eh)
            eh *= power2(k); el *= power2(k)
        }
        var (dh, dl) = ddAdd(eh, el, 2, 0)
        var (qh, ql) = ddDiv(eh, el, dh, dl)
        if let v = roundIfSafe(qh, ql, qh * (relative + 0x1p-100)) { return v }
        if j == 0 && k == 0 {
            (eh, el) = expm1Accurate(rh, rl)
        } else {
            let (h, l) = expAccurate(rh, rl, j)
            (eh, el) = subtractScaledOne(h, l, k)
            eh *= power2(k); el *= power2(k)
        }
        (dh, dl) = ddAdd(eh, el, 2, 0)
        (qh, ql) = ddDiv(eh, el, dh, dl)
        return roundAccurate(qh, ql, qh * 0x1p-97)
    }

    /// tanh a for 0.25 <= a <= 22 as (1 - e)/(1 + e) with e = e^-2a from `expQuickParts`, or nil
    /// when the error bound does not decide the rounding (4 % of arguments near 0.25, 0.8 % near
    /// 1, fewer beyond). The relative error of e (0.8·2^-60) reaches the quotient times
    /// 2e/(1 - e²) <= 3.19e (e <= 0.61), the double-double division adds 2^-99: below
    /// 2.55e·2^-60 + 2^-98.9; the bound used is e·2^-58 + 2^-97.
    @inline(__always)
    static func tanhQuick(_ a: Double) -> Double? {
        let (h, l, k) = expQuickParts(-2 * a)
        let s = power2(k)                                          // exact: -64 <= k <= 0
        let (eh, el) = fastTwoSum(h * s, l * s)
        let (nh, ne) = fastTwoSum(1, -eh)                          // e <= 0.61
        let (dh, de) = fastTwoSum(1, eh)
        let (qh, ql) = ddDivQuick(nh, ne - el, dh, de + el)
        return roundIfSafe(qh, ql, qh * (eh * 0x1p-58 + 0x1p-97))
    }

    /// tanh a for 2^-27 <= a < 0.25 from its Taylor series a − a³/3 + a·t²·Q(t), t = a², or nil
    /// when the error bound does not decide the rounding (1.5 % of arguments near 0.25, far fewer
    /// below). a³/3 is formed in double-double (error < 2^-100 a); the tail is below
    /// 0.134·t² a and carries at most 8 roundings (< 2^-52.9·t² a, 2^-60.9 a at t = 1/16); the first
    /// omitted term (a²⁵) is below 2^-64 a·(16t)¹² <= 2^-56·t² a for t <= 1/16 (the series
    /// alternates with terms shrinking 40-fold). Bound used: (2^-51.5·t² + 2^-97) of the result,
    /// 2^-59.5 at t = 1/16.
    @inline(__always)
    static func tanhSmallQuick(_ a: Double) -> Double? {
        let (th, tl) = twoProduct(a, a)                            // t = a², exactly
        let (ch, cl) = twoProduct(a, th)
        let cubeLow = cl + a * tl                                  // a³ = ch + cubeLow
        let qh = ch / 3
        let (ph, pl) = twoProduct(qh, 3)                           // ch − ph is exact (Sterbenz)
        let ql = ((ch - ph) - pl + cubeLow) / 3                    // a³/3 = qh + ql
        // Q(t): the coefficients of a⁵ … a²³ (2/15, −17/315, …), rounded to double.
        var q = -0x1.497d8eea25259p-15
        q = q * th + 0x1.967e18afcafadp-14
        q = q * th - 0x1.f57d7734d1664p-13
        q = q * th + 0x1.3558248036744p-11
        q = q * th - 0x1.7da36452b75e3p-10
        q = q * th + 0x1.d6d3d0e157de0p-9
        q = q * th - 0x1.226e355e6c23dp-7
        q = q * th + 0x1.664f4882c10fap-6
        q = q * th - 0x1.ba1ba1ba1ba1cp-5
        q = q * th + 0x1.1111111111111p-3
        let tail = a * th * th * q
        let (sh, sl) = fastTwoSum(a, -qh)
        return roundIfSafe(sh, (sl - ql) + tail, sh * (th * th * 0x1.6a09e667f3bcdp-52 + 0x1p-97))
    }
}

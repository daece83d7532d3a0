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
        if ax >= 0.25, let v = tanhQuick(ax) { return sign * v }
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
        if let v = roundIfSafe(sign * qh, sign * ql, qh * (relative + 0x1p-100)) { return v }
        if j == 0 && k == 0 {
            (eh, el) = expm1Accurate(rh, rl)
        } else {
            let (h, l) = expAccurate(rh, rl, j)
            (eh, el) = subtractScaledOne(h, l, k)
            eh *= power2(k); el *= power2(k)
        }
        (dh, dl) = ddAdd(eh, el, 2, 0)
        (qh, ql) = ddDiv(eh, el, dh, dl)
        return roundAccurate(sign * qh, sign * ql, qh * 0x1p-97)
    }

    /// tanh a for 0.25 <= a <= 22 as (1 - e)/(1 + e) with e = e^-2a from `expQuickParts`, or nil
    /// when the error bound does not decide the rounding (about 3% of arguments). The relative
    /// error of e (0.8·2^-60) reaches the quotient times 2e/(1 - e²) <= 1.92, the double-double
    /// division adds 2^-99: below 1.54·2^-60.
    @inline(__always)
    static func tanhQuick(_ a: Double) -> Double? {
        let (h, l, k) = expQuickParts(-2 * a)
        let s = power2(k)                                          // exact: -64 <= k <= 0
        let (eh, el) = fastTwoSum(h * s, l * s)
        let (nh, ne) = fastTwoSum(1, -eh)                          // e <= 0.61
        let (dh, de) = fastTwoSum(1, eh)
        let (qh, ql) = ddDivQuick(nh, ne - el, dh, de + el)
        return roundIfSafe(qh, ql, qh * 0x1.6a09e667f3bcdp-59)     // 2^-58.5
    }
}

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
}

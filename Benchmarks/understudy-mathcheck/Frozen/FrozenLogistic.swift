// The logistic family, on the exp/log kernels in double-double so that no branch loses
// accuracy: within one ulp everywhere (not guaranteed correctly rounded).

extension FrozenMath {
    // MARK: - Public API

    /// 1/(1 + e^-x), stable for both signs: 1 above x = 40, e^x below x = -700.
    static func sigmoid(_ x: Double) -> Double {
        if x.isNaN { return x + x }
        if x > 40 { return 1 }
        if x < -700 { return exp(x) }                              // e^x(1 - e^x), e^x < 2^-1000
        if x >= -40, let v = sigmoidQuick(x) { return v }
        if x >= 0 {
            let (eh, el) = expDoubleDouble(-x)
            let (dh, dl) = ddAdd(1, 0, eh, el)
            let (qh, ql) = ddDiv(1, 0, dh, dl)
            return qh + ql
        }
        let (eh, el) = expDoubleDouble(x)
        let (dh, dl) = ddAdd(1, 0, eh, el)
        let (qh, ql) = ddDiv(eh, el, dh, dl)
        return qh + ql
    }

    /// σ(x) for |x| <= 40 when a quick evaluation (relative error below 0.81·2^-60: E = e^-x from
    /// `expQuickParts`, to which σ = 1/(1 + E) is no more sensitive, and the reciprocal to 2^-100
    /// from one division and an exact residual) decides the rounding of every value within
    /// 2^-64 of it as well, so that the result is bit for bit the one of the double-double path
    /// below (within 2^-67.9 of σ) whenever it is returned; nil otherwise (about 1.6% of
    /// arguments). No branch on the sign of x: E may be large, 1/(1 + E) loses nothing.
    @inline(__always)
    static func sigmoidQuick(_ x: Double) -> Double? {
        let (h, l, k) = expQuickParts(-x)
        let s = power2(k)                                          // exact: -58 <= k <= 58
        let (eh, el) = fastTwoSum(h * s, l * s)
        let (dh, de) = twoSum(1, eh)
        let dl = de + el
        let q = 1 / dh
        let (p, pe) = twoProduct(q, dh)
        let residual = ((1 - p) - pe) - q * dl                     // 1 - q·d; 1 - p is exact
        // 1/d = q(1 + residual + residual² + …); the bound is 2^-59.5 + 2^-64 relative.
        return roundIfSafe(q, q * residual, q * (0x1.6a09e667f3bcdp-60 + 0x1p-64))
    }

    /// log(1 + e^x), stable: x above 40 (where e^-x is below half an ulp), e^x below -700.
    static func softplus(_ x: Double) -> Double {
        if x.isNaN { return x + x }
        if x > 40 { return x }
        if x < -700 { return exp(x) }                              // log1p(u) = u(1 - u/2)
        if x >= -600, let v = softplusQuick(x) { return v }
        let (eh, el) = expDoubleDouble(-Swift.abs(x))
        let (s, se) = twoSum(1, eh)
        let (rh, rl, i, e) = logReduce(s, se)
        var (lh, ll) = logFast(rh, rl, i, e)
        ll += el / s                                               // log(a + δ) = log a + δ/a
        if x <= 0 { return lh + ll }
        let (h, l) = ddAdd(x, 0, lh, ll)                           // x + log1p(e^-x)
        return h + l
    }

    /// softplus(x) for -600 <= x <= 40 when a quick evaluation (relative error below 1.6·2^-60:
    /// e = e^-|x| from `expQuickParts`, to which log1p(e) is no more sensitive, and `logQuickParts`)
    /// decides the rounding of every value within 2^-63 of it as well, so that the result is
    /// bit for bit the one of the path below (within 2^-66.4) whenever it is returned; nil
    /// otherwise (about 3% of arguments).
    @inline(__always)
    static func softplusQuick(_ x: Double) -> Double? {
        let (h, l, k) = expQuickParts(-Swift.abs(x))
        let s = power2(k)                                          // exact: -866 <= k <= 0
        let (eh, el) = fastTwoSum(h * s, l * s)
        let (u, ue) = fastTwoSum(1, eh)                            // e <= 1
        let (rh, rl, i, e) = logReduce(u, ue)
        var (lh, ll) = logQuickParts(rh, rl, i, e)
        ll += el / u                                               // log(a + δ) = log a + δ/a
        if x > 0 {                                                 // x + log1p(e^-x)
            let (a, ae) = twoSum(x, lh)
            (lh, ll) = (a, ae + ll)
        }
        return roundIfSafe(lh, ll, Swift.abs(lh) * (0x1.6a09e667f3bcdp-59 + 0x1p-63))   // 2^-58.5
    }

    /// log σ(x) = -softplus(-x), stable for both signs.
    static func logSigmoid(_ x: Double) -> Double {
        -softplus(-x)
    }
}

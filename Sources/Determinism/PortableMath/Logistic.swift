// The logistic family, on the exp/log kernels in double-double so that no branch loses
// accuracy: within one ulp everywhere (not guaranteed correctly rounded).

extension PortableMath {
    // MARK: - Public API

    /// 1/(1 + e^-x), stable for both signs: 1 above x = 40, e^x below x = -700.
    public static func sigmoid(_ x: Double) -> Double {
        if x.isNaN { return x + x }
        if x > 40 { return 1 }
        if x < -700 { return exp(x) }                              // e^x(1 - e^x), e^x < 2^-1000
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

    /// log(1 + e^x), stable: x above 40 (where e^-x is below half an ulp), e^x below -700.
    public static func softplus(_ x: Double) -> Double {
        if x.isNaN { return x + x }
        if x > 40 { return x }
        if x < -700 { return exp(x) }                              // log1p(u) = u(1 - u/2)
        let (eh, el) = expDoubleDouble(-Swift.abs(x))
        let (s, se) = twoSum(1, eh)
        let (rh, rl, i, e) = logReduce(s, se)
        var (lh, ll) = logFast(rh, rl, i, e)
        ll += el / s                                               // log(a + δ) = log a + δ/a
        if x <= 0 { return lh + ll }
        let (h, l) = ddAdd(x, 0, lh, ll)                           // x + log1p(e^-x)
        return h + l
    }

    /// log σ(x) = -softplus(-x), stable for both signs.
    public static func logSigmoid(_ x: Double) -> Double {
        -softplus(-x)
    }
}

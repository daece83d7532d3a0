// Shared machinery of the portable elementary functions: error-free transformations,
// double-double arithmetic and the final correctly rounded step.
//
// Every kernel follows CORE-MATH's two-phase scheme: a fast double-double evaluation with a
// bound on its error, a rounding test, and — only when the test cannot decide — an accurate
// double-double evaluation (relative error below about 2^-98). No fma is used: products are
// split with Veltkamp/Dekker, so the same bits come out on every IEEE-754 CPU and the code stays
// fast on CPUs without hardware FMA.

/// Pure-Swift elementary functions (DESIGN.md, determinism rule 2): the same bits on every CPU.
///
/// `exp, log, log1p, expm1, sin, cos, tanh, atan, atan2, pow` are correctly rounded (round to
/// nearest, ties to even) except when the exact result lies within about 2^-98 relative of a
/// rounding boundary, where they are still within one ulp; special values follow C99 Annex F.
/// `sigmoid`, `logSigmoid` and `softplus` are built on the same kernels and are within one ulp.
/// Tested against every row of `math_correctly_rounded.json` and against `long double` glibc.
public enum PortableMath {}

// MARK: - Implementation details

extension PortableMath {
    /// 2^k for -1022 <= k <= 1023, built from its bits.
    @inline(__always)
    static func power2(_ k: Int) -> Double {
        Double(bitPattern: UInt64(k + 1023) << 52)
    }

    /// s + e = a + b exactly (Knuth).
    @inline(__always)
    static func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
        let s = a + b
        let bb = s - a
        return (s, (a - (s - bb)) + (b - bb))
    }

    /// s + e = a + b exactly when |a| >= |b| or a == 0 (Dekker).
    @inline(__always)
    static func fastTwoSum(_ a: Double, _ b: Double) -> (Double, Double) {
        let s = a + b
        return (s, b - (s - a))
    }

    /// hi + lo = a with hi holding the top 26 bits (Veltkamp); |a| < 2^995.
    @inline(__always)
    static func split(_ a: Double) -> (Double, Double) {
        let c = 134_217_729.0 * a
        let hi = c - (c - a)
        return (hi, a - hi)
    }

    /// p + e = a·b exactly barring underflow (Dekker), without fma.
    @inline(__always)
    static func twoProduct(_ a: Double, _ b: Double) -> (Double, Double) {
        let p = a * b
        let (ah, al) = split(a)
        let (bh, bl) = split(b)
        return (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
    }

    /// (ah + al)·(bh + bl), relative error below 2^-102.
    @inline(__always)
    static func ddMul(_ ah: Double, _ al: Double, _ bh: Double, _ bl: Double) -> (Double, Double) {
        var (p, e) = twoProduct(ah, bh)
        e += ah * bl + al * bh
        return fastTwoSum(p, e)
    }

    /// (ah + al) + (bh + bl), for operands that do not cancel badly.
    @inline(__always)
    static func ddAdd(_ ah: Double, _ al: Double, _ bh: Double, _ bl: Double) -> (Double, Double) {
        var (s, e) = twoSum(ah, bh)
        e += al + bl
        return fastTwoSum(s, e)
    }

    /// (ah + al)/(bh + bl), relative error below 2^-102.
    @inline(__always)
    static func ddDiv(_ ah: Double, _ al: Double, _ bh: Double, _ bl: Double) -> (Double, Double) {
        let q = ah / bh
        let (p, pe) = twoProduct(q, bh)
        let r = (((ah - p) - pe) + al) - q * bl
        return fastTwoSum(q, r / bh)
    }

    /// Round-to-nearest of 2^k·(hi + lo) with a single rounding, subnormal results included.
    @inline(__always)
    static func scaledRound(_ hi: Double, _ lo: Double, _ k: Int) -> Double {
        if k > -1000 {
            let a = hi + lo
            if k > 1000 { return a * power2(1000) * power2(k - 1000) }
            return a * power2(k)
        }
        return tinyRound(hi, lo, k)
    }

    /// The k <= -1000 case of `scaledRound`: rounds on the subnormal grid 2^(-1074-k) when the
    /// result is below 2^-1022 by adding a power of two whose ulp is that grid.
    @inline(never)
    static func tinyRound(_ hi: Double, _ lo: Double, _ k: Int) -> Double {
        let negative = hi < 0
        let h = negative ? -hi : hi, l = negative ? -lo : lo
        let c = power2(-1022 - k)
        var v: Double
        if h >= c {
            v = (h + l) * power2(k + 200) * power2(-200)
        } else {
            let (s, e) = twoSum(c, h)
            v = ((s + (e + l)) - c) * power2(k + 200) * power2(-200)
        }
        if negative { v = -v }
        return v
    }

    /// 2^k·(hi + lo) rounded to nearest, or nil when some value within ±err of hi + lo would
    /// round differently (the rounding test of the fast phase).
    @inline(__always)
    static func roundIfSafe(_ hi: Double, _ lo: Double, _ err: Double, _ k: Int = 0) -> Double? {
        let a = scaledRound(hi, lo + err, k)
        let b = scaledRound(hi, lo - err, k)
        return a == b ? a : nil
    }

    /// The accurate phase's last step: the rounding of 2^k·(hi + lo) when ±err cannot change it;
    /// otherwise the exact value is taken to be the midpoint between the two candidates (pow's
    /// exact cases) and rounded to even.
    @inline(never)
    static func roundAccurate(_ hi: Double, _ lo: Double, _ err: Double, _ k: Int = 0) -> Double {
        let a = scaledRound(hi, lo + err, k)
        let b = scaledRound(hi, lo - err, k)
        if a == b { return a }
        return a.bitPattern & 1 == 0 ? a : b
    }

    /// Σ c_i r^i for i in 0..<coefficients.count/2 in double-double (coefficients as hi, lo pairs),
    /// Horner's rule; the terms from `doubleFrom` on are summed in plain double first.
    @inline(__always)
    static func ddHorner(_ rh: Double, _ rl: Double, _ coefficients: UnsafeBufferPointer<Double>,
                         from first: Int, to last: Int, doubleFrom: Int) -> (Double, Double) {
        var q = coefficients[2 * last]
        var i = last - 1
        while i >= doubleFrom {
            q = coefficients[2 * i] + rh * q
            i -= 1
        }
        var qh = q, ql = 0.0
        while i >= first {
            (qh, ql) = ddMul(qh, ql, rh, rl)
            (qh, ql) = ddAdd(coefficients[2 * i], coefficients[2 * i + 1], qh, ql)
            i -= 1
        }
        return (qh, ql)
    }
}

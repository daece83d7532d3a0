// Shared machinery of the portable elementary functions: error-free transformations,
// double-double arithmetic and the final correctly rounded step.
//
// Every kernel follows CORE-MATH's scheme: a fast evaluation with a bound on its error, a
// rounding test, and — only when the test cannot decide — a more accurate one. exp, log, log1p,
// tanh and the logistic functions first try a quick mostly-plain-double evaluation (error about
// 2^-60, decides ~97-99% of arguments), then a double-double one (about 2^-67), then the
// accurate one (below about 2^-98). No fma is used: products are split with Veltkamp/Dekker,
// so the same bits come out on every IEEE-754 CPU without a libm call (through Swift, fma is a
// call into libm on baseline x86-64: measured 10-25% faster on an FMA CPU, but emulated in
// software on CPUs without FMA).

/// Pure-Swift elementary functions: the same bits on every CPU, where glibc's libm varies.
///
/// `exp, log, log1p, expm1, sin, cos, tanh, atan, atan2, pow` are correctly rounded (round to
/// nearest, ties to even) except when the exact result lies within about 2^-98 relative of a
/// rounding boundary, where they are still within one ulp; special values follow C99 Annex F.
/// `sigmoid`, `logSigmoid` and `softplus` are built on the same kernels and are within one ulp.
/// Tested against every row of `math_correctly_rounded.json` and against `long double` glibc.
enum FrozenMath {}

// MARK: - Implementation details

extension FrozenMath {
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

    /// (ah + al)/(bh + bl) like `ddDiv`, relative error below 2^-101, with one division: the
    /// quotient's high part from the reciprocal (within 2 ulps), the exact residual
    /// ah - q·bh + al - q·bl, and its quotient from the reciprocal again. For the correctly
    /// rounded kernels only; the logistic functions keep `ddDiv`'s exact bits.
    @inline(__always)
    static func ddDivQuick(_ ah: Double, _ al: Double, _ bh: Double, _ bl: Double) -> (Double, Double) {
        let inverse = 1 / bh
        let q = ah * inverse
        let (p, pe) = twoProduct(q, bh)
        let r = (((ah - p) - pe) + al) - q * bl   // ah - p is exact: p is within 2^-51 of ah
        return fastTwoSum(q, r * inverse)
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

    /// 2^k·(hi + lo) rounded to nearest, or nil when hi + lo ± err round differently (the rounding
    /// test of the fast phase; also nil in the rare scaled cases it does not try to decide, such
    /// as an overflowing 2^k·(hi + lo), which the caller's accurate phase then rounds).
    @inline(__always)
    static func roundIfSafe(_ hi: Double, _ lo: Double, _ err: Double, _ k: Int = 0) -> Double? {
        if k > -1000 {                        // compare before scaling: one rounding each
            let a = hi + (lo + err)
            guard a == hi + (lo - err) else { return nil }
            if k > 1000 { return a * power2(1000) * power2(k - 1000) }
            return a * power2(k)
        }
        let a = tinyRound(hi, lo + err, k)
        return a == tinyRound(hi, lo - err, k) ? a : nil
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

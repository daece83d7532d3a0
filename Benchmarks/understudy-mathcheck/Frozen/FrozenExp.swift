// exp and expm1: x = n·ln2/128 + r with |r| <= ln2/256, e^x = 2^(n>>7) · 2^((n&127)/128) · e^r.

extension FrozenMath {
    // MARK: - Public API

    /// e^x, correctly rounded (see `PortableMath`); overflows to +inf above ≈709.78, gives
    /// subnormals down to ≈-745.13 and +0 below. exp(±0) = 1, exp(-inf) = +0, exp(NaN) = NaN.
    static func exp(_ x: Double) -> Double {
        guard x > -746, x < 710 else {
            if x.isNaN { return x + x }
            return x > 0 ? .infinity : 0
        }
        if let v = expQuick(x) { return v }
        let (rh, rl, j, k) = expReduce(x, 0)
        let (h, l) = expFast(rh, rl, j)
        if let v = roundIfSafe(h, l, h * 0x1p-66, k) { return v }
        let (ah, al) = expAccurate(rh, rl, j)
        return roundAccurate(ah, al, ah * 0x1p-98, k)
    }

    /// e^x - 1, correctly rounded, accurate for tiny x (expm1(±0) = ±0, expm1(-inf) = -1,
    /// expm1(+inf) = +inf, overflow above ≈709.78).
    static func expm1(_ x: Double) -> Double {
        guard x > -40, x < 710 else {
            if x.isNaN { return x + x }
            return x > 0 ? .infinity : -1
        }
        if Swift.abs(x) < 0x1p-54 { return x }
        let (rh, rl, j, k) = expReduce(x, 0)
        if j == 0 && k == 0 {
            let (h, l) = expm1Fast(rh, rl)
            if let v = roundIfSafe(h, l, Swift.abs(h) * 0x1p-66) { return v }
            let (ah, al) = expm1Accurate(rh, rl)
            return roundAccurate(ah, al, Swift.abs(ah) * 0x1p-98)
        }
        let (h, l) = expFast(rh, rl, j)
        let (dh, dl) = subtractScaledOne(h, l, k)
        if let v = roundIfSafe(dh, dl, h * 0x1p-66, k) { return v }
        let (ah, al) = expAccurate(rh, rl, j)
        let (bh, bl) = subtractScaledOne(ah, al, k)
        return roundAccurate(bh, bl, ah * 0x1p-98, k)
    }

    // MARK: - Implementation details

    /// Splits zh + zl (|zh| < 746, |zl| <= ulp(zh)) as n·ln2/128 + (rh + rl), returning r,
    /// j = n mod 128 and k = n div 128. r is within 2^-105 of the exact remainder.
    @inline(__always)
    static func expReduce(_ zh: Double, _ zl: Double) -> (Double, Double, Int, Int) {
        let nD = (zh * expInvStep + 0x1.8p52) - 0x1.8p52
        let n = Int(nD)
        let a = zh - nD * expStep1            // exact: n·step1 is exact and close to zh
        let b = nD * expStep2                 // exact: 35-bit constant times |n| < 2^18
        let (s, e) = twoSum(a, -b)
        let (rh, rl) = fastTwoSum(s, (e - nD * expStep3) + zl)
        return (rh, rl, n & 127, n >> 7)
    }

    /// e^x for -746 < x < 710 rounded from `expQuickParts`, or nil when its error bound does not
    /// decide the rounding (about 1.6% of arguments; `exp` then takes the double-double path).
    @inline(__always)
    static func expQuick(_ x: Double) -> Double? {
        let (h, l, k) = expQuickParts(x)
        guard k > -1000 else { return nil }
        return roundIfSafe(h, l, h * 0x1.6a09e667f3bcdp-60, k)   // h·2^-59.5
    }

    /// e^x = 2^k·(h + l), h in [0.99, 2.01) and |l| < 2^-16 (not normalised), for -746 < x < 710
    /// in plain double with one exact sum; relative error below 0.8·2^-60. With
    /// x = n·ln2/128 + r and T = 2^(j/128) = th + tl,
    /// e^x/2^k ≈ th + th·r + (th·p + tl·(1 + r + p)), p ≈ e^r - 1 - r. Errors relative to th:
    /// r rounded (|r| < 2^-8.5, so 2^-62) and n·ln2/128 beyond its 70-bit split (2^-65),
    /// th·r rounded (2^-61), p (2^-69.4), the rest below 2^-100: in all below 0.79·2^-60.
    @inline(__always)
    static func expQuickParts(_ x: Double) -> (Double, Double, Int) {
        let nD = (x * expInvStep + 0x1.8p52) - 0x1.8p52
        let n = Int(nD)
        let r = (x - nD * expStep1) - nD * expStep2
        let p = r * r * (0.5 + r * (0x1.5555555555555p-3 + r * (0x1.5555555555555p-5
            + r * (0x1.1111111111111p-7 + r * (0x1.6c16c16c16c17p-10 + r * 0x1.a01a01a01a01ap-13)))))
        return expTable.withUnsafeBufferPointer { t in
            let j = n & 127
            let th = t[2 * j], tl = t[2 * j + 1]
            let (h, e) = fastTwoSum(th, th * r)
            return (h, e + (th * p + tl * (1 + (r + p))), n >> 7)
        }
    }

    /// e^r - 1 for |r| <= 0.0028 as hi + lo with relative error below 2^-69.
    @inline(__always)
    static func expm1Fast(_ rh: Double, _ rl: Double) -> (Double, Double) {
        let (q, qe) = twoProduct(rh, rh)
        let poly = rh * q * (0x1.5555555555555p-3 + rh * (0x1.5555555555555p-5 + rh * (0x1.1111111111111p-7
            + rh * (0x1.6c16c16c16c17p-10 + rh * (0x1.a01a01a01a01ap-13 + rh * 0x1.a01a01a01a01ap-16)))))
        let rest = poly + 0.5 * qe + rl * (1 + rh)
        let (h, s) = fastTwoSum(rh, 0.5 * q)
        return fastTwoSum(h, s + rest)
    }

    /// 2^(j/128)·e^r as hi + lo in [0.99, 2.01) with relative error below 2^-69 (rh + rl as from
    /// `expReduce`, |rl| <= 2^-62). Only the product 2^(j/128)·(r + q) needs to be exact;
    /// q = e^r - 1 - r (|q| < 2^-17.9) is a plain double polynomial in rh: truncation below
    /// 2^-83, rounding below 3.1·2^-53·|q| < 2^-69.4, and rl enters linearly as rl·(1 + rh).
    @inline(__always)
    static func expFast(_ rh: Double, _ rl: Double, _ j: Int) -> (Double, Double) {
        let q = rh * rh * (0.5 + rh * (0x1.5555555555555p-3 + rh * (0x1.5555555555555p-5
            + rh * (0x1.1111111111111p-7 + rh * (0x1.6c16c16c16c17p-10 + rh * 0x1.a01a01a01a01ap-13)))))
        let (sh, se) = fastTwoSum(rh, q)      // |q| < |rh|/512
        let sl = se + rl * (1 + rh)
        return expTable.withUnsafeBufferPointer { t in
            let th = t[2 * j], tl = t[2 * j + 1]
            let (p, pe) = twoProduct(th, sh)
            let (h, hl) = fastTwoSum(th, p)
            return fastTwoSum(h, hl + (pe + (tl + (th * sl + tl * sh))))
        }
    }

    /// The previous fast evaluation of 2^(j/128)·e^r (relative error below 2^-68), kept bit for
    /// bit for the logistic functions: they are within one ulp, not correctly rounded, so their
    /// outputs depend on this exact double-double.
    @inline(__always)
    static func expFastForLogistic(_ rh: Double, _ rl: Double, _ j: Int) -> (Double, Double) {
        let (ph, pl) = expm1Fast(rh, rl)
        return expTable.withUnsafeBufferPointer { t in
            let th = t[2 * j], tl = t[2 * j + 1]
            let (a, ae) = twoProduct(th, ph)
            let (h, s) = fastTwoSum(th, a)
            return fastTwoSum(h, (s + ae) + (tl + (th * pl + tl * ph)))
        }
    }

    /// e^r - 1 in double-double, relative error below 2^-102.
    @inline(never)
    static func expm1Accurate(_ rh: Double, _ rl: Double) -> (Double, Double) {
        let (qh, ql) = expm1Series.withUnsafeBufferPointer {
            ddHorner(rh, rl, $0, from: 0, to: 11, doubleFrom: 6)
        }
        return ddMul(rh, rl, qh, ql)
    }

    /// 2^(j/128)·e^r in double-double, relative error below 2^-101.
    @inline(never)
    static func expAccurate(_ rh: Double, _ rl: Double, _ j: Int) -> (Double, Double) {
        let (ph, pl) = expm1Accurate(rh, rl)
        var (oh, ol) = fastTwoSum(1, ph)
        (oh, ol) = fastTwoSum(oh, ol + pl)
        return ddMul(expTable[2 * j], expTable[2 * j + 1], oh, ol)
    }

    /// (h + l) - 2^-k exactly enough for expm1: the scaled form of 2^k(h + l) - 1.
    @inline(__always)
    static func subtractScaledOne(_ h: Double, _ l: Double, _ k: Int) -> (Double, Double) {
        if k > 1000 { return (h, l) }
        let (d, de) = twoSum(h, -power2(-k))
        return fastTwoSum(d, de + l)
    }

    /// e^x as an unrounded double-double for -700 <= x <= 40 (relative error below 2^-67), for the
    /// logistic functions.
    @inline(__always)
    static func expDoubleDouble(_ x: Double) -> (Double, Double) {
        let (rh, rl, j, k) = expReduce(x, 0)
        let (h, l) = expFastForLogistic(rh, rl, j)
        let s = power2(k)
        return (h * s, l * s)
    }
}

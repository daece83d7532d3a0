// log and log1p: x = 2^e·m, m·c_i = 1 + r with c_i ≈ 1/(1 + i/128) from a table and |r| <= 2^-8,
// log x = e·ln2 - log c_i + log1p(r). The table folds m >= √2 into e + 1 so that nothing cancels.

extension FrozenMath {
    // MARK: - Public API

    /// Natural logarithm, correctly rounded. log(±0) = -inf, log(x < 0) = NaN, log(+inf) = +inf,
    /// log(1) = +0.
    static func log(_ x: Double) -> Double {
        guard x > 0, x < .infinity else {
            if x.isNaN { return x + x }
            if x == 0 { return -.infinity }
            return x > 0 ? x : .nan
        }
        let (r0, tail, i, e) = logReduceUnnormalised(x, 0)
        if let v = logQuick(r0, tail, i, e) { return v }
        let (rh, rl) = twoSum(r0, tail)
        let (h, l) = logFast(rh, rl, i, e)
        if let v = roundIfSafe(h, l, Swift.abs(h) * 0x1p-65) { return v }
        let (ah, al) = logAccurate(rh, rl, i, e)
        return roundAccurate(ah, al, Swift.abs(ah) * 0x1p-97)
    }

    /// log(1 + x), correctly rounded and accurate for tiny x. log1p(±0) = ±0, log1p(-1) = -inf,
    /// log1p(x < -1) = NaN, log1p(+inf) = +inf.
    static func log1p(_ x: Double) -> Double {
        guard x > -1, x < .infinity else {
            if x.isNaN { return x + x }
            if x == -1 { return -.infinity }
            return x > 0 ? x : .nan
        }
        if Swift.abs(x) < 0x1p-54 { return x }
        let (s, se) = twoSum(1, x)
        let (rh, rl, i, e) = logReduce(s, se)
        if let v = logQuick(rh, rl, i, e) { return v }
        let (h, l) = logFast(rh, rl, i, e)
        if let v = roundIfSafe(h, l, Swift.abs(h) * 0x1p-65) { return v }
        let (ah, al) = logAccurate(rh, rl, i, e)
        return roundAccurate(ah, al, Swift.abs(ah) * 0x1p-97)
    }

    // MARK: - Implementation details

    /// Writes xh + xl (xh > 0 finite, |xl| <= ulp(xh)) as 2^e·(1 + r)/c_i: returns r as rh + rl
    /// (exact up to the rounding of xl's share), the table index i and e.
    @inline(__always)
    static func logReduce(_ xIn: Double, _ xlIn: Double) -> (Double, Double, Int, Int) {
        let (r, tail, i, e) = logReduceUnnormalised(xIn, xlIn)
        let (rh, rl) = twoSum(r, tail)
        return (rh, rl, i, e)
    }

    /// `logReduce` before its last sum: r = r0 + tail with r0 = m·c_i - 1 rounded (exact) and
    /// |tail| <= 2^-52 (2^-53 when xl = 0), so that log's quick path need not wait for the sum.
    @inline(__always)
    static func logReduceUnnormalised(_ xIn: Double, _ xlIn: Double) -> (Double, Double, Int, Int) {
        var x = xIn, xl = xlIn, bias = 1023
        if x < 0x1p-1022 {                    // subnormal: scale into the normal range
            x *= 0x1p64
            xl *= 0x1p64
            bias += 64
        }
        let bits = x.bitPattern
        var e = Int(bits >> 52) - bias
        let fraction = bits & 0x000F_FFFF_FFFF_FFFF
        let m = Double(bitPattern: fraction | 0x3FF0_0000_0000_0000)
        let i = (Int(fraction >> 44) + 1) >> 1
        let c = logTable[3 * i]
        let (p, pe) = twoProduct(m, c)
        var tail = pe
        if xl != 0 { tail += xl * power2(-(e / 2)) * power2(e / 2 - e) * c }
        if i >= 54 { e += 1 }
        return (p - 1, tail, i, e)            // p - 1 is exact: p is within 2^-7 of 1
    }

    /// log(2^e/c_i) + log1p(r) rounded, or nil when its error bound (below 0.8·2^-60 relative)
    /// does not decide the rounding (about 1% of arguments). The sums with the table and e·ln 2
    /// are exact; the errors are those of r² (2^-53·r²/2), of adding r²/2 and the tail into the
    /// low part (2^-53·r²/2 each) and of the tail r³/3 - r⁴/4 + … + r⁹/9 (2^-68·|r|): relative
    /// to the result, which is at least about |r|, below 0.75·2^-60, plus e·ln2Lo below
    /// 2^-68·|result|.
    /// rh + rl is r either normalised (from `logReduce`) or, for `log`, as from
    /// `logReduceUnnormalised` (|rl| <= 2^-53 and rl = 0 when c_i is 1 or 1/2; otherwise the
    /// result is at least 2^-9), so that log's polynomial need not wait for the sum; rl enters
    /// as rl/(1 + rh) ≈ rl·(1 - rh + rh²), with errors below 2^-60 of rl: at most 2^-104.
    @inline(__always)
    static func logQuick(_ rh: Double, _ rl: Double, _ i: Int, _ e: Int) -> Double? {
        let (h, l) = logQuickParts(rh, rl, i, e)
        return roundIfSafe(h, l, Swift.abs(h) * 0x1.6a09e667f3bcdp-60)   // |h|·2^-59.5
    }

    /// The unrounded value of `logQuick` as a normalised hi + lo.
    @inline(__always)
    static func logQuickParts(_ rh: Double, _ rl: Double, _ i: Int, _ e: Int) -> (Double, Double) {
        let r2 = rh * rh, r4 = r2 * r2
        let tail = r2 * rh * ((0x1.5555555555555p-2 - 0x1p-2 * rh)        // Estrin: short chains
            + r2 * (0x1.999999999999ap-3 - 0x1.5555555555555p-3 * rh)
            + r4 * ((0x1.2492492492492p-3 - 0x1p-3 * rh) + r2 * 0x1.c71c71c71c71cp-4))
        let ed = Double(e)
        return logTable.withUnsafeBufferPointer { t in
            let (a, ae) = twoSum(ed * ln2Hi, t[3 * i + 1])
            let (b, be) = twoSum(a, rh)
            let low = (ae + be) + ((t[3 * i + 2] + ed * ln2Mid) + rl * (1 - rh * (1 - rh)))
            return fastTwoSum(b, (low + tail) - 0.5 * r2)
        }
    }

    /// log(2^e/c_i) + log1p(r) as hi + lo, relative error below 2^-67.
    @inline(__always)
    static func logFast(_ rh: Double, _ rl: Double, _ i: Int, _ e: Int) -> (Double, Double) {
        let (s, se) = twoProduct(rh, rh)
        let poly = rh * s * (0x1.5555555555555p-2 + rh * (-0x1p-2 + rh * (0x1.999999999999ap-3
            + rh * (-0x1.5555555555555p-3 + rh * (0x1.2492492492492p-3 + rh * (-0x1p-3
            + rh * (0x1.c71c71c71c71cp-4 - rh * 0x1.999999999999ap-4)))))))
        let rest = poly - 0.5 * se + rl * (1 - rh * (1 - rh))
        let (ph, ps) = fastTwoSum(rh, -0.5 * s)
        let pl = ps + rest
        let ed = Double(e)
        return logTable.withUnsafeBufferPointer { t in
            let (a, ae) = twoSum(ed * ln2Hi, t[3 * i + 1])
            let (b, be) = twoSum(a, ph)
            return fastTwoSum(b, (ae + be) + ((t[3 * i + 2] + ed * ln2Mid) + pl))
        }
    }

    /// The same in double-double, relative error below 2^-100.
    @inline(never)
    static func logAccurate(_ rh: Double, _ rl: Double, _ i: Int, _ e: Int) -> (Double, Double) {
        let (qh, ql) = log1pSeries.withUnsafeBufferPointer {
            ddHorner(rh, rl, $0, from: 0, to: 14, doubleFrom: 8)
        }
        let (ph, pl) = ddMul(rh, rl, qh, ql)
        let ed = Double(e)
        var (ah, al) = twoSum(ed * ln2Hi, ed * ln2Mid)
        al += ed * ln2Lo
        (ah, al) = ddAdd(ah, al, logTable[3 * i + 1], logTable[3 * i + 2])
        return ddAdd(ah, al, ph, pl)
    }
}

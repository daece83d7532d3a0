// sin and cos: x = n·π/256 + r with |r| <= π/512, then with θ = (n mod 128)·π/256 + r and
// q = (n div 128) mod 4, sin x = ±sin θ or ±cos θ, each from a table of sin and cos at jπ/256.
// Arguments below 2^20 are reduced with a three-part π/256 (Cody–Waite); larger ones, and every
// argument on the accurate path, exactly with 1/π to 1536 bits (Payne–Hanek).

extension FrozenMath {
    // MARK: - Public API

    /// sin x, correctly rounded for every finite x (exact reduction of huge arguments).
    /// sin(±0) = ±0, sin(±inf) = NaN.
    static func sin(_ x: Double) -> Double {
        let ax = Swift.abs(x)
        guard ax >= 0x1p-26 else { return x }                     // also ±0 and subnormals
        guard ax < .infinity else { return x - x }                // NaN for ±inf and NaN
        return sinOrCos(ax, negate: x < 0, quarterTurns: 0)
    }

    /// cos x, correctly rounded for every finite x. cos(±0) = 1, cos(±inf) = NaN.
    static func cos(_ x: Double) -> Double {
        let ax = Swift.abs(x)
        guard !(ax < 0x1p-27) else { return 1 }                   // NaN goes on to x - x
        guard ax < .infinity else { return x - x }
        return sinOrCos(ax, negate: false, quarterTurns: 1)
    }

    // MARK: - Implementation details

    /// sin(ax + quarterTurns·π/2), negated if asked.
    @inline(__always)
    static func sinOrCos(_ ax: Double, negate: Bool, quarterTurns: Int) -> Double {
        var rh: Double, rl: Double, n: Int, reductionError: Double
        if ax < 0x1p20 {
            (rh, rl, n) = trigReduceSmall(ax)
            reductionError = n == 0 ? 0 : 0x1p-100
        } else {
            (rh, rl, n) = trigReduceExact(ax)
            reductionError = Swift.abs(rh) * 0x1p-100
        }
        n += quarterTurns << 7
        let j = n & 127, q = (n >> 7) & 3
        let flip = negate != (q >= 2)
        var (h, l) = sinCosFast(rh, rl, j, cosine: q & 1 == 1)
        if flip { h = -h; l = -l }
        let err = (j == 0 ? Swift.abs(h) * 0x1p-64 : 0x1p-65) + reductionError
        if let v = roundIfSafe(h, l, err) { return v }
        return sinOrCosAccurate(ax, negate: negate, quarterTurns: quarterTurns)
    }

    @inline(never)
    static func sinOrCosAccurate(_ ax: Double, negate: Bool, quarterTurns: Int) -> Double {
        var (rh, rl, n) = ax < 0x1p-10 ? (ax, 0.0, 0) : trigReduceExact(ax)
        n += quarterTurns << 7
        let j = n & 127, q = (n >> 7) & 3
        var (h, l) = sinCosAccurate(rh, rl, j, cosine: q & 1 == 1)
        if negate != (q >= 2) { h = -h; l = -l }
        return roundAccurate(h, l, Swift.abs(h) * 0x1p-96)
    }

    /// Cody–Waite reduction for 0 <= ax < 2^20: (rh + rl, n) with |r - exact| < 2^-105.
    @inline(__always)
    static func trigReduceSmall(_ ax: Double) -> (Double, Double, Int) {
        let nD = (ax * trigInvStep + 0x1.8p52) - 0x1.8p52
        let a = ax - nD * trigStep1           // exact: n·step1 is exact (26 + 27 bits) and close
        let (b, be) = twoProduct(nD, trigStep2)
        let (s, se) = twoSum(a, -b)
        let (rh, rl) = fastTwoSum(s, (se - be) - nD * trigStep3)
        return (rh, rl, Int(nD))
    }

    /// Payne–Hanek reduction for ax >= 2^-10: multiplies the 53-bit significand by a 320-bit
    /// window of 1/π in integer arithmetic, keeping n mod 512 and the fraction to 256 bits, so r is
    /// right to a relative 2^-104 even for the doubles closest to multiples of π/2.
    static func trigReduceExact(_ ax: Double) -> (Double, Double, Int) {
        let bits = ax.bitPattern
        let m = (bits & 0x000F_FFFF_FFFF_FFFF) | 0x0010_0000_0000_0000
        // ax·256/π = m·2^(E-1)/π·512 with E = exponent - 1075; only frac(m·frac(2^(E-1)/π)) matters.
        let start = Int(bits >> 52) - 1075 - 1 + 64
        var f = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        inversePiBits.withUnsafeBufferPointer { t in
            func window(_ position: Int) -> UInt64 {
                let w = position >> 6, shift = UInt64(position & 63)
                return shift == 0 ? t[w] : (t[w] << shift) | (t[w + 1] >> (64 - shift))
            }
            let p0 = m.multipliedFullWidth(by: window(start))
            let p1 = m.multipliedFullWidth(by: window(start + 64))
            let p2 = m.multipliedFullWidth(by: window(start + 128))
            let p3 = m.multipliedFullWidth(by: window(start + 192))
            let p4 = m.multipliedFullWidth(by: window(start + 256))
            var carry: UInt64 = 0
            func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
                let (s1, o1) = a.addingReportingOverflow(b)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
                return s2
            }
            f.4 = p4.low
            f.3 = add(p3.low, p4.high)
            f.2 = add(p2.low, p3.high)
            f.1 = add(p1.low, p2.high)
            f.0 = add(p0.low, p1.high)
        }
        // 512·frac: integer part = top 9 bits, fraction g (256 bits).
        var n = Int(f.0 >> 55)
        var g0 = (f.0 << 9) | (f.1 >> 55), g1 = (f.1 << 9) | (f.2 >> 55)
        var g2 = (f.2 << 9) | (f.3 >> 55), g3 = (f.3 << 9) | (f.4 >> 55)
        let negative = g0 >> 63 == 1
        if negative {                          // round n up; the remainder is -(1 - g)
            n += 1
            g3 = ~g3; g2 = ~g2; g1 = ~g1; g0 = ~g0
            var c: Bool
            (g3, c) = g3.addingReportingOverflow(1)
            if c { (g2, c) = g2.addingReportingOverflow(1) }
            if c { (g1, c) = g1.addingReportingOverflow(1) }
            if c { g0 &+= 1 }
        }
        var shift = 0
        while g0 == 0 && shift < 128 {
            g0 = g1; g1 = g2; g2 = g3; g3 = 0; shift += 64
        }
        if g0 == 0 { return (0, 0, n & 511) }
        let lz = g0.leadingZeroBitCount
        if lz > 0 {
            g0 = (g0 << UInt64(lz)) | (g1 >> UInt64(64 - lz))
            g1 = (g1 << UInt64(lz)) | (g2 >> UInt64(64 - lz))
        }
        shift += lz
        let fh = Double(g0 >> 11) * power2(-53 - shift)
        let fl = Double(((g0 & 0x7FF) << 53) | (g1 >> 11)) * power2(-117 - shift)
        var (rh, rl) = ddMul(fh, fl, trigStepHi, trigStepLo)
        if negative { rh = -rh; rl = -rl }
        return (rh, rl, n & 511)
    }

    /// sin θ (or cos θ) for θ = jπ/256 + r, as hi + lo with absolute error below 2^-66
    /// (relative 2^-66 when j = 0).
    @inline(__always)
    static func sinCosFast(_ rh: Double, _ rl: Double, _ j: Int, cosine: Bool) -> (Double, Double) {
        let r2 = rh * rh
        let sinTail = rl + rh * r2 * (-0x1.5555555555555p-3 + r2 * (0x1.1111111111111p-7
            + r2 * (-0x1.a01a01a01a01ap-13 + r2 * 0x1.71de3a556c734p-19)))
        let cosMinusOne = -0.5 * r2 + r2 * r2 * (0x1.5555555555555p-5 + r2 * (-0x1.6c16c16c16c17p-10
            + r2 * 0x1.a01a01a01a01ap-16)) - rh * rl
        return sinCosTable.withUnsafeBufferPointer { t in
            // sin θ = S + C·sin r + S·(cos r - 1);  cos θ = C - S·sin r + C·(cos r - 1).
            let sh = t[4 * j], sl = t[4 * j + 1], ch = t[4 * j + 2], cl = t[4 * j + 3]
            let (ah, al, bh, bl) = cosine ? (ch, cl, -sh, -sl) : (sh, sl, ch, cl)
            let (p, pe) = twoProduct(bh, rh)
            let (h, s) = twoSum(ah, p)
            let tail = (pe + bh * sinTail + bl * rh) + (ah * cosMinusOne + al * (1 + cosMinusOne))
            return fastTwoSum(h, s + tail)
        }
    }

    /// The same in double-double, relative error below 2^-100 (|r| <= π/512).
    @inline(never)
    static func sinCosAccurate(_ rh: Double, _ rl: Double, _ j: Int, cosine: Bool) -> (Double, Double) {
        let (r2h, r2l) = ddMul(rh, rl, rh, rl)
        let (qs, qsl) = sinSeries.withUnsafeBufferPointer { ddHorner(r2h, r2l, $0, from: 0, to: 7, doubleFrom: 4) }
        let (sr, srl) = ddMul(rh, rl, qs, qsl)
        let (qc, qcl) = cosSeries.withUnsafeBufferPointer { ddHorner(r2h, r2l, $0, from: 0, to: 7, doubleFrom: 4) }
        let (cm, cml) = ddMul(r2h, r2l, qc, qcl)
        let sh = sinCosTable[4 * j], sl = sinCosTable[4 * j + 1]
        let ch = sinCosTable[4 * j + 2], cl = sinCosTable[4 * j + 3]
        let (ah, al, bh, bl) = cosine ? (ch, cl, -sh, -sl) : (sh, sl, ch, cl)
        let (uh, ul) = ddMul(bh, bl, sr, srl)
        let (vh, vl) = ddMul(ah, al, cm, cml)
        let (wh, wl) = ddAdd(uh, ul, vh, vl)
        return ddAdd(ah, al, wh, wl)
    }
}

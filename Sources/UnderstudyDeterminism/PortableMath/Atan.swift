// atan and atan2: for a ratio w = a/b = min/max in [0, 1], atan w = atan(i/64) + atan(t) with
// i = round(64w) and t = (w - i/64)/(1 + w·i/64) = (a - c·b)/(b + c·a), c = i/64, |t| <= 1/128;
// atan of the larger ratio is π/2 - atan w and the other half-plane π - that.

extension PortableMath {
    // MARK: - Public API

    /// Arctangent in [-π/2, π/2], correctly rounded. atan(±0) = ±0, atan(±inf) = ±π/2.
    public static func atan(_ x: Double) -> Double {
        let ax = Swift.abs(x)
        guard ax >= 0x1p-27 else { return x }                      // also ±0, subnormals
        guard ax <= 0x1p60 else {
            if x.isNaN { return x + x }
            return x > 0 ? halfPiHi : -halfPiHi                    // π/2 - 1/x rounds to π/2
        }
        return atanOfRatio(ax, 1, negativeDenominator: false, negate: x < 0)
    }

    /// The angle of the point (x, y) in [-π, π], correctly rounded, with C99 Annex F's special
    /// values: atan2(±0, +0) = ±0, atan2(±0, -0) = ±π, atan2(±inf, ±inf) = ±π/4 or ±3π/4, etc.
    public static func atan2(_ y: Double, _ x: Double) -> Double {
        if x.isNaN || y.isNaN { return x + y }
        let ay = Swift.abs(y), ax = Swift.abs(x)
        let sign: Double = y.sign == .minus ? -1 : 1
        if y == 0 {
            return x.sign == .minus ? sign * piHi : sign * 0
        }
        if x == 0 { return sign * halfPiHi }
        if ax == .infinity {
            if ay == .infinity {
                // 3π/4 and π/4 rounded: 0x1.2d97c7f3321d2p+1, 0x1.921fb54442d18p-1.
                return sign * (x < 0 ? 0x1.2d97c7f3321d2p+1 : 0x1.921fb54442d18p-1)
            }
            return x < 0 ? sign * piHi : sign * 0
        }
        if ay == .infinity { return sign * halfPiHi }
        let ey = Int(ay.exponent), ex = Int(ax.exponent)
        if ey - ex > 60 { return sign * halfPiHi }                  // π/2 ∓ tiny rounds to π/2
        if ex - ey > 60 {
            // atan(y/x) = y/x·(1 - 2^-120): the correctly rounded quotient; π - tiny rounds to π.
            return x > 0 ? y / x : sign * piHi
        }
        let scale = -Swift.max(ey, ex)
        return atanOfRatio(scaled(ay, scale), scaled(ax, scale), negativeDenominator: x < 0,
                           negate: sign < 0)
    }

    // MARK: - Implementation details

    /// a·2^k exactly, for results in the normal range.
    @inline(__always)
    static func scaled(_ a: Double, _ k: Int) -> Double {
        if k > 1000 { return a * power2(1000) * power2(k - 1000) }
        if k < -1000 { return a * power2(-1000) * power2(k + 1000) }
        return a * power2(k)
    }

    /// ±atan(num/den) (or ±(π - atan(num/den)) for a negative denominator); num, den > 0 with
    /// exponents within 60 of each other.
    @inline(__always)
    static func atanOfRatio(_ num: Double, _ den: Double, negativeDenominator: Bool,
                            negate: Bool) -> Double {
        let flip = num > den
        let (th, tl, i) = flip ? atanReduce(den, num) : atanReduce(num, den)
        var (wh, wl) = atanFast(th, tl, i)
        var (h, l) = atanUnfold(wh, wl, flip: flip, negativeDenominator: negativeDenominator)
        if negate { h = -h; l = -l }
        if let v = roundIfSafe(h, l, Swift.abs(h) * 0x1p-65) { return v }
        (wh, wl) = atanAccurate(th, tl, i)
        (h, l) = atanUnfold(wh, wl, flip: flip, negativeDenominator: negativeDenominator)
        if negate { h = -h; l = -l }
        return roundAccurate(h, l, Swift.abs(h) * 0x1p-96)
    }

    /// π/2 - v if flipped, then π - that for a negative denominator (no cancellation: v <= π/4).
    @inline(__always)
    static func atanUnfold(_ vh: Double, _ vl: Double, flip: Bool, negativeDenominator: Bool)
        -> (Double, Double)
    {
        var (h, l) = (vh, vl)
        if flip { (h, l) = ddAdd(halfPiHi, halfPiLo, -h, -l) }
        if negativeDenominator { (h, l) = ddAdd(piHi, piLo, -h, -l) }
        return (h, l)
    }

    /// t = (a - c·b)/(b + c·a) as a double-double, with c = i/64 the table point nearest to
    /// w = a/b ∈ [0, 1] (0 < a <= b, normal): one division of exact sums, so t is accurate
    /// relative to itself even where w is close to c.
    @inline(__always)
    static func atanReduce(_ a: Double, _ b: Double) -> (Double, Double, Int) {
        let i = Int(a / b * 64 + 0.5)
        let c = Double(i) * 0x1p-6
        let (p, pe) = productBySmall(c, b)
        let (q, qe) = productBySmall(c, a)
        // a - p is almost always exact (Sterbenz: p within a factor 2 of a, or p = 0), but not
        // where w is just below 1/128 and 64·w + 1/2 still rounds to 1: then i = 1, p > 2a.
        let (s, se) = twoSum(a, -p)
        let (nh, nl) = twoSum(s, se - pe)
        let (dh, de) = fastTwoSum(b, q)        // q = c·a <= b
        let (th, tl) = ddDivQuick(nh, nl, dh, de + qe)
        return (th, tl, i)
    }

    /// p + e = c·x exactly for c = i/64 (at most 7 significant bits) and a normal x: c times
    /// each 26-bit half of x is exact, so only x is split.
    @inline(__always)
    static func productBySmall(_ c: Double, _ x: Double) -> (Double, Double) {
        let p = c * x
        let (xh, xl) = split(x)
        return (p, (c * xh - p) + c * xl)
    }

    /// atan(i/64) + atan(t), relative error below 2^-67.
    @inline(__always)
    static func atanFast(_ th: Double, _ tl: Double, _ i: Int) -> (Double, Double) {
        let t2 = th * th
        let poly = th * t2 * (-0x1.5555555555555p-2 + t2 * (0x1.999999999999ap-3 + t2 * (-0x1.2492492492492p-3
            + t2 * (0x1.c71c71c71c71cp-4 + t2 * (-0x1.745d1745d1746p-4 + t2 * 0x1.3b13b13b13b14p-4)))))
        return atanTable.withUnsafeBufferPointer { a in
            let (h, s) = twoSum(a[2 * i], th)
            return fastTwoSum(h, s + (a[2 * i + 1] + (tl * (1 - t2) + poly)))
        }
    }

    /// The same in double-double, relative error below 2^-100.
    @inline(never)
    static func atanAccurate(_ th: Double, _ tl: Double, _ i: Int) -> (Double, Double) {
        let (t2h, t2l) = ddMul(th, tl, th, tl)
        let (qh, ql) = atanSeries.withUnsafeBufferPointer { ddHorner(t2h, t2l, $0, from: 0, to: 9, doubleFrom: 5) }
        let (ph, pl) = ddMul(th, tl, qh, ql)
        return ddAdd(atanTable[2 * i], atanTable[2 * i + 1], ph, pl)
    }
}

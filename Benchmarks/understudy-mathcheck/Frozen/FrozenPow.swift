// pow(x, y) = 2^k·e^r after z = y·log|x| is formed in double-double; exact cases (results that
// are midpoints between two doubles) are recognised by the accurate phase's rounding test.

extension FrozenMath {
    // MARK: - Public API

    /// x^y, correctly rounded, with C99 Annex F's special cases: pow(x, ±0) = 1 and pow(+1, y) = 1
    /// even for NaN; pow(-1, ±inf) = 1; negative x only with integer y (odd y keeps the sign);
    /// pow(±0, y < 0) = ±inf or +inf; overflow to ±inf and underflow through the subnormals.
    static func pow(_ x: Double, _ y: Double) -> Double {
        if y == 0 || x == 1 { return 1 }
        if x.isNaN || y.isNaN { return x + y }
        let ax = Swift.abs(x)
        if y.isInfinite {
            if ax == 1 { return 1 }
            return (ax < 1) == (y < 0) ? .infinity : 0
        }
        let (isInteger, isOdd) = integerness(y)
        if x == 0 {
            if y < 0 { return isOdd ? 1 / x : .infinity }
            return isOdd ? x : 0
        }
        if ax == .infinity {
            let big = x < 0 && isOdd ? -Double.infinity : .infinity
            return y < 0 ? 1 / big : big
        }
        if x < 0 && !isInteger { return .nan }
        if y == 2 { return x * x }
        if y == 1 { return x }
        if y == -1 { return 1 / x }
        let sign: Double = x < 0 && isOdd ? -1 : 1
        if Swift.abs(y) >= 0x1p63 {                                  // |y·log|x|| > 2^10
            return sign * ((ax < 1) == (y < 0) ? .infinity : 0)
        }
        let (rh0, rl0, i, e) = logReduce(ax, 0)
        var (lh, ll) = logFast(rh0, rl0, i, e)
        var (zh, zl) = powExponent(y, lh, ll)
        if zh > 710 { return sign * .infinity }
        if zh < -746 { return sign * 0 }
        var (rh, rl, j, k) = expReduce(zh, zl)
        var (h, l) = expFast(rh, rl, j)
        if let v = roundIfSafe(sign * h, sign * l, h * (0x1p-66 + Swift.abs(zh) * 0x1p-64), k) {
            return v
        }
        (lh, ll) = logAccurate(rh0, rl0, i, e)
        (zh, zl) = powExponent(y, lh, ll)
        (rh, rl, j, k) = expReduce(zh, zl)
        (h, l) = expAccurate(rh, rl, j)
        return roundAccurate(sign * h, sign * l, h * (0x1p-97 + Swift.abs(zh) * 0x1p-97), k)
    }

    // MARK: - Implementation details

    /// y·(lh + ll) in double-double (|y| < 2^63, |lh| < 745).
    @inline(__always)
    static func powExponent(_ y: Double, _ lh: Double, _ ll: Double) -> (Double, Double) {
        let (p, pe) = twoProduct(y, lh)
        return fastTwoSum(p, pe + y * ll)
    }

    /// Whether the finite y is an integer, and whether an odd one, from its bits.
    @inline(__always)
    static func integerness(_ y: Double) -> (integer: Bool, odd: Bool) {
        let bits = y.bitPattern
        let e = Int((bits >> 52) & 0x7FF)
        if e < 1023 { return (y == 0, false) }
        if e >= 1075 { return (true, e == 1075 && bits & 1 == 1) }
        let significand = (bits & 0x000F_FFFF_FFFF_FFFF) | 0x0010_0000_0000_0000
        let shift = UInt64(1075 - e)
        let fraction = significand & ((1 << shift) - 1)
        return (fraction == 0, fraction == 0 && (significand >> shift) & 1 == 1)
    }
}

// Array forms of atan and atan2: the same bits as the scalar functions, element by element.

extension PortableMath {
    // MARK: - Public API

    /// `output[i] = atan(input[i])` for every i, bit for bit the scalar `atan`, two elements at
    /// a time with SSE2 for 2^-27 <= |x| <= 2^60. `output` must hold at least `input.count`
    /// elements; it may be `input`'s own memory.
    public static func atan(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        applyLanes(input, output, { x in
            let ax = magnitude(x)
            let inRange = (ax .>= 0x1p-27) .& (ax .<= 0x1p60)
            let (v, decided) = atanOfRatioLanes(select(inRange, ax, Lanes(repeating: 1)), Lanes(repeating: 1),
                                                negativeDenominator: LaneMask(repeating: false), negate: x .< 0)
            return (v, decided .& inRange)
        }, atan)
    }

    /// `output[i] = atan2(y[i], x[i])` for every i, bit for bit the scalar `atan2`, two elements
    /// at a time with SSE2 when x and y are normal with exponents within 60 of each other and of
    /// magnitude at most 2^1000 (so the scalar code scales them in one step). `y` and `x` must
    /// have the same count and `output` at least as many elements; it may be either input's
    /// memory.
    public static func atan2(_ y: UnsafeBufferPointer<Double>, _ x: UnsafeBufferPointer<Double>,
                             into output: UnsafeMutableBufferPointer<Double>) {
        applyLanes(y, x, output, atan2Lanes, atan2)
    }

    // MARK: - Implementation details

    /// `atan2`'s general case on two lanes.
    @inline(__always)
    static func atan2Lanes(_ y: Lanes, _ x: Lanes) -> (Lanes, LaneMask) {
        let ay = magnitude(y), ax = magnitude(x)
        let ey = (bits(ay) &>> 52) &- 1023, ex = (bits(ax) &>> 52) &- 1023
        let normal = (ey .> -1023) .& (ey .< 1024) .& (ex .> -1023) .& (ex .< 1024)
        let difference = ey &- ex
        let top = select(ex .> ey, ex, ey)
        let inRange = normal .& (difference .<= 60) .& (difference .>= -60) .& (top .<= 1000) .& (top .>= -1000)
        let scale = power2(0 &- select(inRange, top, LaneBits(repeating: 0)))
        let num = select(inRange, ay * scale, Lanes(repeating: 1))
        let den = select(inRange, ax * scale, Lanes(repeating: 1))
        let (v, decided) = atanOfRatioLanes(num, den, negativeDenominator: x .< 0, negate: y .< 0)
        return (v, decided .& inRange)
    }

    /// `atanOfRatio`'s fast path on two lanes (num, den > 0, exponents within 60 of each other).
    @inline(__always)
    static func atanOfRatioLanes(_ num: Lanes, _ den: Lanes, negativeDenominator: LaneMask, negate: LaneMask)
        -> (Lanes, LaneMask)
    {
        let flip = num .> den
        let a = select(flip, den, num), b = select(flip, num, den)
        // atanReduce
        var c = Lanes(), tableHi = Lanes(), tableLo = Lanes()
        let scaledW: Lanes = a / b * 64 + 0.5
        atanTable.withUnsafeBufferPointer { t in
            for lane in 0..<2 {
                let i = Int(scaledW[lane])
                c[lane] = Double(i) * 0x1p-6
                tableHi[lane] = t[2 * i]
                tableLo[lane] = t[2 * i + 1]
            }
        }
        let (p, pe) = productBySmall(c, b)
        let (ca, cae) = productBySmall(c, a)
        let (s, se) = twoSum(a, -p)
        let (nh, nl) = twoSum(s, se - pe)
        let (dh, de) = fastTwoSum(b, ca)
        let (th, tl) = ddDivQuick(nh, nl, dh, de + cae)
        // atanFast
        let t2 = th * th
        var q: Lanes = t2 * 0x1.3b13b13b13b14p-4 + -0x1.745d1745d1746p-4
        q = t2 * q + 0x1.c71c71c71c71cp-4
        q = t2 * q + -0x1.2492492492492p-3
        q = t2 * q + 0x1.999999999999ap-3
        q = t2 * q + -0x1.5555555555555p-2
        let poly: Lanes = th * t2 * q
        let (h0, s0) = twoSum(tableHi, th)
        let rest: Lanes = tableLo + (tl * (1 - t2) + poly)
        var (h, l) = fastTwoSum(h0, s0 + rest)
        // atanUnfold
        let (fh, fl) = ddAddLanes(Lanes(repeating: halfPiHi), Lanes(repeating: halfPiLo), -h, -l)
        h = select(flip, fh, h)
        l = select(flip, fl, l)
        let (ph, pl) = ddAddLanes(Lanes(repeating: piHi), Lanes(repeating: piLo), -h, -l)
        h = select(negativeDenominator, ph, h)
        l = select(negativeDenominator, pl, l)
        h = select(negate, -h, h)
        l = select(negate, -l, l)
        return roundIfSafe(h, l, magnitude(h) * 0x1p-65)
    }

    /// `productBySmall` lane by lane.
    @inline(__always)
    static func productBySmall(_ c: Lanes, _ x: Lanes) -> (Lanes, Lanes) {
        let p = c * x
        let (xh, xl) = split(x)
        return (p, (c * xh - p) + c * xl)
    }

    /// `ddAdd` lane by lane.
    @inline(__always)
    static func ddAddLanes(_ ah: Lanes, _ al: Lanes, _ bh: Lanes, _ bl: Lanes) -> (Lanes, Lanes) {
        var (s, e) = twoSum(ah, bh)
        e += al + bl
        return fastTwoSum(s, e)
    }
}

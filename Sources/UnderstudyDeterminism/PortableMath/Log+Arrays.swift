// Array forms of log and log1p: the same bits as the scalar functions, element by element.

extension PortableMath {
    // MARK: - Public API

    /// `output[i] = log(input[i])` for every i, bit for bit the scalar `log`, two elements at a
    /// time with SSE2 (subnormal, negative and non-finite elements go to the scalar function).
    /// `output` must hold at least `input.count` elements; it may be `input`'s own memory.
    public static func log(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        applyLanes(input, output, logLanes, log)
    }

    /// `output[i] = log1p(input[i])` for every i, bit for bit the scalar `log1p`, two elements at
    /// a time with SSE2. `output` must hold at least `input.count` elements; it may be `input`'s
    /// own memory.
    public static func log1p(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        applyLanes(input, output, log1pLanes, log1p)
    }

    // MARK: - Implementation details

    /// `log`'s quick path on two lanes, decided for normal positive finite x when the rounding
    /// test passes.
    @inline(__always)
    static func logLanes(_ x: Lanes) -> (Lanes, LaneMask) {
        let normal = (x .>= 0x1p-1022) .& (x .< .infinity)
        let (r0, tail, i, e) = logReduceLanes(select(normal, x, Lanes(repeating: 1)), Lanes(repeating: 0))
        let (h, l) = logQuickLanes(r0, tail, i, e)
        let (v, decided) = roundIfSafe(h, l, magnitude(h) * 0x1.6a09e667f3bcdp-60)
        return (v, decided .& normal)
    }

    /// `log1p`'s quick path on two lanes, decided for 2^-54 <= |x|, -1 < x < inf (1 + x is then
    /// normal) when the rounding test passes.
    @inline(__always)
    static func log1pLanes(_ x: Lanes) -> (Lanes, LaneMask) {
        let inRange = (x .> -1) .& (x .< .infinity) .& (magnitude(x) .>= 0x1p-54)
        let (s, se) = twoSum(Lanes(repeating: 1), select(inRange, x, Lanes(repeating: 1)))
        let (r, tail, i, e) = logReduceLanes(s, se)
        let (rh, rl) = twoSum(r, tail)
        let (h, l) = logQuickLanes(rh, rl, i, e)
        let (v, decided) = roundIfSafe(h, l, magnitude(h) * 0x1.6a09e667f3bcdp-60)
        return (v, decided .& inRange)
    }

    /// `logReduceUnnormalised` on two lanes, for normal positive finite x (and xl as there):
    /// r = r0 + tail, the table rows i and the exponents e.
    @inline(__always)
    static func logReduceLanes(_ x: Lanes, _ xl: Lanes) -> (Lanes, Lanes, LaneBits, Lanes) {
        let b = bits(x)
        var e = (b &>> 52) &- 1023
        let fraction = b & 0x000F_FFFF_FFFF_FFFF
        let m = lanes(fraction | 0x3FF0_0000_0000_0000)
        let i = ((fraction &>> 44) &+ 1) &>> 1
        var c = Lanes(), down = Lanes(), up = Lanes()
        for lane in 0..<2 {
            let ei = Int(truncatingIfNeeded: e[lane])
            c[lane] = logTable[3 * Int(truncatingIfNeeded: i[lane])]
            down[lane] = power2(-(ei / 2))            // the scalar code's two-step 2^-e
            up[lane] = power2(ei / 2 - ei)
        }
        let (p, pe) = twoProduct(m, c)
        let scaledLow: Lanes = xl * down * up * c
        let tail = pe + scaledLow
        e = e &+ select(i .< 54, LaneBits(repeating: 0), LaneBits(repeating: 1))
        return (p - 1, select(xl .== 0, pe, tail), i, Lanes(e))
    }

    /// `logQuickParts` on two lanes (e as doubles).
    @inline(__always)
    static func logQuickLanes(_ rh: Lanes, _ rl: Lanes, _ i: LaneBits, _ ed: Lanes) -> (Lanes, Lanes) {
        let r2 = rh * rh, r4 = r2 * r2
        let c0: Lanes = 0x1.5555555555555p-2 - 0x1p-2 * rh
        let c1: Lanes = r2 * (0x1.999999999999ap-3 - 0x1.5555555555555p-3 * rh)
        let c2: Lanes = r4 * ((0x1.2492492492492p-3 - 0x1p-3 * rh) + r2 * 0x1.c71c71c71c71cp-4)
        let tail: Lanes = r2 * rh * ((c0 + c1) + c2)
        var t1 = Lanes(), t2 = Lanes()
        logTable.withUnsafeBufferPointer { t in
            for lane in 0..<2 {
                let row = 3 * Int(truncatingIfNeeded: i[lane])
                t1[lane] = t[row + 1]
                t2[lane] = t[row + 2]
            }
        }
        let (a, ae) = twoSum(ed * ln2Hi, t1)
        let (b, be) = twoSum(a, rh)
        let correction: Lanes = rl * (1 - rh * (1 - rh))
        let low: Lanes = (ae + be) + ((t2 + ed * ln2Mid) + correction)
        return fastTwoSum(b, (low + tail) - 0.5 * r2)
    }
}

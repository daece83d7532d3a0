// Array forms of sin and cos: the same bits as the scalar functions, element by element.

extension PortableMath {
    // MARK: - Public API

    /// `output[i] = sin(input[i])` for every i, bit for bit the scalar `sin`, two elements at a
    /// time with SSE2 for 2^-26 <= |x| < 2^20 (Cody–Waite reduction); other elements go to the
    /// scalar function. `output` must hold at least `input.count` elements; it may be `input`'s
    /// own memory.
    public static func sin(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        applyLanes(input, output, { x in
            let ax = magnitude(x)
            return sinOrCosLanes(ax, negate: x .< 0, quarterTurns: 0, valid: ax .>= 0x1p-26)
        }, sin)
    }

    /// `output[i] = cos(input[i])` for every i, bit for bit the scalar `cos`, two elements at a
    /// time with SSE2 for 2^-27 <= |x| < 2^20. `output` must hold at least `input.count`
    /// elements; it may be `input`'s own memory.
    public static func cos(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        applyLanes(input, output, { x in
            let ax = magnitude(x)
            return sinOrCosLanes(ax, negate: LaneMask(repeating: false), quarterTurns: 1, valid: ax .>= 0x1p-27)
        }, cos)
    }

    // MARK: - Implementation details

    /// `sinOrCos`'s fast path on two lanes, decided where `valid`, ax < 2^20 and the rounding
    /// test passes.
    @inline(__always)
    static func sinOrCosLanes(_ axIn: Lanes, negate: LaneMask, quarterTurns: Int, valid: LaneMask)
        -> (Lanes, LaneMask)
    {
        let inRange = valid .& (axIn .< 0x1p20)
        let ax = select(inRange, axIn, Lanes(repeating: 1))
        // trigReduceSmall
        let shifted = ax * trigInvStep + 0x1.8p52
        let nD = shifted - 0x1.8p52
        let n = bits(shifted) &- LaneBits(repeating: Int64(bitPattern: (0x1.8p52 as Double).bitPattern))
        let a: Lanes = ax - nD * trigStep1
        let (b, be) = twoProduct(nD, Lanes(repeating: trigStep2))
        let (s, se) = twoSum(a, -b)
        let (rh, rl) = fastTwoSum(s, (se - be) - nD * trigStep3)
        let reductionError = select(n .== 0, Lanes(repeating: 0), Lanes(repeating: 0x1p-100))
        let turned = n &+ Int64(quarterTurns << 7)
        let j = turned & 127, q = (turned &>> 7) & 3
        let cosine = (q & 1) .== 1
        let flip = negate .^ (q .>= 2)
        // sinCosFast
        let r2 = rh * rh
        var sp: Lanes = r2 * 0x1.71de3a556c734p-19 + -0x1.a01a01a01a01ap-13
        sp = r2 * sp + 0x1.1111111111111p-7
        sp = r2 * sp + -0x1.5555555555555p-3
        let sinTail: Lanes = rl + rh * r2 * sp
        var cp: Lanes = r2 * 0x1.a01a01a01a01ap-16 + -0x1.6c16c16c16c17p-10
        cp = r2 * cp + 0x1.5555555555555p-5
        let cosMinusOne: Lanes = (-0.5 * r2 + r2 * r2 * cp) - rh * rl
        var sh = Lanes(), sl = Lanes(), ch = Lanes(), cl = Lanes()
        sinCosTable.withUnsafeBufferPointer { t in
            for lane in 0..<2 {
                let row = 4 * Int(truncatingIfNeeded: j[lane])
                sh[lane] = t[row]; sl[lane] = t[row + 1]; ch[lane] = t[row + 2]; cl[lane] = t[row + 3]
            }
        }
        let ah = select(cosine, ch, sh), al = select(cosine, cl, sl)
        let bh = select(cosine, -sh, ch), bl = select(cosine, -sl, cl)
        let (p, pe) = twoProduct(bh, rh)
        let (h0, s0) = twoSum(ah, p)
        let first: Lanes = (pe + bh * sinTail) + bl * rh
        let second: Lanes = ah * cosMinusOne + al * (1 + cosMinusOne)
        var (h, l) = fastTwoSum(h0, s0 + (first + second))
        h = select(flip, -h, h)
        l = select(flip, -l, l)
        let err: Lanes = select(j .== 0, magnitude(h) * 0x1p-64, Lanes(repeating: 0x1p-65))
            + reductionError
        let (v, decided) = roundIfSafe(h, l, err)
        return (v, decided .& inRange)
    }
}

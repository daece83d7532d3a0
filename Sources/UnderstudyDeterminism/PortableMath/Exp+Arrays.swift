// Array forms of exp and expm1: the same bits as the scalar functions, element by element.

extension PortableMath {
    // MARK: - Public API

    /// `output[i] = exp(input[i])` for every i, bit for bit the scalar `exp`, two elements at a
    /// time with SSE2 (about 98% of pairs need no scalar call). `output` must hold at least
    /// `input.count` elements; it may be `input`'s own memory (in place).
    public static func exp(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        applyLanes(input, output, expLanes, exp)
    }

    /// `output[i] = expm1(input[i])` for every i, bit for bit the scalar `expm1`; element by
    /// element (its fast path is double-double throughout, which pairs do not speed up).
    /// `output` must hold at least `input.count` elements; it may be `input`'s own memory.
    public static func expm1(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        precondition(output.count >= input.count, "output has fewer elements than input")
        for i in input.indices { output[i] = expm1(input[i]) }
    }

    // MARK: - Implementation details

    /// `expQuick` on two lanes: decided where -746 < x < 710, the scale 2^k stays within
    /// -1000 < k <= 1000 (the scalar code scales outside it in two steps or not at all) and the
    /// rounding test passes.
    @inline(__always)
    static func expLanes(_ x: Lanes) -> (Lanes, LaneMask) {
        let inRange = (x .> -746) .& (x .< 710)
        let (h, l, k) = expQuickLanes(select(inRange, x, Lanes(repeating: 0)))
        let scaleInRange = (k .> -1000) .& (k .<= 1000)
        let (a, decided) = roundIfSafe(h, l, h * 0x1.6a09e667f3bcdp-60)
        return (a * power2(select(scaleInRange, k, LaneBits(repeating: 0))), decided .& inRange .& scaleInRange)
    }

    /// `expQuickParts` on two lanes (-746 < x < 710): e^x = 2^k·(h + l).
    @inline(__always)
    static func expQuickLanes(_ x: Lanes) -> (Lanes, Lanes, LaneBits) {
        let shifted = x * expInvStep + 0x1.8p52
        let nD = shifted - 0x1.8p52
        // n = nD exactly: 0x1.8p52 + n lies in [2^52, 2^53), where the bits count units.
        let n = bits(shifted) &- LaneBits(repeating: Int64(bitPattern: (0x1.8p52 as Double).bitPattern))
        let r: Lanes = (x - nD * expStep1) - nD * expStep2
        var q: Lanes = r * 0x1.a01a01a01a01ap-13 + 0x1.6c16c16c16c17p-10
        q = r * q + 0x1.1111111111111p-7
        q = r * q + 0x1.5555555555555p-5
        q = r * q + 0x1.5555555555555p-3
        q = r * q + 0.5
        let p: Lanes = r * r * q
        let j = n & 127
        var th = Lanes(), tl = Lanes()
        expTable.withUnsafeBufferPointer { t in
            for lane in 0..<2 {
                let index = 2 * Int(truncatingIfNeeded: j[lane])
                th[lane] = t[index]
                tl[lane] = t[index + 1]
            }
        }
        let (h, e) = fastTwoSum(th, th * r)
        let rest: Lanes = th * p + tl * (1 + (r + p))
        return (h, e + rest, n &>> 7)
    }
}

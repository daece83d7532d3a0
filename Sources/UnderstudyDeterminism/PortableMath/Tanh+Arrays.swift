// The array form of tanh: the same bits as the scalar function, element by element.

extension PortableMath {
    // MARK: - Public API

    /// `output[i] = tanh(input[i])` for every i, bit for bit the scalar `tanh`, two elements at a
    /// time with SSE2 when both lie on the same side of |x| = 0.25 (the series and the e^-2|x|
    /// quotient). `output` must hold at least `input.count` elements; it may be `input`'s own
    /// memory.
    public static func tanh(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        applyLanes(input, output, tanhLanes, tanh)
    }

    // MARK: - Implementation details

    /// `tanhSmallQuick` or `tanhQuick` on two lanes, signed as the scalar `tanh` does (the
    /// sign is applied by a multiplication by ±1, which is exact).
    @inline(__always)
    static func tanhLanes(_ x: Lanes) -> (Lanes, LaneMask) {
        let a = magnitude(x)
        let small = (a .>= 0x1p-27) .& (a .< 0.25)
        let large = (a .>= 0.25) .& (a .<= 22)
        let sign = select(x .< 0, Lanes(repeating: -1), Lanes(repeating: 1))
        if all(small) {
            let (v, decided) = tanhSmallLanes(a)
            return (sign * v, decided)
        }
        if all(large) {
            let (v, decided) = tanhQuickLanes(a)
            return (sign * v, decided)
        }
        return (x, LaneMask(repeating: false))
    }

    /// `tanhQuick` on two lanes, 0.25 <= a <= 22.
    @inline(__always)
    static func tanhQuickLanes(_ a: Lanes) -> (Lanes, LaneMask) {
        let (h, l, k) = expQuickLanes(-2 * a)
        let s = power2(k)
        let (eh, el) = fastTwoSum(h * s, l * s)
        let one = Lanes(repeating: 1)
        let (nh, ne) = fastTwoSum(one, -eh)
        let (dh, de) = fastTwoSum(one, eh)
        let (qh, ql) = ddDivQuick(nh, ne - el, dh, de + el)
        return roundIfSafe(qh, ql, qh * 0x1.6a09e667f3bcdp-59)
    }

    /// `tanhSmallQuick` on two lanes, 2^-27 <= a < 0.25.
    @inline(__always)
    static func tanhSmallLanes(_ a: Lanes) -> (Lanes, LaneMask) {
        let (th, tl) = twoProduct(a, a)
        let (ch, cl) = twoProduct(a, th)
        let cubeLow: Lanes = cl + a * tl
        let qh = ch / 3
        let (ph, pl) = twoProduct(qh, Lanes(repeating: 3))
        let ql: Lanes = ((ch - ph) - pl + cubeLow) / 3
        var q = Lanes(repeating: -0x1.497d8eea25259p-15)
        q = q * th + 0x1.967e18afcafadp-14
        q = q * th - 0x1.f57d7734d1664p-13
        q = q * th + 0x1.3558248036744p-11
        q = q * th - 0x1.7da36452b75e3p-10
        q = q * th + 0x1.d6d3d0e157de0p-9
        q = q * th - 0x1.226e355e6c23dp-7
        q = q * th + 0x1.664f4882c10fap-6
        q = q * th - 0x1.ba1ba1ba1ba1cp-5
        q = q * th + 0x1.1111111111111p-3
        let tail: Lanes = a * th * th * q
        let (sh, sl) = fastTwoSum(a, -qh)
        return roundIfSafe(sh, (sl - ql) + tail, sh * 0x1.6a09e667f3bcdp-60)
    }
}

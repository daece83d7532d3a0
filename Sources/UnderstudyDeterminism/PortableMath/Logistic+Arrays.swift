// Array forms of the logistic family: the same bits as the scalar functions, element by element.
// These are within one ulp, not correctly rounded, so the lanes must repeat `softplusQuick`
// exactly; they do, and they are decided exactly where it returns.

extension PortableMath {
    // MARK: - Public API

    /// `output[i] = softplus(input[i])` for every i, bit for bit the scalar `softplus`, two
    /// elements at a time with SSE2. `output` must hold at least `input.count` elements; it may
    /// be `input`'s own memory.
    public static func softplus(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        applyLanes(input, output, softplusLanes, softplus)
    }

    /// `output[i] = logSigmoid(input[i])` for every i, bit for bit the scalar `logSigmoid`
    /// (−softplus(−x)), two elements at a time with SSE2. `output` must hold at least
    /// `input.count` elements; it may be `input`'s own memory.
    public static func logSigmoid(_ input: UnsafeBufferPointer<Double>,
                                  into output: UnsafeMutableBufferPointer<Double>) {
        applyLanes(input, output, { x in
            let (v, decided) = softplusLanes(-x)
            return (-v, decided)
        }, logSigmoid)
    }

    /// `output[i] = sigmoid(input[i])` for every i, bit for bit the scalar `sigmoid`, two
    /// elements at a time with SSE2. `output` must hold at least `input.count` elements; it may
    /// be `input`'s own memory.
    public static func sigmoid(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        applyLanes(input, output, sigmoidLanes, sigmoid)
    }

    // MARK: - Implementation details

    /// `softplusQuick` on two lanes, decided for -600 <= x <= 40 when its rounding test passes.
    @inline(__always)
    static func softplusLanes(_ x: Lanes) -> (Lanes, LaneMask) {
        let inRange = (x .>= -600) .& (x .<= 40)
        let xs = select(inRange, x, Lanes(repeating: 0))
        let (h, l, k) = expQuickLanes(-magnitude(xs))
        let s = power2(k)
        let (eh, el) = fastTwoSum(h * s, l * s)
        let (u, ue) = fastTwoSum(Lanes(repeating: 1), eh)
        let (r, tail, i, e) = logReduceLanes(u, ue)
        let (rh, rl) = twoSum(r, tail)
        var (lh, ll) = logQuickLanes(rh, rl, i, e)
        ll += el / u
        let (a, ae) = twoSum(xs, lh)
        let positive = xs .> 0
        lh = select(positive, a, lh)
        ll = select(positive, ae + ll, ll)
        let (v, decided) = roundIfSafe(lh, ll, magnitude(lh) * (0x1.6a09e667f3bcdp-59 + 0x1p-63))
        return (v, decided .& inRange)
    }

    /// `sigmoidQuick` on two lanes, decided for -40 <= x <= 40 when its rounding test passes.
    @inline(__always)
    static func sigmoidLanes(_ x: Lanes) -> (Lanes, LaneMask) {
        let inRange = (x .>= -40) .& (x .<= 40)
        let (h, l, k) = expQuickLanes(-select(inRange, x, Lanes(repeating: 0)))
        let s = power2(k)
        let (eh, el) = fastTwoSum(h * s, l * s)
        let (dh, de) = twoSum(Lanes(repeating: 1), eh)
        let dl = de + el
        let q = 1 / dh
        let (p, pe) = twoProduct(q, dh)
        let residual: Lanes = ((1 - p) - pe) - q * dl
        let (v, decided) = roundIfSafe(q, q * residual, q * (0x1.6a09e667f3bcdp-60 + 0x1p-64))
        return (v, decided .& inRange)
    }
}

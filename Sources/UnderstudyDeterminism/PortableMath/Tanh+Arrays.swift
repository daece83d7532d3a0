// The array form of tanh: the same bits as the scalar function, element by element.

extension PortableMath {
    // MARK: - Public API

    /// `output[i] = tanh(input[i])` for every i, bit for bit the scalar `tanh`: 64 elements at a
    /// time in passes over SSE2 pairs (`TanhChunk`), both the series (|x| < 0.25) and the e^-2|x|
    /// quotient wherever a pair straddles 0.25, ±1 beyond 22 and x itself below 2^-27 without
    /// a scalar call; only lanes whose rounding test fails (about 3 %) and NaN go to the scalar
    /// code. `output` must hold at least `input.count` elements; it may be `input`'s own memory.
    public static func tanh(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        precondition(output.count >= input.count, "output has fewer elements than input")
        guard let source = input.baseAddress, let target = output.baseAddress else { return }
        tanhChunks(source, target, input.count)
    }

    /// The array tanh over `count` elements; returns how many went to the scalar code.
    @discardableResult
    static func tanhChunks(_ source: UnsafePointer<Double>, _ target: UnsafeMutablePointer<Double>, _ count: Int) -> Int {
        withUnsafeTemporaryAllocation(of: Lanes.self, capacity: TanhChunk.pairs * TanhChunk.buffers) { scratch in
            expTable.withUnsafeBufferPointer { table in
                let chunk = TanhChunk(scratch.baseAddress!, table.baseAddress!)
                var start = 0, scalar = 0
                while start < count {
                    let n = Swift.min(TanhChunk.size, count - start)
                    scalar += chunk.run(source + start, target + start, n)
                    start += n
                }
                return scalar
            }
        }
    }

    // MARK: - Implementation details

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

/// Up to 64 elements of the array tanh, in passes over pairs of lanes. One pair through the
/// whole kernel is a dependency chain of some 200 cycles; a pass is a short loop whose
/// iterations are independent, so the CPU overlaps many of them. Each pass repeats the scalar
/// quick paths' operations (`tanhQuick`, `tanhSmallQuick`) in the same order on the same
/// table entries, so a decided lane has the scalar bits; the others go to the scalar code.
struct TanhChunk {
    typealias Lanes = PortableMath.Lanes
    typealias LaneBits = PortableMath.LaneBits
    typealias LaneMask = PortableMath.LaneMask
    typealias PM = PortableMath
    /// Elements per chunk: one bit each in the undecided mask.
    static let size = 64
    static let pairs = size / 2
    /// Pair buffers the passes use (`pairs` each).
    static let buffers = 9
    /// The inputs, e^-2a's reduced argument and polynomial, n (bits), the table entries, the
    /// outputs, and each lane's path (all-ones masks: the quotient, the series).
    let x, r, p, n, th, tl, out, large, small: UnsafeMutablePointer<Lanes>
    let table: UnsafePointer<Double>

    init(_ scratch: UnsafeMutablePointer<Lanes>, _ table: UnsafePointer<Double>) {
        x = scratch; r = x + Self.pairs; p = r + Self.pairs; n = p + Self.pairs
        th = n + Self.pairs; tl = th + Self.pairs; out = tl + Self.pairs
        large = out + Self.pairs; small = large + Self.pairs
        self.table = table
    }

    /// Element `e` of a pair buffer (raw memory access: the buffers are typed as pairs).
    @inline(__always)
    static func element(_ buffer: UnsafeMutablePointer<Lanes>, _ e: Int) -> Double {
        UnsafeRawPointer(buffer).load(fromByteOffset: 8 &* e, as: Double.self)
    }

    @inline(__always)
    static func setElement(_ buffer: UnsafeMutablePointer<Lanes>, _ e: Int, _ value: Double) {
        UnsafeMutableRawPointer(buffer).storeBytes(of: value, toByteOffset: 8 &* e, as: Double.self)
    }

    /// Bits 0 and 1: the mask's two lanes.
    @inline(__always)
    static func pairBits(_ mask: LaneMask) -> UInt64 {
        let b = unsafeBitCast(mask, to: LaneBits.self)
        return UInt64(truncatingIfNeeded: (b[0] & 1) | (b[1] & 2))
    }

    /// A path mask as stored in `large` or `small`.
    @inline(__always)
    static func mask(_ stored: Lanes) -> LaneMask { unsafeBitCast(PM.bits(stored), to: LaneMask.self) }

    @inline(__always)
    static func large(_ a: Lanes) -> LaneMask { (a .>= 0.25) .& (a .<= 22) }
    @inline(__always)
    static func small(_ a: Lanes) -> LaneMask { (a .>= 0x1p-27) .& (a .< 0.25) }

    /// `target[i] = tanh(source[i])` for i < count <= 64 (`target` may be `source`); returns
    /// how many elements the scalar code computed.
    @inline(__always)
    func run(_ source: UnsafePointer<Double>, _ target: UnsafeMutablePointer<Double>, _ count: Int) -> Int {
        let pairCount = (count + 1) / 2
        for i in 0..<count { Self.setElement(x, i, source[i]) }
        if count & 1 == 1 { Self.setElement(x, count, source[count - 1]) }   // an odd last pair: pad
        // Which pairs take which path; tiny arguments (tanh x = x) are already their output.
        var largePairs = 0 as UInt64, smallPairs = 0 as UInt64, otherPairs = 0 as UInt64
        for i in 0..<pairCount {
            let xi = x[i], a = PM.magnitude(xi)
            let isLarge = Self.large(a), isSmall = Self.small(a)
            let bit: UInt64 = 1 &<< UInt64(i)
            largePairs |= any(isLarge) ? bit : 0
            smallPairs |= any(isSmall) ? bit : 0
            otherPairs |= all(isLarge .| isSmall) ? 0 : bit
            out[i] = xi
            large[i] = PM.lanes(unsafeBitCast(isLarge, to: LaneBits.self))
            small[i] = PM.lanes(unsafeBitCast(isSmall, to: LaneBits.self))
            r[i] = PM.select(isLarge, a, Lanes(repeating: 1))                 // the quotient's argument
        }
        // e^-2a's reduction, polynomial and table entries (`expQuickLanes`), a set to 1 where
        // the large path does not apply.
        var pending = largePairs
        while pending != 0 {
            let i = pending.trailingZeroBitCount
            pending &= pending - 1
            let z = -2 * r[i]
            let shifted = z * PM.expInvStep + 0x1.8p52
            let nD = shifted - 0x1.8p52
            let nBits = PM.bits(shifted) &- LaneBits(repeating: Int64(bitPattern: (0x1.8p52 as Double).bitPattern))
            n[i] = PM.lanes(nBits)
            let rr: Lanes = (z - nD * PM.expStep1) - nD * PM.expStep2
            var q: Lanes = rr * 0x1.a01a01a01a01ap-13 + 0x1.6c16c16c16c17p-10
            q = rr * q + 0x1.1111111111111p-7
            q = rr * q + 0x1.5555555555555p-5
            q = rr * q + 0x1.5555555555555p-3
            q = rr * q + 0.5
            r[i] = rr
            p[i] = rr * rr * q
            let j0 = 2 * Int(truncatingIfNeeded: nBits[0] & 127), j1 = 2 * Int(truncatingIfNeeded: nBits[1] & 127)
            th[i] = Lanes(table[j0], table[j1])
            tl[i] = Lanes(table[j0 + 1], table[j1 + 1])
        }
        // `tanhQuickLanes` from there: e^-2a = 2^k (h + l), (1 - e)/(1 + e), the rounding test.
        var undecided = 0 as UInt64
        pending = largePairs
        while pending != 0 {
            let i = pending.trailingZeroBitCount
            pending &= pending - 1
            let thi = th[i], rr = r[i], pp = p[i]
            let (h, e) = PM.fastTwoSum(thi, thi * rr)
            let rest: Lanes = thi * pp + tl[i] * (1 + (rr + pp))
            let s = PM.power2(PM.bits(n[i]) &>> 7)
            let (eh, el) = PM.fastTwoSum(h * s, (e + rest) * s)
            let one = Lanes(repeating: 1)
            let (nh, ne) = PM.fastTwoSum(one, -eh)
            let (dh, de) = PM.fastTwoSum(one, eh)
            let (qh, ql) = PM.ddDivQuick(nh, ne - el, dh, de + el)
            let (v, decided) = PM.roundIfSafe(qh, ql, qh * 0x1.6a09e667f3bcdp-59)
            let isLarge = Self.mask(large[i])
            out[i] = PM.select(isLarge, Self.signed(v, like: x[i]), out[i])
            undecided |= Self.pairBits(isLarge .& .!decided) &<< UInt64(2 * i)
        }
        // The series on the pairs with a small argument.
        pending = smallPairs
        while pending != 0 {
            let i = pending.trailingZeroBitCount
            pending &= pending - 1
            let xi = x[i], isSmall = Self.mask(small[i])
            let (v, decided) = PM.tanhSmallLanes(PM.select(isSmall, PM.magnitude(xi), Lanes(repeating: 0.125)))
            out[i] = PM.select(isSmall, Self.signed(v, like: xi), out[i])
            undecided |= Self.pairBits(isSmall .& .!decided) &<< UInt64(2 * i)
        }
        // Beyond 22: ±1; NaN: the scalar function.
        pending = otherPairs
        while pending != 0 {
            let i = pending.trailingZeroBitCount
            pending &= pending - 1
            let xi = x[i], a = PM.magnitude(xi)
            out[i] = PM.select(a .> 22, Self.signed(Lanes(repeating: 1), like: xi), out[i])
            undecided |= Self.pairBits(a .!= a) &<< UInt64(2 * i)
        }
        for i in 0..<count { target[i] = Self.element(out, i) }
        undecided &= count == Self.size ? ~0 : (1 &<< UInt64(count)) &- 1
        let scalar = undecided.nonzeroBitCount
        while undecided != 0 {
            let i = undecided.trailingZeroBitCount
            undecided &= undecided - 1
            // The scalar `tanh` after its quick path failed, or of a NaN.
            let xi = Self.element(x, i), a = Swift.abs(xi)
            target[i] = a >= 0x1p-27 && a <= 22 ? (xi < 0 ? -1 : 1) * PortableMath.tanhViaExpm1(a) : PortableMath.tanh(xi)
        }
        return scalar
    }

    /// `v` (positive) with the sign of `x`: the scalar code's multiplication by ±1.
    @inline(__always)
    static func signed(_ v: Lanes, like x: Lanes) -> Lanes {
        PM.lanes(PM.bits(v) | (PM.bits(x) & LaneBits(repeating: Int64.min)))
    }
}

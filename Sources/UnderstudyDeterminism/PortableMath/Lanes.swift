// The lane machinery of the array forms: the error-free transformations of PortableMath.swift
// on SIMD2<Double> (SSE2's native width on baseline x86-64), and the loop that runs a lane
// kernel over a buffer and sends every lane it did not decide to the scalar function.
//
// Why the bits are the scalar ones: a lane kernel repeats, operation for operation, a scalar
// quick path (the same IEEE-754 additions, multiplications and divisions in the same order, on
// the same table entries), so each lane computes the same doubles as the scalar code would, and
// it reports a lane as decided exactly when the scalar quick path would have returned there.
// Every other lane — a failed rounding test, an argument outside the kernel's range, NaN — is
// recomputed by the scalar function itself. Nothing here may be contracted into an fma or
// reassociated; Swift does neither without being asked.

extension PortableMath {
    /// Two doubles processed together.
    typealias Lanes = SIMD2<Double>
    /// Per-lane integers of the same width (bit patterns, exponents).
    typealias LaneBits = SIMD2<Int64>
    /// Which lanes a kernel decided.
    typealias LaneMask = SIMDMask<LaneBits>

    /// The bit patterns of the lanes.
    @inline(__always)
    static func bits(_ v: Lanes) -> LaneBits { unsafeBitCast(v, to: LaneBits.self) }

    /// The lanes with these bit patterns.
    @inline(__always)
    static func lanes(_ b: LaneBits) -> Lanes { unsafeBitCast(b, to: Lanes.self) }

    /// `whereTrue` in the lanes of `mask`, `otherwise` in the others, with bit operations: the
    /// standard library's `replacing(with:where:)` goes lane by lane with branches, after which
    /// LLVM no longer keeps the surrounding arithmetic in vector registers.
    @inline(__always)
    static func select(_ mask: LaneMask, _ whereTrue: Lanes, _ otherwise: Lanes) -> Lanes {
        lanes(select(mask, bits(whereTrue), bits(otherwise)))
    }

    /// `select` for integer lanes.
    @inline(__always)
    static func select(_ mask: LaneMask, _ whereTrue: LaneBits, _ otherwise: LaneBits) -> LaneBits {
        let m = unsafeBitCast(mask, to: LaneBits.self)          // all ones or all zeros per lane
        return (whereTrue & m) | (otherwise & ~m)
    }

    /// |v| lane by lane (clears the sign bits, as Swift.abs does).
    @inline(__always)
    static func magnitude(_ v: Lanes) -> Lanes { lanes(bits(v) & 0x7FFF_FFFF_FFFF_FFFF) }

    /// `fastTwoSum` lane by lane.
    @inline(__always)
    static func fastTwoSum(_ a: Lanes, _ b: Lanes) -> (Lanes, Lanes) {
        let s = a + b
        return (s, b - (s - a))
    }

    /// `twoSum` lane by lane.
    @inline(__always)
    static func twoSum(_ a: Lanes, _ b: Lanes) -> (Lanes, Lanes) {
        let s = a + b
        let bb = s - a
        return (s, (a - (s - bb)) + (b - bb))
    }

    /// `split` lane by lane.
    @inline(__always)
    static func split(_ a: Lanes) -> (Lanes, Lanes) {
        let c = 134_217_729.0 * a
        let hi = c - (c - a)
        return (hi, a - hi)
    }

    /// `twoProduct` lane by lane.
    @inline(__always)
    static func twoProduct(_ a: Lanes, _ b: Lanes) -> (Lanes, Lanes) {
        let p = a * b
        let (ah, al) = split(a)
        let (bh, bl) = split(b)
        let first: Lanes = (ah * bh - p) + ah * bl
        return (p, (first + al * bh) + al * bl)
    }

    /// `ddDivQuick` lane by lane.
    @inline(__always)
    static func ddDivQuick(_ ah: Lanes, _ al: Lanes, _ bh: Lanes, _ bl: Lanes) -> (Lanes, Lanes) {
        let inverse = 1 / bh
        let q = ah * inverse
        let (p, pe) = twoProduct(q, bh)
        let r: Lanes = (((ah - p) - pe) + al) - q * bl
        return fastTwoSum(q, r * inverse)
    }

    /// The rounding test of `roundIfSafe` for k = 0: the rounded hi + lo, and whether ±err leaves
    /// it unchanged.
    @inline(__always)
    static func roundIfSafe(_ hi: Lanes, _ lo: Lanes, _ err: Lanes) -> (Lanes, LaneMask) {
        let a = hi + (lo + err)
        return (a, a .== hi + (lo - err))
    }

    /// 2^k lane by lane for -1022 <= k <= 1023.
    @inline(__always)
    static func power2(_ k: LaneBits) -> Lanes { lanes((k &+ 1023) &<< 52) }

    /// Runs `kernel` over `input` two elements at a time and writes its decided lanes to
    /// `output`, the others (and an odd last element) from `scalar`. `output` may be `input`'s
    /// own memory: each pair is read before it is written.
    @inline(__always)
    static func applyLanes(_ input: UnsafeBufferPointer<Double>, _ output: UnsafeMutableBufferPointer<Double>,
                           _ kernel: (Lanes) -> (Lanes, LaneMask), _ scalar: (Double) -> Double) {
        precondition(output.count >= input.count, "output has fewer elements than input")
        guard let source = input.baseAddress, let target = output.baseAddress else { return }
        let count = input.count
        var i = 0
        while i + 2 <= count {
            let x = UnsafeRawPointer(source + i).loadUnaligned(as: Lanes.self)
            let (v, decided) = kernel(x)
            // A whole-vector store: were the lanes only ever extracted one by one, LLVM would
            // rewrite the kernel's vector arithmetic as two scalar chains.
            UnsafeMutableRawPointer(target + i).storeBytes(of: v, as: Lanes.self)
            if !all(decided) {
                if !decided[0] { target[i] = scalar(x[0]) }
                if !decided[1] { target[i + 1] = scalar(x[1]) }
            }
            i += 2
        }
        if i < count { target[i] = scalar(source[i]) }
    }

    /// `applyLanes` for a function of two arguments.
    @inline(__always)
    static func applyLanes(_ first: UnsafeBufferPointer<Double>, _ second: UnsafeBufferPointer<Double>,
                           _ output: UnsafeMutableBufferPointer<Double>,
                           _ kernel: (Lanes, Lanes) -> (Lanes, LaneMask), _ scalar: (Double, Double) -> Double) {
        precondition(first.count == second.count, "the two inputs differ in length")
        precondition(output.count >= first.count, "output has fewer elements than input")
        guard let a = first.baseAddress, let b = second.baseAddress, let target = output.baseAddress else { return }
        let count = first.count
        var i = 0
        while i + 2 <= count {
            let x = UnsafeRawPointer(a + i).loadUnaligned(as: Lanes.self)
            let y = UnsafeRawPointer(b + i).loadUnaligned(as: Lanes.self)
            let (v, decided) = kernel(x, y)
            UnsafeMutableRawPointer(target + i).storeBytes(of: v, as: Lanes.self)
            if !all(decided) {
                if !decided[0] { target[i] = scalar(x[0], y[0]) }
                if !decided[1] { target[i + 1] = scalar(x[1], y[1]) }
            }
            i += 2
        }
        if i < count { target[i] = scalar(a[i], b[i]) }
    }
}

// glibc's pow, bit for bit: a re-implementation of the FMA build of glibc 2.28+'s double pow
// (sysdeps/ieee754/dbl-64/e_pow.c, from ARM optimized-routines math/pow.c by Szabolcs Nagy),
// which x86-64 glibc runs as `__pow_fma` on CPUs with FMA and AVX2.
//
// Gymnasium squares with `x**2`, i.e. libm's pow(x, 2.0), which is within 0.52 ulp but not
// correctly rounded: about 0.08 % of squares differ from x*x by one ulp. A bit-exact port of
// Pendulum's reward or Acrobot's dynamics therefore needs glibc's own rounding errors.
//
// Every multiply-add that glibc's binary fuses into a vfmadd (read off the disassembly of
// libm.so.6 2.36, including the ones gcc contracted on its own) gives the fma's result here,
// and every other operation is a plain IEEE-754 operation in glibc's order, so the result is
// the same on every CPU and equal to glibc's on x86-64 with FMA. (Without FMA glibc runs its
// SSE2 build, which rounds differently in about 0.07 % of cases; this does not follow it.)
//
// Speed: built for CPUs without FMA, each `addingProduct` is a libm call (about 1 ns). Where
// glibc's fma yields an exact value, or one that a few plain operations provably reproduce,
// those are used instead (each place says why); 12 real fmas remain on the common path.

extension PortableMath {
    // MARK: - Public API

    /// x^y with exactly the bits x86-64 glibc's `pow` returns on CPUs with FMA (within 0.52 ulp
    /// of the true value, not correctly rounded). Special cases follow C99 Annex F as glibc does:
    /// pow(x, ±0) = 1 and pow(+1, y) = 1 even for a quiet NaN; pow(-1, ±inf) = 1; negative
    /// finite x with non-integer y gives NaN; pow(±0, y < 0) = ±inf; overflow to ±inf and
    /// underflow to ±0 through the subnormals. A NaN result for finite negative x with
    /// non-integer y has x86's default bits 0xFFF8000000000000 on every CPU.
    public static func glibcPow(_ x: Double, _ y: Double) -> Double {
        var ix = x.bitPattern
        let iy = y.bitPattern
        var topx = ix >> 52                              // sign and exponent
        let topy = iy >> 52
        var signBias: UInt64 = 0
        // x negative, subnormal, zero, inf or NaN; or |y| < 2^-65, |y| >= 2^63 or y NaN.
        if topx &- 1 >= 0x7FE || (topy & 0x7FF) &- 0x3BE >= 0x80 {
            if GlibcPowKernel.isZeroInfNaN(iy) {
                if iy << 1 == 0 { return GlibcPowKernel.isSignalingNaN(ix) ? x + y : 1 }
                if ix == GlibcPowKernel.one { return GlibcPowKernel.isSignalingNaN(iy) ? x + y : 1 }
                if ix << 1 > GlibcPowKernel.infinity << 1 || iy << 1 > GlibcPowKernel.infinity << 1 { return x + y }
                if ix << 1 == GlibcPowKernel.one << 1 { return 1 }
                if (ix << 1 < GlibcPowKernel.one << 1) == (iy >> 63 == 0) { return 0 }
                return y * y
            }
            if GlibcPowKernel.isZeroInfNaN(ix) {
                var x2 = x * x
                if ix >> 63 != 0 && GlibcPowKernel.integerKind(iy) == .odd { x2 = -x2 }
                return iy >> 63 != 0 ? 1 / x2 : x2
            }
            // x and y are finite and nonzero.
            if ix >> 63 != 0 {
                switch GlibcPowKernel.integerKind(iy) {
                case .notInteger: return GlibcPowKernel.invalidNaN
                case .odd: signBias = GlibcPowKernel.signBias
                case .even: break
                }
                ix &= 0x7FFF_FFFF_FFFF_FFFF
                topx &= 0x7FF
            }
            if (topy & 0x7FF) &- 0x3BE >= 0x80 {
                // y is not odd here, so the sign is +.
                if ix == GlibcPowKernel.one { return 1 }
                if topy & 0x7FF < 0x3BE { return ix > GlibcPowKernel.one ? 1 + y : 1 - y }   // |y| < 2^-65
                return (ix > GlibcPowKernel.one) == (topy < 0x800) ? .infinity : 0       // |y| >= 2^63
            }
            if topx == 0 {
                // Subnormal x: normalise, letting the exponent field go negative.
                ix = (x * 0x1p52).bitPattern & 0x7FFF_FFFF_FFFF_FFFF
                ix &-= 52 << 52
            }
        }
        let (logHi, logTail) = GlibcPowKernel.log(ix)
        // y·log x as ehi + elo; gcc fused y·tail into the error term of y·hi, fma(y, hi, -ehi),
        // which is exact (Dekker; when |ehi| < 2^-54 elo is not used, otherwise no underflow).
        let ehi = y * logHi
        let elo = mulAdd(y, logTail, productError(y, logHi, ehi))
        return GlibcPowKernel.exp(ehi, elo, signBias)
    }
}


/// s + e = a + b exactly (Knuth's two-sum).
@inline(__always)
private func twoSum(_ a: Double, _ b: Double) -> (s: Double, e: Double) {
    let s = a + b
    let bb = s - a
    return (s, (a - (s - bb)) + (b - bb))
}

/// The kernels and tables of `glibcPow`, in the operation order of glibc's `__pow_fma`.
private enum GlibcPowKernel {
    static let one: UInt64 = 0x3FF0_0000_0000_0000
    static let infinity: UInt64 = 0x7FF0_0000_0000_0000
    /// Added to the exponent-table index so that the scale comes out negative (glibc SIGN_BIAS).
    static let signBias: UInt64 = 0x800 << 7
    /// The NaN x86's invalid operations produce, which glibc returns for (x < 0)^non-integer.
    static let invalidNaN = Double(bitPattern: 0xFFF8_0000_0000_0000)

    enum IntegerKind { case notInteger, odd, even }

    /// Whether the finite nonzero double with bits `iy` is an integer, and of which parity.
    @inline(__always)
    static func integerKind(_ iy: UInt64) -> IntegerKind {
        let e = (iy >> 52) & 0x7FF
        if e < 0x3FF { return .notInteger }
        if e > 0x3FF + 52 { return .even }
        let unit: UInt64 = 1 << (0x3FF + 52 - e)
        if iy & (unit - 1) != 0 { return .notInteger }
        return iy & unit != 0 ? .odd : .even
    }

    /// Whether the bits are those of ±0, ±inf or a NaN.
    @inline(__always)
    static func isZeroInfNaN(_ i: UInt64) -> Bool {
        (i << 1) &- 1 >= (infinity << 1) &- 1
    }

    /// Whether the bits are those of a signaling NaN (x86/ARM convention: quiet bit 51 clear).
    @inline(__always)
    static func isSignalingNaN(_ i: UInt64) -> Bool {
        (i ^ 0x0008_0000_0000_0000) << 1 > 0xFFF0_0000_0000_0000
    }

    // MARK: log

    /// log(x) = hi + tail (tail about 15 bits beyond hi) for the bits `ix` of a positive normal
    /// double, or of a subnormal normalised so that its exponent field went negative.
    @inline(__always)
    static func log(_ ix: UInt64) -> (hi: Double, tail: Double) {
        // x = 2^k·z with z in [0x1.69555p-1, 0x1.69555p0); the i-th of 128 subintervals holds z.
        let tmp = ix &- 0x3FE6_9555_0000_0000
        let i = Int(truncatingIfNeeded: (tmp >> 45) & 0x7F)
        let k = Int64(bitPattern: tmp) >> 52
        let iz = ix &- (tmp & (0xFFF << 52))
        let z = Double(bitPattern: iz)
        let kd = Double(k)
        return logTable.withUnsafeBufferPointer { t in
            let invc = t[3 &* i], logc = t[3 &* i &+ 1], logctail = t[3 &* i &+ 2]
            // log(x) = k·ln2 + log(c) + log1p(r), r = z/c - 1 exactly.
            // r = fma(z, invc, -1), which is exact: invc has at most 9 bits, so with z = zhi + zlo
            // (zhi 21 bits) both partial products are exact, and their sum r is representable.
            let zhi = Double(bitPattern: (iz &+ (1 << 31)) & (UInt64.max << 32))
            let rhi = zhi * invc - 1
            let rlo = (z - zhi) * invc
            let r = rhi + rlo
            // fma(kd, ln2Hi, logc) is exact: |k| < 2^11 and ln2Hi has 42 bits, logc is a multiple of
            // 2^-43 and the sum is below 2^10.
            let t1 = kd * ln2Hi + logc
            let t2 = t1 + r
            // fma(kd, ln2Lo, logctail): with ln2Lo = L1 + L2 (40 + 7 bits) both products are exact;
            // two-sum of kd·L1 and logctail leaves an error t that adds to kd·L2 exactly (both are
            // multiples of 2^-104 below 2^-75), so one rounding remains, as in the fma.
            let (s1, e1) = twoSum(kd * ln2LoHigh, logctail)
            let lo1 = s1 + (e1 + kd * ln2LoLow)
            let lo2 = t1 - t2 + r
            let ar = logPoly0 * r
            let ar2 = r * ar
            let ar3 = r * ar2
            let hi = t2 + ar2
            let lo3 = productError(ar, r, ar2)             // |r| >= 2^-60 or r == 0: no underflow
            let lo4 = t2 - hi + ar2
            let q = mulAdd(ar2, mulAdd(mulAdd(r, logPoly6, logPoly5), ar2, mulAdd(r, logPoly4, logPoly3)),
                           mulAdd(r, logPoly2, logPoly1))
            let lo = mulAdd(ar3, q, lo1 + lo2 + lo3 + lo4)
            let y = hi + lo
            return (y, hi - y + lo)
        }
    }

    // MARK: exp

    /// sign·exp(x + xtail), |xtail| < 2^-15·|x| or tiny; `signBias` is 0 or `Self.signBias`.
    @inline(__always)
    static func exp(_ x: Double, _ xtail: Double, _ signBias: UInt64) -> Double {
        var abstop = (x.bitPattern >> 52) & 0x7FF
        if abstop &- 0x3C9 >= 0x408 - 0x3C9 {              // |x| < 2^-54 or |x| >= 512
            if abstop < 0x3C9 {
                let one = 1 + x
                return signBias != 0 ? -one : one
            }
            if abstop >= 0x409 {                           // |x| >= 1024
                let huge = x.bitPattern >> 63 == 0
                return signBias != 0 ? (huge ? -.infinity : -0.0) : (huge ? .infinity : 0)
            }
            abstop = 0                                     // may overflow or underflow
        }
        // x = k·ln2/128 + r, |r| <= ln2/256. glibc computes k as fma(x, 128/ln2, shift) - shift,
        // k = x·128/ln2 rounded to the nearest integer, ties to even. p = x·128/ln2 rounded to
        // double decides it, except when p is exactly halfway and the product's error (exact,
        // Dekker) pushes the true value off the tie.
        let p = x * invLn2N
        var kdShifted = p + shift
        let halfway = p - (kdShifted - shift)
        if Swift.abs(halfway) == 0.5 {
            let e = productError(x, invLn2N, p)           // |x| >= 2^-54: no underflow
            if halfway > 0 && e > 0 { kdShifted += 1 }
            if halfway < 0 && e < 0 { kdShifted -= 1 }
        }
        let ki = kdShifted.bitPattern
        let kd = kdShifted - shift
        var r: Double
        if abstop != 0 {
            // |x| < 512 so |k| < 2^17. fma(kd, negLn2HiN, x) is exact: the product has at most
            // 36 + 17 bits and the difference is exact by Sterbenz's lemma. For fma(kd, negLn2LoN, r0),
            // split negLn2LoN = M1 + M2 (36 + 13 bits): both products are exact, and the two-sum
            // error of r0 + kd·M1 adds to kd·M2 exactly (multiples of 2^-99 below 2^-60).
            let r0 = x + kd * negLn2HiN
            let (s, e) = twoSum(r0, kd * negLn2LoNHigh)
            r = s + (e + kd * negLn2LoNLow)
        } else {
            r = mulAdd(kd, negLn2LoN, mulAdd(kd, negLn2HiN, x))
        }
        r = xtail + r
        let idx = 2 &* Int(truncatingIfNeeded: ki & 0x7F)
        let top = (ki &+ signBias) << 45
        return expTable.withUnsafeBufferPointer { t in
            let tail = Double(bitPattern: t[idx])
            let sbits = t[idx &+ 1] &+ top
            let r2 = r * r
            let tmp = mulAdd(mulAdd(r, expPoly5, expPoly4), r2 * r2,
                             mulAdd(mulAdd(r, expPoly3, expPoly2), r2, tail + r))
            if abstop == 0 { return expSpecialCase(tmp, sbits, ki) }
            let scale = Double(bitPattern: sbits)
            return mulAdd(scale, tmp, scale)
        }
    }

    /// scale·(1 + tmp) when the scale's exponent field may have overflowed (k > 0) or the result
    /// is near or below the subnormal range (k < 0), rounding the subnormal result only once.
    @inline(never)
    static func expSpecialCase(_ tmp: Double, _ sbits: UInt64, _ ki: UInt64) -> Double {
        if ki & 0x8000_0000 == 0 {
            let scale = Double(bitPattern: sbits &- (1009 << 52))
            return mulAdd(scale, tmp, scale) * 0x1p1009
        }
        let bits = sbits &+ (1022 << 52)
        let scale = Double(bitPattern: bits)
        let product = scale * tmp                          // not fused: glibc reuses it below
        var y = scale + product
        if Swift.abs(y) < 1 {
            let one: Double = y < 0 ? -1 : 1
            var lo = scale - y + product
            let hi = y + one
            lo = one - hi + y + lo
            y = (lo + hi) - one
            if y == 0 { y = Double(bitPattern: bits & 0x8000_0000_0000_0000) }
        }
        return 0x1p-1022 * y
    }

    // MARK: constants

    // Polynomial coefficients and ln2 pieces as published in glibc 2.36
    // sysdeps/ieee754/dbl-64/e_pow_log_data.c (poly[1...6] there are written as coefficient ×
    // -2, -2, 4, 4, -8, -8; these are the products) and e_exp_data.c (N = 128, EXP_POLY_ORDER 5).
    static let ln2Hi = 0x1.62e42fefa3800p-1
    static let ln2Lo = 0x1.ef35793c76730p-45
    /// ln2Lo = ln2LoHigh + ln2LoLow, 40 and 7 significant bits.
    static let ln2LoHigh = 0x1.ef35793c76000p-45
    static let ln2LoLow = 0x1.cc00000000000p-87
    static let logPoly0 = -0x1p-1
    static let logPoly1 = -0x1.555555555556p-1
    static let logPoly2 = 0x1.0000000000006p-1
    static let logPoly3 = 0x1.999999959554ep-1
    static let logPoly4 = -0x1.555555529a47ap-1
    static let logPoly5 = -0x1.2495b9b4845e9p+0
    static let logPoly6 = 0x1.0002b8b263fc3p+0
    static let invLn2N = 0x1.71547652b82fep0 * 128
    static let negLn2HiN = -0x1.62e42fefa0000p-8
    static let negLn2LoN = -0x1.cf79abc9e3b3ap-47
    /// negLn2LoN = negLn2LoNHigh + negLn2LoNLow, 36 and 13 significant bits.
    static let negLn2LoNHigh = -0x1.cf79abc9e0000p-47
    static let negLn2LoNLow = -0x1.d9d0000000000p-86
    static let shift = 0x1.8p52
    static let expPoly2 = 0x1.ffffffffffdbdp-2
    static let expPoly3 = 0x1.555555555543cp-3
    static let expPoly4 = 0x1.55555cf172b91p-5
    static let expPoly5 = 0x1.1111167a4d017p-7

    // Tables generated with mpmath (400 bits; script in /work/dev/glibcpow/gen.py, not in the repo)
    // from the definitions in glibc's data files; they equal, bit for bit, the tables in
    // glibc 2.36's libm.so.6 (checked when generated).
    //
    // logTable: for i in 0..<128, the subinterval of z whose bits are 0x3FE6955500000000 + i·2^45
    // up to the next one, centre m (midpoint of its ends), then
    //   invc = 1/c = m < 1 ? round(128/m)/128 : round(256/m)/256,
    //   logc = round(2^43·log c)/2^43, logctail = double(log c - logc),
    // stored as invc, logc, logctail.
    static let logTable: [Double] = [
        0x1.6a00000000000p+0, -0x1.62c82f2b9c800p-2, 0x1.ab42428375680p-48,
        0x1.6800000000000p+0, -0x1.5d1bdbf580800p-2, -0x1.ca508d8e0f720p-46,
        0x1.6600000000000p+0, -0x1.5767717455800p-2, -0x1.362a4d5b6506dp-45,
        0x1.6400000000000p+0, -0x1.51aad872df800p-2, -0x1.684e49eb067d5p-49,
        0x1.6200000000000p+0, -0x1.4be5f95777800p-2, -0x1.41b6993293ee0p-47,
        0x1.6000000000000p+0, -0x1.4618bc21c6000p-2, 0x1.3d82f484c84ccp-46,
        0x1.5e00000000000p+0, -0x1.404308686a800p-2, 0x1.c42f3ed820b3ap-50,
        0x1.5c00000000000p+0, -0x1.3a64c55694800p-2, 0x1.0b1c686519460p-45,
        0x1.5a00000000000p+0, -0x1.347dd9a988000p-2, 0x1.5594dd4c58092p-45,
        0x1.5800000000000p+0, -0x1.2e8e2bae12000p-2, 0x1.67b1e99b72bd8p-45,
        0x1.5600000000000p+0, -0x1.2895a13de8800p-2, 0x1.5ca14b6cfb03fp-46,
        0x1.5600000000000p+0, -0x1.2895a13de8800p-2, 0x1.5ca14b6cfb03fp-46,
        0x1.5400000000000p+0, -0x1.22941fbcf7800p-2, -0x1.65a242853da76p-46,
        0x1.5200000000000p+0, -0x1.1c898c1699800p-2, -0x1.fafbc68e75404p-46,
        0x1.5000000000000p+0, -0x1.1675cababa800p-2, 0x1.f1fc63382a8f0p-46,
        0x1.4e00000000000p+0, -0x1.1058bf9ae4800p-2, -0x1.6a8c4fd055a66p-45,
        0x1.4c00000000000p+0, -0x1.0a324e2739000p-2, -0x1.c6bee7ef4030ep-47,
        0x1.4a00000000000p+0, -0x1.0402594b4d000p-2, -0x1.036b89ef42d7fp-48,
        0x1.4a00000000000p+0, -0x1.0402594b4d000p-2, -0x1.036b89ef42d7fp-48,
        0x1.4800000000000p+0, -0x1.fb9186d5e4000p-3, 0x1.d572aab993c87p-47,
        0x1.4600000000000p+0, -0x1.ef0adcbdc6000p-3, 0x1.b26b79c86af24p-45,
        0x1.4400000000000p+0, -0x1.e27076e2af000p-3, -0x1.72f4f543fff10p-46,
        0x1.4200000000000p+0, -0x1.d5c216b4fc000p-3, 0x1.1ba91bbca681bp-45,
        0x1.4000000000000p+0, -0x1.c8ff7c79aa000p-3, 0x1.7794f689f8434p-45,
        0x1.4000000000000p+0, -0x1.c8ff7c79aa000p-3, 0x1.7794f689f8434p-45,
        0x1.3e00000000000p+0, -0x1.bc286742d9000p-3, 0x1.94eb0318bb78fp-46,
        0x1.3c00000000000p+0, -0x1.af3c94e80c000p-3, 0x1.a4e633fcd9066p-52,
        0x1.3a00000000000p+0, -0x1.a23bc1fe2b000p-3, -0x1.58c64dc46c1eap-45,
        0x1.3a00000000000p+0, -0x1.a23bc1fe2b000p-3, -0x1.58c64dc46c1eap-45,
        0x1.3800000000000p+0, -0x1.9525a9cf45000p-3, -0x1.ad1d904c1d4e3p-45,
        0x1.3600000000000p+0, -0x1.87fa06520d000p-3, 0x1.bbdbf7fdbfa09p-45,
        0x1.3400000000000p+0, -0x1.7ab890210e000p-3, 0x1.bdb9072534a58p-45,
        0x1.3400000000000p+0, -0x1.7ab890210e000p-3, 0x1.bdb9072534a58p-45,
        0x1.3200000000000p+0, -0x1.6d60fe719d000p-3, -0x1.0e46aa3b2e266p-46,
        0x1.3000000000000p+0, -0x1.5ff3070a79000p-3, -0x1.e9e439f105039p-46,
        0x1.3000000000000p+0, -0x1.5ff3070a79000p-3, -0x1.e9e439f105039p-46,
        0x1.2e00000000000p+0, -0x1.526e5e3a1b000p-3, -0x1.0de8b90075b8fp-45,
        0x1.2c00000000000p+0, -0x1.44d2b6ccb8000p-3, 0x1.70cc16135783cp-46,
        0x1.2c00000000000p+0, -0x1.44d2b6ccb8000p-3, 0x1.70cc16135783cp-46,
        0x1.2a00000000000p+0, -0x1.371fc201e9000p-3, 0x1.178864d27543ap-48,
        0x1.2800000000000p+0, -0x1.29552f81ff000p-3, -0x1.48d301771c408p-45,
        0x1.2600000000000p+0, -0x1.1b72ad52f6000p-3, -0x1.e80a41811a396p-45,
        0x1.2600000000000p+0, -0x1.1b72ad52f6000p-3, -0x1.e80a41811a396p-45,
        0x1.2400000000000p+0, -0x1.0d77e7cd09000p-3, 0x1.a699688e85bf4p-47,
        0x1.2400000000000p+0, -0x1.0d77e7cd09000p-3, 0x1.a699688e85bf4p-47,
        0x1.2200000000000p+0, -0x1.fec9131dbe000p-4, -0x1.575545ca333f2p-45,
        0x1.2000000000000p+0, -0x1.e27076e2b0000p-4, 0x1.a342c2af0003cp-45,
        0x1.2000000000000p+0, -0x1.e27076e2b0000p-4, 0x1.a342c2af0003cp-45,
        0x1.1e00000000000p+0, -0x1.c5e548f5bc000p-4, -0x1.d0c57585fbe06p-46,
        0x1.1c00000000000p+0, -0x1.a926d3a4ae000p-4, 0x1.53935e85baac8p-45,
        0x1.1c00000000000p+0, -0x1.a926d3a4ae000p-4, 0x1.53935e85baac8p-45,
        0x1.1a00000000000p+0, -0x1.8c345d631a000p-4, 0x1.37c294d2f5668p-46,
        0x1.1a00000000000p+0, -0x1.8c345d631a000p-4, 0x1.37c294d2f5668p-46,
        0x1.1800000000000p+0, -0x1.6f0d28ae56000p-4, -0x1.69737c93373dap-45,
        0x1.1600000000000p+0, -0x1.51b073f062000p-4, 0x1.f025b61c65e57p-46,
        0x1.1600000000000p+0, -0x1.51b073f062000p-4, 0x1.f025b61c65e57p-46,
        0x1.1400000000000p+0, -0x1.341d7961be000p-4, 0x1.c5edaccf913dfp-45,
        0x1.1400000000000p+0, -0x1.341d7961be000p-4, 0x1.c5edaccf913dfp-45,
        0x1.1200000000000p+0, -0x1.16536eea38000p-4, 0x1.47c5e768fa309p-46,
        0x1.1000000000000p+0, -0x1.f0a30c0118000p-5, 0x1.d599e83368e91p-45,
        0x1.1000000000000p+0, -0x1.f0a30c0118000p-5, 0x1.d599e83368e91p-45,
        0x1.0e00000000000p+0, -0x1.b42dd71198000p-5, 0x1.c827ae5d6704cp-46,
        0x1.0e00000000000p+0, -0x1.b42dd71198000p-5, 0x1.c827ae5d6704cp-46,
        0x1.0c00000000000p+0, -0x1.77458f632c000p-5, -0x1.cfc4634f2a1eep-45,
        0x1.0c00000000000p+0, -0x1.77458f632c000p-5, -0x1.cfc4634f2a1eep-45,
        0x1.0a00000000000p+0, -0x1.39e87b9fec000p-5, 0x1.502b7f526feaap-48,
        0x1.0a00000000000p+0, -0x1.39e87b9fec000p-5, 0x1.502b7f526feaap-48,
        0x1.0800000000000p+0, -0x1.f829b0e780000p-6, -0x1.980267c7e09e4p-45,
        0x1.0800000000000p+0, -0x1.f829b0e780000p-6, -0x1.980267c7e09e4p-45,
        0x1.0600000000000p+0, -0x1.7b91b07d58000p-6, -0x1.88d5493faa639p-45,
        0x1.0400000000000p+0, -0x1.fc0a8b0fc0000p-7, -0x1.f1e7cf6d3a69cp-50,
        0x1.0400000000000p+0, -0x1.fc0a8b0fc0000p-7, -0x1.f1e7cf6d3a69cp-50,
        0x1.0200000000000p+0, -0x1.fe02a6b100000p-8, -0x1.9e23f0dda40e4p-46,
        0x1.0200000000000p+0, -0x1.fe02a6b100000p-8, -0x1.9e23f0dda40e4p-46,
        0x1.0000000000000p+0, 0.0, 0.0,
        0x1.0000000000000p+0, 0.0, 0.0,
        0x1.fc00000000000p-1, 0x1.0101575890000p-7, -0x1.0c76b999d2be8p-46,
        0x1.f800000000000p-1, 0x1.0205658938000p-6, -0x1.3dc5b06e2f7d2p-45,
        0x1.f400000000000p-1, 0x1.8492528c90000p-6, -0x1.aa0ba325a0c34p-45,
        0x1.f000000000000p-1, 0x1.0415d89e74000p-5, 0x1.111c05cf1d753p-47,
        0x1.ec00000000000p-1, 0x1.466aed42e0000p-5, -0x1.c167375bdfd28p-45,
        0x1.e800000000000p-1, 0x1.894aa149fc000p-5, -0x1.97995d05a267dp-46,
        0x1.e400000000000p-1, 0x1.ccb73cdddc000p-5, -0x1.a68f247d82807p-46,
        0x1.e200000000000p-1, 0x1.eea31c006c000p-5, -0x1.e113e4fc93b7bp-47,
        0x1.de00000000000p-1, 0x1.1973bd1466000p-4, -0x1.5325d560d9e9bp-45,
        0x1.da00000000000p-1, 0x1.3bdf5a7d1e000p-4, 0x1.cc85ea5db4ed7p-45,
        0x1.d600000000000p-1, 0x1.5e95a4d97a000p-4, -0x1.c69063c5d1d1ep-45,
        0x1.d400000000000p-1, 0x1.700d30aeac000p-4, 0x1.c1e8da99ded32p-49,
        0x1.d000000000000p-1, 0x1.9335e5d594000p-4, 0x1.3115c3abd47dap-45,
        0x1.cc00000000000p-1, 0x1.b6ac88dad6000p-4, -0x1.390802bf768e5p-46,
        0x1.ca00000000000p-1, 0x1.c885801bc4000p-4, 0x1.646d1c65aacd3p-45,
        0x1.c600000000000p-1, 0x1.ec739830a2000p-4, -0x1.dc068afe645e0p-45,
        0x1.c400000000000p-1, 0x1.fe89139dbe000p-4, -0x1.534d64fa10afdp-45,
        0x1.c000000000000p-1, 0x1.1178e8227e000p-3, 0x1.1ef78ce2d07f2p-45,
        0x1.be00000000000p-1, 0x1.1aa2b7e23f000p-3, 0x1.ca78e44389934p-45,
        0x1.ba00000000000p-1, 0x1.2d1610c868000p-3, 0x1.39d6ccb81b4a1p-47,
        0x1.b800000000000p-1, 0x1.365fcb0159000p-3, 0x1.62fa8234b7289p-51,
        0x1.b400000000000p-1, 0x1.4913d8333b000p-3, 0x1.5837954fdb678p-45,
        0x1.b200000000000p-1, 0x1.527e5e4a1b000p-3, 0x1.633e8e5697dc7p-45,
        0x1.ae00000000000p-1, 0x1.6574ebe8c1000p-3, 0x1.9cf8b2c3c2e78p-46,
        0x1.ac00000000000p-1, 0x1.6f0128b757000p-3, -0x1.5118de59c21e1p-45,
        0x1.aa00000000000p-1, 0x1.7898d85445000p-3, -0x1.c661070914305p-46,
        0x1.a600000000000p-1, 0x1.8beafeb390000p-3, -0x1.73d54aae92cd1p-47,
        0x1.a400000000000p-1, 0x1.95a5adcf70000p-3, 0x1.7f22858a0ff6fp-47,
        0x1.a000000000000p-1, 0x1.a93ed3c8ae000p-3, -0x1.8724350562169p-45,
        0x1.9e00000000000p-1, 0x1.b31d8575bd000p-3, -0x1.c358d4eace1aap-47,
        0x1.9c00000000000p-1, 0x1.bd087383be000p-3, -0x1.d4bc4595412b6p-45,
        0x1.9a00000000000p-1, 0x1.c6ffbc6f01000p-3, -0x1.1ec72c5962bd2p-48,
        0x1.9600000000000p-1, 0x1.db13db0d49000p-3, -0x1.aff2af715b035p-45,
        0x1.9400000000000p-1, 0x1.e530effe71000p-3, 0x1.212276041f430p-51,
        0x1.9200000000000p-1, 0x1.ef5ade4dd0000p-3, -0x1.a211565bb8e11p-51,
        0x1.9000000000000p-1, 0x1.f991c6cb3b000p-3, 0x1.bcbecca0cdf30p-46,
        0x1.8c00000000000p-1, 0x1.07138604d5800p-2, 0x1.89cdb16ed4e91p-48,
        0x1.8a00000000000p-1, 0x1.0c42d67616000p-2, 0x1.7188b163ceae9p-45,
        0x1.8800000000000p-1, 0x1.1178e8227e800p-2, -0x1.c210e63a5f01cp-45,
        0x1.8600000000000p-1, 0x1.16b5ccbacf800p-2, 0x1.b9acdf7a51681p-45,
        0x1.8400000000000p-1, 0x1.1bf99635a6800p-2, 0x1.ca6ed5147bdb7p-45,
        0x1.8200000000000p-1, 0x1.214456d0eb800p-2, 0x1.a87deba46baeap-47,
        0x1.7e00000000000p-1, 0x1.2bef07cdc9000p-2, 0x1.a9cfa4a5004f4p-45,
        0x1.7c00000000000p-1, 0x1.314f1e1d36000p-2, -0x1.8e27ad3213cb8p-45,
        0x1.7a00000000000p-1, 0x1.36b6776be1000p-2, 0x1.16ecdb0f177c8p-46,
        0x1.7800000000000p-1, 0x1.3c25277333000p-2, 0x1.83b54b606bd5cp-46,
        0x1.7600000000000p-1, 0x1.419b423d5e800p-2, 0x1.8e436ec90e09dp-47,
        0x1.7400000000000p-1, 0x1.4718dc271c800p-2, -0x1.f27ce0967d675p-45,
        0x1.7200000000000p-1, 0x1.4c9e09e173000p-2, -0x1.e20891b0ad8a4p-45,
        0x1.7000000000000p-1, 0x1.522ae0738a000p-2, 0x1.ebe708164c759p-45,
        0x1.6e00000000000p-1, 0x1.57bf753c8d000p-2, 0x1.fadedee5d40efp-46,
        0x1.6c00000000000p-1, 0x1.5d5bddf596000p-2, -0x1.a0b2a08a465dcp-47,
    ]

    // expTable: for k in 0..<128, H = double(2^(k/128)) and T = double((2^(k/128) - H)/H), stored
    // as bits(T), bits(H) - k·2^45 (the exponent of k/128 is added back at run time).
    static let expTable: [UInt64] = [
        0x0000000000000000, 0x3ff0000000000000,
        0x3c9b3b4f1a88bf6e, 0x3feff63da9fb3335,
        0xbc7160139cd8dc5d, 0x3fefec9a3e778061,
        0xbc905e7a108766d1, 0x3fefe315e86e7f85,
        0x3c8cd2523567f613, 0x3fefd9b0d3158574,
        0xbc8bce8023f98efa, 0x3fefd06b29ddf6de,
        0x3c60f74e61e6c861, 0x3fefc74518759bc8,
        0x3c90a3e45b33d399, 0x3fefbe3ecac6f383,
        0x3c979aa65d837b6d, 0x3fefb5586cf9890f,
        0x3c8eb51a92fdeffc, 0x3fefac922b7247f7,
        0x3c3ebe3d702f9cd1, 0x3fefa3ec32d3d1a2,
        0xbc6a033489906e0b, 0x3fef9b66affed31b,
        0xbc9556522a2fbd0e, 0x3fef9301d0125b51,
        0xbc5080ef8c4eea55, 0x3fef8abdc06c31cc,
        0xbc91c923b9d5f416, 0x3fef829aaea92de0,
        0x3c80d3e3e95c55af, 0x3fef7a98c8a58e51,
        0xbc801b15eaa59348, 0x3fef72b83c7d517b,
        0xbc8f1ff055de323d, 0x3fef6af9388c8dea,
        0x3c8b898c3f1353bf, 0x3fef635beb6fcb75,
        0xbc96d99c7611eb26, 0x3fef5be084045cd4,
        0x3c9aecf73e3a2f60, 0x3fef54873168b9aa,
        0xbc8fe782cb86389d, 0x3fef4d5022fcd91d,
        0x3c8a6f4144a6c38d, 0x3fef463b88628cd6,
        0x3c807a05b0e4047d, 0x3fef3f49917ddc96,
        0x3c968efde3a8a894, 0x3fef387a6e756238,
        0x3c875e18f274487d, 0x3fef31ce4fb2a63f,
        0x3c80472b981fe7f2, 0x3fef2b4565e27cdd,
        0xbc96b87b3f71085e, 0x3fef24dfe1f56381,
        0x3c82f7e16d09ab31, 0x3fef1e9df51fdee1,
        0xbc3d219b1a6fbffa, 0x3fef187fd0dad990,
        0x3c8b3782720c0ab4, 0x3fef1285a6e4030b,
        0x3c6e149289cecb8f, 0x3fef0cafa93e2f56,
        0x3c834d754db0abb6, 0x3fef06fe0a31b715,
        0x3c864201e2ac744c, 0x3fef0170fc4cd831,
        0x3c8fdd395dd3f84a, 0x3feefc08b26416ff,
        0xbc86a3803b8e5b04, 0x3feef6c55f929ff1,
        0xbc924aedcc4b5068, 0x3feef1a7373aa9cb,
        0xbc9907f81b512d8e, 0x3feeecae6d05d866,
        0xbc71d1e83e9436d2, 0x3feee7db34e59ff7,
        0xbc991919b3ce1b15, 0x3feee32dc313a8e5,
        0x3c859f48a72a4c6d, 0x3feedea64c123422,
        0xbc9312607a28698a, 0x3feeda4504ac801c,
        0xbc58a78f4817895b, 0x3feed60a21f72e2a,
        0xbc7c2c9b67499a1b, 0x3feed1f5d950a897,
        0x3c4363ed60c2ac11, 0x3feece086061892d,
        0x3c9666093b0664ef, 0x3feeca41ed1d0057,
        0x3c6ecce1daa10379, 0x3feec6a2b5c13cd0,
        0x3c93ff8e3f0f1230, 0x3feec32af0d7d3de,
        0x3c7690cebb7aafb0, 0x3feebfdad5362a27,
        0x3c931dbdeb54e077, 0x3feebcb299fddd0d,
        0xbc8f94340071a38e, 0x3feeb9b2769d2ca7,
        0xbc87deccdc93a349, 0x3feeb6daa2cf6642,
        0xbc78dec6bd0f385f, 0x3feeb42b569d4f82,
        0xbc861246ec7b5cf6, 0x3feeb1a4ca5d920f,
        0x3c93350518fdd78e, 0x3feeaf4736b527da,
        0x3c7b98b72f8a9b05, 0x3feead12d497c7fd,
        0x3c9063e1e21c5409, 0x3feeab07dd485429,
        0x3c34c7855019c6ea, 0x3feea9268a5946b7,
        0x3c9432e62b64c035, 0x3feea76f15ad2148,
        0xbc8ce44a6199769f, 0x3feea5e1b976dc09,
        0xbc8c33c53bef4da8, 0x3feea47eb03a5585,
        0xbc845378892be9ae, 0x3feea34634ccc320,
        0xbc93cedd78565858, 0x3feea23882552225,
        0x3c5710aa807e1964, 0x3feea155d44ca973,
        0xbc93b3efbf5e2228, 0x3feea09e667f3bcd,
        0xbc6a12ad8734b982, 0x3feea012750bdabf,
        0xbc6367efb86da9ee, 0x3fee9fb23c651a2f,
        0xbc80dc3d54e08851, 0x3fee9f7df9519484,
        0xbc781f647e5a3ecf, 0x3fee9f75e8ec5f74,
        0xbc86ee4ac08b7db0, 0x3fee9f9a48a58174,
        0xbc8619321e55e68a, 0x3fee9feb564267c9,
        0x3c909ccb5e09d4d3, 0x3feea0694fde5d3f,
        0xbc7b32dcb94da51d, 0x3feea11473eb0187,
        0x3c94ecfd5467c06b, 0x3feea1ed0130c132,
        0x3c65ebe1abd66c55, 0x3feea2f336cf4e62,
        0xbc88a1c52fb3cf42, 0x3feea427543e1a12,
        0xbc9369b6f13b3734, 0x3feea589994cce13,
        0xbc805e843a19ff1e, 0x3feea71a4623c7ad,
        0xbc94d450d872576e, 0x3feea8d99b4492ed,
        0x3c90ad675b0e8a00, 0x3feeaac7d98a6699,
        0x3c8db72fc1f0eab4, 0x3feeace5422aa0db,
        0xbc65b6609cc5e7ff, 0x3feeaf3216b5448c,
        0x3c7bf68359f35f44, 0x3feeb1ae99157736,
        0xbc93091fa71e3d83, 0x3feeb45b0b91ffc6,
        0xbc5da9b88b6c1e29, 0x3feeb737b0cdc5e5,
        0xbc6c23f97c90b959, 0x3feeba44cbc8520f,
        0xbc92434322f4f9aa, 0x3feebd829fde4e50,
        0xbc85ca6cd7668e4b, 0x3feec0f170ca07ba,
        0x3c71affc2b91ce27, 0x3feec49182a3f090,
        0x3c6dd235e10a73bb, 0x3feec86319e32323,
        0xbc87c50422622263, 0x3feecc667b5de565,
        0x3c8b1c86e3e231d5, 0x3feed09bec4a2d33,
        0xbc91bbd1d3bcbb15, 0x3feed503b23e255d,
        0x3c90cc319cee31d2, 0x3feed99e1330b358,
        0x3c8469846e735ab3, 0x3feede6b5579fdbf,
        0xbc82dfcd978e9db4, 0x3feee36bbfd3f37a,
        0x3c8c1a7792cb3387, 0x3feee89f995ad3ad,
        0xbc907b8f4ad1d9fa, 0x3feeee07298db666,
        0xbc55c3d956dcaeba, 0x3feef3a2b84f15fb,
        0xbc90a40e3da6f640, 0x3feef9728de5593a,
        0xbc68d6f438ad9334, 0x3feeff76f2fb5e47,
        0xbc91eee26b588a35, 0x3fef05b030a1064a,
        0x3c74ffd70a5fddcd, 0x3fef0c1e904bc1d2,
        0xbc91bdfbfa9298ac, 0x3fef12c25bd71e09,
        0x3c736eae30af0cb3, 0x3fef199bdd85529c,
        0x3c8ee3325c9ffd94, 0x3fef20ab5fffd07a,
        0x3c84e08fd10959ac, 0x3fef27f12e57d14b,
        0x3c63cdaf384e1a67, 0x3fef2f6d9406e7b5,
        0x3c676b2c6c921968, 0x3fef3720dcef9069,
        0xbc808a1883ccb5d2, 0x3fef3f0b555dc3fa,
        0xbc8fad5d3ffffa6f, 0x3fef472d4a07897c,
        0xbc900dae3875a949, 0x3fef4f87080d89f2,
        0x3c74a385a63d07a7, 0x3fef5818dcfba487,
        0xbc82919e2040220f, 0x3fef60e316c98398,
        0x3c8e5a50d5c192ac, 0x3fef69e603db3285,
        0x3c843a59ac016b4b, 0x3fef7321f301b460,
        0xbc82d52107b43e1f, 0x3fef7c97337b9b5f,
        0xbc892ab93b470dc9, 0x3fef864614f5a129,
        0x3c74b604603a88d3, 0x3fef902ee78b3ff6,
        0x3c83c5ec519d7271, 0x3fef9a51fbc74c83,
        0xbc8ff7128fd391f0, 0x3fefa4afa2a490da,
        0xbc8dae98e223747d, 0x3fefaf482d8e67f1,
        0x3c8ec3bc41aa2008, 0x3fefba1bee615a27,
        0x3c842b94c3a9eb32, 0x3fefc52b376bba97,
        0x3c8a64a931d185ee, 0x3fefd0765b6e4540,
        0xbc8e37bae43be3ed, 0x3fefdbfdad9cbe14,
        0x3c77893b4d91cd9d, 0x3fefe7c1819e90d8,
        0x3c5305c14160cc89, 0x3feff3c22b8f71f1,
    ]
}

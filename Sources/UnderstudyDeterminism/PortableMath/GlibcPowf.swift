// glibc's powf, bit for bit: a re-implementation of the FMA build of glibc 2.28+'s float pow
// (sysdeps/ieee754/flt-32/e_powf.c, from ARM optimized-routines math/powf.c by Szabolcs Nagy),
// which x86-64 glibc runs as `__powf_fma` on CPUs with FMA and AVX2.
//
// NumPy evaluates `u**2` for a float32 scalar u with libm's powf(u, 2), which is within 0.82 ulp
// but not correctly rounded: about 0.07 % of float32 squares differ from u*u by one ulp. Pendulum's
// reward has 0.001 * u**2 with a float32 action u, so a bit-exact port needs glibc's own rounding.
//
// powf works in double: log2(x) from a 16-entry table and a degree-5 polynomial, y·log2(x), then
// 2^t from a 32-entry table and a cubic, rounded once to float. Every multiply-add that glibc's
// binary fuses into a vfmadd (read off the disassembly of libm.so.6 2.36) is an fma here, every
// other operation a plain IEEE-754 operation in glibc's order, so the bits are glibc's on every CPU.

extension PortableMath {
    /// x^y with exactly the bits x86-64 glibc's `powf` returns on CPUs with FMA (within 0.82 ulp,
    /// not correctly rounded). Special cases follow C99 Annex F as glibc does: powf(x, ±0) = 1 and
    /// powf(+1, y) = 1 even for a quiet NaN; powf(-1, ±inf) = 1; negative finite x with non-integer
    /// y gives NaN; powf(±0, y < 0) = ±inf; overflow to ±inf and underflow to ±0 via subnormals.
    public static func glibcPowf(_ x: Float, _ y: Float) -> Float {
        var ix = x.bitPattern
        let iy = y.bitPattern
        var signBias: UInt64 = 0
        if ix &- 0x0080_0000 >= 0x7F80_0000 - 0x0080_0000 || GlibcPowfKernel.isZeroInfNaN(iy) {
            // x < 2^-126, inf or NaN, or y zero, inf or NaN.
            if GlibcPowfKernel.isZeroInfNaN(iy) {
                if iy << 1 == 0 { return GlibcPowfKernel.isSignalingNaN(ix) ? x + y : 1 }
                if ix == 0x3F80_0000 { return GlibcPowfKernel.isSignalingNaN(iy) ? x + y : 1 }
                if ix << 1 > 0x7F80_0000 << 1 || iy << 1 > 0x7F80_0000 << 1 { return x + y }
                if ix << 1 == 0x3F80_0000 << 1 { return 1 }
                if (ix << 1 < 0x3F80_0000 << 1) == (iy & 0x8000_0000 == 0) { return 0 }
                return y * y
            }
            if GlibcPowfKernel.isZeroInfNaN(ix) {
                var x2 = x * x
                if ix & 0x8000_0000 != 0 && GlibcPowfKernel.integerKind(iy) == .odd { x2 = -x2 }
                return iy & 0x8000_0000 != 0 ? 1 / x2 : x2
            }
            // x and y are finite and nonzero.
            if ix & 0x8000_0000 != 0 {
                switch GlibcPowfKernel.integerKind(iy) {
                case .notInteger: return .nan
                case .odd: signBias = GlibcPowfKernel.signBias
                case .even: break
                }
                ix &= 0x7FFF_FFFF
            }
            if ix < 0x0080_0000 {
                // Subnormal x: normalise, letting the exponent field go negative.
                ix = (Float(bitPattern: ix) * 0x1p23).bitPattern & 0x7FFF_FFFF
                ix &-= 23 << 23
            }
        }
        let ylogx = Double(y) * GlibcPowfKernel.log2(ix)      // cannot overflow: y is a float
        if (ylogx.bitPattern >> 47) & 0xFFFF >= 126.0.bitPattern >> 47 {
            // |y·log2 x| >= 126.
            if ylogx > 0x1.fffffffd1d571p+6 { return signBias != 0 ? -.infinity : .infinity }
            if ylogx <= -150 { return signBias != 0 ? -0.0 : 0 }
            if ylogx < -149 {
                // glibc's __math_may_uflowf: 0x1.4p-75f squared, i.e. the least subnormal.
                let tiny: Float = 0x1.4p-75
                return (signBias != 0 ? -tiny : tiny) * tiny
            }
        }
        return Float(GlibcPowfKernel.exp2(ylogx, signBias))
    }
}


/// The kernels and tables of `glibcPowf`, in the operation order of glibc's `__powf_fma`.
private enum GlibcPowfKernel {
    /// Added to the exponent-table index so that the scale comes out negative (glibc SIGN_BIAS).
    static let signBias: UInt64 = 1 << (5 + 11)

    enum IntegerKind { case notInteger, odd, even }

    /// Whether the finite nonzero float with bits `iy` is an integer, and of which parity.
    @inline(__always)
    static func integerKind(_ iy: UInt32) -> IntegerKind {
        let e = (iy >> 23) & 0xFF
        if e < 0x7F { return .notInteger }
        if e > 0x7F + 23 { return .even }
        let unit: UInt32 = 1 << (0x7F + 23 - e)
        if iy & (unit - 1) != 0 { return .notInteger }
        return iy & unit != 0 ? .odd : .even
    }

    /// Whether the bits are those of ±0, ±inf or a NaN.
    @inline(__always)
    static func isZeroInfNaN(_ i: UInt32) -> Bool {
        (i << 1) &- 1 >= (0x7F80_0000 << 1) &- 1
    }

    /// Whether the bits are those of a signaling NaN (quiet bit 22 clear).
    @inline(__always)
    static func isSignalingNaN(_ i: UInt32) -> Bool {
        (i ^ 0x0040_0000) << 1 > 0xFF80_0000
    }

    /// log2(x) for the bits `ix` of a positive normal float, or of a subnormal normalised so
    /// that its exponent field went negative (relative error about 1.8·2^-33).
    @inline(__always)
    static func log2(_ ix: UInt32) -> Double {
        // x = 2^k·z with z in [0x1.66p-1, 0x1.66p0); the i-th of 16 subintervals holds z.
        let tmp = ix &- 0x3F33_0000
        let i = Int(truncatingIfNeeded: (tmp >> 19) & 15)
        let top = tmp & 0xFF80_0000
        let z = Double(Float(bitPattern: ix &- top))
        let k = Double(Int32(bitPattern: top) >> 23)
        return log2Table.withUnsafeBufferPointer { t in
            let invc = t[2 &* i], logc = t[2 &* i &+ 1]
            // log2(x) = log1p(z/c − 1)/ln2 + log2(c) + k
            let r = mulAdd(z, invc, -1)
            let y0 = logc + k
            let r2 = r * r
            let y = mulAdd(log2Poly0, r, log2Poly1)
            let p = mulAdd(log2Poly2, r, log2Poly3)
            let r4 = r2 * r2
            var q = mulAdd(log2Poly4, r, y0)
            q = mulAdd(p, r2, q)
            return mulAdd(y, r4, q)
        }
    }

    /// sign·2^xd for |xd| < 150 (relative error about 1.7·2^-34), as a double.
    @inline(__always)
    static func exp2(_ xd: Double, _ signBias: UInt64) -> Double {
        // xd = k/32 + r, |r| <= 1/64.
        var kd = xd + shift
        let ki = kd.bitPattern
        kd -= shift
        let r = xd - kd
        let t = exp2Table[Int(truncatingIfNeeded: ki % 32)] &+ ((ki &+ signBias) << 47)
        let s = Double(bitPattern: t)
        let z = mulAdd(exp2Poly0, r, exp2Poly1)
        let r2 = r * r
        let y = mulAdd(exp2Poly2, r, 1)
        return mulAdd(z, r2, y) * s
    }

    // Published in glibc 2.36 sysdeps/ieee754/flt-32/e_powf_log2_data.c (POWF_SCALE = 1) and
    // e_exp2f_data.c (shift_scaled = 0x1.8p52/32); each equals the data in libm.so.6.
    static let log2Poly0 = 0x1.27616c9496e0bp-2
    static let log2Poly1 = -0x1.71969a075c67ap-2
    static let log2Poly2 = 0x1.ec70a6ca7baddp-2
    static let log2Poly3 = -0x1.7154748bef6c8p-1
    static let log2Poly4 = 0x1.71547652ab82bp0
    static let shift = 0x1.8p52 / 32
    static let exp2Poly0 = 0x1.c6af84b912394p-5
    static let exp2Poly1 = 0x1.ebfce50fac4f3p-3
    static let exp2Poly2 = 0x1.62e42ff0c52d6p-1

    /// (invc, logc) per subinterval: invc near 1/c, logc = log2(c).
    static let log2Table: [Double] = [
        0x1.661ec79f8f3bep+0, -0x1.efec65b963019p-2,
        0x1.571ed4aaf883dp+0, -0x1.b0b6832d4fca4p-2,
        0x1.49539f0f010bp+0, -0x1.7418b0a1fb77bp-2,
        0x1.3c995b0b80385p+0, -0x1.39de91a6dcf7bp-2,
        0x1.30d190c8864a5p+0, -0x1.01d9bf3f2b631p-2,
        0x1.25e227b0b8eap+0, -0x1.97c1d1b3b7afp-3,
        0x1.1bb4a4a1a343fp+0, -0x1.2f9e393af3c9fp-3,
        0x1.12358f08ae5bap+0, -0x1.960cbbf788d5cp-4,
        0x1.0953f419900a7p+0, -0x1.a6f9db6475fcep-5,
        0x1p+0, 0x0p+0,
        0x1.e608cfd9a47acp-1, 0x1.338ca9f24f53dp-4,
        0x1.ca4b31f026aap-1, 0x1.476a9543891bap-3,
        0x1.b2036576afce6p-1, 0x1.e840b4ac4e4d2p-3,
        0x1.9c2d163a1aa2dp-1, 0x1.40645f0c6651cp-2,
        0x1.886e6037841edp-1, 0x1.88e9c2c1b9ff8p-2,
        0x1.767dcf5534862p-1, 0x1.ce0a44eb17bccp-2,
    ]

    /// bits(2^(i/32)) − i·2^47 for i = 0..<32 (checked against its definition with mpmath).
    static let exp2Table: [UInt64] = [
        0x3FF0000000000000, 0x3FEFD9B0D3158574, 0x3FEFB5586CF9890F, 0x3FEF9301D0125B51,
        0x3FEF72B83C7D517B, 0x3FEF54873168B9AA, 0x3FEF387A6E756238, 0x3FEF1E9DF51FDEE1,
        0x3FEF06FE0A31B715, 0x3FEEF1A7373AA9CB, 0x3FEEDEA64C123422, 0x3FEECE086061892D,
        0x3FEEBFDAD5362A27, 0x3FEEB42B569D4F82, 0x3FEEAB07DD485429, 0x3FEEA47EB03A5585,
        0x3FEEA09E667F3BCD, 0x3FEE9F75E8EC5F74, 0x3FEEA11473EB0187, 0x3FEEA589994CCE13,
        0x3FEEACE5422AA0DB, 0x3FEEB737B0CDC5E5, 0x3FEEC49182A3F090, 0x3FEED503B23E255D,
        0x3FEEE89F995AD3AD, 0x3FEEFF76F2FB5E47, 0x3FEF199BDD85529C, 0x3FEF3720DCEF9069,
        0x3FEF5818DCFBA487, 0x3FEF7C97337B9B5F, 0x3FEFA4AFA2A490DA, 0x3FEFD0765B6E4540,
    ]
}

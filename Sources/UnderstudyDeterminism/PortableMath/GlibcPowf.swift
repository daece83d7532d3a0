// glibc's powf, bit for bit: the FMA build of glibc 2.28+'s float pow (e_powf.c, from ARM
// optimized-routines math/powf.c by Szabolcs Nagy), which x86-64 glibc runs as `__powf_fma` on
// CPUs with FMA and AVX2. The kernel is C (Sources/CUnderstudyMath/glibc_powf_kernel.h), built for
// the fma instruction and with libm's software fma; both give the same bits.
//
// NumPy evaluates `u**2` for a float32 scalar u with libm's powf(u, 2), which is within 0.82 ulp
// but not correctly rounded: about 0.07 % of float32 squares differ from u*u by one ulp. Pendulum's
// reward has 0.001 * u**2 with a float32 action u, so a bit-exact port needs glibc's own rounding.

import CUnderstudyMath

extension PortableMath {
    /// x^y with exactly the bits x86-64 glibc's `powf` returns on CPUs with FMA (within 0.82 ulp,
    /// not correctly rounded), on every CPU. Special cases follow C99 Annex F as glibc does:
    /// powf(x, ±0) = 1 and powf(+1, y) = 1 even for a quiet NaN; powf(-1, ±inf) = 1; negative
    /// finite x with non-integer y gives NaN; powf(±0, y < 0) = ±inf; overflow to ±inf and
    /// underflow to ±0 via subnormals.
    @inlinable
    public static func glibcPowf(_ x: Float, _ y: Float) -> Float {
        if y == 2, let square = glibcPowfSquare(x) { return square }
        return us_glibc_powf(x, y)
    }

    /// powf(x, 2) as x·x where that is provably glibc's float; nil where the kernel must decide.
    ///
    /// x·x is exact in double (48 bits). glibc's kernel computes it as 2^(2·log2 x) in double
    /// within 2^20 units of the square's last place (at most 907181 over all 2^32 floats), then
    /// rounds to float. So where the exact square lies more than 2^21 units from a halfway point
    /// between floats (all but 1/128 of squares), both round to the same float. Outside the normal
    /// float range, and for NaN, the kernel decides. `understudy-mathcheck glibcPowfSquare --count
    /// 4294967296` checks every float against the kernel's pure-Swift original.
    @inlinable
    static func glibcPowfSquare(_ x: Float) -> Float? {
        let square = Double(x) * Double(x)
        guard square >= 0x1p-126 && square < 0x1p127 else { return nil }
        // The 29 low bits are what rounding to float's 24-bit significand drops; 2^28 is halfway.
        let dropped = Int64(truncatingIfNeeded: square.bitPattern & 0x1FFF_FFFF) - 0x1000_0000
        guard dropped > 0x20_0000 || dropped < -0x20_0000 else { return nil }
        return Float(square)
    }
}

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
    public static func glibcPowf(_ x: Float, _ y: Float) -> Float { us_glibc_powf(x, y) }
}

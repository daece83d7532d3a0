// glibc's pow, bit for bit: the FMA build of glibc 2.28+'s double pow (e_pow.c, from ARM
// optimized-routines math/pow.c by Szabolcs Nagy), which x86-64 glibc runs as `__pow_fma` on CPUs
// with FMA and AVX2. The kernel is C (Sources/CUnderstudyMath/glibc_pow_kernel.h), built for the fma
// instruction and with libm's software fma; both give the same bits.
//
// Gymnasium squares with `x**2`, i.e. libm's pow(x, 2.0), which is within 0.52 ulp but not
// correctly rounded: about 0.08 % of squares differ from x*x by one ulp. A bit-exact port of
// Pendulum's reward or Acrobot's dynamics therefore needs glibc's own rounding errors. (Without FMA
// glibc runs its SSE2 build, which rounds differently in about 0.07 % of cases; this does not
// follow it.)

import CUnderstudyMath

extension PortableMath {
    /// x^y with exactly the bits x86-64 glibc's `pow` returns on CPUs with FMA (within 0.52 ulp
    /// of the true value, not correctly rounded), on every CPU. Special cases follow C99 Annex F
    /// as glibc does: pow(x, ±0) = 1 and pow(+1, y) = 1 even for a quiet NaN; pow(-1, ±inf) = 1;
    /// negative finite x with non-integer y gives NaN; pow(±0, y < 0) = ±inf; overflow to ±inf
    /// and underflow to ±0 through the subnormals. A NaN result for finite negative x with
    /// non-integer y has x86's default bits 0xFFF8000000000000 on every CPU.
    @inlinable
    public static func glibcPow(_ x: Double, _ y: Double) -> Double { us_glibc_pow(x, y) }
}

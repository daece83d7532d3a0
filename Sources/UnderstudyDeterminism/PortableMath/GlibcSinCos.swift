// glibc's sin and cos, bit for bit: the FMA build of glibc 2.28+'s double sin/cos (IBM Accurate
// Mathematical Library, s_sin.c), which x86-64 glibc runs as `__sin_fma`/`__cos_fma` on CPUs with
// FMA and AVX2. The kernel is C (Sources/CUnderstudyMath/glibc_sincos_kernel.h), built once for
// the fma instruction and once with libm's software fma; both give the same bits, and each call
// runs the first where the CPU has FMA.
//
// Since 2.28 glibc has dropped the slow correctly rounding paths of these functions, so they are
// within about 0.55 ulp but not correctly rounded: e.g. sin(-0.11328394257702154) is
// -0.11304179778075824, one ulp from the correctly rounded -0.11304179778075822. Python's
// math.sin/cos and NumPy's float64 sin/cos both call libm's, so bit-exact ports of Gymnasium's
// classic-control environments need glibc's own rounding errors. (Without FMA glibc runs its SSE2
// build, which rounds differently in rare cases; this does not follow it.)

import CUnderstudyMath

extension PortableMath {
    // MARK: - Public API

    /// sin(x) with exactly the bits x86-64 glibc's `sin` returns on CPUs with FMA (within about
    /// 0.55 ulp, not correctly rounded), on every CPU. sin(±0) = ±0, sin(x) = x for |x| < 2^-26,
    /// and sin(±inf) and sin(NaN) are NaN.
    @inlinable
    public static func glibcSin(_ x: Double) -> Double { us_glibc_sin(x) }

    /// cos(x) with exactly the bits x86-64 glibc's `cos` returns on CPUs with FMA (within about
    /// 0.55 ulp, not correctly rounded), on every CPU. cos(x) = 1 for |x| < 2^-27, and cos(±inf)
    /// and cos(NaN) are NaN.
    @inlinable
    public static func glibcCos(_ x: Double) -> Double { us_glibc_cos(x) }
}

// Array forms of the glibc-compatible functions, with exactly the scalar functions' bits.
//
// Why no SIMD lanes here: these reproduce glibc's FMA build, whose kernels keep 6 to 12 real
// fmas, and the baseline x86-64 target Swift compiles for has no fma instruction, so Swift lanes
// would make each fma a libm call per lane. glibcSin, glibcCos and glibcPow hand the whole array to
// their C kernel (CUnderstudyMath), which checks for FMA once and runs the scalar kernel element by
// element with inline fmas. glibcPowf loops over the scalar function, whose x² fast path is Swift.

import CUnderstudyMath

extension PortableMath {
    // MARK: - Public API

    /// `output[i] = glibcSin(input[i])` for every i (glibc's bits, see `glibcSin`). `output`
    /// must hold at least `input.count` elements; it may be `input`'s own memory.
    public static func glibcSin(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        precondition(output.count >= input.count, "output has fewer elements than input")
        guard let source = input.baseAddress, let target = output.baseAddress else { return }
        us_glibc_sin_array(source, target, input.count)
    }

    /// `output[i] = glibcCos(input[i])` for every i (glibc's bits, see `glibcCos`). `output`
    /// must hold at least `input.count` elements; it may be `input`'s own memory.
    public static func glibcCos(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        precondition(output.count >= input.count, "output has fewer elements than input")
        guard let source = input.baseAddress, let target = output.baseAddress else { return }
        us_glibc_cos_array(source, target, input.count)
    }

    /// `output[i] = glibcPow(x[i], y[i])` for every i (glibc's bits, see `glibcPow`). `x` and
    /// `y` must have the same count and `output` at least as many elements; it may be either
    /// input's memory.
    public static func glibcPow(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>,
                                into output: UnsafeMutableBufferPointer<Double>) {
        precondition(x.count == y.count, "the two inputs differ in length")
        precondition(output.count >= x.count, "output has fewer elements than input")
        guard let a = x.baseAddress, let b = y.baseAddress, let target = output.baseAddress else { return }
        us_glibc_pow_array(a, b, target, x.count)
    }

    /// `output[i] = glibcPowf(x[i], y[i])` for every i (glibc's bits, see `glibcPowf`). `x` and
    /// `y` must have the same count and `output` at least as many elements; it may be either
    /// input's memory.
    public static func glibcPowf(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>,
                                 into output: UnsafeMutableBufferPointer<Float>) {
        precondition(x.count == y.count, "the two inputs differ in length")
        precondition(output.count >= x.count, "output has fewer elements than input")
        for i in x.indices { output[i] = glibcPowf(x[i], y[i]) }
    }
}

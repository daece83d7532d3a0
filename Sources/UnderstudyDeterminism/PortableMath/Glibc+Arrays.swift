// Array forms of the glibc-compatible functions: element by element through the scalar ones.
//
// Why no SIMD lanes here: these reproduce glibc's FMA build, whose kernels keep 6 to 8 real
// fmas (GlibcSinCos.swift, GlibcPow.swift). On the baseline x86-64 target an fma is a libm call
// per lane whatever the vector width, so pairs would only add shuffling around the same calls;
// the loop below is the fastest exact form there is without FMA hardware.

extension PortableMath {
    // MARK: - Public API

    /// `output[i] = glibcSin(input[i])` for every i (glibc's bits, see `glibcSin`). `output`
    /// must hold at least `input.count` elements; it may be `input`'s own memory.
    public static func glibcSin(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        precondition(output.count >= input.count, "output has fewer elements than input")
        for i in input.indices { output[i] = glibcSin(input[i]) }
    }

    /// `output[i] = glibcCos(input[i])` for every i (glibc's bits, see `glibcCos`). `output`
    /// must hold at least `input.count` elements; it may be `input`'s own memory.
    public static func glibcCos(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        precondition(output.count >= input.count, "output has fewer elements than input")
        for i in input.indices { output[i] = glibcCos(input[i]) }
    }

    /// `output[i] = glibcPow(x[i], y[i])` for every i (glibc's bits, see `glibcPow`). `x` and
    /// `y` must have the same count and `output` at least as many elements; it may be either
    /// input's memory.
    public static func glibcPow(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>,
                                into output: UnsafeMutableBufferPointer<Double>) {
        precondition(x.count == y.count, "the two inputs differ in length")
        precondition(output.count >= x.count, "output has fewer elements than input")
        for i in x.indices { output[i] = glibcPow(x[i], y[i]) }
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

// The array form of tanh: the same bits as the scalar function, element by element.

import CUnderstudyMath

extension PortableMath {
    // MARK: - Public API

    /// `output[i] = tanh(input[i])` for every i, bit for bit the scalar `tanh` (correctly
    /// rounded, so any correct rounding test gives its bits): a quick path in C (`tanh_lanes.c`,
    /// eight lanes at a time, AVX2 and fma where the CPU has them) from a table of tanh(j/64)
    /// and a short series, ±1 beyond 22 and x itself below 2^-27 without a scalar call; only
    /// lanes whose rounding test fails (about 0.2 %) and NaN go to the scalar code. `output`
    /// must hold at least `input.count` elements; it may be `input`'s own memory.
    public static func tanh(_ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        precondition(output.count >= input.count, "output has fewer elements than input")
        guard let source = input.baseAddress, let target = output.baseAddress else { return }
        tanhChunks(source, target, input.count)
    }

    /// The array tanh over `count` elements; returns how many went to the scalar code.
    @discardableResult
    static func tanhChunks(_ source: UnsafePointer<Double>, _ target: UnsafeMutablePointer<Double>, _ count: Int) -> Int {
        var start = 0, scalar = 0
        while start < count {
            let n = Swift.min(64, count - start)
            // The quick path leaves an undecided element as its input.
            var undecided = us_tanh_quick(source + start, target + start, n)
            scalar += undecided.nonzeroBitCount
            while undecided != 0 {
                let i = start + undecided.trailingZeroBitCount
                undecided &= undecided - 1
                // The scalar `tanh` after its quick path failed, or of a NaN.
                let xi = target[i], a = Swift.abs(xi)
                target[i] = a >= 0x1p-27 && a <= 22 ? (xi < 0 ? -1 : 1) * tanhViaExpm1(a) : tanh(xi)
            }
            start += n
        }
        return scalar
    }
}

// The array form of pow: element by element through the scalar function.

extension PortableMath {
    // MARK: - Public API

    /// `output[i] = pow(x[i], y[i])` for every i, bit for bit the scalar `pow`, element by
    /// element (its fast path is double-double from the logarithm to the exponential, which
    /// pairs do not speed up). `x` and `y` must have the same count and `output` at least as
    /// many elements; it may be either input's memory.
    public static func pow(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>,
                           into output: UnsafeMutableBufferPointer<Double>) {
        precondition(x.count == y.count, "the two inputs differ in length")
        precondition(output.count >= x.count, "output has fewer elements than input")
        for i in x.indices { output[i] = pow(x[i], y[i]) }
    }
}

/// Per-feature affine rescaling z = (x − mean) / std, fitted on data, for network inputs and
/// regression targets (so one learning rate suits every scale).
///
/// std is the population standard deviation (divide by N), floored at `stdFloor` so a constant
/// feature maps to 0 instead of dividing by zero. Sums run over samples in order.
public struct Standardizer: Sendable, Hashable {
    public var mean: [Double]
    public var std: [Double]

    /// The identity rescaling for `width` features.
    public init(identity width: Int) {
        mean = [Double](repeating: 0, count: width)
        std = [Double](repeating: 1, count: width)
    }

    /// Fits mean and std on `data` (non-empty, every row the same width).
    public init(fitting data: [[Double]], stdFloor: Double = 1e-8) throws {
        guard let width = data.first?.count, data.allSatisfy({ $0.count == width }) else {
            throw LearningError.invalidData("cannot fit a standardizer to \(data.isEmpty ? "no rows" : "rows of different widths")")
        }
        guard stdFloor > 0 else {
            throw LearningError.invalidOption(name: "stdFloor", value: "\(stdFloor)", expected: "a number > 0")
        }
        let n = Double(data.count)
        var mean = [Double](repeating: 0, count: width)
        for row in data { for k in 0..<width { mean[k] += row[k] } }
        for k in 0..<width { mean[k] /= n }
        var variance = [Double](repeating: 0, count: width)
        for row in data {
            for k in 0..<width {
                let d = row[k] - mean[k]
                variance[k] += d * d
            }
        }
        self.mean = mean
        self.std = variance.map { max(($0 / n).squareRoot(), stdFloor) }
    }

    public var width: Int { mean.count }

    /// (x − mean) / std.
    @inlinable
    public func transform(_ x: [Double]) -> [Double] {
        precondition(x.count == mean.count, "standardizer expects \(mean.count) features, got \(x.count)")
        var z = x
        transform(x, into: &z)
        return z
    }

    /// (x − mean) / std written into the first `width` entries of `z` (the rest is left as it
    /// is): the allocation-free form for hot loops that keep one input buffer.
    @inlinable
    public func transform(_ x: [Double], into z: inout [Double]) {
        precondition(x.count == mean.count && z.count >= mean.count, "standardizer expects \(mean.count) features, got \(x.count)")
        for k in 0..<mean.count { z[k] = (x[k] - mean[k]) / std[k] }
    }

    /// (x − mean) / std of `width` features at `x`, written at `z`: the pointer form of
    /// `transform(_:into:)` (the same operations), for batched lanes in flat buffers.
    @inlinable
    public func transform(_ x: UnsafePointer<Double>, into z: UnsafeMutablePointer<Double>) {
        for k in 0..<mean.count { z[k] = (x[k] - mean[k]) / std[k] }
    }

    /// mean + std · z: undoes `transform`.
    @inlinable
    public func inverseTransform(_ z: [Double]) -> [Double] {
        precondition(z.count == mean.count, "standardizer expects \(mean.count) features, got \(z.count)")
        var x = z
        for k in 0..<x.count { x[k] = mean[k] + std[k] * z[k] }
        return x
    }
}

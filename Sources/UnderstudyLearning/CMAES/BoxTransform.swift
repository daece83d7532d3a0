/// pycma's default box-constraint handling, `BoundTransform`
/// (cma/transformations.py, `BoxConstraintsLinQuadTransformation`): CMA-ES searches an
/// unbounded space and every candidate is mapped into the box before it is evaluated.
///
/// Per coordinate with bounds [lb, ub] and margins al = min((ub − lb)/2, 0.05·max(|lb|, 1))
/// (au likewise at ub): the map is periodic with period 2(ub − lb + al + au), mirrored,
/// the identity on [lb + al, ub − au], and quadratic (C¹) down to lb − al and up to ub + au,
/// where it touches the bounds. An infinite side leaves that side untouched.
public struct BoxTransform: Sendable, Hashable {
    public let lower: [Double]
    public let upper: [Double]
    /// The margins al and au of each coordinate.
    public let marginLower: [Double]
    public let marginUpper: [Double]

    public init(lower: [Double], upper: [Double]) throws {
        guard lower.count == upper.count else {
            throw LearningError.invalidOption(name: "bounds", value: "\(lower.count) lower and \(upper.count) upper",
                                              expected: "as many lower as upper bounds")
        }
        for i in 0..<lower.count where !(lower[i] < upper[i]) || lower[i].isNaN || upper[i].isNaN {
            throw LearningError.invalidOption(name: "bounds[\(i)]", value: "[\(lower[i]), \(upper[i])]",
                                              expected: "lower < upper")
        }
        self.lower = lower
        self.upper = upper
        marginLower = (0..<lower.count).map { i in
            lower[i].isFinite ? min((upper[i] - lower[i]) / 2, 0.05 * max(abs(lower[i]), 1)) : 1
        }
        marginUpper = (0..<upper.count).map { i in
            upper[i].isFinite ? min((upper[i] - lower[i]) / 2, 0.05 * max(abs(upper[i]), 1)) : 1
        }
    }

    /// Maps coordinate `i` of a search point into [lower, upper].
    @inlinable
    public func transform(_ x: Double, coordinate i: Int) -> Double {
        let lb = lower[i], ub = upper[i], al = marginLower[i], au = marginUpper[i]
        var y = x
        if y < lb - 2 * al - (ub - lb) / 2 || y > ub + 2 * au + (ub - lb) / 2 {
            let period = 2 * (ub - lb + al + au)
            let start = lb - 2 * al - (ub - lb) / 2
            y -= period * ((y - start) / period).rounded(.down)
        }
        if y > ub + au { y -= 2 * (y - ub - au) }
        if y < lb - al { y += 2 * (lb - al - y) }
        if y < lb + al { y = lb + (y - (lb - al)) * (y - (lb - al)) / 4 / al }
        if y > ub - au { y = ub - (y - (ub + au)) * (y - (ub + au)) / 4 / au }
        return y
    }

    /// Maps a whole search point into the box.
    public func transform(_ x: [Double]) -> [Double] {
        (0..<x.count).map { transform(x[$0], coordinate: $0) }
    }

    /// A search point that `transform` maps to `x` (x must lie in the box): the identity in
    /// the linear part, the inverse of the quadratic piece near a bound.
    public func inverse(_ x: [Double]) -> [Double] {
        (0..<x.count).map { i in
            let lb = lower[i], ub = upper[i], al = marginLower[i], au = marginUpper[i]
            let v = x[i]
            if v < lb + al { return lb - al + 2 * (al * (v - lb)).squareRoot() }
            if v > ub - au { return ub + au - 2 * (au * (ub - v)).squareRoot() }
            return v
        }
    }

    public func contains(_ x: [Double]) -> Bool {
        (0..<x.count).allSatisfy { lower[$0] <= x[$0] && x[$0] <= upper[$0] }
    }
}

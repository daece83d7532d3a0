import UnderstudyDeterminism

/// How data values map to positions along an axis.
public enum Scale: Sendable, Hashable {
    case linear
    /// Base-10 logarithmic; values ≤ 0 cannot be shown and are reported as outside the axes.
    case log
    /// Symmetric log: about linear within ±`linearWidth` of 0, logarithmic beyond, so values that
    /// span decades *and* include 0 (a sweep from 0 to 0.04 in steps that double) all show.
    /// Position ∝ sign(v)·ln(1 + |v|/linearWidth), as matplotlib's `symlog` with base e.
    case symlog(linearWidth: Double)

    /// Whether `v` can be placed on this scale.
    func shows(_ v: Double) -> Bool {
        if case .log = self { return v > 0 }
        return true
    }
}

/// Maps one data interval onto one interval of points (page units), for a scale.
struct AxisMap: Sendable {
    let scale: Scale
    let lower: Double
    let upper: Double
    /// Point position of `lower`.
    let start: Double
    /// Point position of `upper`.
    let end: Double
    private let origin: Double
    private let factor: Double

    init(scale: Scale, lower: Double, upper: Double, start: Double, end: Double) {
        self.scale = scale
        self.lower = lower
        self.upper = upper
        self.start = start
        self.end = end
        let a = AxisMap.transform(lower, scale), b = AxisMap.transform(upper, scale)
        origin = a
        factor = (end - start) / (b - a)
    }

    static func transform(_ v: Double, _ scale: Scale) -> Double {
        switch scale {
        case .linear: return v
        case .log: return v > 0 ? PortableMath.log(v) : -.infinity
        case .symlog(let c):
            let t = PortableMath.log1p(abs(v) / c)
            return v < 0 ? -t : t
        }
    }

    /// The data value at transformed position `t` (the inverse of `transform`).
    static func inverse(_ t: Double, _ scale: Scale) -> Double {
        switch scale {
        case .linear: return t
        case .log: return PortableMath.exp(t)
        case .symlog(let c):
            let v = c * PortableMath.expm1(abs(t))
            return t < 0 ? -v : v
        }
    }

    /// The point position of data value `v` (not clamped).
    @inline(__always)
    func callAsFunction(_ v: Double) -> Double {
        start + (AxisMap.transform(v, scale) - origin) * factor
    }

    /// Whether `v` lies within the axis limits (and is representable on this scale).
    func contains(_ v: Double) -> Bool {
        v >= lower && v <= upper && scale.shows(v)
    }
}

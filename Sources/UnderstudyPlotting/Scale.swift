import UnderstudyDeterminism

/// How data values map to positions along an axis.
public enum Scale: Sendable, Hashable {
    case linear
    /// Base-10 logarithmic; values ≤ 0 cannot be shown and are reported as outside the axes.
    case log
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
        }
    }

    /// The point position of data value `v` (not clamped).
    @inline(__always)
    func callAsFunction(_ v: Double) -> Double {
        start + (AxisMap.transform(v, scale) - origin) * factor
    }

    /// Whether `v` lies within the axis limits (and is representable on this scale).
    func contains(_ v: Double) -> Bool {
        v >= lower && v <= upper && (scale == .linear || v > 0)
    }
}

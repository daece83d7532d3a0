import UnderstudyDeterminism

/// A stadium-shaped loop: two straights of length `straightLength` joined by semicircles of
/// radius `radius`, centred on the origin with the straights parallel to x. A circle is the
/// stadium with `straightLength` 0. The car drives counter-clockwise; arc length is measured
/// from the start point (0, −radius), the middle of the bottom straight.
public struct StadiumTrack: Sendable, Hashable {
    /// Length of each straight (0: a circle).
    public var straightLength: Double
    /// Radius of the two ends.
    public var radius: Double
    /// Half the road's width.
    public var halfWidth: Double

    /// A stadium centred on the origin with its straights along x.
    public init(straightLength: Double, radius: Double, halfWidth: Double) {
        self.straightLength = straightLength
        self.radius = radius
        self.halfWidth = halfWidth
    }

    /// Length of one lap of the centre line: 2L + 2πR.
    public var lapLength: Double { 2 * straightLength + 2 * Double.pi * radius }

    /// Where a point lies relative to the centre line.
    public struct Projection: Sendable, Hashable {
        /// Arc length of the nearest centre-line point from the start, in [0, lapLength).
        public var progress: Double
        /// Signed distance from the centre line: positive outside the loop, negative inside.
        public var offset: Double
        /// Heading of the centre line's direction of travel at the nearest point.
        public var tangentHeading: Double
        /// Signed curvature there (positive: turning left), 1/R on the arcs, 0 on straights.
        public var curvature: Double
    }

    /// The nearest point of the centre line to (x, y). Points equally near two pieces (the
    /// loop's centre on a circle) resolve to the first in the order bottom, right, top, left.
    public func project(x: Double, y: Double) -> Projection {
        let h = straightLength / 2
        let r = radius
        let pi = Double.pi
        var best = Projection(progress: 0, offset: .infinity, tangentHeading: 0, curvature: 0)
        // Straights: nearest point clamped to the segment; the offset is positive outside.
        if straightLength > 0 {
            let cx = min(max(x, -h), h)
            // Bottom straight y = −R, heading east; s from 0 at x = 0.
            let dBottom = distance(x - cx, y + r)
            if dBottom < abs(best.offset) {
                let s = cx >= 0 ? cx : 2 * straightLength + 2 * pi * r + cx
                best = Projection(progress: s, offset: (y <= -r ? dBottom : -dBottom), tangentHeading: 0, curvature: 0)
            }
            // Top straight y = +R, heading west.
            let dTop = distance(x - cx, y - r)
            if dTop < abs(best.offset) {
                best = Projection(progress: h + pi * r + (h - cx), offset: (y >= r ? dTop : -dTop),
                                  tangentHeading: pi, curvature: 0)
            }
        }
        // Right arc centred (h, 0) covers angles [−π/2, π/2]; left arc centred (−h, 0) covers
        // [π/2, 3π/2]. Outside its angular range an arc's nearest point is an end point, which
        // a straight (or, on a circle, the other arc) already covers.
        for side in [1.0, -1.0] {
            let dx = x - side * h
            let rho = distance(dx, y)
            let facesArc = side > 0 ? dx >= 0 : dx <= 0
            guard facesArc || straightLength == 0 else { continue }
            let d = abs(rho - r)
            guard d < abs(best.offset) else { continue }
            var phi = rho > 0 ? PortableMath.atan2(y, dx) : -pi / 2
            let s: Double
            if side > 0 {
                if straightLength == 0 && dx < 0 { continue }
                s = h + r * (phi + pi / 2)
            } else {
                if straightLength == 0 && dx > 0 { continue }
                if phi < 0 { phi += 2 * pi }   // into [π/2, 3π/2]
                s = 3 * h + pi * r + r * (phi - pi / 2)
            }
            best = Projection(progress: s, offset: rho - r, tangentHeading: wrapAngle(phi + pi / 2), curvature: 1 / r)
        }
        if best.progress >= lapLength { best.progress -= lapLength }
        if best.progress < 0 { best.progress += lapLength }
        return best
    }

    /// Signed distance from the centre line, positive outside the loop. The centre line is
    /// the set of points at distance R from the segment [−L/2, L/2] × {0}, so this is that
    /// distance minus R: one square root, no trigonometry (the same value `project` returns).
    @inline(__always)
    public func signedOffset(x: Double, y: Double) -> Double {
        let h = straightLength / 2
        return distance(x - min(max(x, -h), h), y) - radius
    }

    /// True when (x, y) is within `halfWidth` of the centre line.
    @inline(__always)
    public func isOnRoad(x: Double, y: Double) -> Bool {
        abs(signedOffset(x: x, y: y)) <= halfWidth
    }

    /// The centre-line point and heading at arc length `s` (taken modulo the lap).
    public func point(atProgress s: Double) -> (x: Double, y: Double, heading: Double) {
        let h = straightLength / 2
        let r = radius
        let pi = Double.pi
        var s = PortableMath.truncatingRemainder(s, dividingBy: lapLength)
        if s < 0 { s += lapLength }
        if s <= h { return (s, -r, 0) }
        if s <= h + pi * r {
            let phi = (s - h) / r - pi / 2
            return (h + r * PortableMath.cos(phi), r * PortableMath.sin(phi), wrapAngle(phi + pi / 2))
        }
        if s <= 3 * h + pi * r { return (h - (s - h - pi * r), r, pi) }
        if s <= 3 * h + 2 * pi * r {
            let phi = (s - 3 * h - pi * r) / r + pi / 2
            return (-h + r * PortableMath.cos(phi), r * PortableMath.sin(phi), wrapAngle(phi + pi / 2))
        }
        return (s - (3 * h + 2 * pi * r) - h, -r, 0)
    }

    /// A closed polyline (first point repeated last) at signed offset `offset` from the
    /// centre line (positive outside), `count` segments: the road edges are offsets ±halfWidth.
    public func polyline(offset: Double, count: Int = 256) -> [(x: Double, y: Double)] {
        precondition(count >= 3, "a polyline needs at least 3 segments")
        var points: [(x: Double, y: Double)] = []
        points.reserveCapacity(count + 1)
        for i in 0...count {
            let p = point(atProgress: lapLength * Double(i % count) / Double(count))
            // The outward normal is the tangent turned right by 90°: (sin h, −cos h).
            points.append((p.x + offset * PortableMath.sin(p.heading), p.y - offset * PortableMath.cos(p.heading)))
        }
        return points
    }

    /// The two road edges, inner (−halfWidth) and outer (+halfWidth), for figures.
    public func roadEdges(count: Int = 256) -> (inner: [(x: Double, y: Double)], outer: [(x: Double, y: Double)]) {
        (polyline(offset: -halfWidth, count: count), polyline(offset: halfWidth, count: count))
    }
}

@inline(__always)
func distance(_ dx: Double, _ dy: Double) -> Double { (dx * dx + dy * dy).squareRoot() }

/// `a` wrapped into (−π, π].
@inline(__always)
public func wrapAngle(_ a: Double) -> Double {
    let twoPi = 2 * Double.pi
    var r = PortableMath.truncatingRemainder(a, dividingBy: twoPi)   // exact, in (−2π, 2π)
    if r > Double.pi { r -= twoPi } else if r <= -Double.pi { r += twoPi }
    return r
}

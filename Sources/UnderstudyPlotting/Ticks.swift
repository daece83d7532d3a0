/// One labelled tick on an axis.
public struct Tick: Sendable, Equatable {
    /// Position in data units.
    public var value: Double
    /// The printed label, exact in decimal (never `0.30000000000000004`).
    public var label: String
}

/// Major (labelled) and minor (unlabelled) ticks of one axis.
public struct TickSet: Sendable, Equatable {
    public var major: [Tick]
    public var minor: [Double]
}

// MARK: - Public API

/// Chooses "nice" tick positions and formats their labels.
///
/// Linear axes use the Extended Wilkinson algorithm of Talbot, Lin & Hanrahan, "An Extension of
/// Wilkinson's Algorithm for Positioning Tick Labels on Axes" (IEEE InfoVis 2010): it scores
/// candidate sequences `start + i·j·q·10^z`, q ∈ Q = [1, 5, 2, 2.5, 4, 3], by simplicity,
/// coverage and density (weights 0.25, 0.2, 0.5, 0.05) and keeps the best. Ticks are kept as
/// exact decimals (an integer times a power of ten), so labels print the decimal the reader
/// expects and the positions are the nearest doubles to it.
public enum TickLocator {
    /// Nice ticks inside `lower...upper`, aiming at about `target` labelled ticks.
    public static func linear(lower: Double, upper: Double, target: Int) -> TickSet {
        guard lower.isFinite, upper.isFinite, upper > lower else {
            let v = lower.isFinite ? lower : 0
            return TickSet(major: [Tick(value: v, label: TickFormat.shortest(v))], minor: [])
        }
        guard let best = extendedWilkinson(dmin: lower, dmax: upper, m: max(2, target)) else {
            return TickSet(major: [lower, upper].map { Tick(value: $0, label: TickFormat.shortest($0)) }, minor: [])
        }
        return linear(lower: lower, upper: upper, step: best)
    }

    /// Every multiple of the sequence's step inside `lower...upper` (with a hair of tolerance).
    static func linear(lower: Double, upper: Double, step: TickSequence) -> TickSet {
        let size = TickFormat.value(step.stride, exponent: step.exponent)
        let tolerance = (upper - lower) * 1e-9
        var k = Int(((lower - tolerance) / size).rounded(.up))
        var integers: [Int] = []
        while TickFormat.value(k * step.stride, exponent: step.exponent) <= upper + tolerance {
            integers.append(k * step.stride)
            k += 1
        }
        let labels = TickFormat.labels(integers, exponent: step.exponent)
        let major = zip(integers, labels).map { Tick(value: TickFormat.value($0, exponent: step.exponent), label: $1) }
        return TickSet(major: major, minor: [])
    }

    /// Ticks for two axes drawn at the same scale (equal aspect): both use the larger of the
    /// two nice steps, so a grid cell is square.
    static func sharedLinear(x: ClosedRange<Double>, targetX: Int, y: ClosedRange<Double>, targetY: Int) -> (TickSet, TickSet) {
        guard let sx = extendedWilkinson(dmin: x.lowerBound, dmax: x.upperBound, m: max(2, targetX)),
              let sy = extendedWilkinson(dmin: y.lowerBound, dmax: y.upperBound, m: max(2, targetY)) else {
            return (linear(lower: x.lowerBound, upper: x.upperBound, target: targetX),
                    linear(lower: y.lowerBound, upper: y.upperBound, target: targetY))
        }
        // Prefer the larger step; take the smaller if the larger leaves an axis with one tick,
        // unless that crowds the other axis.
        let (large, small) = TickFormat.value(sx.stride, exponent: sx.exponent) >= TickFormat.value(sy.stride, exponent: sy.exponent)
            ? (sx, sy) : (sy, sx)
        for step in [large, small] {
            let tx = linear(lower: x.lowerBound, upper: x.upperBound, step: step)
            let ty = linear(lower: y.lowerBound, upper: y.upperBound, step: step)
            if tx.major.count >= 2, ty.major.count >= 2, tx.major.count <= max(2, targetX) + 2, ty.major.count <= max(2, targetY) + 2 {
                return (tx, ty)
            }
        }
        return (linear(lower: x.lowerBound, upper: x.upperBound, step: sx), linear(lower: y.lowerBound, upper: y.upperBound, step: sy))
    }

    /// Ticks for a logarithmic axis over `lower...upper` (both > 0): labelled decades `10ⁿ`
    /// (every k-th decade when there are more than `target`), minor ticks at 2…9 × 10ⁿ.
    /// Spans of less than two decades fall back to nice linear ticks.
    public static func log(lower: Double, upper: Double, target: Int) -> TickSet {
        guard lower > 0, upper > lower, lower.isFinite, upper.isFinite else {
            return linear(lower: lower, upper: upper, target: target)
        }
        let first = Decimal10.ceilExponent(lower)
        let last = Decimal10.floorExponent(upper)
        let decades = last - first + 1
        guard decades >= 2 else {
            var ticks = linear(lower: lower, upper: upper, target: max(2, target))
            ticks.minor = []
            return ticks
        }
        let every = max(1, (decades + max(2, target) - 1) / max(2, target))
        var major: [Tick] = []
        var e = first
        // Align labelled decades to multiples of `every` so 10⁰ stays labelled when shown.
        while ((e % every) + every) % every != 0 { e += 1 }
        while e <= last {
            major.append(Tick(value: Decimal10.power(e), label: TickFormat.powerOfTen(e)))
            e += every
        }
        var minor: [Double] = []
        if every == 1 {
            for decade in (first - 1)...last {
                for d in 2...9 {
                    let v = TickFormat.value(d, exponent: decade)
                    if v >= lower && v <= upper { minor.append(v) }
                }
            }
        } else {
            for decade in first...last where !major.contains(where: { $0.value == Decimal10.power(decade) }) {
                minor.append(Decimal10.power(decade))
            }
        }
        return TickSet(major: major, minor: minor)
    }

    /// Ticks for a symmetric-log axis: 0 when shown, and the decades beyond `linearWidth` on
    /// either side labelled 10ⁿ (every decade from `linearWidth` up, thinned like `log`).
    public static func symlog(lower: Double, upper: Double, linearWidth: Double, target: Int) -> TickSet {
        guard lower.isFinite, upper.isFinite, upper > lower, linearWidth > 0 else {
            return linear(lower: lower, upper: upper, target: target)
        }
        let positive = upper > linearWidth ? log(lower: max(lower, linearWidth), upper: upper, target: target) : TickSet(major: [], minor: [])
        let negative = lower < -linearWidth ? log(lower: max(-upper, linearWidth), upper: -lower, target: target) : TickSet(major: [], minor: [])
        var major = negative.major.reversed().map { Tick(value: -$0.value, label: "−" + $0.label) }
        if lower <= 0 && upper >= 0 { major.append(Tick(value: 0, label: "0")) }
        major += positive.major
        return TickSet(major: major, minor: negative.minor.map { -$0 } + positive.minor)
    }
}

// MARK: - Implementation details

/// The chosen sequence: tick integers `first, first+stride, …, last`, each times 10^exponent.
struct TickSequence: Sendable, Equatable {
    var first: Int
    var last: Int
    var stride: Int
    var exponent: Int
}

/// Q as integer tenths (1, 5, 2, 2.5, 4, 3), in order of preference.
private let niceTenths = [10, 50, 20, 25, 40, 30]
private let weights = (simplicity: 0.25, coverage: 0.2, density: 0.5, legibility: 0.05)

/// Extended Wilkinson search (Talbot et al. 2010, Algorithm 1), on exact integers.
func extendedWilkinson(dmin: Double, dmax: Double, m: Int) -> TickSequence? {
    let n = Double(niceTenths.count)
    var bestScore = -2.0
    var best: TickSequence?
    let span = dmax - dmin
    let mm = Double(m)

    func coverage(_ lmin: Double, _ lmax: Double) -> Double {
        let a = dmax - lmax, b = dmin - lmin, r = 0.1 * span
        return 1 - 0.5 * (a * a + b * b) / (r * r)
    }
    func coverageMax(_ labelSpan: Double) -> Double {
        guard labelSpan > span else { return 1 }
        let half = (labelSpan - span) / 2, r = 0.1 * span
        return 1 - 0.5 * (2 * half * half) / (r * r)
    }
    func density(_ k: Double, _ lmin: Double, _ lmax: Double) -> Double {
        let r = (k - 1) / (lmax - lmin)
        let rt = (mm - 1) / (max(lmax, dmax) - min(dmin, lmin))
        return 2 - max(r / rt, rt / r)
    }
    func densityMax(_ k: Double) -> Double { k >= mm ? 2 - (k - 1) / (mm - 1) : 1 }

    var j = 1
    search: while j <= 12 {
        for (qi, q) in niceTenths.enumerated() {
            let simplicityMax = 1 - Double(qi) / (n - 1) - Double(j) + 1
            if weights.simplicity * simplicityMax + weights.coverage + weights.density + weights.legibility < bestScore {
                break search
            }
            var k = 2
            while k <= 4 * m + 10 {
                let dm = densityMax(Double(k))
                if weights.simplicity * simplicityMax + weights.coverage + weights.density * dm + weights.legibility < bestScore { break }
                let delta = span / Double(k + 1) / Double(j) / (Double(q) / 10)
                var z = Decimal10.ceilExponent(delta)
                while z < 400 {
                    // step = j·q·10^(z−1) (q in tenths); ticks are integers × 10^(z−1).
                    let unit = Decimal10.power(z - 1)
                    let step = Double(j * q) * unit
                    let cm = coverageMax(step * Double(k - 1))
                    if weights.simplicity * simplicityMax + weights.coverage * cm + weights.density * dm + weights.legibility < bestScore { break }
                    let hi = (dmax / step).rounded(.down) * Double(j) - Double((k - 1) * j)
                    let lo = (dmin / step).rounded(.up) * Double(j)
                    guard abs(hi) < 1e13, abs(lo) < 1e13 else { return nil }
                    var start = Int(hi)
                    let maxStart = Int(lo)
                    if start > maxStart { z += 1; continue }
                    while start <= maxStart {
                        let firstInt = start * q
                        let lastInt = firstInt + (k - 1) * j * q
                        let lmin = TickFormat.value(firstInt, exponent: z - 1)
                        let lmax = TickFormat.value(lastInt, exponent: z - 1)
                        let containsZero = start % j == 0 && firstInt <= 0 && lastInt >= 0
                        let s = 1 - Double(qi) / (n - 1) - Double(j) + (containsZero ? 1 : 0)
                        let score = weights.simplicity * s + weights.coverage * coverage(lmin, lmax)
                            + weights.density * density(Double(k), lmin, lmax) + weights.legibility
                        if score > bestScore {
                            bestScore = score
                            best = TickSequence(first: firstInt, last: lastInt, stride: j * q, exponent: z - 1)
                        }
                        start += 1
                    }
                    z += 1
                }
                k += 1
            }
        }
        j += 1
    }
    return best.map(normalised)
}

/// Removes common factors of ten so labels need the fewest decimals.
private func normalised(_ s: TickSequence) -> TickSequence {
    var s = s
    while s.stride % 10 == 0 && s.first % 10 == 0 {
        s.stride /= 10; s.first /= 10; s.last /= 10; s.exponent += 1
    }
    return s
}

/// Exact powers of ten and decimal exponents, without transcendental functions.
enum Decimal10 {
    /// 10^e as the nearest double (Swift's parser rounds correctly), for −330 ≤ e ≤ 308.
    private static let table: [Double] = (-330...308).map { Double("1e\($0)")! }

    static func power(_ e: Int) -> Double {
        if e < -330 { return 0 }
        if e > 308 { return .infinity }
        return table[e + 330]
    }

    /// The largest e with 10^e ≤ x (x > 0, finite).
    static func floorExponent(_ x: Double) -> Int {
        // Start from the binary exponent (log10 2 ≈ 0.30103) and correct by comparison.
        var e = Int((Double(x.exponent) * 0.30103).rounded(.down))
        while e > -330 && power(e) > x { e -= 1 }
        while e < 308 && power(e + 1) <= x { e += 1 }
        return e
    }

    /// The smallest e with 10^e ≥ x (x > 0, finite).
    static func ceilExponent(_ x: Double) -> Int {
        let e = floorExponent(x)
        return power(e) == x ? e : e + 1
    }
}

/// Label formatting for exact decimal ticks.
enum TickFormat {
    /// The double nearest to n × 10^e.
    static func value(_ n: Int, exponent e: Int) -> Double {
        if e >= 0 { return Double(n) * Decimal10.power(e) }
        if e >= -22 { return Double(n) / Decimal10.power(-e) }   // 10^−e exact: one rounding
        return Double("\(n)e\(e)")!
    }

    /// Labels for the integers `ns` × 10^e, with one shared number of decimals; very large or
    /// very small magnitudes print as `m×10ᵏ` with a shared k.
    static func labels(_ ns: [Int], exponent e: Int) -> [String] {
        guard let biggest = ns.map({ abs($0) }).max(), biggest > 0 else { return ns.map { _ in "0" } }
        let magnitude = String(biggest).count - 1 + e        // decimal exponent of the largest label
        if magnitude >= 6 || magnitude <= -4 {
            let mantissas = fixed(ns, exponent: e - magnitude)
            return zip(ns, mantissas).map { n, m in n == 0 ? "0" : m + "×10" + superscript(magnitude) }
        }
        return fixed(ns, exponent: e)
    }

    /// `ns` × 10^e in fixed notation, all with the fewest decimals that print every one exactly.
    static func fixed(_ ns: [Int], exponent e: Int) -> [String] {
        var decimals = max(0, -e)
        while decimals > 0 && ns.allSatisfy({ $0 % pow10Int(max(0, -e) - decimals + 1) == 0 }) {
            decimals -= 1
        }
        return ns.map { decimal($0, exponent: e, decimals: decimals) }
    }

    /// `n × 10^e` printed with `decimals` decimals (n × 10^e must need no more).
    static func decimal(_ n: Int, exponent e: Int, decimals: Int) -> String {
        if n == 0 { return decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals) }
        var digits = String(n.magnitude)
        if e > 0 { digits += String(repeating: "0", count: e) }
        var places = max(0, -e)
        if places > 0 && digits.count <= places {
            digits = String(repeating: "0", count: places - digits.count + 1) + digits
        }
        while places > decimals, digits.last == "0" { digits.removeLast(); places -= 1 }
        if places > 0 {
            let split = digits.index(digits.endIndex, offsetBy: -places)
            digits = String(digits[..<split]) + "." + String(digits[split...])
        }
        return (n < 0 ? "\u{2212}" : "") + digits
    }

    static func powerOfTen(_ e: Int) -> String { "10" + superscript(e) }

    /// An integer in Unicode superscript digits (precomposed: Cairo does no shaping).
    static func superscript(_ e: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return (e < 0 ? "⁻" : "") + String(String(abs(e)).map { digits[Int(String($0))!] })
    }

    /// Shortest round-trip text, for degenerate axes only.
    static func shortest(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return (v < 0 ? "\u{2212}" : "") + String(Int(abs(v))) }
        let s = "\(abs(v))"
        return (v < 0 ? "\u{2212}" : "") + s
    }

    static func pow10Int(_ k: Int) -> Int {
        var r = 1
        for _ in 0..<k { r *= 10 }
        return r
    }
}


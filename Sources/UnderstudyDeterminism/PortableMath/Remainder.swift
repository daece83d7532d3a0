extension PortableMath {
    /// `a.truncatingRemainder(dividingBy: b)` (C's `fmod`), bit for bit, without the libm call
    /// when |a| < 2|b| — the angles and arc lengths environments wrap every step are nearly
    /// always there. The remainder is exact whatever the route: below |b| it is `a` itself,
    /// and below 2|b| it is a − ±|b|, exact by Sterbenz's lemma (|b| ≤ |a| < 2|b|); fmod's
    /// result carries the sign of `a`, a zero included. Anything else (larger, infinite, NaN,
    /// b = 0) goes to libm.
    @inlinable @inline(__always)
    public static func truncatingRemainder(_ a: Double, dividingBy b: Double) -> Double {
        let m = b.magnitude
        let x = a.magnitude
        if x < m { return a }
        if x < 2 * m { return Double(signOf: a, magnitudeOf: x - m) }
        return a.truncatingRemainder(dividingBy: b)
    }
}

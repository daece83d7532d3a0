import UnderstudyPlotting

/// Colours and marks shared by every figure of a report, so a method looks the same in all of
/// them: the expert is always black (the reference), methods take the Okabe–Ito colours in
/// spec order, skipping black. The first three method colours (blue L* 46, orange 71, bluish
/// green 58) stay apart in grayscale.
enum ReportStyle {
    static let expert = Palette.black

    /// The narrowest figure of a report, in points: the single-metric curves' width. A page
    /// shows figures at their own width, so a narrower one looks like an afterthought and its
    /// title may not fit.
    static let minimumWidth = 720.0
    static let methodColors: [Color] = Palette.series.filter { $0 != Palette.black }

    /// The colour of the method at `index` in the spec.
    static func method(_ index: Int) -> Color {
        methodColors[index % methodColors.count]
    }

    /// Road edges and the dashed centre line.
    static let road = Color(hex: 0x9A9A9A)
    static let centreLine = Color(hex: 0xBDBDBD)
    static let centreDash: [Double] = [5, 4]
    /// Reference lines (the expert's level on curves).
    static let referenceDash: [Double] = [6, 3]
    /// The expert's path on maps, drawn over the methods.
    static let expertDash: [Double] = [5, 3]

    /// Seed 0 bold, the other seeds thin and translucent.
    static let boldWidth = 1.8
    static let thinWidth = 0.7
    static let thinAlpha = 0.35
}

/// Numbers for tables and captions: `digits` significant digits, trailing zeros dropped,
/// scientific notation outside 1e-4…1e6. Computed with exact decimal scaling (IEEE `*`, `/`
/// by powers of ten and `rounded()`), so the same double always prints the same text.
enum NumberText {
    static func significant(_ x: Double, digits: Int = 4) -> String {
        guard x.isFinite else { return x.isNaN ? "–" : (x > 0 ? "∞" : "−∞") }
        if x == 0 { return "0" }
        let negative = x < 0
        let a = abs(x)
        // Decimal exponent e with 10^e ≤ a < 10^(e+1), by comparison (no logarithms).
        var e = 0
        while e < 308, power(e + 1) <= a { e += 1 }
        while e > -308, power(e) > a { e -= 1 }
        var shift = digits - 1 - e
        var n = (shift >= 0 ? a * power(shift) : a / power(-shift)).rounded()
        if n >= power(digits) { n = (n / 10).rounded(); shift -= 1; e += 1 }   // 9.9996 → 10.00
        var mantissa = String(Int64(n))
        let sign = negative ? "−" : ""
        if e < -4 || e >= 6 {
            // d.ddd e±x
            var fraction = String(mantissa.dropFirst())
            while fraction.hasSuffix("0") { fraction.removeLast() }
            let head = String(mantissa.prefix(1)) + (fraction.isEmpty ? "" : "." + fraction)
            return sign + head + "e" + (e < 0 ? "−" : "") + String(abs(e))
        }
        if shift <= 0 {
            mantissa += String(repeating: "0", count: -shift)
            return sign + mantissa
        }
        if mantissa.count <= shift { mantissa = String(repeating: "0", count: shift - mantissa.count + 1) + mantissa }
        var integer = String(mantissa.dropLast(shift))
        var fraction = String(mantissa.suffix(shift))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if integer.isEmpty { integer = "0" }
        return sign + integer + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// 10^k for |k| ≤ 308, exact for 0 ≤ k ≤ 22.
    static func power(_ k: Int) -> Double {
        var p = 1.0
        if k >= 0 { for _ in 0..<k { p *= 10 } } else { for _ in 0..<(-k) { p /= 10 } }
        return p
    }
}

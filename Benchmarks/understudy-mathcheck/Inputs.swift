import UnderstudyDeterminism

/// Where a function's test arguments come from: a mix of uniformly random reals over its typical
/// range, random bit patterns over the binades where its code paths change, any 64-bit pattern
/// at all (NaN payloads, infinities, subnormals), and its special values and thresholds with
/// their neighbours a few ulps away. Every draw comes from a named RandomStream, so a run is
/// reproducible from its seed.
struct InputMix: Sendable {
    /// Uniform reals in [low, high).
    var low: Double
    var high: Double
    /// Unbiased exponents of the random bit patterns (both signs unless `positive`).
    var exponents: ClosedRange<Int>
    var positive = false
    /// Values where the code branches, and known hard cases.
    var specials: [Double] = []

    /// Sixteenths of the draws: 1 any bit pattern, 2 specials (± up to 8 ulps), 6 random bit
    /// patterns in `exponents`, 7 uniform in [low, high).
    func next(_ stream: inout RandomStream) -> Double {
        let bits = stream.nextUInt64()
        switch bits & 15 {
        case 0:
            return Double(bitPattern: stream.nextUInt64())
        case 1, 2:
            let all = specials + Self.common
            let base = all[Int((bits >> 4) % UInt64(all.count))]
            guard base.isFinite, base != 0 else { return base }
            let steps = Int((bits >> 32) & 15) - 8                     // -8 ... 7 ulps
            let moved = Int64(base.bitPattern & ~(1 << 63)) + Int64(steps)
            guard moved > 0, moved < 0x7FF0_0000_0000_0000 else { return base }
            let magnitude = Double(bitPattern: UInt64(moved))
            return base < 0 ? -magnitude : magnitude
        case 3...8:
            let span = UInt64(exponents.upperBound - exponents.lowerBound + 1)
            let e = exponents.lowerBound + Int((bits >> 4) % span)
            let fraction = stream.nextUInt64() & 0x000F_FFFF_FFFF_FFFF
            var v = Double(bitPattern: (UInt64(clamping: e + 1023) << 52) | fraction)
            if e < -1022 { v = Double(bitPattern: fraction >> UInt64(min(52, -1022 - e))) }
            return !positive && bits & (1 << 63) != 0 ? -v : v
        default:
            return stream.uniform(low, high)
        }
    }

    /// Values every function meets: zeros, infinities, NaN, the extremes of the subnormal and
    /// normal ranges, one and two.
    static let common: [Double] = [
        0, -0.0, .infinity, -.infinity, .nan, -.nan, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
        .leastNormalMagnitude, -.leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
        1, -1, 2, -2, 0.5, -0.5,
    ]
}

/// The mixes per function, drawn around the thresholds in PortableMath's code.
enum Mixes {
    static let exp = InputMix(low: -746, high: 710, exponents: -60...10,
                              specials: [-746, -745.13321910194122, -708.39641853226410, 709.78271289338397,
                                         710, 0x1p-54, -0x1p-54, 0x1.62e42fefa39efp-8, 40, -40, 22, 0.25])
    static let log = InputMix(low: 0, high: 1e6, exponents: -1074...1023, positive: true,
                              specials: [1, 0x1.6a09e667f3bcdp+0, 0x1.0p-1022, 0x1p-1074, 0.99, 1.01,
                                         0x1.fffffffffffffp-1, 0x1.0000000000001p+0])
    static let log1p = InputMix(low: -1, high: 100, exponents: -80...60,
                                specials: [-1, 0x1p-54, -0x1p-54, 0.4142135623730951, -0.2928932188134524])
    static let expm1 = InputMix(low: -40, high: 40, exponents: -80...10,
                                specials: [-40, 709.78271289338397, 710, 0x1p-54, -0x1p-54,
                                           0x1.62e42fefa39efp-8, -0x1.62e42fefa39efp-8])
    static let trig = InputMix(low: -20, high: 20, exponents: -30...1023,
                               specials: [0x1p-26, 0x1p-27, 0x1p20, 0x1.921fb54442d18p+0, 0x1.921fb54442d18p+1,
                                          0x1.921fb54442d18p+2, 0x1.6ac5b262ca1ffp+849, 105414350, 2.426265, 0.855469])
    static let tanh = InputMix(low: -25, high: 25, exponents: -40...6,
                               specials: [0x1p-27, 22, 0.25, 0.5493061443340548, 19.0615474653984])
    static let atan = InputMix(low: -20, high: 20, exponents: -40...70,
                               specials: [0x1p-27, 0x1p60, 1, 1.0 / 128, 1.0 / 64, 63.0 / 64, 127.0 / 128])
    static let logistic = InputMix(low: -45, high: 45, exponents: -60...10,
                                   specials: [40, -40, -600, -700, 600, 700, 0x1p-54, 36.7368005696771])
    /// Second arguments of atan2 (x) and pow (y).
    static let atan2X = InputMix(low: -10, high: 10, exponents: -1074...1023)
    static let powX = InputMix(low: 0, high: 100, exponents: -1074...1023, positive: false,
                               specials: [0.5, 3, 10, 0x1.fffffffffffffp-1, 0x1.0000000000001p+0, -3, -0.5])
    static let powY = InputMix(low: -20, high: 20, exponents: -60...64,
                               specials: [0.5, -0.5, 3, -3, 1.0 / 3, 2.7, 1e-300, 0x1p63, 1e10, -1e10, 1024, -1075])
    /// glibcPowf's arguments, as floats (NumPy's float32 square and friends).
    static let powfX = InputMix(low: -4, high: 4, exponents: -149...127)
    static let powfY = InputMix(low: -4, high: 4, exponents: -20...30,
                                specials: [0.5, -0.5, 3, -3, 0.25, 1.5])
}

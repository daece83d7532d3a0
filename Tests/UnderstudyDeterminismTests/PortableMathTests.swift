import Foundation
import XCTest
@testable import UnderstudyDeterminism

/// PortableMath against the correctly rounded reference, C99 Annex F special values,
/// monotonicity and a long-double cross-check (docs/ARCHITECTURE.md, "Determinism rules").
final class PortableMathTests: XCTestCase {
    typealias PM = PortableMath

    static let unary: [(name: String, f: @Sendable (Double) -> Double)] = [
        ("exp", PM.exp), ("log", PM.log), ("log1p", PM.log1p), ("expm1", PM.expm1), ("sin", PM.sin),
        ("cos", PM.cos), ("tanh", PM.tanh), ("atan", PM.atan),
    ]
    static let binary: [(name: String, f: @Sendable (Double, Double) -> Double)] = [
        ("atan2", PM.atan2), ("pow", PM.pow),
    ]

    // MARK: - Reference rows

    func test_everyReferenceRow_isCorrectlyRounded() throws {
        let data = try Data(contentsOf: fixture("math_correctly_rounded.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        func hex(_ s: String) throws -> Double { try XCTUnwrap(Double(s), "bad hex float \(s)") }
        var checked = 0
        for (name, f) in Self.unary {
            let rows = try XCTUnwrap(json[name] as? [[String]], name)
            XCTAssertGreaterThan(rows.count, 1000, name)
            for row in rows {
                let x = try hex(row[0]), want = try hex(row[1])
                XCTAssertEqual(f(x).bitPattern, want.bitPattern, "\(name)(\(row[0])) should be \(row[1])")
                checked += 1
            }
        }
        for (name, f) in Self.binary {
            let rows = try XCTUnwrap(json[name] as? [[String]], name)
            XCTAssertGreaterThan(rows.count, 1000, name)
            for row in rows {
                let a = try hex(row[0]), b = try hex(row[1]), want = try hex(row[2])
                XCTAssertEqual(f(a, b).bitPattern, want.bitPattern, "\(name)(\(row[0]), \(row[1])) should be \(row[2])")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 15_031)
    }

    // MARK: - Special values (C99 Annex F)

    /// Same bits, or both NaN.
    func assertSame(_ got: Double, _ want: Double, _ what: String, line: UInt = #line) {
        if want.isNaN {
            XCTAssertTrue(got.isNaN, "\(what) = \(got), want NaN", line: line)
        } else {
            XCTAssertEqual(got.bitPattern, want.bitPattern, "\(what) = \(got), want \(want)", line: line)
        }
    }

    func test_unaryFunctions_followAnnexFSpecialValues() {
        let inf = Double.infinity, nan = Double.nan, tiny = Double.leastNonzeroMagnitude
        let cases: [(String, (Double) -> Double, Double, Double)] = [
            ("exp", PM.exp, 0, 1), ("exp", PM.exp, -0.0, 1), ("exp", PM.exp, inf, inf), ("exp", PM.exp, -inf, 0),
            ("exp", PM.exp, nan, nan), ("exp", PM.exp, 710, inf), ("exp", PM.exp, -746, 0),
            ("exp", PM.exp, 0x1.62e42fefa39efp+9, 0x1.fffffffffff2ap+1023),
            ("exp", PM.exp, -0x1.74385446d71c3p+9, tiny), ("exp", PM.exp, -0x1.74910d52d3052p+9, 0),
            ("exp", PM.exp, -0x1.6232bdd7abcd2p+9, 0x1.000000000007cp-1022), ("exp", PM.exp, -0x1.625p+9, 0x0.cbb07868c4334p-1022),
            ("log", PM.log, 0, -inf), ("log", PM.log, -0.0, -inf), ("log", PM.log, -1, nan), ("log", PM.log, 1, 0),
            ("log", PM.log, inf, inf), ("log", PM.log, -inf, nan), ("log", PM.log, nan, nan),
            ("log", PM.log, tiny, -0x1.74385446d71c3p+9), ("log", PM.log, .greatestFiniteMagnitude, 0x1.62e42fefa39efp+9),
            ("log1p", PM.log1p, -1, -inf), ("log1p", PM.log1p, -2, nan), ("log1p", PM.log1p, -0.0, -0.0),
            ("log1p", PM.log1p, 0, 0), ("log1p", PM.log1p, inf, inf), ("log1p", PM.log1p, tiny, tiny),
            ("log1p", PM.log1p, -tiny, -tiny), ("log1p", PM.log1p, nan, nan),
            ("expm1", PM.expm1, -0.0, -0.0), ("expm1", PM.expm1, 0, 0), ("expm1", PM.expm1, -inf, -1),
            ("expm1", PM.expm1, inf, inf), ("expm1", PM.expm1, 710, inf), ("expm1", PM.expm1, -tiny, -tiny),
            ("expm1", PM.expm1, nan, nan),
            ("sin", PM.sin, -0.0, -0.0), ("sin", PM.sin, 0, 0), ("sin", PM.sin, inf, nan), ("sin", PM.sin, -inf, nan),
            ("sin", PM.sin, -tiny, -tiny), ("sin", PM.sin, nan, nan),
            ("sin", PM.sin, .greatestFiniteMagnitude, 0x1.452fc98b34e97p-8),
            ("sin", PM.sin, 0x1.6ac5b262ca1ffp+849, 1),                      // the double closest to a
            ("cos", PM.cos, 0x1.6ac5b262ca1ffp+849, -0x1.14ae72e6ba22fp-61),  // multiple of π/2
            ("cos", PM.cos, 0, 1), ("cos", PM.cos, -0.0, 1), ("cos", PM.cos, inf, nan), ("cos", PM.cos, nan, nan),
            ("cos", PM.cos, .greatestFiniteMagnitude, -0x1.fffe62ecfab75p-1),
            ("tanh", PM.tanh, -0.0, -0.0), ("tanh", PM.tanh, inf, 1), ("tanh", PM.tanh, -inf, -1),
            ("tanh", PM.tanh, tiny, tiny), ("tanh", PM.tanh, nan, nan), ("tanh", PM.tanh, 30, 1),
            ("atan", PM.atan, -0.0, -0.0), ("atan", PM.atan, inf, 0x1.921fb54442d18p+0),
            ("atan", PM.atan, -inf, -0x1.921fb54442d18p+0), ("atan", PM.atan, tiny, tiny), ("atan", PM.atan, nan, nan),
            ("atan", PM.atan, 1, 0x1.921fb54442d18p-1),
            ("sigmoid", PM.sigmoid, 0, 0.5), ("sigmoid", PM.sigmoid, inf, 1), ("sigmoid", PM.sigmoid, -inf, 0),
            ("sigmoid", PM.sigmoid, nan, nan), ("sigmoid", PM.sigmoid, -800, 0),
            ("softplus", PM.softplus, inf, inf), ("softplus", PM.softplus, -inf, 0), ("softplus", PM.softplus, 1e300, 1e300),
            ("softplus", PM.softplus, nan, nan), ("softplus", PM.softplus, 0, 0x1.62e42fefa39efp-1),
            ("logSigmoid", PM.logSigmoid, -inf, -inf), ("logSigmoid", PM.logSigmoid, inf, -0.0),
            ("logSigmoid", PM.logSigmoid, -1e300, -1e300), ("logSigmoid", PM.logSigmoid, 0, -0x1.62e42fefa39efp-1),
            ("logSigmoid", PM.logSigmoid, nan, nan),
        ]
        for (name, f, x, want) in cases { assertSame(f(x), want, "\(name)(\(x))") }
    }

    func test_atan2_followsAnnexFQuadrantsAndSignedZeros() {
        let inf = Double.infinity, pi = 0x1.921fb54442d18p+1, half = 0x1.921fb54442d18p+0
        let cases: [(Double, Double, Double)] = [
            (0, 0, 0), (-0.0, 0, -0.0), (0, -0.0, pi), (-0.0, -0.0, -pi), (0, -1, pi), (-0.0, -1, -pi),
            (0, 1, 0), (-0.0, 1, -0.0), (1, 0, half), (1, -0.0, half), (-1, 0, -half), (-1, -0.0, -half),
            (1, -inf, pi), (-1, -inf, -pi), (1, inf, 0), (-1, inf, -0.0), (inf, 1, half), (-inf, 1, -half),
            (inf, -inf, 0x1.2d97c7f3321d2p+1), (-inf, -inf, -0x1.2d97c7f3321d2p+1),
            (inf, inf, 0x1.921fb54442d18p-1), (-inf, inf, -0x1.921fb54442d18p-1),
            (1, 1, 0x1.921fb54442d18p-1), (-1, -1, -0x1.2d97c7f3321d2p+1), (1, -1, 0x1.2d97c7f3321d2p+1),
            (1e300, 1e-300, half), (-1e-300, 1e300, -0.0), (1e-300, -1e300, pi), (0x1p-1074, 1, 0x1p-1074),
            (.nan, 1, .nan), (1, .nan, .nan),
        ]
        for (y, x, want) in cases { assertSame(PM.atan2(y, x), want, "atan2(\(y), \(x))") }
    }

    /// Ratios w just below 1/128 where 64·w + 1/2 still rounds to 1, so the reduction takes
    /// c = 1/64 > 2w and its numerator is not exact by Sterbenz, round correctly (values from
    /// mpmath at 300 bits).
    func test_atan_roundsCorrectlyWhereTheQuotientRoundsOntoATableBoundary() {
        let below1 = 0x1.fffffffffffffp-1
        assertSame(PM.atan(0x1.fffffffffffffp-8), 0x1.fffd555bbba96p-8, "atan(2^-7 - 2^-60)")
        assertSame(PM.atan2(below1, 128), 0x1.fffd555bbba96p-8, "atan2(1 - 2^-53, 128)")
        assertSame(PM.atan2(below1, -128), 0x1.911fb69994f3bp+1, "atan2(1 - 2^-53, -128)")
        assertSame(PM.atan2(128, below1), 0x1.901fb7eee715ep+0, "atan2(128, 1 - 2^-53)")
        assertSame(PM.atan(0x1.0000000000001p+7), 0x1.901fb7eee715ep+0, "atan(128 + 2^-45)")
    }

    func test_pow_followsAnnexFSpecialCases() {
        let inf = Double.infinity, nan = Double.nan
        let cases: [(Double, Double, Double)] = [
            (nan, 0, 1), (nan, -0.0, 1), (inf, 0, 1), (1, nan, 1), (1, inf, 1), (1, -inf, 1),
            (nan, 1, nan), (2, nan, nan), (-1, inf, 1), (-1, -inf, 1),
            (0.5, inf, 0), (0.5, -inf, inf), (2, inf, inf), (2, -inf, 0), (-0.5, inf, 0), (-2, -inf, 0),
            (-inf, -3, -0.0), (-inf, -2, 0), (-inf, -2.5, 0), (-inf, 3, -inf), (-inf, 2, inf), (-inf, 2.5, inf),
            (inf, -1, 0), (inf, 0.5, inf),
            (0, -3, inf), (-0.0, -3, -inf), (-0.0, -2, inf), (-0.0, -2.5, inf), (0, 3, 0), (-0.0, 3, -0.0),
            (-0.0, 2, 0), (-0.0, 0.5, 0),
            (-8, 1.0 / 3, nan), (-2, 3, -8), (-2, -3, -0.125), (-2, 2, 4), (-1, 0x1p60, 1),
            (2, 1024, inf), (-2, 1025, -inf), (2, -1074, 0x1p-1074), (2, -1075, 0), (-2, -1075, -0.0),
            (0.5, 1074, 0x1p-1074), (10, 308, 1e308), (10, -5, 0x1.4f8b588e368f1p-17),
            (4, 0.5, 2), (2, 0.5, 0x1.6a09e667f3bcdp+0), (1 + 0x1p-52, 0x1p62, inf),
            (0x1p-1074, 0x1p-1074, 1), (1.5, 0x1p70, inf), (1.5, -0x1p70, 0), (-1.5, 0x1p70, inf),
        ]
        for (x, y, want) in cases { assertSame(PM.pow(x, y), want, "pow(\(x), \(y))") }
    }

    func test_pow_roundsExactMidpointsToEven() {
        // m³ with 54 significant bits lies exactly halfway between two doubles.
        for m: UInt64 in [262_143, 262_141, 250_001, 230_001] {
            let exact = m * m * m
            XCTAssertEqual(exact.bitWidth - exact.leadingZeroBitCount, 54)
            XCTAssertEqual(PM.pow(Double(m), 3), Double(exact), "pow(\(m), 3)")   // UInt64→Double ties to even
            XCTAssertEqual(PM.pow(-Double(m), 3), -Double(exact), "pow(-\(m), 3)")
        }
        XCTAssertEqual(PM.pow(100_000_001, 2), Double(UInt64(100_000_001) * 100_000_001))
        XCTAssertEqual(PM.pow(3, 33), Double(UInt64(5_559_060_566_555_523)))       // exact, 53 bits
    }

    // MARK: - Monotonicity

    /// Sorted inputs give non-decreasing outputs (after `sign`): 250 000 random points in each
    /// range, each followed by its next three doubles, so neighbouring doubles are compared too.
    func assertMonotone(_ name: String, _ ranges: [ClosedRange<Double>], sign: Double = 1,
                        _ f: (Double) -> Double, line: UInt = #line) {
        var stream = RandomStream(seed: 2024, path: "tests/portable-math/monotone/\(name)")
        let perRange = 250_000 / ranges.count
        for range in ranges {
            var xs: [Double] = []
            xs.reserveCapacity(perRange * 4)
            for _ in 0..<perRange {
                var x = stream.uniform(range.lowerBound, range.upperBound)
                for _ in 0..<4 { xs.append(x); x = x.nextUp }
            }
            xs.sort()
            var previous = -Double.infinity, previousX = -Double.infinity, failures = 0
            for x in xs {
                let y = sign * f(x)
                if y < previous {
                    failures += 1
                    if failures <= 3 { XCTFail("\(name) not monotone: f(\(previousX)) vs f(\(x))", line: line) }
                }
                previous = y; previousX = x
            }
            XCTAssertEqual(failures, 0, "\(name) on \(range)", line: line)
        }
    }

    /// The small-argument series path of tanh must round exactly as the expm1 path it short-cuts
    /// (itself checked against the reference rows): 300,000 inputs over every binade it serves.
    func test_tanhSeriesPath_agreesWithTheExpm1Path() {
        var stream = RandomStream(seed: 7, path: "tests/math/tanh-series")
        var decided = 0
        for i in 0..<300_000 {
            let exponent = -27 + i % 25                            // binades 2^-27 … 2^-3 (< 0.25)
            let a = (1 + stream.nextUniform()) * PM.power2(exponent)
            guard a < 0.25 else { continue }
            if let quick = PM.tanhSmallQuick(a) {
                decided += 1
                XCTAssertEqual(quick.bitPattern, PM.tanhViaExpm1(a).bitPattern, "tanh(\(a))")
            }
            XCTAssertEqual(PM.tanh(-a), -PM.tanh(a))
        }
        XCTAssertGreaterThan(decided, 290_000, "the quick bound (2^-59.5) should decide about 98 % of arguments")
    }

    func test_increasingFunctions_areMonotoneOnMillionsOfInputs() {
        assertMonotone("exp", [-745.2...709.8, -1...1, -1e-3...1e-3], PM.exp)
        assertMonotone("log", [0...1e300, 0...2, 0.99...1.01], PM.log)
        assertMonotone("log1p", [-1...1e10, -0.5...0.5, -1e-4...1e-4], PM.log1p)
        assertMonotone("expm1", [-40...709.8, -1...1, -1e-3...1e-3], PM.expm1)
        assertMonotone("tanh", [-25...25, -1...1, -1e-3...1e-3], PM.tanh)
        assertMonotone("atan", [-1e20...1e20, -10...10, -1...1], PM.atan)
        assertMonotone("sigmoid", [-800...50, -5...5], PM.sigmoid)
        assertMonotone("softplus", [-800...800, -5...5], PM.softplus)
        assertMonotone("logSigmoid", [-800...800, -5...5], PM.logSigmoid)
        assertMonotone("sin", [-0x1.921fb54442d18p+0...0x1.921fb54442d18p+0, 0x1.2d97c7f3321d2p+2...0x1.f6a7a2955385ep+2], PM.sin)
        assertMonotone("cos", [0...0x1.921fb54442d18p+1], sign: -1, PM.cos)
        assertMonotone("pow(x, 2.5)", [0...1e100, 0...2], { PM.pow($0, 2.5) })
        assertMonotone("pow(x, 0.3)", [0...1e300, 0.5...1.5], { PM.pow($0, 0.3) })
        assertMonotone("pow(x, -1.7)", [0...1e100, 0.5...2], sign: -1, { PM.pow($0, -1.7) })
        assertMonotone("atan2(y, 1)", [-1e10...1e10, -2...2], { PM.atan2($0, 1) })
    }

    // MARK: - Cross-check against long double (tests only; the library never calls libm)

    #if arch(x86_64) && canImport(Glibc)
    /// Error in ulps against an x87 long-double reference (64-bit significand, errors near 2^-63),
    /// and the number of results that differ from the reference's rounding where the reference is
    /// decisive (more than 2^-8 ulp from a midpoint).
    func crossCheck(_ name: String, _ n: Int, _ range: ClosedRange<Double>, _ f: (Double) -> Double,
                    _ reference: (Float80) -> Float80, line: UInt = #line) {
        var stream = RandomStream(seed: 2024, path: "tests/portable-math/ulp/\(name)")
        var maxError = 0.0, misrounded = 0
        for _ in 0..<n {
            let x = stream.uniform(range.lowerBound, range.upperBound)
            let got = f(x), ref = reference(Float80(x))
            let nearest = Double(ref)
            guard nearest.isFinite, nearest != 0 else { continue }
            let ulp = Float80(Swift.max(Swift.min(nearest.ulp, Swift.abs(nearest).nextDown.ulp), Double.leastNonzeroMagnitude))
            maxError = Swift.max(maxError, Double(Swift.abs(Float80(got) - ref) / ulp))
            if got != nearest && Swift.abs(Float80(nearest) - ref) / ulp < 0.5 - 1.0 / 256 { misrounded += 1 }
        }
        XCTAssertLessThanOrEqual(maxError, 1, "\(name) max error \(maxError) ulp", line: line)
        XCTAssertEqual(misrounded, 0, "\(name): \(misrounded) results not correctly rounded", line: line)
    }

    func test_errors_areWithinOneUlpAndCorrectlyRoundedAgainstLongDouble() {
        let n = 100_000
        crossCheck("exp", n, -745...709.7, PM.exp, expl)
        crossCheck("exp small", n, -1...1, PM.exp, expl)
        crossCheck("log", n, 1e-300...1e300, PM.log, logl)
        crossCheck("log near 1", n, 0.9...1.1, PM.log, logl)
        crossCheck("log1p", n, -0.999...3, PM.log1p, log1pl)
        crossCheck("log1p small", n, -1e-3...1e-3, PM.log1p, log1pl)
        crossCheck("expm1", n, -40...709, PM.expm1, expm1l)
        crossCheck("expm1 small", n, -1...1, PM.expm1, expm1l)
        crossCheck("sin", n, -10...10, PM.sin, sinl)
        crossCheck("sin large", n, -1e300...1e300, PM.sin, sinl)
        crossCheck("cos", n, -10...10, PM.cos, cosl)
        crossCheck("cos large", n, -1e6...1e6, PM.cos, cosl)
        crossCheck("tanh", n, -20...20, PM.tanh, tanhl)
        crossCheck("tanh small", n, -0.01...0.01, PM.tanh, tanhl)
        crossCheck("atan", n, -3...3, PM.atan, atanl)
        crossCheck("atan large", n, -1e20...1e20, PM.atan, atanl)
        let x2 = Float80(Double(-1.3))
        crossCheck("atan2", n, -5...5, { PM.atan2($0, -1.3) }, { atan2l($0, x2) })
        let y3 = Float80(Double(3.7))
        crossCheck("pow", n, 0...10, { PM.pow($0, 3.7) }, { powl($0, y3) })
        crossCheck("pow negative base", n, -3...0, { PM.pow($0, -3) }, { powl($0, -3) })
        crossCheck("sigmoid", n, -50...50, PM.sigmoid, { 1 / (1 + expl(-$0)) })
        crossCheck("softplus", n, -50...50, PM.softplus, { log1pl(expl($0)) })
        crossCheck("logSigmoid", n, -50...50, PM.logSigmoid, { -log1pl(expl(-$0)) })
    }
    #endif
}

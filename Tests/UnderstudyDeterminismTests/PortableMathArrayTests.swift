import CUnderstudyMath
import XCTest
@testable import UnderstudyDeterminism

/// The short version of `understudy-mathcheck` (docs/ARCHITECTURE.md, "PortableMath"): array
/// forms equal the scalar functions bit for bit, and the scalar functions still return the bits
/// they returned before the array forms existed (digests of their outputs, recorded then).
final class PortableMathArrayTests: XCTestCase {
    typealias PM = PortableMath
    typealias Unary = (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void

    /// Arguments for one function: specials and their neighbours, random bit patterns over
    /// `exponents` (both signs), any bit pattern, and uniform reals in `uniform`.
    static func inputs(_ name: String, _ count: Int, uniform: ClosedRange<Double>, exponents: ClosedRange<Int>,
                       specials: [Double] = []) -> [Double] {
        let common: [Double] = [0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .leastNormalMagnitude,
                                -.leastNormalMagnitude, .greatestFiniteMagnitude, 1, -1, 0.25, 0.5, 2]
        var xs: [Double] = []
        for s in common + specials {
            xs.append(s)
            if s.isFinite { xs += [s.nextUp, s.nextDown, s.nextUp.nextUp, s.nextDown.nextDown] }
        }
        var stream = RandomStream(seed: 11, path: "tests/portable-math/arrays/\(name)")
        let span = UInt64(exponents.count)
        while xs.count < count {
            let b = stream.nextUInt64()
            switch b & 7 {
            case 0:
                xs.append(Double(bitPattern: stream.nextUInt64()))
            case 1, 2, 3:
                let e = exponents.lowerBound + Int((b >> 8) % span)
                let v = Double(sign: b >> 63 == 1 ? .minus : .plus, exponent: e, significand: 1 + stream.nextUniform())
                xs.append(v)
            default:
                xs.append(stream.uniform(uniform.lowerBound, uniform.upperBound))
            }
        }
        return xs
    }

    /// Runs `array` over `xs` in pieces of lengths 1, 2, 3, 7, 64, … (every tail and offset)
    /// and once in place, and compares every element with `scalar`.
    func assertArrayForm(_ name: String, _ xs: [Double], _ array: Unary, _ scalar: (Double) -> Double,
                         line: UInt = #line) {
        var out = [Double](repeating: .nan, count: xs.count)
        let pieces = [1, 2, 3, 7, 64, 255, 1000]
        xs.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                var start = 0, k = 0
                while start < xs.count {
                    let end = Swift.min(xs.count, start + pieces[k % pieces.count])
                    array(UnsafeBufferPointer(rebasing: input[start..<end]),
                          UnsafeMutableBufferPointer(rebasing: output[start..<end]))
                    start = end
                    k += 1
                }
            }
        }
        var inPlace = xs
        inPlace.withUnsafeMutableBufferPointer { buffer in array(UnsafeBufferPointer(buffer), buffer) }
        var wrong = 0
        for (i, x) in xs.enumerated() {
            let want = scalar(x).bitPattern
            if out[i].bitPattern != want || inPlace[i].bitPattern != want {
                wrong += 1
                if wrong <= 3 { XCTFail("\(name)(\(x)) array \(out[i]) in place \(inPlace[i]), scalar \(scalar(x))", line: line) }
            }
        }
        XCTAssertEqual(wrong, 0, "\(name): \(wrong) of \(xs.count) elements differ from the scalar function", line: line)
    }

    static let count = 20_000

    func test_unaryArrayForms_equalTheScalarFunctionsBitForBit() {
        let n = Self.count
        let exp = Self.inputs("exp", n, uniform: -746...710, exponents: -60...10, specials: [-746, 709.78, -745.13, 710])
        let log = Self.inputs("log", n, uniform: 0...1e6, exponents: -1074...1023, specials: [0x1.6a09e667f3bcdp+0])
        let log1p = Self.inputs("log1p", n, uniform: -1...100, exponents: -80...60, specials: [0x1p-54, -0x1p-54])
        let trig = Self.inputs("trig", n, uniform: -20...20, exponents: -30...1023, specials: [0x1p-26, 0x1p-27, 0x1p20])
        let tanh = Self.inputs("tanh", n, uniform: -25...25, exponents: -40...6, specials: [0x1p-27, 22])
        let atan = Self.inputs("atan", n, uniform: -20...20, exponents: -40...70, specials: [0x1p-27, 0x1p60])
        let logistic = Self.inputs("logistic", n, uniform: -45...45, exponents: -60...10,
                                   specials: [40, -40, -600, -700, 600, 700])
        assertArrayForm("exp", exp, { PM.exp($0, into: $1) }, PM.exp)
        assertArrayForm("expm1", exp, { PM.expm1($0, into: $1) }, PM.expm1)
        assertArrayForm("log", log, { PM.log($0, into: $1) }, PM.log)
        assertArrayForm("log1p", log1p, { PM.log1p($0, into: $1) }, PM.log1p)
        assertArrayForm("sin", trig, { PM.sin($0, into: $1) }, PM.sin)
        assertArrayForm("cos", trig, { PM.cos($0, into: $1) }, PM.cos)
        assertArrayForm("tanh", tanh, { PM.tanh($0, into: $1) }, PM.tanh)
        assertArrayForm("atan", atan, { PM.atan($0, into: $1) }, PM.atan)
        assertArrayForm("sigmoid", logistic, { PM.sigmoid($0, into: $1) }, PM.sigmoid)
        assertArrayForm("softplus", logistic, { PM.softplus($0, into: $1) }, PM.softplus)
        assertArrayForm("logSigmoid", logistic, { PM.logSigmoid($0, into: $1) }, PM.logSigmoid)
        assertArrayForm("glibcSin", trig, { PM.glibcSin($0, into: $1) }, PM.glibcSin)
        assertArrayForm("glibcCos", trig, { PM.glibcCos($0, into: $1) }, PM.glibcCos)
    }

    func test_binaryArrayForms_equalTheScalarFunctionsBitForBit() {
        let n = Self.count / 2
        let xs = Self.inputs("atan2/x", n, uniform: -10...10, exponents: -1074...1023)
        let ys = Self.inputs("atan2/y", n, uniform: -10...10, exponents: -1074...1023)
        let bases = Self.inputs("pow/x", n, uniform: 0...100, exponents: -1074...1023, specials: [-3, -0.5, 3])
        let exponents = Self.inputs("pow/y", n, uniform: -20...20, exponents: -60...64, specials: [3, -3, 2.7])
        // Each binary form once as a unary function of the first argument, per second argument
        // list: pairs (a[i], b[i]).
        func check(_ name: String, _ a: [Double], _ b: [Double],
                   _ array: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void,
                   _ scalar: (Double, Double) -> Double) {
            var out = [Double](repeating: .nan, count: a.count)
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    out.withUnsafeMutableBufferPointer { po in
                        var start = 0, k = 0
                        while start < a.count {
                            let end = Swift.min(a.count, start + [1, 2, 3, 7, 64, 255][k % 6])
                            array(UnsafeBufferPointer(rebasing: pa[start..<end]), UnsafeBufferPointer(rebasing: pb[start..<end]),
                                  UnsafeMutableBufferPointer(rebasing: po[start..<end]))
                            start = end
                            k += 1
                        }
                    }
                }
            }
            let wrong = a.indices.filter { out[$0].bitPattern != scalar(a[$0], b[$0]).bitPattern }
            XCTAssertEqual(wrong.count, 0, "\(name): first difference at \(wrong.first.map { "(\(a[$0]), \(b[$0]))" } ?? "")")
        }
        check("atan2", ys, xs, { PM.atan2($0, $1, into: $2) }, PM.atan2)
        check("pow", bases, exponents, { PM.pow($0, $1, into: $2) }, PM.pow)
        check("glibcPow", bases, exponents, { PM.glibcPow($0, $1, into: $2) }, PM.glibcPow)
        let fx = bases.map { Float($0) }, fy = exponents.map { Float($0 / 8) }
        var out = [Float](repeating: 0, count: fx.count)
        fx.withUnsafeBufferPointer { a in
            fy.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { PM.glibcPowf(a, b, into: $0) }
            }
        }
        XCTAssertEqual(fx.indices.filter { out[$0].bitPattern != PM.glibcPowf(fx[$0], fy[$0]).bitPattern }.count, 0,
                       "glibcPowf")
    }

    /// tanh's vectors of lanes: every pattern of two lanes over its paths (tiny, series,
    /// the series' and the quotient's edges at 0.25, quotient, ±1 beyond 22, NaN, infinities)
    /// at every offset and length across the 64-element chunk boundary, out of place and in place.
    func test_tanhArray_everyMixOfPathsInAPair_equalsTheScalarFunction() {
        let kinds: [Double] = [0x1p-30, -0x1p-28, 0.1, -0.2, 0.25.nextDown, 0.25, -0.25.nextUp, 0.7, -3, 21.9,
                               22, 22.nextUp, -40, .nan, .infinity, -.infinity, 0, -0.0]
        var xs: [Double] = []
        for a in kinds { for b in kinds { xs += [a, b] } }
        var stream = RandomStream(seed: 5, path: "tests/portable-math/arrays/tanh-mix")
        for _ in 0..<4000 { xs.append(stream.nextNormal() * 1.5) }       // a network's pre-activations
        for length in [1, 2, 3, 5, 63, 64, 65, 127, 128, 129, 200] {
            let slice = Array(xs.prefix(length))
            assertArrayForm("tanh[\(length)]", slice, { PM.tanh($0, into: $1) }, PM.tanh)
        }
        assertArrayForm("tanh", xs, { PM.tanh($0, into: $1) }, PM.tanh)
        assertArrayForm("tanh, shifted by one", Array(xs.dropFirst()), { PM.tanh($0, into: $1) }, PM.tanh)
    }

    /// The C quick path's two builds (AVX2 with the fma instruction, and portable SSE2 with
    /// Dekker's products) agree bit for bit, outputs and undecided lanes alike (the qemu-Nehalem
    /// runs of understudy-mathcheck check the portable one against the scalar function).
    func test_tanhQuick_avx2AndPortableBuildsAgree() throws {
        guard us_has_avx2_fma() != 0 else { throw XCTSkip("CPU without AVX2 and FMA: only the portable build runs") }
        var stream = RandomStream(seed: 12, path: "tests/portable-math/arrays/tanh-builds")
        var xs = Self.inputs("tanh", 200_000, uniform: -25...25, exponents: -40...6, specials: [0x1p-27, 22])
        for _ in 0..<100_000 { xs.append(stream.nextNormal() * 1.5) }
        var a = [Double](repeating: 0, count: 64), b = a
        var mismatches = 0, undecided = 0
        for start in stride(from: 0, to: xs.count, by: 61) {            // 61: every offset in a vector
            let n = min(61, xs.count - start)
            xs.withUnsafeBufferPointer { x in
                let ma = us_tanh_quick_avx2(x.baseAddress! + start, &a, n)
                let mb = us_tanh_quick_portable(x.baseAddress! + start, &b, n)
                undecided += ma.nonzeroBitCount
                if ma != mb || (0..<n).contains(where: { a[$0].bitPattern != b[$0].bitPattern }) { mismatches += 1 }
            }
        }
        XCTAssertEqual(mismatches, 0)
        XCTAssertLessThan(undecided, xs.count / 100, "the quick path decides all but a few in a thousand")
    }

    /// The lanes must decide most pairs themselves; otherwise the array forms are scalar loops in
    /// disguise (a regression in speed the bit-for-bit checks cannot see).
    func test_laneKernels_decideMostTypicalPairs() {
        var stream = RandomStream(seed: 3, path: "tests/portable-math/arrays/decided")
        var counts: [String: Int] = [:]
        let pairs = 2000
        for _ in 0..<pairs {
            let x = PM.Lanes(stream.uniform(-10, 10), stream.uniform(-10, 10))
            let p = PM.Lanes(stream.uniform(1e-3, 1e3), stream.uniform(1e-3, 1e3))
            func count(_ name: String, _ result: (PM.Lanes, PM.LaneMask)) {
                counts[name, default: 0] += (result.1[0] ? 1 : 0) + (result.1[1] ? 1 : 0)
            }
            count("exp", PM.expLanes(x))
            count("log", PM.logLanes(p))
            count("log1p", PM.log1pLanes(p))
            count("sin", PM.sinOrCosLanes(PM.magnitude(x), negate: x .< 0, quarterTurns: 0,
                                          valid: PM.LaneMask(repeating: true)))
            count("softplus", PM.softplusLanes(x))
            count("sigmoid", PM.sigmoidLanes(x))
            count("atan2", PM.atan2Lanes(x, PM.Lanes(0.3, -0.7)))
        }
        // tanh runs in chunks of 64: count the elements it sent to the scalar code.
        var tanhInputs = (0..<(2 * pairs)).map { _ in stream.uniform(-10, 10) }
        let scalar = tanhInputs.withUnsafeMutableBufferPointer { PM.tanhChunks($0.baseAddress!, $0.baseAddress!, $0.count) }
        counts["tanh"] = 2 * pairs - scalar
        for (name, decided) in counts.sorted(by: { $0.key < $1.key }) {
            XCTAssertGreaterThan(decided, 2 * pairs * 9 / 10, "\(name): lanes decided only \(decided) of \(2 * pairs)")
        }
    }
}

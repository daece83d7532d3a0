import CUnderstudyMath
import Foundation
import XCTest
@testable import UnderstudyDeterminism
#if canImport(Glibc)
import Glibc
#endif

final class GlibcPowTests: XCTestCase {
    /// Rows `x y pow(x, y)` (bit patterns in hex) recorded from glibc's pow on x86-64 with FMA.
    func recordedRows() throws -> [(x: Double, y: Double, expected: Double)] {
        try hexFixtureRows("glibc_pow.txt").map { bits in
            (Double(bitPattern: bits[0]), Double(bitPattern: bits[1]), Double(bitPattern: bits[2]))
        }
    }

    /// Same bits, except that any NaN matches any NaN (NaN payloads are not part of the contract).
    func sameResult(_ a: Double, _ b: Double) -> Bool {
        a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    }

    func test_glibcPow_reproducesEveryRecordedGlibcResult() throws {
        let rows = try recordedRows()
        XCTAssertEqual(rows.count, 3051)
        var mismatches = 0
        for row in rows where !sameResult(PortableMath.glibcPow(row.x, row.y), row.expected) {
            mismatches += 1
            if mismatches <= 5 {
                XCTFail("glibcPow(\(row.x), \(row.y)) = \(PortableMath.glibcPow(row.x, row.y)), glibc \(row.expected)")
            }
        }
        XCTAssertEqual(mismatches, 0)
    }

    func test_glibcPow_ofTwo_differsFromTheExactSquareWhereGlibcDoes() throws {
        let squares = try recordedRows().filter { $0.y == 2 && $0.x.isFinite && abs($0.x) >= 1e-3 && abs($0.x) <= 1e3 }
        let unlikeProduct = squares.filter { $0.expected != $0.x * $0.x }
        XCTAssertEqual(unlikeProduct.count, 801)
        for row in unlikeProduct {
            XCTAssertEqual(PortableMath.glibcPow(row.x, 2).bitPattern, row.expected.bitPattern)
        }
        let x = -0.6759087954887661
        XCTAssertEqual(PortableMath.glibcPow(x, 2), (x * x).nextUp)
    }

    func test_glibcPow_specialCasesFollowC99() {
        let pow: (Double, Double) -> Double = PortableMath.glibcPow
        XCTAssertEqual(pow(.nan, 0), 1)
        XCTAssertEqual(pow(1, .nan), 1)
        XCTAssertEqual(pow(-1, .infinity), 1)
        XCTAssertTrue(pow(-2, 0.5).isNaN)
        XCTAssertEqual(pow(-0.0, -3), -.infinity)
        XCTAssertEqual(pow(0, -2), .infinity)
        XCTAssertEqual(pow(-0.0, 3).bitPattern, (-0.0).bitPattern)
        XCTAssertEqual(pow(-2, 3), -8)
        XCTAssertEqual(pow(10, 400), .infinity)
        XCTAssertEqual(pow(-10, -401).bitPattern, (-0.0).bitPattern)
        XCTAssertEqual(pow(2, -1074), .leastNonzeroMagnitude)
        XCTAssertEqual(pow(0.5, .infinity), 0)
        XCTAssertEqual(pow(0.5, -.infinity), .infinity)
    }

    /// glibc's pow called through a pointer: a direct call with a constant y = 2 is rewritten by
    /// the compiler into x*x, which is exactly what glibc does not compute.
    func libmPow() throws -> @convention(c) (Double, Double) -> Double {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pow") else {
            throw XCTSkip("no pow in the process")
        }
        return unsafeBitCast(symbol, to: (@convention(c) (Double, Double) -> Double).self)
        #else
        throw XCTSkip("glibc only")
        #endif
    }

    func test_glibcPow_matchesThisMachinesGlibcOnAMillionInputs() throws {
        // glibc runs the FMA build only on CPUs with FMA (and AVX2); elsewhere it rounds otherwise.
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = Set(cpuinfo.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
        guard flags.contains("fma") && flags.contains("avx2") else { throw XCTSkip("CPU without FMA/AVX2") }
        let pow = try libmPow()
        let recorded = try recordedRows()
        guard recorded.allSatisfy({ sameResult(pow($0.x, $0.y), $0.expected) }) else {
            throw XCTSkip("this libm's pow differs from the one the fixture was recorded from")
        }
        var stream = RandomStream(seed: 7, path: "tests/glibcPow")
        var mismatches = 0, checked = 0
        func check(_ x: Double, _ y: Double) {
            checked += 1
            if !sameResult(PortableMath.glibcPow(x, y), pow(x, y)) { mismatches += 1 }
        }
        for _ in 0..<250_000 {
            let magnitude = PortableMath.exp(stream.uniform(-6.907755278982137, 6.907755278982137))   // [1e-3, 1e3]
            check(stream.nextUniform() < 0.5 ? -magnitude : magnitude, 2)
            check(stream.uniform(-10, 10), 2)
            check(100 * stream.nextUniformPositive(), stream.uniform(-10, 10))
            check(stream.uniform(-10, 10), Double(stream.nextInt(in: -40...40)))
        }
        XCTAssertEqual(checked, 1_000_000)
        XCTAssertEqual(mismatches, 0)
    }

    /// The kernel's two builds, the fma instruction's and libm's software fma, agree bit for bit
    /// (the qemu-Nehalem runs of understudy-mathcheck check the portable one on its own).
    func test_glibcPow_fmaAndPortableBuildsAgree() throws {
        guard us_glibc_has_fma() != 0 else { throw XCTSkip("CPU without FMA: only the portable build runs") }
        var stream = RandomStream(seed: 11, path: "tests/glibcPow/builds")
        var inputs = try recordedRows().map { ($0.x, $0.y) }
        for _ in 0..<50_000 {
            inputs.append((100 * stream.nextUniformPositive(), stream.uniform(-20, 20)))
            inputs.append((stream.uniform(-3, 3), 2))
            inputs.append((Double(bitPattern: stream.nextUInt64()), Double(bitPattern: stream.nextUInt64())))
        }
        let mismatches = inputs.filter { us_glibc_pow_fma($0.0, $0.1).bitPattern != us_glibc_pow_portable($0.0, $0.1).bitPattern }
        XCTAssertEqual(mismatches.count, 0)
    }
}

import CUnderstudyMath
import Foundation
import XCTest
@testable import UnderstudyDeterminism
#if canImport(Glibc)
import Glibc
#endif

final class GlibcPowfTests: XCTestCase {
    /// Rows `x y powf(x, y)` (float bit patterns in hex) recorded from glibc on x86-64 with FMA.
    func recordedRows() throws -> [(x: Float, y: Float, expected: Float)] {
        try hexFixtureRows("glibc_powf.txt").map { bits in
            (Float(bitPattern: UInt32(bits[0])), Float(bitPattern: UInt32(bits[1])), Float(bitPattern: UInt32(bits[2])))
        }
    }

    func sameResult(_ a: Float, _ b: Float) -> Bool {
        a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    }

    func test_glibcPowf_reproducesEveryRecordedGlibcResult() throws {
        let rows = try recordedRows()
        XCTAssertEqual(rows.count, 2676)
        var mismatches = 0
        for row in rows where !sameResult(PortableMath.glibcPowf(row.x, row.y), row.expected) {
            mismatches += 1
            if mismatches <= 5 {
                XCTFail("glibcPowf(\(row.x), \(row.y)) = \(PortableMath.glibcPowf(row.x, row.y)), glibc \(row.expected)")
            }
        }
        XCTAssertEqual(mismatches, 0)
    }

    /// NumPy's float32 `u**2` (Pendulum's torque cost) is powf(u, 2), which is not always u*u.
    func test_glibcPowf_ofTwo_differsFromTheFloatSquareWhereGlibcDoes() throws {
        let squares = try recordedRows().filter { $0.y == 2 && $0.x.isFinite && abs($0.x) <= 2.5 }
        let unlikeProduct = squares.filter { $0.expected != $0.x * $0.x }
        XCTAssertEqual(unlikeProduct.count, 600)
        for row in unlikeProduct {
            XCTAssertEqual(PortableMath.glibcPowf(row.x, 2).bitPattern, row.expected.bitPattern)
        }
    }

    func test_glibcPowf_specialCasesFollowC99() {
        let pow: (Float, Float) -> Float = PortableMath.glibcPowf
        XCTAssertEqual(pow(.nan, 0), 1)
        XCTAssertEqual(pow(1, .nan), 1)
        XCTAssertEqual(pow(-1, .infinity), 1)
        XCTAssertTrue(pow(-2, 0.5).isNaN)
        XCTAssertEqual(pow(-0.0, -3), -.infinity)
        XCTAssertEqual(pow(-2, 3), -8)
        XCTAssertEqual(pow(10, 40), .infinity)
        XCTAssertEqual(pow(-10, -47).bitPattern, (-0.0 as Float).bitPattern)
        XCTAssertEqual(pow(2, -149), .leastNonzeroMagnitude)
    }

    func test_glibcPowf_matchesThisMachinesGlibcOnAMillionInputs() throws {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = Set(cpuinfo.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
        guard flags.contains("fma") && flags.contains("avx2") else { throw XCTSkip("CPU without FMA/AVX2") }
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "powf") else { throw XCTSkip("no powf") }
        let powf = unsafeBitCast(symbol, to: (@convention(c) (Float, Float) -> Float).self)
        #else
        throw XCTSkip("glibc only")
        #endif
        guard try recordedRows().allSatisfy({ sameResult(powf($0.x, $0.y), $0.expected) }) else {
            throw XCTSkip("this libm's powf differs from the one the fixture was recorded from")
        }
        var stream = RandomStream(seed: 7, path: "tests/glibcPowf")
        var mismatches = 0, checked = 0
        func check(_ x: Float, _ y: Float) {
            checked += 1
            if !sameResult(PortableMath.glibcPowf(x, y), powf(x, y)) { mismatches += 1 }
        }
        for _ in 0..<250_000 {
            check(Float(stream.uniform(-2.5, 2.5)), 2)
            check(Float(bitPattern: stream.nextUInt32()), 2)
            check(Float(100 * stream.nextUniformPositive()), Float(stream.uniform(-10, 10)))
            check(Float(bitPattern: stream.nextUInt32()), Float(bitPattern: stream.nextUInt32()))
        }
        XCTAssertEqual(checked, 1_000_000)
        XCTAssertEqual(mismatches, 0)
    }

    /// The kernel's two builds, the fma instruction's and libm's software fma, agree bit for bit
    /// (the qemu-Nehalem runs of understudy-mathcheck check the portable one on its own).
    func test_glibcPowf_fmaAndPortableBuildsAgree() throws {
        guard us_glibc_has_fma() != 0 else { throw XCTSkip("CPU without FMA: only the portable build runs") }
        var stream = RandomStream(seed: 11, path: "tests/glibcPowf/builds")
        var inputs = try recordedRows().map { ($0.x, $0.y) }
        for _ in 0..<50_000 {
            inputs.append((Float(100 * stream.nextUniformPositive()), Float(stream.uniform(-10, 10))))
            inputs.append((Float(bitPattern: stream.nextUInt32()), 2))
            inputs.append((Float(bitPattern: stream.nextUInt32()), Float(bitPattern: stream.nextUInt32())))
        }
        let mismatches = inputs.filter { us_glibc_powf_fma($0.0, $0.1).bitPattern != us_glibc_powf_portable($0.0, $0.1).bitPattern }
        XCTAssertEqual(mismatches.count, 0)
    }

    /// glibcPowf's x² fast path gives the kernel's float for every x in [1, 2): every significand,
    /// squares of both binades. (`understudy-mathcheck glibcPowfSquare --count 4294967296` checks
    /// every float, which takes minutes.)
    func test_glibcPowf_squareFastPathEqualsTheKernel() {
        var mismatches = 0, fast = 0
        for bits in Float(1).bitPattern..<Float(2).bitPattern {
            let x = Float(bitPattern: bits)
            if PortableMath.glibcPowfSquare(x) != nil { fast += 1 }
            if PortableMath.glibcPowf(x, 2).bitPattern != us_glibc_powf(x, 2).bitPattern { mismatches += 1 }
        }
        XCTAssertEqual(mismatches, 0)
        XCTAssertGreaterThan(fast, (1 << 23) * 99 / 100)      // all but about 1/128 (8321899 of 2^23)
    }
}

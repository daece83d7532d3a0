import CUnderstudyMath
import Foundation
import XCTest
@testable import UnderstudyDeterminism
#if canImport(Glibc)
import Glibc
#endif

final class GlibcSinCosTests: XCTestCase {
    /// Rows `x sin(x) cos(x)` (bit patterns in hex) recorded from glibc on x86-64 with FMA.
    func recordedRows() throws -> [(x: Double, sin: Double, cos: Double)] {
        try hexFixtureRows("glibc_sincos.txt").map { bits in
            (Double(bitPattern: bits[0]), Double(bitPattern: bits[1]), Double(bitPattern: bits[2]))
        }
    }

    /// Same bits, except that any NaN matches any NaN (NaN payloads are not part of the contract).
    func sameResult(_ a: Double, _ b: Double) -> Bool {
        a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    }

    func test_glibcSinCos_reproduceEveryRecordedGlibcResult() throws {
        let rows = try recordedRows()
        XCTAssertEqual(rows.count, 3775)
        var mismatches = 0
        for row in rows {
            let s = PortableMath.glibcSin(row.x), c = PortableMath.glibcCos(row.x)
            if !sameResult(s, row.sin) || !sameResult(c, row.cos) {
                mismatches += 1
                if mismatches <= 5 {
                    XCTFail("x = \(row.x): glibcSin \(s), glibc \(row.sin); glibcCos \(c), glibc \(row.cos)")
                }
            }
        }
        XCTAssertEqual(mismatches, 0)
    }

    /// The fixture holds many inputs where glibc is not correctly rounded; there the glibc
    /// versions must follow glibc, not the correctly rounded `PortableMath.sin/cos`.
    func test_glibcSinCos_followGlibcWhereItIsNotCorrectlyRounded() throws {
        let rows = try recordedRows().filter { $0.x.isFinite }
        let sinRows = rows.filter { $0.sin != PortableMath.sin($0.x) }
        let cosRows = rows.filter { $0.cos != PortableMath.cos($0.x) }
        XCTAssertEqual(sinRows.count, 944)
        XCTAssertEqual(cosRows.count, 967)
        for row in sinRows { XCTAssertEqual(PortableMath.glibcSin(row.x).bitPattern, row.sin.bitPattern) }
        for row in cosRows { XCTAssertEqual(PortableMath.glibcCos(row.x).bitPattern, row.cos.bitPattern) }
        // The Acrobot-v1 inputs that made the correctly rounded port diverge.
        XCTAssertEqual(PortableMath.glibcSin(-0.11328394257702154), -0.11304179778075824)
        XCTAssertEqual(PortableMath.sin(-0.11328394257702154), -0.11304179778075822)
        XCTAssertEqual(PortableMath.glibcCos(-1.4414332751506058), 0.12900254264812172)
        XCTAssertEqual(PortableMath.cos(-1.4414332751506058), 0.12900254264812170)
    }

    func test_glibcSinCos_specialValuesAndTinyArguments() {
        XCTAssertEqual(PortableMath.glibcSin(0).bitPattern, (0.0).bitPattern)
        XCTAssertEqual(PortableMath.glibcSin(-0.0).bitPattern, (-0.0).bitPattern)
        XCTAssertEqual(PortableMath.glibcCos(-0.0), 1)
        XCTAssertEqual(PortableMath.glibcSin(0x1p-27), 0x1p-27)
        XCTAssertEqual(PortableMath.glibcSin(-.leastNonzeroMagnitude), -.leastNonzeroMagnitude)
        XCTAssertEqual(PortableMath.glibcCos(0x1p-28), 1)
        for x in [Double.infinity, -.infinity, .nan] {
            XCTAssertTrue(PortableMath.glibcSin(x).isNaN)
            XCTAssertTrue(PortableMath.glibcCos(x).isNaN)
        }
        XCTAssertEqual(PortableMath.glibcSin(-1e300), -PortableMath.glibcSin(1e300))
        XCTAssertEqual(PortableMath.glibcCos(-1e300), PortableMath.glibcCos(1e300))
    }

    /// glibc's sin and cos called through pointers, so the compiler cannot fold or rewrite them.
    func libm(_ name: String) throws -> @convention(c) (Double) -> Double {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
            throw XCTSkip("no \(name) in the process")
        }
        return unsafeBitCast(symbol, to: (@convention(c) (Double) -> Double).self)
        #else
        throw XCTSkip("glibc only")
        #endif
    }

    func test_glibcSinCos_matchThisMachinesGlibcOnAMillionInputs() throws {
        // glibc runs the FMA build only on CPUs with FMA (and AVX2); elsewhere it rounds otherwise.
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = Set(cpuinfo.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
        guard flags.contains("fma") && flags.contains("avx2") else { throw XCTSkip("CPU without FMA/AVX2") }
        let sin = try libm("sin"), cos = try libm("cos")
        let recorded = try recordedRows()
        guard recorded.allSatisfy({ sameResult(sin($0.x), $0.sin) && sameResult(cos($0.x), $0.cos) }) else {
            throw XCTSkip("this libm's sin/cos differ from the ones the fixture was recorded from")
        }
        var stream = RandomStream(seed: 7, path: "tests/glibcSinCos")
        var mismatches = 0, checked = 0
        func check(_ x: Double) {
            checked += 1
            if !sameResult(PortableMath.glibcSin(x), sin(x)) || !sameResult(PortableMath.glibcCos(x), cos(x)) {
                mismatches += 1
            }
        }
        func signed(_ m: Double) -> Double { stream.nextUniform() < 0.5 ? -m : m }
        for _ in 0..<250_000 {
            check(stream.uniform(-10, 10))
            check(signed(PortableMath.exp(stream.uniform(-20.79, 18.52))))       // [2^-30, 1.1e8]
            check(signed(PortableMath.exp(stream.uniform(18.42, 690.8))))        // [1e8, 1e300]
            var bits: Double
            repeat { bits = Double(bitPattern: stream.nextUInt64()) } while !bits.isFinite
            check(bits)
        }
        XCTAssertEqual(checked, 1_000_000)
        XCTAssertEqual(mismatches, 0)
    }

    /// The kernel's two builds, the fma instruction's and libm's software fma, agree bit for bit
    /// (the qemu-Nehalem runs of understudy-mathcheck check the portable one on its own).
    func test_glibcSinCos_fmaAndPortableBuildsAgree() throws {
        guard us_glibc_has_fma() != 0 else { throw XCTSkip("CPU without FMA: only the portable build runs") }
        var stream = RandomStream(seed: 11, path: "tests/glibcSinCos/builds")
        var inputs = try recordedRows().map(\.x)
        for _ in 0..<100_000 {
            inputs.append(stream.uniform(-10, 10))
            inputs.append(Double(bitPattern: stream.nextUInt64()))
        }
        var mismatches = 0
        for x in inputs {
            if us_glibc_sin_fma(x).bitPattern != us_glibc_sin_portable(x).bitPattern { mismatches += 1 }
            if us_glibc_cos_fma(x).bitPattern != us_glibc_cos_portable(x).bitPattern { mismatches += 1 }
        }
        XCTAssertEqual(mismatches, 0)
    }
}

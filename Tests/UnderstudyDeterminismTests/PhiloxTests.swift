import XCTest
@testable import UnderstudyDeterminism

final class PhiloxTests: XCTestCase {
    /// Rows `philox4x32 10 c0 c1 c2 c3 k0 k1 e0 e1 e2 e3` of a known-answer file.
    func knownAnswers(_ name: String) throws -> [(counter: SIMD4<UInt32>, key: SIMD2<UInt32>, expected: SIMD4<UInt32>)] {
        let text = try String(contentsOf: fixture(name), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line in
            let w = line.split(separator: " ").dropFirst(2).map { UInt32($0, radix: 16)! }
            return (SIMD4(w[0], w[1], w[2], w[3]), SIMD2(w[4], w[5]), SIMD4(w[6], w[7], w[8], w[9]))
        }
    }

    func test_block_reproducesEveryRandom123KnownAnswer() throws {
        let rows = try knownAnswers("philox4x32_kat.txt")
        XCTAssertEqual(rows.count, 5)
        for row in rows {
            XCTAssertEqual(Philox4x32.block(counter: row.counter, key: row.key), row.expected)
        }
    }

    func test_block_matchesAnIndependentImplementation() throws {
        let rows = try knownAnswers("philox4x32_extra.txt")
        XCTAssertEqual(rows.count, 8)
        for row in rows {
            XCTAssertEqual(Philox4x32.block(counter: row.counter, key: row.key), row.expected)
        }
    }

    func test_stream_wordsAreTheBlocksOfItsCounterInOrder() {
        var s = RandomStream(seed: 0x0123_4567_89ab_cdef, path: "a/b")
        XCTAssertEqual(s.key, SIMD2(0x89ab_cdef, 0x0123_4567))
        for block in 0..<3 as Range<UInt64> {
            let expected = Philox4x32.block(counter: s.counter(ofBlock: block), key: s.key)
            for i in 0..<4 { XCTAssertEqual(s.nextUInt32(), expected[i]) }
        }
        let c = s.counter(ofBlock: 0x1_0000_0002)
        XCTAssertEqual(c.x, 2)
        XCTAssertEqual(c.y, 1)
        let h = RandomStream.hash("a/b")
        XCTAssertEqual(c.z, UInt32(truncatingIfNeeded: h))
        XCTAssertEqual(c.w, UInt32(truncatingIfNeeded: h >> 32))
    }

    func test_pathHash_isTheFirst64BitsOfSHA256() {
        // sha256("abc") = ba7816bf8f01cfea414140de5dae2223…
        XCTAssertEqual(RandomStream.hash("abc"), 0xba78_16bf_8f01_cfea)
    }
}

/// The URL of a fixture file beside the tests.
func fixture(_ name: String, file: StaticString = #filePath) -> URL {
    URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
}

/// The rows of a fixture of hex words (one record per line, words separated by spaces, `#`
/// comments and blank lines skipped), as recorded from glibc for the compatibility kernels.
func hexFixtureRows(_ name: String) throws -> [[UInt64]] {
    let text = try String(contentsOf: fixture(name), encoding: .utf8)
    return text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line in
        line.split(separator: " ").map { UInt64($0, radix: 16)! }
    }
}

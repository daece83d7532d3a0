import XCTest
@testable import UnderstudyDeterminism

final class SHA256Tests: XCTestCase {
    func test_nistExamples() {
        XCTAssertEqual(Digest.sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(Digest.sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(Digest.sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(Digest.sha256Hex([UInt8](repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every message length around the padding boundaries (55, 56, 63, 64 bytes) agrees with
    /// one-shot hashing when fed in pieces.
    func test_incrementalUpdates_matchOneShot_acrossPaddingBoundaries() {
        for n in 0..<130 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            var h = SHA256()
            h.update(bytes.prefix(n / 3))
            h.update(bytes.dropFirst(n / 3))
            XCTAssertEqual(h.finalize(), SHA256.hash(bytes), "length \(n)")
        }
        // Known: 56 'a's crosses into a second padding block.
        XCTAssertEqual(Digest.sha256Hex(String(repeating: "a", count: 56)),
                       "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    }
}

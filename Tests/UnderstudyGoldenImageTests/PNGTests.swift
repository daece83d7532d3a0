import CUnderstudyZlib
import UnderstudyGoldenImage
import XCTest

final class PNGTests: XCTestCase {
    func test_encodeThenDecodeRoundTripsOpaqueAndTranslucentPixels() throws {
        var image = RGBAImage(width: 5, height: 3, fill: RGBA(10, 20, 30))
        image[1, 1] = RGBA(200, 100, 50, 255)
        XCTAssertEqual(try RGBAImage(pngData: image.pngData()), image)
        // Translucent pixels survive when representable after cairo's premultiplication.
        image[2, 2] = RGBA(255, 0, 0, 128)
        image[3, 2] = RGBA(0, 0, 0, 0)
        XCTAssertEqual(try RGBAImage(pngData: image.pngData()), image)
    }

    func test_encodingIsByteStable() throws {
        let image = try Fixture.image("figure-small-a.png")
        let first = try image.pngData()
        XCTAssertEqual(first, try image.pngData())
        XCTAssertEqual(Array(first[0..<8]), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    func test_missingFileIsAClearError() {
        XCTAssertThrowsError(try RGBAImage(contentsOfPNG: "/nonexistent/dir/missing.png")) { error in
            XCTAssertEqual((error as? GoldenImageError)?.message,
                           "error: /nonexistent/dir/missing.png: cannot read (No such file or directory)")
        }
    }

    func test_notAPNGIsAClearError() {
        XCTAssertThrowsError(try RGBAImage(pngData: Array("hello, world".utf8), name: "a.png")) { error in
            XCTAssertEqual((error as? GoldenImageError)?.message,
                           "error: a.png: not a PNG image (no PNG signature in the first 8 bytes)")
        }
        XCTAssertThrowsError(try RGBAImage(pngData: [], name: "empty.png")) { error in
            XCTAssertEqual((error as? GoldenImageError)?.message, "error: empty.png: not a PNG image (the file is empty)")
        }
    }

    func test_truncatedPNGIsAClearError() throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Fixture.path("figure-small-a.png"))))
        XCTAssertThrowsError(try RGBAImage(pngData: Array(bytes[0..<5000]), name: "cut.png")) { error in
            XCTAssertEqual((error as? GoldenImageError)?.message, "error: cut.png: not a PNG image (truncated: "
                           + "the IDAT chunk at byte 33 needs 14245 bytes of data but the file ends after 5000)")
        }
        for length in [8, 20, 40, bytes.count / 2, bytes.count - 1, bytes.count - 12] {
            XCTAssertThrowsError(try RGBAImage(pngData: Array(bytes[0..<length]), name: "cut.png"), "length \(length)") { error in
                let message = (error as? GoldenImageError)?.message ?? ""
                XCTAssertTrue(message.hasPrefix("error: cut.png: not a PNG image ("), message)
                XCTAssertFalse(message.contains("\n"))
            }
        }
    }

    func test_corruptPNGIsAClearError() throws {
        let original = try Array(Data(contentsOf: URL(fileURLWithPath: Fixture.path("figure-small-a.png"))))
        var bytes = original
        for i in 60..<120 { bytes[i] ^= 0x5A }   // inside the IDAT chunk (data starts at byte 41)
        XCTAssertThrowsError(try RGBAImage(pngData: bytes, name: "bad.png")) { error in
            XCTAssertEqual((error as? GoldenImageError)?.message,
                           "error: bad.png: not a PNG image (corrupt: CRC mismatch in the IDAT chunk at byte 33)")
        }
        // The same damage with a recomputed CRC gets past the chunk check; libpng rejects the data.
        let idatLength = Int(bytes[33]) << 24 | Int(bytes[34]) << 16 | Int(bytes[35]) << 8 | Int(bytes[36])
        let crc = bytes.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: crc32(0, $0.baseAddress! + 37, uInt(idatLength + 4))) }
        let crcAt = 41 + idatLength
        bytes[crcAt] = UInt8(crc >> 24); bytes[crcAt + 1] = UInt8((crc >> 16) & 0xFF)
        bytes[crcAt + 2] = UInt8((crc >> 8) & 0xFF); bytes[crcAt + 3] = UInt8(crc & 0xFF)
        XCTAssertThrowsError(try RGBAImage(pngData: bytes, name: "bad.png")) { error in
            let message = (error as? GoldenImageError)?.message ?? ""
            XCTAssertTrue(message.hasPrefix("error: bad.png: not a PNG image (corrupt"), message)
        }
    }

    /// A valid chunk structure whose header declares 60000 × 60000 pixels over a few bytes of
    /// image data: refused at once, without the 14 GB its rows would take, even with no pixel limit.
    func test_aHugeHeaderOverTooLittleData_isRefusedBeforeAllocating() throws {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            let crc = body.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: crc32(0, $0.baseAddress!, uInt(body.count))) }
            return be(UInt32(data.count)) + body + be(crc)
        }
        var idat = [UInt8](repeating: 0, count: 64)
        var idatLength = uLongf(idat.count)
        let zeros = [UInt8](repeating: 0, count: 1000)
        XCTAssertEqual(compress(&idat, &idatLength, zeros, uLong(zeros.count)), Z_OK)
        let png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", be(60_000) + be(60_000) + [8, 6, 0, 0, 0])
            + chunk("IDAT", Array(idat[0..<Int(idatLength)])) + chunk("IEND", [])
        XCTAssertThrowsError(try RGBAImage(pngData: png, name: "bomb.png")) { error in
            let message = (error as? GoldenImageError)?.message ?? ""
            XCTAssertTrue(message.hasPrefix("error: bomb.png: not a PNG image (corrupt image data: "), message)
            XCTAssertTrue(message.contains("cannot hold the 14400060000 bytes"), message)
        }
    }
}

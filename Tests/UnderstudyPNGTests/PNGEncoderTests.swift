import XCTest
import UnderstudyGoldenImage
import UnderstudyPNG

/// The one PNG encoder: both pixel layouts decode to their pixels, the layout is the only
/// difference (the same opaque pixels give the same bytes), and an empty image is a clear error.
final class PNGEncoderTests: XCTestCase {
    func test_png_ofATranslucentTallImage_keepsItsPixels() throws {
        // 300 rows: two deflate bands; alpha 0 or 255, which straight-alpha RGBA keeps exactly.
        let (width, height) = (50, 300)
        var pixels = [UInt32](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width where (x * 7 + y * 3) % 5 != 0 {
                pixels[y * width + x] = 0xFF00_0000 | UInt32((x * 5) & 0xFF) << 16 | UInt32(y & 0xFF) << 8 | UInt32((x ^ y) & 0xFF)
            }
        }
        let png = try pixels.withUnsafeBytes { raw in
            try PNGEncoder.encode(PremultipliedARGB32Rows(pixels: raw.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                                          width: width, height: height, stride: 4 * width))
        }
        XCTAssertEqual(png[25], 6, "colour type RGBA")
        let decoded = try RGBAImage(pngData: png)
        XCTAssertEqual(decoded.width, width)
        for y in 0..<height {
            for x in 0..<width {
                let p = pixels[y * width + x], q = decoded[x, y]
                let expected = p >> 24 == 0 ? RGBA(0, 0, 0, 0) : RGBA(UInt8(p >> 16 & 0xFF), UInt8(p >> 8 & 0xFF), UInt8(p & 0xFF))
                guard q == expected else { return XCTFail("pixel (\(x), \(y)): \(q), expected \(expected)") }
            }
        }
    }

    func test_png_ofAnEmptyImage_isAClearError() {
        let pixel: [UInt8] = [0, 0, 0, 0]
        XCTAssertThrowsError(try pixel.withUnsafeBufferPointer { buffer in
            try PNGEncoder.encode(PremultipliedARGB32Rows(pixels: buffer.baseAddress!, width: 1, height: 0, stride: 4))
        }) { error in XCTAssertTrue("\(error)".contains("at least one pixel"), "\(error)") }
    }

    func test_bothLayouts_ofTheSamePixels_giveTheSameBytes() throws {
        // Tall enough for two bands; one image opaque (RGB), one with alpha 0 and 255 (RGBA).
        for opaque in [true, false] {
            let (width, height) = (37, 301)
            var words = [UInt32](repeating: 0, count: width * height)
            var rgba = [UInt8](repeating: 0, count: width * height * 4)
            for y in 0..<height {
                for x in 0..<width {
                    let clear = !opaque && (x + 2 * y) % 7 == 0
                    let (r, g, b) = (UInt8((x * 5) & 0xFF), UInt8((y / 3) & 0xFF), UInt8((x ^ y) & 0xFF))
                    guard !clear else { continue }
                    words[y * width + x] = 0xFF00_0000 | UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
                    rgba.replaceSubrange((y * width + x) * 4..<(y * width + x + 1) * 4, with: [r, g, b, 255])
                }
            }
            let fromARGB = try words.withUnsafeBytes { raw in
                try PNGEncoder.encode(PremultipliedARGB32Rows(pixels: raw.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                                              width: width, height: height, stride: 4 * width))
            }
            let fromRGBA = try PNGEncoder.encode(RGBARows(bytes: rgba, width: width, height: height))
            XCTAssertEqual(fromARGB, fromRGBA, opaque ? "opaque" : "with alpha")
            XCTAssertEqual(fromARGB[25], opaque ? 2 : 6, "colour type")
            XCTAssertEqual(try RGBAImage(pngData: fromRGBA), RGBAImage(width: width, height: height, pixels: rgba))
        }
    }
}

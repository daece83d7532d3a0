import CUnderstudyCairo
import Foundation
import UnderstudyGoldenImage
import XCTest

/// The zlib-only decoder against libpng (through cairo, what GoldenImage decoded with before):
/// the same pixels for every fixture, every colour type, bit depth, tRNS and interlacing
/// (Fixtures/formats, written by Scripts/png-format-fixtures.py), so no golden moves.
final class PNGDecoderParityTests: XCTestCase {
    func test_decoder_givesLibpngsPixels_forEveryFormat() throws {
        let formats = ["gray1", "gray4-trns", "gray16", "rgb16", "rgb8-trns", "palette4-trns", "palette2", "grayalpha8",
                       "rgba16", "rgba8-interlaced", "palette1-interlaced"].map { "formats/" + $0 + ".png" }
        let fixtures = ["alpha-a.png", "alpha-b.png", "figure-small-a.png", "noise-a.png", "text-a.png",
                        "text-a_vs_text-subpixel.pixelmatch-py.diff.png"]
        for name in formats + fixtures {
            let path = Fixture.path(name)
            XCTAssertEqual(try RGBAImage(contentsOfPNG: path), try cairoDecoded(path), name)
        }
    }

    /// libpng's pixels through cairo: premultiplied ARGB32, unpremultiplied as cairo-png.c does.
    func cairoDecoded(_ path: String) throws -> RGBAImage {
        let surface = try XCTUnwrap(cairo_image_surface_create_from_png(path))
        defer { cairo_surface_destroy(surface) }
        XCTAssertEqual(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS, path)
        let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let opaque = cairo_image_surface_get_format(surface) == CAIRO_FORMAT_RGB24
        let data = UnsafeRawPointer(try XCTUnwrap(cairo_image_surface_get_data(surface)))
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let word = data.loadUnaligned(fromByteOffset: y * stride + x * 4, as: UInt32.self)
                let a = opaque ? 255 : word >> 24
                let o = (y * width + x) * 4
                for (i, shift) in [16, 8, 0].enumerated() {
                    let c = (word >> UInt32(shift)) & 0xFF
                    pixels[o + i] = UInt8(a == 0 ? 0 : min(c * 255 + a / 2, 255 * a) / a)
                }
                pixels[o + 3] = UInt8(a)
            }
        }
        return RGBAImage(width: width, height: height, pixels: pixels)
    }
}

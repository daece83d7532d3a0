import XCTest
import CUnderstudyCairo
import UnderstudyDeterminism
@testable import UnderstudyPlotting

/// The PNG path's own line rasteriser: coverage, blending and clipping, pixel by pixel.
final class LineRasterTests: XCTestCase {
    /// A white 40 × 30 image, `draw` applied to its raster, then the pixels (premultiplied ARGB32) by row.
    private func pixels(_ draw: (LineRaster) -> Void) -> [[UInt32]] {
        let flat = image(width: 40, height: 30, workers: 2, draw)
        return (0..<30).map { row in Array(flat[(row * 40)..<(row * 40 + 40)]) }
    }

    private let everything = Rect(x: 0, y: 0, width: 40, height: 30)

    func test_horizontalLine_coversItsRowsFully_andFadesOverHalfAPixel() {
        // Width 2 centred on y = 10: rows 9 and 10 (centres 9.5, 10.5) are at distance 0.5 → full.
        let image = pixels { $0.stroke([5, 10, 35, 10], width: 2, color: Color(red: 0, green: 0, blue: 0), clip: everything) }
        XCTAssertEqual(image[9][20], 0xFF00_0000)
        XCTAssertEqual(image[10][20], 0xFF00_0000)
        XCTAssertEqual(image[8][20], 0xFFFF_FFFF, "centre 1.5 from the axis: outside r + 1/2")
        XCTAssertEqual(image[11][20], 0xFFFF_FFFF)
        // Round caps: the pixel centre (4.5, 9.5) is √(0.5) ≈ 0.707 from the start → coverage 0.793.
        let c = 1.5 - 0.5.squareRoot()
        let expected = UInt32(255 - Int((c * 255).rounded()))
        XCTAssertEqual(image[9][4] & 0xFF, expected)
        XCTAssertEqual(image[9][0], 0xFFFF_FFFF)
    }

    func test_polylineJoints_areBlendedOnce() {
        // Half-transparent: a pixel at the joint of two segments must not get darker than the
        // middle of a segment (one stroke, maximum coverage).
        let image = pixels {
            $0.stroke([5, 10, 20, 10, 20, 25], width: 2, color: Color(red: 0, green: 0, blue: 0, alpha: 0.5), clip: everything)
        }
        let middle = image[9][12] & 0xFF
        XCTAssertEqual(middle, (255 * 127 + 127) / 255, "alpha 128/255 over white: 255 kept at 127/255")
        for row in 8...11 { for col in 18...21 { XCTAssertGreaterThanOrEqual(image[row][col] & 0xFF, middle) } }
        XCTAssertEqual(image[10][19] & 0xFF, middle)
    }

    func test_separateStrokes_blendTwice() {
        let image = pixels {
            $0.stroke([5, 10, 35, 10], width: 2, color: Color(red: 0, green: 0, blue: 0, alpha: 0.5), clip: everything)
            $0.stroke([5, 10, 35, 10], width: 2, color: Color(red: 0, green: 0, blue: 0, alpha: 0.5), clip: everything)
        }
        XCTAssertEqual(image[9][20] & 0xFF, (127 * 127 + 127) / 255)
    }

    func test_clip_cutsTheLine_withPartialEdgePixels() {
        let clip = Rect(x: 10.5, y: 0, width: 10, height: 30)
        let image = pixels { $0.stroke([0, 10, 40, 10], width: 2, color: Color(red: 1, green: 0, blue: 0), clip: clip) }
        XCTAssertEqual(image[9][9], 0xFFFF_FFFF)
        XCTAssertEqual(image[9][15], 0xFFFF_0000)
        XCTAssertEqual(image[9][10], 0xFFFF_7F7F, "half the pixel inside: coverage 128/255, half red on white")
        XCTAssertEqual(image[9][20], 0xFFFF_7F7F)
        XCTAssertEqual(image[9][21], 0xFFFF_FFFF)
    }

    func test_nonFinitePoints_breakTheLine() {
        let image = pixels { $0.stroke([2, 10, 12, 10, .nan, .nan, 28, 10, 38, 10], width: 2, color: Color(red: 0, green: 0, blue: 0), clip: everything) }
        XCTAssertEqual(image[9][8], 0xFF00_0000)
        XCTAssertEqual(image[9][20], 0xFFFF_FFFF, "no segment across the gap")
        XCTAssertEqual(image[9][32], 0xFF00_0000)
    }

    func test_thinLines_neverCoverAPixelFully() {
        let image = pixels { $0.stroke([5, 10.5, 35, 10.5], width: 0.5, color: Color(red: 0, green: 0, blue: 0), clip: everything) }
        XCTAssertEqual(image[10][20] & 0xFF, 255 - 128, "peak coverage = width")
    }

    func test_farAwayAndNearlyAxisParallelSegments_drawWhatIsInside() {
        // Endpoints 10^7 pixels away and a direction 10^-14 off the vertical: no trap, and the
        // visible part is drawn like an ordinary line.
        let image = pixels {
            $0.stroke([-1e7, 10, 1e7, 10 + 1e-7], width: 2, color: Color(red: 0, green: 0, blue: 0), clip: everything)
            $0.stroke([30, -1e7, 30 + 1e-7, 1e7], width: 2, color: Color(red: 0, green: 0, blue: 0), clip: everything)
        }
        XCTAssertEqual(image[9][5], 0xFF00_0000)
        XCTAssertEqual(image[10][20], 0xFF00_0000)
        XCTAssertEqual(image[25][29], 0xFF00_0000)
        XCTAssertEqual(image[25][30], 0xFF00_0000)
        XCTAssertEqual(image[25][32], 0xFFFF_FFFF)
    }

    func test_onlyImageSurfacesGetARaster() {
        let surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nil)!
        defer { cairo_surface_destroy(surface) }
        XCTAssertNil(LineRaster(surface))
    }

    /// A white width × height image with `strokes` drawn by one flush on `workers` threads.
    private func image(width: Int, height: Int, workers: Int, _ strokes: (LineRaster) -> Void) -> [UInt32] {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))!
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_destroy(cr)
        let raster = LineRaster(surface)!
        strokes(raster)
        raster.flush(workers: workers)
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface)) / 4
        let data = UnsafeRawPointer(cairo_image_surface_get_data(surface)!).bindMemory(to: UInt32.self, capacity: stride * height)
        return (0..<height).flatMap { row in (0..<width).map { data[row * stride + $0] } }
    }

    /// Translucent wiggly polylines across many tiles, offset by (dx, dy) pixels, clipped to a
    /// box offset likewise. Coordinates are multiples of 1/64, so offsets are exact.
    private func wiggles(_ raster: LineRaster, dx: Double = 0, dy: Double = 0) {
        var stream = RandomStream(seed: 7, path: "tests/line-raster/wiggles")
        for k in 0..<6 {
            var points: [Double] = []
            var (x, y) = (10.0, 20.0 + 25 * Double(k))
            for _ in 0..<120 {
                points += [x + dx, y + dy]
                x += ((2 + 3 * stream.nextUniform()) * 64).rounded() / 64
                y += ((4 * stream.nextUniform() - 2) * 64).rounded() / 64
            }
            raster.stroke(points, width: 1 + Double(k % 3), color: Palette.color(k).withAlpha(0.6),
                          clip: Rect(x: 5.5 + dx, y: 3.25 + dy, width: 400, height: 170))
        }
    }

    func test_tilesAndWorkers_doNotChangeAnyPixel() {
        let one = image(width: 420, height: 200, workers: 1) { wiggles($0) }
        let two = image(width: 420, height: 200, workers: 2) { wiggles($0) }
        XCTAssertEqual(one, two)
        XCTAssertGreaterThan(one.filter { $0 != 0xFFFF_FFFF }.count, 5000, "the strokes cover pixels")
        // Shifted by (37, 21) pixels the tile boundaries fall elsewhere on the lines; every
        // pixel moves with them, unchanged.
        let shifted = image(width: 460, height: 230, workers: 2) { wiggles($0, dx: 37, dy: 21) }
        for row in 0..<200 {
            for col in 0..<420 where one[row * 420 + col] != shifted[(row + 21) * 460 + col + 37] {
                return XCTFail("pixel (\(col), \(row)) changed when shifted")
            }
        }
    }
}

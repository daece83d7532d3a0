import UnderstudyGoldenImage
import XCTest

/// Counts measured with the Python `pixelmatch` 0.4.0 package (Pillow decoding) on the same
/// fixture files; the port must reproduce them exactly.
final class PixelMatchTests: XCTestCase {
    struct Case {
        var a: String, b: String, threshold: Double, includeAA: Bool, expected: Int
    }

    static let pythonCounts: [Case] = [
        Case(a: "figure-small-a.png", b: "figure-small-shifted.png", threshold: 0.1, includeAA: false, expected: 1000),
        Case(a: "figure-small-a.png", b: "figure-small-shifted.png", threshold: 0.1, includeAA: true, expected: 2933),
        Case(a: "figure-small-a.png", b: "figure-small-shifted.png", threshold: 0.05, includeAA: false, expected: 1225),
        Case(a: "figure-small-a.png", b: "figure-small-shifted.png", threshold: 0.3, includeAA: false, expected: 157),
        Case(a: "figure-small-a.png", b: "figure-small-text.png", threshold: 0.1, includeAA: false, expected: 1),
        Case(a: "text-a.png", b: "text-subpixel.png", threshold: 0.1, includeAA: false, expected: 59),
        Case(a: "text-a.png", b: "text-subpixel.png", threshold: 0.1, includeAA: true, expected: 607),
        Case(a: "text-a.png", b: "text-subpixel.png", threshold: 0.02, includeAA: false, expected: 101),
        Case(a: "alpha-a.png", b: "alpha-b.png", threshold: 0.1, includeAA: false, expected: 1),
        Case(a: "alpha-a.png", b: "alpha-b.png", threshold: 0, includeAA: false, expected: 1104),
        Case(a: "noise-a.png", b: "noise-b.png", threshold: 0.1, includeAA: false, expected: 47),
        Case(a: "noise-a.png", b: "noise-b.png", threshold: 0.02, includeAA: false, expected: 476),
    ]

    func test_countsMatchPythonPixelmatchOnFixtures() throws {
        for c in Self.pythonCounts {
            let result = try PixelMatch.compare(
                Fixture.image(c.a), Fixture.image(c.b),
                options: PixelMatchOptions(threshold: c.threshold, includeAA: c.includeAA))
            XCTAssertEqual(result.differingPixels, c.expected,
                           "\(c.a) vs \(c.b), threshold \(c.threshold), includeAA \(c.includeAA)")
        }
    }

    func test_identicalImagesHaveNoDifferences() throws {
        let image = try Fixture.image("figure-small-a.png")
        let result = try PixelMatch.compare(image, image, makeDiffImage: true)
        XCTAssertEqual(result.differingPixels, 0)
        XCTAssertEqual(result.antialiasedPixels, 0)
        XCTAssertEqual(result.diffImage?.width, image.width)
    }

    func test_subpixelShiftOfTextIsMostlyAntialiasing() throws {
        let a = try Fixture.image("text-a.png"), b = try Fixture.image("text-subpixel.png")
        let detected = try PixelMatch.compare(a, b)
        let counted = try PixelMatch.compare(a, b, options: PixelMatchOptions(includeAA: true))
        XCTAssertEqual(detected.differingPixels + detected.antialiasedPixels, counted.differingPixels)
        XCTAssertGreaterThan(detected.antialiasedPixels, 5 * detected.differingPixels)
        XCTAssertEqual(counted.antialiasedPixels, 0)
    }

    /// A one-pixel grey step between black and white flat areas is anti-aliasing; the same
    /// change on a lone pixel in a flat area is not.
    func test_antialiasingDetectorTellsEdgesFromSpots() throws {
        // 8×8: left half black, right half white; column 4 is the edge.
        var a = RGBAImage(width: 8, height: 8, fill: RGBA(255, 255, 255))
        for y in 0..<8 { for x in 0..<4 { a[x, y] = RGBA(0, 0, 0) } }
        var edge = a
        edge[4, 3] = RGBA(128, 128, 128)   // the edge pixel turns grey: a ramp black → grey → white
        let edgeResult = try PixelMatch.compare(a, edge)
        XCTAssertEqual(edgeResult.differingPixels, 0)
        XCTAssertEqual(edgeResult.antialiasedPixels, 1)

        var spot = a
        spot[6, 3] = RGBA(128, 128, 128)   // inside the white area: all neighbours equal
        let spotResult = try PixelMatch.compare(a, spot)
        XCTAssertEqual(spotResult.differingPixels, 1)
        XCTAssertEqual(spotResult.antialiasedPixels, 0)
    }

    func test_diffImageMatchesPythonPixelmatchByteForByte() throws {
        let a = try Fixture.image("text-a.png"), b = try Fixture.image("text-subpixel.png")
        let diff = try XCTUnwrap(PixelMatch.compare(a, b, makeDiffImage: true).diffImage)
        let python = try Fixture.image("text-a_vs_text-subpixel.pixelmatch-py.diff.png")
        XCTAssertEqual(diff, python)
    }

    func test_diffImageColours() throws {
        var a = RGBAImage(width: 8, height: 8, fill: RGBA(255, 255, 255))
        for y in 0..<8 { for x in 0..<4 { a[x, y] = RGBA(0, 0, 0) } }
        var b = a
        b[4, 3] = RGBA(128, 128, 128)      // anti-aliasing
        b[6, 3] = RGBA(0, 0, 255)          // a real difference
        let diff = try XCTUnwrap(PixelMatch.compare(a, b, makeDiffImage: true).diffImage)
        XCTAssertEqual(diff[4, 3], RGBA(255, 255, 0), "anti-aliasing is yellow")
        XCTAssertEqual(diff[6, 3], RGBA(255, 0, 0), "differences are red")
        // Unchanged pixels: the first image as grey faded to 10 % over white.
        XCTAssertEqual(diff[0, 0], RGBA(229, 229, 229))   // 255 + (0 − 255) · 0.1 = 229.5 → 229
        XCTAssertEqual(diff[7, 7], RGBA(255, 255, 255))
        let custom = PixelMatchOptions(aaColor: RGBA(0, 255, 255), diffColor: RGBA(255, 0, 255))
        let recoloured = try XCTUnwrap(PixelMatch.compare(a, b, options: custom, makeDiffImage: true).diffImage)
        XCTAssertEqual(recoloured[4, 3], RGBA(0, 255, 255))
        XCTAssertEqual(recoloured[6, 3], RGBA(255, 0, 255))
    }

    func test_transparentPixelsAreBlendedWithWhite() throws {
        let clear = RGBAImage(width: 2, height: 1, fill: RGBA(0, 0, 0, 0))
        let white = RGBAImage(width: 2, height: 1, fill: RGBA(255, 255, 255, 255))
        XCTAssertEqual(try PixelMatch.compare(clear, white, options: PixelMatchOptions(threshold: 0)).differingPixels, 0)
        let black = RGBAImage(width: 2, height: 1, fill: RGBA(0, 0, 0, 255))
        XCTAssertEqual(try PixelMatch.compare(clear, black).differingPixels, 2)
    }

    func test_sizeMismatchAndBadThresholdAreErrors() throws {
        let a = RGBAImage(width: 4, height: 3), b = RGBAImage(width: 3, height: 4)
        XCTAssertThrowsError(try PixelMatch.compare(a, b)) { error in
            XCTAssertEqual((error as? GoldenImageError)?.message,
                           "error: the first image is 4×3 but the second image is 3×4 (expected equal sizes)")
        }
        XCTAssertThrowsError(try PixelMatch.compare(a, a, options: PixelMatchOptions(threshold: 1.5))) { error in
            XCTAssertEqual((error as? GoldenImageError)?.message,
                           "error: threshold 1.5 is out of range (expected a number in 0…1)")
        }
    }
}

import XCTest
import CUnderstudyCairo
import UnderstudyDeterminism
import UnderstudyGoldenImage
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import UnderstudyPlotting

final class OutputTests: XCTestCase {
    func test_renderingTwice_givesIdenticalBytes() throws {
        let a = DemoFigures.trajectoryMap(), b = DemoFigures.heatmap(), c = DemoFigures.learningCurves()
        let pngA = try a.png(), svgA = try a.svg(), svgB = try b.svg(), pdf = try Figure.pdf([a, b, c])
        // Other figures drawn in between must not change a figure's bytes (cairo keeps global counters).
        _ = try c.svg()
        _ = try c.png()
        XCTAssertEqual(try a.png(), pngA)
        XCTAssertEqual(try a.svg(), svgA)
        XCTAssertEqual(try b.svg(), svgB)
        XCTAssertEqual(try Figure.pdf([a, b, c]), pdf)
    }

    func test_png_decodesToTheRenderedPixels() throws {
        let figure = DemoFigures.heatmap()
        let png = try figure.png(scale: 2)
        // Decode with libpng (through cairo) and compare with a direct render.
        final class Reader { var bytes: [UInt8]; var offset = 0; init(_ b: [UInt8]) { bytes = b } }
        let reader = Reader(png)
        let decoded = withExtendedLifetime(reader) {
            cairo_image_surface_create_from_png_stream({ closure, data, length in
                let r = Unmanaged<Reader>.fromOpaque(closure!).takeUnretainedValue()
                guard r.offset + Int(length) <= r.bytes.count else { return CAIRO_STATUS_READ_ERROR }
                for k in 0..<Int(length) { data![k] = r.bytes[r.offset + k] }
                r.offset += Int(length)
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(reader).toOpaque())!
        }
        defer { cairo_surface_destroy(decoded) }
        XCTAssertEqual(cairo_surface_status(decoded), CAIRO_STATUS_SUCCESS)
        XCTAssertEqual(Int(cairo_image_surface_get_width(decoded)), 1040)
        XCTAssertEqual(Int(cairo_image_surface_get_height(decoded)), 840)
        let decodedStride = Int(cairo_image_surface_get_stride(decoded))
        let decodedData = cairo_image_surface_get_data(decoded)!
        try Output.withImage(figure, scale: 2) { data, width, height, stride in
            for y in 0..<height {
                for x in 0..<(4 * width) where data[y * stride + x] != decodedData[y * decodedStride + x] {
                    return XCTFail("pixel differs at (\(x / 4), \(y))")
                }
            }
        }
    }

    func test_pdf_hasOnePagePerFigureAndFixedDates() throws {
        let figures = [DemoFigures.learningCurves(), DemoFigures.heatmap(), DemoFigures.trajectoryMap()]
        let pdf = String(decoding: try Figure.pdf(figures, date: "2026-01-02T03:04:05Z"), as: UTF8.self)
        let pages = pdf.components(separatedBy: "/Type /Page").dropFirst().filter { !$0.hasPrefix("s") }
        XCTAssertEqual(pages.count, 3)
        XCTAssertTrue(pdf.contains("/CreationDate (20260102030405Z)"))
        XCTAssertTrue(pdf.contains("/ModDate (20260102030405Z)"))
        XCTAssertFalse(pdf.contains("/ID"))
        XCTAssertThrowsError(try Figure.pdf([])) { XCTAssertEqual($0 as? PlotError, .noFigures) }
    }

    func test_svg_isWellFormedXML() throws {
        for figure in [DemoFigures.learningCurves(), DemoFigures.trajectoryMap(), DemoFigures.heatmap()] {
            let parser = XMLParser(data: Data(try figure.svg()))
            XCTAssertTrue(parser.parse(), "\(String(describing: parser.parserError))")
        }
    }

    /// SVG lines carry our own path data: every vertex (to 1/1000 pt), the house miter limit,
    /// cairo's clip, colour and dashes around it, and no stand-in left over.
    func test_svgLines_carryTheirVerticesInsideCairosStyleAndClip() throws {
        var axes = Axes()
        axes.line(x: [0, 1, 2, .nan, 3, 4], y: [0, 1, 0, 0, 1, 0], label: "solid", color: Palette.color(0), width: 1.5)
        axes.line(x: [0, 4], y: [0.5, 0.5], label: "dashed", color: Palette.color(1), width: 1, dash: [4, 2])
        axes.line(x: [2], y: [2], color: Palette.color(2))                         // one point: nothing to draw
        var figure = Figure(width: 400, height: 300)
        figure.axes[0] = axes
        let svg = String(decoding: try figure.svg(), as: UTF8.self)
        let layout = figure.layouts()[0]
        func number(_ v: Double) -> String { var out: [UInt8] = []; SVGLines.appendNumber(v, to: &out); return String(decoding: out, as: UTF8.self) }
        let point = { (x: Double, y: Double) in "\(number(layout.x(x))) \(number(layout.y(y)))" }
        XCTAssertTrue(svg.contains(" d=\"M \(point(0, 0)) L \(point(1, 1)) L \(point(2, 0)) M \(point(3, 1)) L \(point(4, 0))\""), svg)
        XCTAssertTrue(svg.contains(" d=\"M \(point(0, 0.5)) L \(point(4, 0.5))"), svg)
        XCTAssertTrue(svg.contains("stroke-dasharray"), "dashes stay cairo's")
        XCTAssertFalse(svg.contains("stroke-miterlimit:\(SVGLines.firstMarker)"), "no stand-in left")
        XCTAssertEqual(svg.components(separatedBy: "stroke-miterlimit:2;").count - 1, 2)
        XCTAssertTrue(svg.contains("clip-path=\"url(#clip1)\""))
    }

    func test_svgLines_thatCairoDropsAreDroppedToo() throws {
        var axes = Axes()
        axes.line(x: [0, 1], y: [0, 1], color: Palette.color(0), alpha: 0)        // fully transparent
        axes.line(x: [0, 1], y: [1, 0], color: Palette.color(1), width: 0)
        axes.line(x: [0, 1], y: [0.5, 0.5], color: Palette.color(2))
        var figure = Figure(width: 300, height: 200)
        figure.axes[0] = axes
        let svg = String(decoding: try figure.svg(), as: UTF8.self)
        XCTAssertFalse(svg.contains("stroke-miterlimit:\(SVGLines.firstMarker)"), "no stand-in left")
        XCTAssertTrue(XMLParser(data: Data(svg.utf8)).parse())
    }

    func test_svgSplice_readsTheAttributeFormOfNewerCairo_andStaysInsideTheElement() throws {
        let lines = SVGLines()
        XCTAssertEqual(lines.add([1, 2, 3, 4.5]), Double(SVGLines.firstMarker))
        let attribute = #"<g><path fill="none" d="M 0 0 L 9 9" stroke-miterlimit="100000"/><path d="M 5 5" stroke-miterlimit="10"/></g>"#
        XCTAssertEqual(String(decoding: try lines.splice(into: Array(attribute.utf8), miterLimit: 2), as: UTF8.self),
                       #"<g><path fill="none" d="M 1 2 L 3 4.5" stroke-miterlimit="2"/><path d="M 5 5" stroke-miterlimit="10"/></g>"#)
        let noPathData = #"<path stroke-miterlimit="100000"/><path d="M 5 5"/>"#
        XCTAssertThrowsError(try lines.splice(into: Array(noPathData.utf8), miterLimit: 2))
        let twice = #"<path style="stroke-miterlimit:100000;" d="M 0 0"/><path style="stroke-miterlimit:100000;" d="M 0 0"/>"#
        XCTAssertThrowsError(try lines.splice(into: Array(twice.utf8), miterLimit: 2))
    }

    func test_svgNumbers_areThousandthsWithoutTrailingZeros() {
        func number(_ v: Double) -> String { var out: [UInt8] = []; SVGLines.appendNumber(v, to: &out); return String(decoding: out, as: UTF8.self) }
        XCTAssertEqual(number(0), "0")
        XCTAssertEqual(number(-0.0004), "0")
        XCTAssertEqual(number(3), "3")
        XCTAssertEqual(number(-12.5), "-12.5")
        XCTAssertEqual(number(0.001), "0.001")
        XCTAssertEqual(number(311.4531), "311.453")
        XCTAssertEqual(number(99.9996), "100")
        XCTAssertEqual(number(1e7), "10000000")
    }

    func test_svgCanonicalizer_renumbersCounterIdsInOrderOfAppearance() {
        let input = ##"<g id="surface17"><use xlink:href="#image9"/><g clip-path="url(#clip4)" id="clip4"/><image id="image9"/><use xlink:href="#glyph0-3"/></g>"##
        let output = String(decoding: SVGCanonicalizer.canonicalize(Array(input.utf8)), as: UTF8.self)
        XCTAssertEqual(output, ##"<g id="surface1"><use xlink:href="#image1"/><g clip-path="url(#clip1)" id="clip1"/><image id="image1"/><use xlink:href="#glyph0-3"/></g>"##)
    }
}

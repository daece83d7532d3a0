import CUnderstudyCairo
import UnderstudyPNG

/// Collects what a Cairo stream surface writes.
private final class ByteSink {
    var bytes: [UInt8] = []
}

/// The `cairo_write_func_t` that appends to the `ByteSink` passed as closure.
private let appendToSink: cairo_write_func_t = { closure, data, length in
    guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    return CAIRO_STATUS_SUCCESS
}

private func check(_ status: cairo_status_t) throws(PlotError) {
    guard status == CAIRO_STATUS_SUCCESS else { throw .cairo(String(cString: cairo_status_to_string(status))) }
}

enum Output {
    static func png(_ figure: Figure, scale: Double) throws(PlotError) -> [UInt8] {
        try withImage(figure, scale: scale) { (data, width, height, stride) throws(PlotError) in
            do throws(PNGError) { return try PNGEncoder.encode(PremultipliedARGB32Rows(pixels: data, width: width, height: height, stride: stride)) } catch {
                throw .png(error.reason)
            }
        }
    }

    /// Renders `figure` into an ARGB32 image at `scale` pixels per point and hands `body` its
    /// pixels, width, height and stride.
    static func withImage<T>(_ figure: Figure, scale: Double,
                             _ body: (UnsafePointer<UInt8>, Int, Int, Int) throws(PlotError) -> T) throws(PlotError) -> T {
        precondition(scale > 0, "png: scale must be positive")
        let width = Int((figure.width * scale).rounded(.up)), height = Int((figure.height * scale).rounded(.up))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw .cairo("no image surface")
        }
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface))
        guard let cr = cairo_create(surface) else { throw .cairo("no context") }
        defer { cairo_destroy(cr) }
        cairo_scale(cr, scale, scale)
        draw(figure, on: cr, raster: LineRaster(surface))   // drawAxes flushes its queued lines
        try check(cairo_status(cr))
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { throw .cairo("no image data") }
        return try body(data, width, height, Int(cairo_image_surface_get_stride(surface)))
    }

    static func svg(_ figure: Figure) throws(PlotError) -> [UInt8] {
        let sink = ByteSink()
        let lines = SVGLines()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        try withExtendedLifetime(sink) { () throws(PlotError) in
            guard let surface = cairo_svg_surface_create_for_stream(appendToSink, closure, figure.width, figure.height) else {
                throw .cairo("no SVG surface")
            }
            defer { cairo_surface_destroy(surface) }
            try check(cairo_surface_status(surface))
            cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1)
            guard let cr = cairo_create(surface) else { throw .cairo("no context") }
            draw(figure, on: cr, svgLines: lines)
            try check(cairo_status(cr))
            cairo_destroy(cr)
            cairo_surface_finish(surface)
            try check(cairo_surface_status(surface))
        }
        return try lines.splice(into: SVGCanonicalizer.canonicalize(sink.bytes), miterLimit: lineMiterLimit)
    }

    static func pdf(_ figures: [Figure], date: String) throws(PlotError) -> [UInt8] {
        guard let first = figures.first else { throw .noFigures }
        return try pdf(width: first.width, height: first.height, title: nil, date: date) { surface throws(PlotError) in
            for figure in figures {
                cairo_pdf_surface_set_size(surface, figure.width, figure.height)
                guard let cr = cairo_create(surface) else { throw .cairo("no context") }
                draw(figure, on: cr)
                cairo_show_page(cr)
                let status = cairo_status(cr)
                cairo_destroy(cr)
                try check(status)
            }
        }
    }

    static func pdf(_ document: Document, date: String) throws(PlotError) -> [UInt8] {
        guard !document.blocks.isEmpty else { throw .noFigures }
        return try pdf(width: DocumentStyle.pageWidth, height: DocumentStyle.pageHeight, title: document.title, date: date) { surface throws(PlotError) in
            var writer = DocumentWriter(surface: surface)
            try writer.write(document)
        }
    }

    /// A PDF surface writing into memory, with fixed dates (and `title`, if any) in its metadata;
    /// `body` draws the pages.
    private static func pdf(width: Double, height: Double, title: String?, date: String,
                            _ body: (OpaquePointer) throws(PlotError) -> Void) throws(PlotError) -> [UInt8] {
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        try withExtendedLifetime(sink) { () throws(PlotError) in
            guard let surface = cairo_pdf_surface_create_for_stream(appendToSink, closure, width, height) else {
                throw .cairo("no PDF surface")
            }
            defer { cairo_surface_destroy(surface) }
            try check(cairo_surface_status(surface))
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date)
            if let title { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title) }
            try body(surface)
            cairo_surface_finish(surface)
            try check(cairo_surface_status(surface))
        }
        return sink.bytes
    }
}

/// Makes cairo's SVG independent of what else the process drew before.
///
/// Cairo names some SVG elements after global counters (`surface5`, `image12`, `pattern3`…), so
/// a second render in the same process gets other ids. This renumbers every such id, per
/// family, in order of first appearance (`id="…"`, `#…` references); glyph ids (`glyph0-1`)
/// already depend only on drawing order and are left alone.
enum SVGCanonicalizer {
    private static let families: [[UInt8]] = ["surface", "image", "pattern", "clip", "mask", "source", "linear", "radial"]
        .map { Array($0.utf8) }

    static func canonicalize(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var renames: [[UInt8]: [Int: Int]] = [:]
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            out.append(b)
            i += 1
            // An id starts after `id="` or `#`.
            let startsId = b == UInt8(ascii: "#") || (b == UInt8(ascii: "\"") && i >= 4 && bytes[i - 4] == UInt8(ascii: "i")
                && bytes[i - 3] == UInt8(ascii: "d") && bytes[i - 2] == UInt8(ascii: "="))
            guard startsId else { continue }
            for family in families where i + family.count < n && bytes[i..<(i + family.count)].elementsEqual(family) {
                var j = i + family.count
                var number = 0
                while j < n, bytes[j] >= 48, bytes[j] <= 57, number < 1 << 40 { number = number * 10 + Int(bytes[j] - 48); j += 1 }
                guard j > i + family.count else { break }
                let table = renames[family, default: [:]]
                let renamed = table[number] ?? (table.count + 1)
                renames[family, default: [:]][number] = renamed
                out.append(contentsOf: family)
                out.append(contentsOf: Array(String(renamed).utf8))
                i = j
                break
            }
        }
        return out
    }
}

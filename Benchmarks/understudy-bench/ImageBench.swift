import CUnderstudyCairo
import UnderstudyGoldenImage

/// `image/diff/1600x1000`: pixelmatch on a realistic pair held in memory — a rendered figure
/// (axes, four curves, a translucent band, markers, text) against the same figure shifted by
/// (0.5, 0.3) px with one curve recoloured. Python pixelmatch 0.4.0 counted 4816 differing
/// pixels on this pair (written to PNG by this process; reported as `pixelmatch_py_differing_pixels`
/// beside ours, so a drift in either shows). Note: cairo 1.16 renders this figure's text
/// slightly differently if the process drew the same font at another size first.
let imageBenchmarks: [Benchmark] = [
    Benchmark(name: "image/diff/1600x1000") {
        let a = imageBenchFigure(dx: 0, dy: 0, curve: (0.0, 0.62, 0.45))
        let b = imageBenchFigure(dx: 0.5, dy: 0.3, curve: (0.0, 0.58, 0.50))
        var counted = 0
        let compare = secondsPerCall(iterations: 5) {
            let r = try! PixelMatch.compare(a, b)
            counted = r.differingPixels
            blackHole(r)
        }
        var diff: RGBAImage?
        let withDiff = secondsPerCall(iterations: 5) {
            let r = try! PixelMatch.compare(a, b, makeDiffImage: true)
            diff = r.diffImage
            blackHole(r)
        }
        let pngA = try! a.pngData(), pngB = try! b.pngData()
        let decode = secondsPerCall(iterations: 3) {
            blackHole(try! RGBAImage(pngData: pngA))
            blackHole(try! RGBAImage(pngData: pngB))
        }
        let encode = secondsPerCall(iterations: 3) { blackHole(try! diff!.pngData()) }
        let identical = secondsPerCall(iterations: 10) { blackHole(try! PixelMatch.compare(a, a)) }
        return [
            Measurement(name: "image/diff/1600x1000", value: compare * 1e3, unit: "ms", extra: [
                "differing_pixels": Double(counted),
                "pixelmatch_py_differing_pixels": 4816,
                "with_diff_image_ms": withDiff * 1e3,
                "identical_ms": identical * 1e3,
            ]),
            Measurement(name: "image/png/decode/1600x1000/pair", value: decode * 1e3, unit: "ms"),
            Measurement(name: "image/png/encode/1600x1000/diff", value: encode * 1e3, unit: "ms",
                        extra: ["bytes": Double(try! diff!.pngData().count)]),
        ]
    },
]

/// A plot-like 1600×1000 figure drawn with cairo, offset by (dx, dy) px; `curve` colours one
/// of its four curves.
func imageBenchFigure(dx: Double, dy: Double, curve: (Double, Double, Double), w: Double = 1600, h: Double = 1000) -> RGBAImage {
    let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(w), Int32(h))!
    let cr = cairo_create(surface)!
    cairo_set_source_rgb(cr, 1, 1, 1)
    cairo_paint(cr)
    cairo_translate(cr, dx, dy)
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2)
    cairo_set_line_width(cr, 1.5)
    cairo_move_to(cr, 0.1 * w, 0.1 * h); cairo_line_to(cr, 0.1 * w, 0.9 * h); cairo_line_to(cr, 0.95 * w, 0.9 * h)
    cairo_stroke(cr)
    let colours: [(Double, Double, Double)] = [(0.0, 0.45, 0.70), (0.90, 0.62, 0.0), curve, (0.8, 0.47, 0.65)]
    for (k, c) in colours.enumerated() {
        cairo_set_source_rgb(cr, c.0, c.1, c.2)
        cairo_set_line_width(cr, 2.5)
        for i in 0...200 {
            let t = Double(i) / 200
            let x = 0.1 * w + t * 0.85 * w
            let wiggle = 0.05 * Double(k) * (t * 13).truncatingRemainder(dividingBy: 1)
            let y = 0.9 * h - (0.1 + 0.7 * t * t * Double(k + 1) / 4 + wiggle) * 0.8 * h
            if i == 0 { cairo_move_to(cr, x, y) } else { cairo_line_to(cr, x, y) }
        }
        cairo_stroke(cr)
    }
    cairo_set_source_rgba(cr, 0.0, 0.62, 0.45, 0.25)
    cairo_rectangle(cr, 0.3 * w, 0.3 * h, 0.3 * w, 0.2 * h)
    cairo_fill(cr)
    for i in 0..<12 {
        cairo_set_source_rgba(cr, 0.34, 0.71, 0.91, 0.8)
        cairo_arc(cr, 0.15 * w + Double(i) * 0.065 * w, 0.2 * h, 0.012 * w, 0, 6.283185307179586)
        cairo_fill(cr)
    }
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
    cairo_set_font_size(cr, 0.04 * h)
    cairo_set_source_rgb(cr, 0, 0, 0)
    cairo_move_to(cr, 0.4 * w, 0.06 * h)
    cairo_show_text(cr, "Learning curves")
    for i in 0..<6 {
        cairo_move_to(cr, 0.1 * w + Double(i) * 0.15 * w, 0.95 * h)
        cairo_show_text(cr, "\(i * 20)")
    }
    cairo_destroy(cr)
    let image = rgbaImage(ofARGB32Surface: surface)
    cairo_surface_destroy(surface)
    return image
}

/// Straight RGBA from a cairo ARGB32 surface (native-endian premultiplied words), unpremultiplied
/// as cairo-png.c does; what `RGBAImage(cairoImageSurface:)` did before GoldenImage left cairo.
func rgbaImage(ofARGB32Surface surface: OpaquePointer) -> RGBAImage {
    cairo_surface_flush(surface)
    let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
    let stride = Int(cairo_image_surface_get_stride(surface))
    let data = UnsafeRawPointer(cairo_image_surface_get_data(surface)!)
    var pixels = [UInt8](repeating: 0, count: width * height * 4)
    for y in 0..<height {
        for x in 0..<width {
            let word = data.loadUnaligned(fromByteOffset: y * stride + x * 4, as: UInt32.self)
            let a = word >> 24
            let channels = [word >> 16, word >> 8, word].map { c -> UInt32 in
                a == 0 ? 0 : min((c & 0xFF) * 255 + a / 2, 255 * a) / a
            }
            let o = (y * width + x) * 4
            pixels[o] = UInt8(channels[0]); pixels[o + 1] = UInt8(channels[1]); pixels[o + 2] = UInt8(channels[2]); pixels[o + 3] = UInt8(a)
        }
    }
    return RGBAImage(width: width, height: height, pixels: pixels)
}

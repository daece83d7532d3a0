import CUnderstudyCairo

/// Font sizes and strokes of the house style, in points.
enum Style {
    static let fontFamily = "DejaVu Sans"
    static let tickLabelSize = 10.0
    static let axisLabelSize = 11.0
    static let titleSize = 12.0
    static let figureTitleSize = 14.0
    static let legendSize = 10.0
    static let noteSize = 8.5
    static let tickLength = 4.0
    static let minorTickLength = 2.5
    static let tickPad = 3.0
    static let spineWidth = 0.8
    static let gridWidth = 0.6
    static let pad = 8.0
    // DejaVu Sans vertical metrics, fractions of the em: cap height 1493/2048, descent 483/2048.
    static let capHeight = 0.729
    static let descent = 0.236
}

/// A rectangle in points; y grows downwards as on the page.
struct Rect: Sendable, Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }
    func contains(_ px: Double, _ py: Double) -> Bool { px >= x && px <= maxX && py >= y && py <= maxY }
}

/// A Cairo context with the house font settings and a few drawing helpers.
struct Canvas {
    let cr: OpaquePointer
    /// Draws solid lines into the pixels when the target is an image (PNG output).
    let raster: LineRaster?
    /// Collects the path data of lines when the target is an SVG (written by us, not cairo).
    let svgLines: SVGLines?

    /// Applies the font and its options (antialias gray, no hinting, unhinted metrics).
    init(_ cr: OpaquePointer, raster: LineRaster? = nil, svgLines: SVGLines? = nil) {
        self.cr = cr
        self.raster = raster
        self.svgLines = svgLines
        cairo_select_font_face(cr, Style.fontFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        let options = cairo_font_options_create()
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
    }

    func setColor(_ c: Color) { cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha) }

    func setStroke(width: Double, dash: [Double] = [], cap: cairo_line_cap_t = CAIRO_LINE_CAP_BUTT,
                   join: cairo_line_join_t = CAIRO_LINE_JOIN_MITER) {
        cairo_set_line_width(cr, width)
        cairo_set_line_cap(cr, cap)
        cairo_set_line_join(cr, join)
        cairo_set_miter_limit(cr, 10)
        dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
    }

    func rectangle(_ r: Rect) { cairo_rectangle(cr, r.x, r.y, r.width, r.height) }

    func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
        cairo_move_to(cr, x0, y0)
        cairo_line_to(cr, x1, y1)
    }

    /// Advance width of `text` at `size` points.
    func textWidth(_ text: String, size: Double) -> Double {
        guard !text.isEmpty else { return 0 }
        cairo_set_font_size(cr, size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        return extents.x_advance
    }

    /// The box `text` occupies when drawn at (x, y) with `anchor` (cap height to descent).
    func textBox(_ text: String, x: Double, y: Double, anchor: TextAnchor, size: Double) -> Rect {
        let w = textWidth(text, size: size)
        let (left, baseline) = origin(width: w, x: x, y: y, anchor: anchor, size: size)
        return Rect(x: left, y: baseline - Style.capHeight * size, width: w, height: (Style.capHeight + Style.descent) * size)
    }

    private func origin(width w: Double, x: Double, y: Double, anchor: TextAnchor, size: Double) -> (Double, Double) {
        let left: Double
        switch anchor.horizontal {
        case .left: left = x
        case .center: left = x - w / 2
        case .right: left = x - w
        }
        let baseline: Double
        switch anchor.vertical {
        case .top: baseline = y + Style.capHeight * size
        case .center: baseline = y + Style.capHeight * size / 2
        case .baseline: baseline = y
        case .bottom: baseline = y - Style.descent * size
        }
        return (left, baseline)
    }

    /// Draws `text` anchored at (x, y); `vertical` turns it a quarter to read bottom-up.
    func text(_ text: String, x: Double, y: Double, anchor: TextAnchor, size: Double, color: Color, vertical: Bool = false) {
        guard !text.isEmpty else { return }
        cairo_set_font_size(cr, size)
        setColor(color)
        let w = textWidth(text, size: size)
        if vertical {
            cairo_save(cr)
            // Exact quarter turn (no sin/cos): x' = y, y' = −x.
            var m = cairo_matrix_t(xx: 0, yx: -1, xy: 1, yy: 0, x0: x, y0: y)
            cairo_transform(cr, &m)
            let (left, baseline) = origin(width: w, x: 0, y: 0, anchor: anchor, size: size)
            cairo_move_to(cr, left, baseline)
            cairo_show_text(cr, text)
            cairo_restore(cr)
        } else {
            let (left, baseline) = origin(width: w, x: x, y: y, anchor: anchor, size: size)
            cairo_move_to(cr, left, baseline)
            cairo_show_text(cr, text)
        }
        cairo_new_path(cr)
    }
}

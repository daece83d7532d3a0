import CUnderstudyCairo

/// A PDF that reads on its own: text pages (a title, paragraphs, a fixed-width table or listing)
/// and figures each with its caption underneath, in order.
///
/// Text flows onto A4 pages and wraps at word boundaries; a figure gets a page of its own
/// width, tall enough for its caption. The document's title is set in the PDF's metadata; its
/// dates are fixed, so the same document gives the same bytes.
public struct Document: Sendable {
    /// One piece of the document, in reading order.
    public enum Block: Sendable {
        /// A heading (bold, larger).
        case heading(String)
        /// Running text, wrapped to the page.
        case paragraph(String)
        /// Fixed-width lines, never wrapped (a table, a listing); long lines are cut at the margin.
        case monospace(String)
        /// A figure on a page of its own, its caption wrapped underneath.
        case figure(Figure, caption: String)
    }

    public var title: String
    public var blocks: [Block]

    public init(title: String, blocks: [Block]) {
        self.title = title
        self.blocks = blocks
    }

    /// The PDF's bytes; its creation and modification dates are `date` (ISO 8601).
    public func pdf(date: String = "2000-01-01T00:00:00Z") throws(PlotError) -> [UInt8] {
        try Output.pdf(self, date: date)
    }
}

// MARK: - Implementation details

/// Page geometry and type sizes of a `Document`, in points.
enum DocumentStyle {
    /// A4.
    static let pageWidth = 595.0, pageHeight = 842.0
    static let margin = 40.0
    static let headingSize = 15.0, bodySize = 10.0, monospaceSize = 7.0, captionSize = 9.0
    static let leading = 1.35
    static let monospaceFamily = "DejaVu Sans Mono"
}

/// Lays out and draws a `Document` on a cairo PDF surface.
struct DocumentWriter {
    let surface: OpaquePointer
    private var cr: OpaquePointer?
    private var y = 0.0

    init(surface: OpaquePointer) { self.surface = surface }

    mutating func write(_ document: Document) throws(PlotError) {
        for block in document.blocks {
            switch block {
            case .heading(let text):
                try ensureTextPage(room: 3 * DocumentStyle.headingSize)
                if y > DocumentStyle.margin + 1 { y += DocumentStyle.headingSize * 0.8 }
                y = flow(text, size: DocumentStyle.headingSize, bold: true, top: y) + DocumentStyle.headingSize * 0.4
            case .paragraph(let text):
                try ensureTextPage(room: 2 * DocumentStyle.bodySize * DocumentStyle.leading)
                y = flow(text, size: DocumentStyle.bodySize, bold: false, top: y) + DocumentStyle.bodySize * 0.6
            case .monospace(let text):
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    try ensureTextPage(room: DocumentStyle.monospaceSize * DocumentStyle.leading)
                    drawLine(String(line), size: DocumentStyle.monospaceSize, family: DocumentStyle.monospaceFamily, top: y)
                    y += DocumentStyle.monospaceSize * DocumentStyle.leading
                }
                y += DocumentStyle.bodySize * 0.6
            case .figure(let figure, let caption):
                try finishPage()
                try figurePage(figure, caption: caption)
            }
        }
        try finishPage()
    }

    /// Starts a new A4 page unless the current text page has `room` points left.
    private mutating func ensureTextPage(room: Double) throws(PlotError) {
        if cr != nil, y + room <= DocumentStyle.pageHeight - DocumentStyle.margin { return }
        try finishPage()
        cairo_pdf_surface_set_size(surface, DocumentStyle.pageWidth, DocumentStyle.pageHeight)
        cr = cairo_create(surface)
        y = DocumentStyle.margin
    }

    private mutating func finishPage() throws(PlotError) {
        guard let page = cr else { return }
        cairo_show_page(page)
        let status = cairo_status(page)
        cairo_destroy(page)
        cr = nil
        guard status == CAIRO_STATUS_SUCCESS else { throw .cairo(String(cString: cairo_status_to_string(status))) }
    }

    /// The figure at the top of a page of its width, its caption wrapped below it.
    private mutating func figurePage(_ figure: Figure, caption: String) throws(PlotError) {
        let margin = 24.0
        let measure = TextMeasure()
        let lines = measure.wrap(caption, size: DocumentStyle.captionSize, bold: false, width: figure.width - 2 * margin)
        let height = figure.height + 10 + Double(lines.count) * DocumentStyle.captionSize * DocumentStyle.leading + margin
        cairo_pdf_surface_set_size(surface, figure.width, height)
        guard let page = cairo_create(surface) else { throw .cairo("no context") }
        cr = page
        cairo_set_source_rgb(page, 1, 1, 1)
        cairo_paint(page)
        draw(figure, on: page)
        var top = figure.height + 10
        for line in lines {
            drawLine(line, size: DocumentStyle.captionSize, left: margin, top: top)
            top += DocumentStyle.captionSize * DocumentStyle.leading
        }
        try finishPage()
    }

    /// Draws `text` wrapped to the text column from `top`; returns the y below it.
    private func flow(_ text: String, size: Double, bold: Bool, top: Double) -> Double {
        var y = top
        let width = DocumentStyle.pageWidth - 2 * DocumentStyle.margin
        for line in TextMeasure().wrap(text, size: size, bold: bold, width: width) {
            drawLine(line, size: size, bold: bold, top: y)
            y += size * DocumentStyle.leading
        }
        return y
    }

    private func drawLine(_ text: String, size: Double, bold: Bool = false, family: String = Style.fontFamily,
                          left: Double = DocumentStyle.margin, top: Double) {
        guard let cr else { return }
        let canvas = Canvas(cr)
        cairo_select_font_face(cr, family, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        canvas.text(text, x: left, y: top, anchor: TextAnchor(.left, .top), size: size, color: .ink)
    }
}

/// Measures text in the house font on a scratch context, to wrap it at word boundaries.
struct TextMeasure {
    func wrap(_ text: String, size: Double, bold: Bool, width: Double) -> [String] {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1) else { return [text] }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { return [text] }
        defer { cairo_destroy(cr) }
        let canvas = Canvas(cr)
        cairo_select_font_face(cr, Style.fontFamily, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if !line.isEmpty, canvas.textWidth(candidate, size: size) > width {
                    lines.append(line)
                    line = String(word)
                } else {
                    line = candidate
                }
            }
            lines.append(line)
        }
        return lines
    }
}

import CUnderstudyCairo

// MARK: - Figure

/// Draws `figure` on `cr`, whose user space is the figure's page in points.
func draw(_ figure: Figure, on cr: OpaquePointer, raster: LineRaster? = nil, svgLines: SVGLines? = nil) {
    let canvas = Canvas(cr, raster: raster, svgLines: svgLines)
    cairo_set_source_rgb(cr, 1, 1, 1)
    cairo_paint(cr)
    if let title = figure.title {
        canvas.text(title, x: figure.width / 2, y: Style.pad, anchor: TextAnchor(.center, .top),
                    size: Style.figureTitleSize, color: .ink)
    }
    for (axes, layout) in zip(figure.axes, figure.layouts(canvas: canvas)) where axes.isDrawn {
        drawAxes(axes, layout: layout, canvas: canvas)
    }
}

extension Figure {
    /// The grid cell of each axes, row-major, below the figure title.
    func cells() -> [Rect] {
        let top = title == nil ? 0 : Style.pad + Style.figureTitleSize * (Style.capHeight + Style.descent) + 2
        let cellWidth = width / Double(columns)
        let cellHeight = (height - top) / Double(rows)
        return (0..<(rows * columns)).map { k in
            Rect(x: Double(k % columns) * cellWidth, y: top + Double(k / columns) * cellHeight, width: cellWidth, height: cellHeight)
        }
    }

    /// Every axes' layout, legend placed; `canvas` measures text.
    func layouts(canvas: Canvas) -> [AxesLayout] {
        zip(axes, cells()).map { axes, cell in
            var layout = layoutAxes(axes, cell: cell, canvas: canvas)
            placeLegend(axes, layout: &layout)
            return layout
        }
    }

    /// Every axes' layout, measured on a scratch context (for tests and tools).
    func layouts() -> [AxesLayout] {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        return layouts(canvas: Canvas(cr))
    }
}

// MARK: - Axes

func drawAxes(_ axes: Axes, layout: AxesLayout, canvas: Canvas) {
    let cr = canvas.cr
    let plot = layout.plot
    if axes.grid { drawGrid(layout, canvas: canvas) }

    cairo_save(cr)
    canvas.rectangle(plot)
    cairo_clip(cr)
    // Fills first, then lines, markers and arrows on top, each group in call order.
    for mark in axes.marks {
        switch mark {
        case .heatmap(let m): drawHeatmap(m, layout: layout, canvas: canvas)
        case .band(let m): drawBand(m, layout: layout, canvas: canvas)
        default: break
        }
    }
    for mark in axes.marks {
        if case .line(let m) = mark {
            drawLine(m, layout: layout, canvas: canvas)
            continue
        }
        canvas.raster?.flush()      // queued lines go under whatever is drawn next
        switch mark {
        case .scatter(let m): drawScatter(m, layout: layout, canvas: canvas)
        case .quiver(let m):
            var from: [(Double, Double)] = [], to: [(Double, Double)] = []
            from.reserveCapacity(m.x.count); to.reserveCapacity(m.x.count)
            for i in m.x.indices {
                from.append((layout.x(m.x[i]), layout.y(m.y[i])))
                to.append((layout.x(m.x[i] + m.scale * m.u[i]), layout.y(m.y[i] + m.scale * m.v[i])))
            }
            drawArrows(canvas: canvas, from: from, to: to, color: m.color, width: m.width)
        default: break
        }
    }
    canvas.raster?.flush()
    cairo_restore(cr)
    for mark in axes.marks { if case .text(let m) = mark { drawText(m, layout: layout, canvas: canvas) } }

    drawFrame(axes, layout: layout, canvas: canvas)
    if let colorbar = layout.colorbar { drawColorbar(colorbar, canvas: canvas) }
    if let legend = layout.legend { drawLegend(legend, canvas: canvas) }
}

private func drawGrid(_ layout: AxesLayout, canvas: Canvas) {
    let plot = layout.plot
    canvas.setStroke(width: Style.gridWidth)
    canvas.setColor(.lightGray)
    for t in layout.xTicks.major { let x = layout.x(t.value); canvas.line(x, plot.y, x, plot.maxY) }
    for t in layout.yTicks.major { let y = layout.y(t.value); canvas.line(plot.x, y, plot.maxX, y) }
    cairo_stroke(canvas.cr)
}

private func drawFrame(_ axes: Axes, layout: AxesLayout, canvas: Canvas) {
    let cr = canvas.cr
    let plot = layout.plot
    let boxed = layout.colorbar != nil || axes.aspect == .equal
    canvas.setColor(.ink)
    canvas.setStroke(width: Style.spineWidth, cap: CAIRO_LINE_CAP_SQUARE)
    if boxed {
        canvas.rectangle(plot)
    } else {
        canvas.line(plot.x, plot.y, plot.x, plot.maxY)
        canvas.line(plot.x, plot.maxY, plot.maxX, plot.maxY)
    }
    cairo_stroke(cr)

    // Ticks, pointing outwards.
    canvas.setStroke(width: Style.spineWidth)
    for t in layout.xTicks.major { let x = layout.x(t.value); canvas.line(x, plot.maxY, x, plot.maxY + Style.tickLength) }
    for t in layout.yTicks.major { let y = layout.y(t.value); canvas.line(plot.x, y, plot.x - Style.tickLength, y) }
    for v in layout.xTicks.minor { let x = layout.x(v); canvas.line(x, plot.maxY, x, plot.maxY + Style.minorTickLength) }
    for v in layout.yTicks.minor { let y = layout.y(v); canvas.line(plot.x, y, plot.x - Style.minorTickLength, y) }
    cairo_stroke(cr)

    let labelTop = plot.maxY + Style.tickLength + Style.tickPad
    for t in layout.xTicks.major {
        canvas.text(t.label, x: layout.x(t.value), y: labelTop, anchor: TextAnchor(.center, .top), size: Style.tickLabelSize, color: .ink)
    }
    var widest = 0.0
    for t in layout.yTicks.major {
        widest = max(widest, canvas.textWidth(t.label, size: Style.tickLabelSize))
        canvas.text(t.label, x: plot.x - Style.tickLength - Style.tickPad, y: layout.y(t.value), anchor: .right,
                    size: Style.tickLabelSize, color: .ink)
    }
    if let label = axes.xLabel {
        canvas.text(label, x: plot.x + plot.width / 2, y: labelTop + Style.tickLabelSize * Style.capHeight + 7,
                    anchor: TextAnchor(.center, .top), size: Style.axisLabelSize, color: .ink)
    }
    if let label = axes.yLabel {
        canvas.text(label, x: plot.x - Style.tickLength - Style.tickPad - widest - 7, y: plot.y + plot.height / 2,
                    anchor: TextAnchor(.center, .bottom), size: Style.axisLabelSize, color: .ink, vertical: true)
    }
    var titleBottom = plot.y - Style.tickLabelSize * Style.capHeight / 2 - 4
    if layout.hiddenPoints > 0 {
        let note = layout.hiddenPoints == 1 ? "1 point lies outside the axes" : "\(layout.hiddenPoints) points lie outside the axes"
        canvas.text(note, x: plot.maxX, y: titleBottom, anchor: TextAnchor(.right, .bottom), size: Style.noteSize, color: Color(hex: 0x8A3B00))
        titleBottom -= Style.noteSize + 4
    }
    if let title = axes.title {
        canvas.text(title, x: plot.x + plot.width / 2, y: titleBottom - 2, anchor: TextAnchor(.center, .bottom),
                    size: Style.titleSize, color: .ink)
    }
}

// MARK: - Marks

/// Vertices closer than this to the last drawn one are merged (a fifth of a pixel at 2×).
private let simplifyDistance = 0.1

/// Mitred joins, bevelled beyond twice the width: on smooth data they look like round joins,
/// and cairo strokes them several times faster (a round join adds an arc at every vertex).
let lineMiterLimit = 2.0

private func drawLine(_ m: LineMark, layout: AxesLayout, canvas: Canvas) {
    let cr = canvas.cr
    let points = polyline(m, layout: layout)
    // Our own drawing takes coordinates within ±1e7 points (absurd ones go to cairo): solid
    // lines on image surfaces (LineRaster), every line's path data in SVG (SVGLines).
    let ours = points.allSatisfy { $0.isNaN || abs($0) <= 1e7 }
    // LineRaster takes lines up to 10⁵ pixels wide (its coverage arithmetic is single precision).
    if ours, m.stroke.dash.isEmpty, let raster = canvas.raster, let device = LineRaster.scale(of: cr),
       device.scale * m.stroke.width <= 1e5 {
        let k = device.scale
        var pixels = points
        for i in stride(from: 0, to: pixels.count - 1, by: 2) {
            pixels[i] = k * pixels[i] + device.dx
            pixels[i + 1] = k * pixels[i + 1] + device.dy
        }
        let plot = layout.plot
        raster.stroke(pixels, width: k * m.stroke.width, color: m.stroke.color,
                      clip: Rect(x: k * plot.x + device.dx, y: k * plot.y + device.dy, width: k * plot.width, height: k * plot.height))
        return
    }
    canvas.raster?.flush()          // lines queued before this one are drawn first
    var miterLimit = lineMiterLimit
    if ours, let svg = canvas.svgLines {
        // A stand-in from just beyond the plot's top-left corner to just beyond its bottom-right
        // (so cairo always writes the plot's clip around it); SVGLines puts the vertices in.
        guard let marker = svg.add(points) else { return }
        miterLimit = marker
        let plot = layout.plot
        cairo_move_to(cr, plot.x - 1, plot.y - 1)
        cairo_line_to(cr, plot.maxX + 1, plot.maxY + 1)
    } else {
        var started = false
        for i in stride(from: 0, to: points.count - 1, by: 2) {
            let x = points[i], y = points[i + 1]
            guard x.isFinite else { started = false; continue }
            if started { cairo_line_to(cr, x, y) } else { cairo_move_to(cr, x, y); started = true }
        }
    }
    canvas.setStroke(width: m.stroke.width, dash: m.stroke.dash, cap: CAIRO_LINE_CAP_BUTT, join: CAIRO_LINE_JOIN_MITER)
    cairo_set_miter_limit(cr, miterLimit)
    canvas.setColor(m.stroke.color)
    cairo_stroke(cr)
}

/// The line's vertices in points as (x, y) pairs, a NaN pair wherever a non-finite value
/// breaks it; a vertex closer than `simplifyDistance` to the last one kept is merged into the
/// next (the last of such a run is kept, so corners survive).
private func polyline(_ m: LineMark, layout: AxesLayout) -> [Double] {
    let xm = layout.x, ym = layout.y
    var out: [Double] = []
    out.reserveCapacity(2 * m.x.count)
    func vertex(_ x: Double, _ y: Double) { out.append(x); out.append(y) }
    var started = false
    var lastX = 0.0, lastY = 0.0
    var pending = false
    var pendingX = 0.0, pendingY = 0.0
    let limit = simplifyDistance * simplifyDistance
    for i in 0..<min(m.x.count, m.y.count) {
        let px = xm(m.x[i]), py = ym(m.y[i])
        guard px.isFinite, py.isFinite else {
            if pending { vertex(pendingX, pendingY); pending = false }
            if started { vertex(.nan, .nan) }
            started = false
            continue
        }
        if !started {
            vertex(px, py)
            started = true
            lastX = px; lastY = py
            continue
        }
        let dx = px - lastX, dy = py - lastY
        if dx * dx + dy * dy < limit {
            pending = true; pendingX = px; pendingY = py
            continue
        }
        vertex(px, py)
        lastX = px; lastY = py
        pending = false
    }
    if pending { vertex(pendingX, pendingY) }
    return out
}

private func drawBand(_ m: BandMark, layout: AxesLayout, canvas: Canvas) {
    let cr = canvas.cr
    // One closed polygon per run of finite points.
    var i = 0
    let finite = { (k: Int) in m.x[k].isFinite && m.lower[k].isFinite && m.upper[k].isFinite
        && layout.x(m.x[k]).isFinite && layout.y(m.lower[k]).isFinite && layout.y(m.upper[k]).isFinite }
    while i < m.x.count {
        guard finite(i) else { i += 1; continue }
        var j = i
        while j + 1 < m.x.count && finite(j + 1) { j += 1 }
        cairo_move_to(cr, layout.x(m.x[i]), layout.y(m.upper[i]))
        for k in stride(from: i + 1, through: j, by: 1) { cairo_line_to(cr, layout.x(m.x[k]), layout.y(m.upper[k])) }
        for k in stride(from: j, through: i, by: -1) { cairo_line_to(cr, layout.x(m.x[k]), layout.y(m.lower[k])) }
        cairo_close_path(cr)
        i = j + 1
    }
    canvas.setColor(m.color)
    cairo_fill(cr)
}

/// Circle control-point factor for four cubic Béziers: 4(√2 − 1)/3.
private let kappa = 0.5522847498307936

/// Appends one marker outline centred at (x, y), `size` points wide.
func markerPath(canvas: Canvas, _ marker: Marker, x: Double, y: Double, size: Double) {
    let cr = canvas.cr
    let r = size / 2
    switch marker {
    case .circle:
        let k = r * kappa
        cairo_move_to(cr, x + r, y)
        cairo_curve_to(cr, x + r, y + k, x + k, y + r, x, y + r)
        cairo_curve_to(cr, x - k, y + r, x - r, y + k, x - r, y)
        cairo_curve_to(cr, x - r, y - k, x - k, y - r, x, y - r)
        cairo_curve_to(cr, x + k, y - r, x + r, y - k, x + r, y)
        cairo_close_path(cr)
    case .square:
        let s = r * 0.886   // same area as the circle
        cairo_rectangle(cr, x - s, y - s, 2 * s, 2 * s)
    case .triangle:
        let h = r * 1.1
        cairo_move_to(cr, x, y - h)
        cairo_line_to(cr, x + h * 0.866, y + h * 0.5)
        cairo_line_to(cr, x - h * 0.866, y + h * 0.5)
        cairo_close_path(cr)
    case .cross:
        let s = r * 0.85
        cairo_move_to(cr, x - s, y - s); cairo_line_to(cr, x + s, y + s)
        cairo_move_to(cr, x - s, y + s); cairo_line_to(cr, x + s, y - s)
    }
}

/// Fills or strokes the current marker path in the scatter's style.
func paintMarkers(canvas: Canvas, _ m: ScatterMark) {
    canvas.setColor(m.color)
    if m.marker == .cross {
        canvas.setStroke(width: max(1, m.size / 5), cap: CAIRO_LINE_CAP_ROUND)
        cairo_stroke(canvas.cr)
    } else if m.filled {
        if let edge = m.edge {
            cairo_fill_preserve(canvas.cr)
            canvas.setColor(edge)
            canvas.setStroke(width: max(0.6, m.size / 8), join: CAIRO_LINE_JOIN_ROUND)
            cairo_stroke(canvas.cr)
        } else {
            cairo_fill(canvas.cr)
        }
    } else {
        canvas.setStroke(width: max(0.8, m.size / 7), join: CAIRO_LINE_JOIN_ROUND)
        cairo_stroke(canvas.cr)
    }
}

private func drawScatter(_ m: ScatterMark, layout: AxesLayout, canvas: Canvas) {
    for i in m.x.indices {
        let px = layout.x(m.x[i]), py = layout.y(m.y[i])
        guard px.isFinite, py.isFinite else { continue }
        markerPath(canvas: canvas, m.marker, x: px, y: py, size: m.size)
    }
    paintMarkers(canvas: canvas, m)
}

/// Arrows between page points: shafts in one stroke, heads in one fill.
func drawArrows(canvas: Canvas, from: [(Double, Double)], to: [(Double, Double)], color: Color, width: Double) {
    let cr = canvas.cr
    var heads: [(Double, Double, Double, Double, Double, Double)] = []
    heads.reserveCapacity(from.count)
    for i in from.indices {
        let (x0, y0) = from[i], (x1, y1) = to[i]
        guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { continue }
        let dx = x1 - x0, dy = y1 - y0
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0.2 else { continue }
        let ux = dx / length, uy = dy / length
        let headLength = min(0.45 * length, 3.5 + 2 * width)
        let halfWidth = headLength * 0.45
        let bx = x1 - ux * headLength, by = y1 - uy * headLength
        cairo_move_to(cr, x0, y0)
        cairo_line_to(cr, x1 - ux * headLength * 0.8, y1 - uy * headLength * 0.8)
        heads.append((x1, y1, bx - uy * halfWidth, by + ux * halfWidth, bx + uy * halfWidth, by - ux * halfWidth))
    }
    canvas.setColor(color)
    canvas.setStroke(width: width, cap: CAIRO_LINE_CAP_BUTT)
    cairo_stroke(cr)
    for h in heads {
        cairo_move_to(cr, h.0, h.1)
        cairo_line_to(cr, h.2, h.3)
        cairo_line_to(cr, h.4, h.5)
        cairo_close_path(cr)
    }
    cairo_fill(cr)
}

private func drawText(_ m: TextMark, layout: AxesLayout, canvas: Canvas) {
    let px = layout.x(m.x), py = layout.y(m.y)
    guard px.isFinite, py.isFinite else { return }
    if let target = m.arrowTo {
        let tx = layout.x(target.x), ty = layout.y(target.y)
        let box = canvas.textBox(m.text, x: px, y: py, anchor: m.anchor, size: m.size)
        // Start at the point of the (padded) text box nearest the target.
        let sx = min(max(tx, box.x - 3), box.maxX + 3), sy = min(max(ty, box.y - 3), box.maxY + 3)
        let dx = tx - sx, dy = ty - sy, length = (dx * dx + dy * dy).squareRoot()
        if length > 4 {
            let ex = tx - dx / length * 2, ey = ty - dy / length * 2
            drawArrows(canvas: canvas, from: [(sx, sy)], to: [(ex, ey)], color: m.color, width: 0.9)
        }
    }
    canvas.text(m.text, x: px, y: py, anchor: m.anchor, size: m.size, color: m.color)
}

/// Paints `colorOf(row, column)` cells, `rows × columns`, into `rect` (row 0 at the bottom).
private func paintCells(canvas: Canvas, rows: Int, columns: Int, rect: Rect, colorOf: (Int, Int) -> Color?) {
    let cr = canvas.cr
    guard let image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(columns), Int32(rows)) else { return }
    defer { cairo_surface_destroy(image) }
    cairo_surface_flush(image)
    let stride = Int(cairo_image_surface_get_stride(image))
    guard let data = cairo_image_surface_get_data(image) else { return }
    for r in 0..<rows {
        let line = data + (rows - 1 - r) * stride
        let pixels = UnsafeMutableRawPointer(line).bindMemory(to: UInt32.self, capacity: columns)
        for c in 0..<columns {
            guard let color = colorOf(r, c) else { pixels[c] = 0; continue }
            let red = UInt32((color.red * 255).rounded()), green = UInt32((color.green * 255).rounded())
            let blue = UInt32((color.blue * 255).rounded())
            pixels[c] = 0xFF00_0000 | red << 16 | green << 8 | blue
        }
    }
    cairo_surface_mark_dirty(image)
    cairo_save(cr)
    cairo_translate(cr, rect.x, rect.y)
    cairo_scale(cr, rect.width / Double(columns), rect.height / Double(rows))
    cairo_set_source_surface(cr, image, 0, 0)
    let pattern = cairo_get_source(cr)
    cairo_pattern_set_filter(pattern, CAIRO_FILTER_NEAREST)
    cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD)
    cairo_rectangle(cr, 0, 0, Double(columns), Double(rows))
    cairo_fill(cr)
    cairo_restore(cr)
}

private func drawHeatmap(_ m: HeatmapMark, layout: AxesLayout, canvas: Canvas) {
    let x0 = layout.x(m.x.lowerBound), x1 = layout.x(m.x.upperBound)
    let yTop = layout.y(m.y.upperBound), yBottom = layout.y(m.y.lowerBound)
    guard x0.isFinite, x1.isFinite, yTop.isFinite, yBottom.isFinite else { return }
    let lo = m.range.lowerBound, span = m.range.upperBound - m.range.lowerBound
    paintCells(canvas: canvas, rows: m.rows, columns: m.columns,
               rect: Rect(x: x0, y: yTop, width: x1 - x0, height: yBottom - yTop)) { r, c in
        let v = m.values[r * m.columns + c]
        return v.isFinite ? m.colormap.color(at: (v - lo) / span) : nil
    }
}

private func drawColorbar(_ colorbar: ColorbarLayout, canvas: Canvas) {
    let cr = canvas.cr
    let bar = colorbar.bar
    let entries = colorbar.heatmap.colormap.entries
    paintCells(canvas: canvas, rows: entries.count, columns: 1, rect: bar) { r, _ in entries[r] }
    canvas.setColor(.ink)
    canvas.setStroke(width: Style.spineWidth * 0.75)
    canvas.rectangle(bar)
    cairo_stroke(cr)
    canvas.setStroke(width: Style.spineWidth)
    var widest = 0.0
    for t in colorbar.ticks.major {
        let y = colorbar.map(t.value)
        canvas.line(bar.maxX, y, bar.maxX + Style.tickLength, y)
    }
    cairo_stroke(cr)
    for t in colorbar.ticks.major {
        widest = max(widest, canvas.textWidth(t.label, size: Style.tickLabelSize))
        canvas.text(t.label, x: bar.maxX + Style.tickLength + Style.tickPad, y: colorbar.map(t.value), anchor: .left,
                    size: Style.tickLabelSize, color: .ink)
    }
    if let label = colorbar.heatmap.colorbarLabel {
        // Reads bottom-up, its top towards the bar.
        canvas.text(label, x: bar.maxX + Style.tickLength + Style.tickPad + widest + 7, y: bar.y + bar.height / 2,
                    anchor: TextAnchor(.center, .top), size: Style.axisLabelSize, color: .ink, vertical: true)
    }
}

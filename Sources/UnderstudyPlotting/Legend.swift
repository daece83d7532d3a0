import CUnderstudyCairo

/// One legend row: the label and the look of every mark that carries it.
struct LegendEntry: Sendable {
    var label: String
    var stroke: Stroke?
    var marker: ScatterMark?
    var patch: Color?
    var arrow: Color?
}

struct LegendLayout {
    var entries: [LegendEntry]
    var size: (width: Double, height: Double)
    var origin: (x: Double, y: Double)
    var rect: Rect { Rect(x: origin.x, y: origin.y, width: size.width, height: size.height) }
}

private enum LegendStyle {
    static let padX = 7.0
    static let padY = 5.0
    static let swatch = 24.0
    static let gap = 7.0
    static let row = Style.legendSize * 1.6
    static let inset = 6.0
}

/// Legend rows in first-appearance order; marks sharing a label share a row.
func legendEntries(_ axes: Axes) -> [LegendEntry] {
    var entries: [LegendEntry] = []
    func entry(_ label: String?, _ update: (inout LegendEntry) -> Void) {
        guard let label, !label.isEmpty else { return }
        if let i = entries.firstIndex(where: { $0.label == label }) {
            update(&entries[i])
        } else {
            var e = LegendEntry(label: label)
            update(&e)
            entries.append(e)
        }
    }
    for mark in axes.marks {
        switch mark {
        case .line(let m): entry(m.label) { $0.stroke = m.stroke }
        case .scatter(let m): entry(m.label) { $0.marker = m }
        case .band(let m): entry(m.label) { $0.patch = m.color }
        case .quiver(let m): entry(m.label) { $0.arrow = m.color }
        case .heatmap, .text: break
        }
    }
    return entries
}

func measureLegend(_ entries: [LegendEntry], canvas: Canvas) -> (width: Double, height: Double) {
    let labelWidth = entries.map { canvas.textWidth($0.label, size: Style.legendSize) }.max() ?? 0
    return (2 * LegendStyle.padX + LegendStyle.swatch + LegendStyle.gap + labelWidth,
            2 * LegendStyle.padY + Double(entries.count) * LegendStyle.row)
}

/// Candidate legend rectangles inside `plot`, in order of preference (ties keep the first).
func legendCandidates(plot: Rect, width: Double, height: Double) -> [Rect] {
    let i = LegendStyle.inset
    let left = plot.x + i, right = plot.maxX - i - width, midX = plot.x + (plot.width - width) / 2
    let top = plot.y + i, bottom = plot.maxY - i - height, midY = plot.y + (plot.height - height) / 2
    return [(right, top), (left, top), (left, bottom), (right, bottom), (right, midY), (left, midY),
            (midX, bottom), (midX, top), (midX, midY)].map { Rect(x: $0.0, y: $0.1, width: width, height: height) }
}

/// How many data points and segments each candidate rectangle would hide.
///
/// Lines count their vertices and the segments crossing the box; bands count their edges and
/// the vertical spans between them, so a box over a band's interior is penalised too.
func legendCoverage(_ axes: Axes, layout: AxesLayout, candidates: [Rect]) -> [Int] {
    var scores = [Int](repeating: 0, count: candidates.count)
    let xm = layout.x, ym = layout.y
    func point(_ px: Double, _ py: Double) {
        guard px.isFinite, py.isFinite else { return }
        for (k, r) in candidates.enumerated() where r.contains(px, py) { scores[k] += 1 }
    }
    func segment(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
        guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { return }
        let lx = min(x0, x1), hx = max(x0, x1), ly = min(y0, y1), hy = max(y0, y1)
        for (k, r) in candidates.enumerated() {
            guard hx >= r.x, lx <= r.maxX, hy >= r.y, ly <= r.maxY else { continue }
            // Bounding boxes overlap: the segment crosses the box unless all corners lie on one side.
            let dx = x1 - x0, dy = y1 - y0
            let s0 = dx * (r.y - y0) - dy * (r.x - x0), s1 = dx * (r.y - y0) - dy * (r.maxX - x0)
            let s2 = dx * (r.maxY - y0) - dy * (r.x - x0), s3 = dx * (r.maxY - y0) - dy * (r.maxX - x0)
            let allPositive = s0 > 0 && s1 > 0 && s2 > 0 && s3 > 0
            let allNegative = s0 < 0 && s1 < 0 && s2 < 0 && s3 < 0
            if !allPositive && !allNegative { scores[k] += 1 }
        }
    }
    func polyline(_ x: [Double], _ y: [Double]) {
        var px = 0.0, py = 0.0
        for i in x.indices {
            let qx = xm(x[i]), qy = ym(y[i])
            point(qx, qy)
            if i > 0 { segment(px, py, qx, qy) }
            px = qx; py = qy
        }
    }
    for mark in axes.marks {
        switch mark {
        case .line(let m): polyline(m.x, m.y)
        case .scatter(let m): for i in m.x.indices { point(xm(m.x[i]), ym(m.y[i])) }
        case .band(let m):
            polyline(m.x, m.lower)
            polyline(m.x, m.upper)
            for i in m.x.indices { let px = xm(m.x[i]); segment(px, ym(m.lower[i]), px, ym(m.upper[i])) }
        case .quiver(let m):
            for i in m.x.indices {
                segment(xm(m.x[i]), ym(m.y[i]), xm(m.x[i] + m.scale * m.u[i]), ym(m.y[i] + m.scale * m.v[i]))
            }
        case .text(let m): point(xm(m.x), ym(m.y))
        case .heatmap: break
        }
    }
    return scores
}

/// Fixes the legend's position for `axes.legend`.
func placeLegend(_ axes: Axes, layout: inout AxesLayout) {
    guard var legend = layout.legend else { return }
    let plot = layout.plot
    let (w, h) = legend.size
    let candidates = legendCandidates(plot: plot, width: w, height: h)
    switch axes.legend {
    case .none: layout.legend = nil; return
    case .upperRight: legend.origin = (candidates[0].x, candidates[0].y)
    case .upperLeft: legend.origin = (candidates[1].x, candidates[1].y)
    case .lowerLeft: legend.origin = (candidates[2].x, candidates[2].y)
    case .lowerRight: legend.origin = (candidates[3].x, candidates[3].y)
    case .outsideRight:
        let x = (layout.colorbar?.outerEdge ?? plot.maxX) + 10
        legend.origin = (x, plot.y)
    case .auto:
        let scores = legendCoverage(axes, layout: layout, candidates: candidates)
        var best = 0
        for k in scores.indices where scores[k] < scores[best] { best = k }
        legend.origin = (candidates[best].x, candidates[best].y)
    }
    layout.legend = legend
}

func drawLegend(_ legend: LegendLayout, canvas: Canvas) {
    let cr = canvas.cr
    let box = legend.rect
    canvas.rectangle(box)
    canvas.setColor(Color.white.withAlpha(0.9))
    cairo_fill_preserve(cr)
    canvas.setColor(Color(hex: 0xCCCCCC))
    canvas.setStroke(width: 0.6)
    cairo_stroke(cr)
    for (i, e) in legend.entries.enumerated() {
        let cy = box.y + LegendStyle.padY + (Double(i) + 0.5) * LegendStyle.row
        let x0 = box.x + LegendStyle.padX, x1 = x0 + LegendStyle.swatch
        if let patch = e.patch {
            canvas.rectangle(Rect(x: x0, y: cy - 5, width: LegendStyle.swatch, height: 10))
            canvas.setColor(patch)
            cairo_fill(cr)
        }
        if let s = e.stroke {
            canvas.setStroke(width: s.width, dash: s.dash)
            canvas.setColor(s.color)
            canvas.line(x0, cy, x1, cy)
            cairo_stroke(cr)
        }
        if let a = e.arrow {
            drawArrows(canvas: canvas, from: [(x0, cy)], to: [(x1, cy)], color: a, width: 1)
        }
        if let m = e.marker {
            markerPath(canvas: canvas, m.marker, x: (x0 + x1) / 2, y: cy, size: m.size)
            paintMarkers(canvas: canvas, m)
        }
        canvas.text(e.label, x: x1 + LegendStyle.gap, y: cy, anchor: .left, size: Style.legendSize, color: .ink)
    }
}

import UnderstudyDeterminism

/// The range of finite data values seen along one axis.
struct Extent: Sendable {
    var lower = Double.infinity
    var upper = -Double.infinity
    var isEmpty: Bool { lower > upper }

    /// Includes `v` if it is finite (and positive on a log scale).
    @inline(__always)
    mutating func include(_ v: Double, _ scale: Scale) {
        guard v.isFinite, scale.shows(v) else { return }
        if v < lower { lower = v }
        if v > upper { upper = v }
    }

    /// Axis limits covering this extent with `margin` (a fraction of the span) on each side.
    func limits(scale: Scale, margin: Double) -> ClosedRange<Double> {
        switch scale {
        case .linear:
            guard !isEmpty else { return 0...1 }
            if upper == lower {
                let half = lower == 0 ? 0.5 : abs(lower) * 0.05
                return (lower - half)...(upper + half)
            }
            let pad = (upper - lower) * margin
            return (lower - pad)...(upper + pad)
        case .log:
            guard !isEmpty else { return 1...10 }
            let a = PortableMath.log(lower), b = PortableMath.log(upper)
            let pad = upper == lower ? 1.151292546497023 : (b - a) * margin   // ln(10)/2 for a single value
            return PortableMath.exp(a - pad)...PortableMath.exp(b + pad)
        case .symlog:
            guard !isEmpty, upper > lower else { return limits(scale: .linear, margin: margin) }
            let a = AxisMap.transform(lower, scale), b = AxisMap.transform(upper, scale)
            let pad = (b - a) * margin
            return AxisMap.inverse(a - pad, scale)...AxisMap.inverse(b + pad, scale)
        }
    }
}

/// Everything about one axes' geometry, fixed before anything is drawn.
struct AxesLayout {
    var plot: Rect
    var x: AxisMap
    var y: AxisMap
    var xTicks: TickSet
    var yTicks: TickSet
    var colorbar: ColorbarLayout?
    var legend: LegendLayout?
    /// Data points that fall outside explicit limits (or ≤ 0 on a log axis).
    var hiddenPoints: Int
}

struct ColorbarLayout {
    var bar: Rect
    var map: AxisMap
    var ticks: TickSet
    var heatmap: HeatmapMark
    /// Right edge of the bar's tick labels and label, in points.
    var outerEdge: Double
}

/// The data extents of the marks of one axes.
func dataExtents(_ axes: Axes) -> (x: Extent, y: Extent) {
    var ex = Extent(), ey = Extent()
    let xs = axes.xScale, ys = axes.yScale
    for mark in axes.marks {
        switch mark {
        case .line(let m):
            for v in m.x { ex.include(v, xs) }
            for v in m.y { ey.include(v, ys) }
        case .scatter(let m):
            for v in m.x { ex.include(v, xs) }
            for v in m.y { ey.include(v, ys) }
        case .band(let m):
            for v in m.x { ex.include(v, xs) }
            for v in m.lower { ey.include(v, ys) }
            for v in m.upper { ey.include(v, ys) }
        case .quiver(let m):
            for i in m.x.indices {
                ex.include(m.x[i], xs); ex.include(m.x[i] + m.scale * m.u[i], xs)
                ey.include(m.y[i], ys); ey.include(m.y[i] + m.scale * m.v[i], ys)
            }
        case .heatmap(let m):
            ex.include(m.x.lowerBound, xs); ex.include(m.x.upperBound, xs)
            ey.include(m.y.lowerBound, ys); ey.include(m.y.upperBound, ys)
        case .text(let m):
            ex.include(m.x, xs); ey.include(m.y, ys)
            if let p = m.arrowTo { ex.include(p.x, xs); ey.include(p.y, ys) }
        }
    }
    return (ex, ey)
}

/// Counts data points that cannot be seen: outside explicit limits or not positive on a log axis.
func hiddenPointCount(_ axes: Axes, x: AxisMap, y: AxisMap) -> Int {
    var count = 0
    func check(_ px: Double, _ py: Double) {
        guard px.isFinite, py.isFinite else { return }
        if !x.contains(px) || !y.contains(py) { count += 1 }
    }
    for mark in axes.marks {
        switch mark {
        case .line(let m): for i in m.x.indices { check(m.x[i], m.y[i]) }
        case .scatter(let m): for i in m.x.indices { check(m.x[i], m.y[i]) }
        case .band(let m): for i in m.x.indices { check(m.x[i], m.lower[i]); check(m.x[i], m.upper[i]) }
        case .quiver(let m):
            for i in m.x.indices { check(m.x[i], m.y[i]); check(m.x[i] + m.scale * m.u[i], m.y[i] + m.scale * m.v[i]) }
        case .heatmap, .text: break
        }
    }
    return count
}

/// The largest rectangle centred in `plot` on which one unit of x is as long as one of y.
func equalAspectBox(_ plot: Rect, x: ClosedRange<Double>, y: ClosedRange<Double>) -> Rect {
    let sx = plot.width / (x.upperBound - x.lowerBound)
    let sy = plot.height / (y.upperBound - y.lowerBound)
    guard sx.isFinite, sy.isFinite, sx > 0, sy > 0 else { return plot }
    if sx > sy {
        let w = (x.upperBound - x.lowerBound) * sy
        return Rect(x: plot.x + (plot.width - w) / 2, y: plot.y, width: w, height: plot.height)
    } else {
        let h = (y.upperBound - y.lowerBound) * sx
        return Rect(x: plot.x, y: plot.y + (plot.height - h) / 2, width: plot.width, height: h)
    }
}

func ticks(lower: Double, upper: Double, scale: Scale, target: Int) -> TickSet {
    switch scale {
    case .linear: return TickLocator.linear(lower: lower, upper: upper, target: target)
    case .log: return TickLocator.log(lower: lower, upper: upper, target: target)
    case .symlog(let c): return TickLocator.symlog(lower: lower, upper: upper, linearWidth: c, target: target)
    }
}

/// Ticks whose labels do not collide along an axis of `length` points: fewer until they fit.
func fittingTicks(lower: Double, upper: Double, scale: Scale, length: Double, horizontal: Bool, canvas: Canvas) -> TickSet {
    var target = tickTarget(length: length, horizontal: horizontal)
    while true {
        let set = ticks(lower: lower, upper: upper, scale: scale, target: target)
        if target <= 2 || labelsFit(set, lower: lower, upper: upper, scale: scale, length: length, horizontal: horizontal, canvas: canvas) {
            return set
        }
        target -= 1
    }
}

/// About one labelled tick per 85 points across, per 50 points up.
func tickTarget(length: Double, horizontal: Bool) -> Int {
    max(2, min(10, Int(length / (horizontal ? 85 : 50))))
}

/// Ticks with one shared step for equal-aspect axes, fewer until the labels fit.
func sharedFittingTicks(x: ClosedRange<Double>, y: ClosedRange<Double>, plot: Rect, canvas: Canvas) -> (TickSet, TickSet) {
    var tx = tickTarget(length: plot.width, horizontal: true), ty = tickTarget(length: plot.height, horizontal: false)
    while true {
        let (a, b) = TickLocator.sharedLinear(x: x, targetX: tx, y: y, targetY: ty)
        let fits = labelsFit(a, lower: x.lowerBound, upper: x.upperBound, scale: .linear, length: plot.width, horizontal: true, canvas: canvas)
            && labelsFit(b, lower: y.lowerBound, upper: y.upperBound, scale: .linear, length: plot.height, horizontal: false, canvas: canvas)
        if fits || (tx <= 2 && ty <= 2) { return (a, b) }
        tx = max(2, tx - 1); ty = max(2, ty - 1)
    }
}

private func labelsFit(_ set: TickSet, lower: Double, upper: Double, scale: Scale, length: Double, horizontal: Bool, canvas: Canvas) -> Bool {
    let map = AxisMap(scale: scale, lower: lower, upper: upper, start: 0, end: length)
    var previousEnd = -Double.infinity
    for tick in set.major {
        let extent = horizontal ? canvas.textWidth(tick.label, size: Style.tickLabelSize) : Style.tickLabelSize * Style.capHeight
        let centre = map(tick.value)
        if centre - extent / 2 < previousEnd + (horizontal ? 8 : 6) { return false }
        previousEnd = centre + extent / 2
    }
    return true
}

/// Space around the plot area, in points.
struct Margins: Equatable {
    var left = 0.0, right = 0.0, top = 0.0, bottom = 0.0
    func atLeast(_ o: Margins) -> Margins {
        Margins(left: max(left, o.left), right: max(right, o.right), top: max(top, o.top), bottom: max(bottom, o.bottom))
    }
}

/// Lays out one axes in `cell`: limits, ticks, plot rectangle, colour bar and legend size.
func layoutAxes(_ axes: Axes, cell: Rect, canvas: Canvas) -> AxesLayout {
    let heatmap = axes.marks.lazy.compactMap { if case .heatmap(let h) = $0 { return h } else { return nil } }.first
    let (ex, ey) = dataExtents(axes)
    let margin = heatmap == nil ? axes.margin : 0
    let baseX = axes.xLimits ?? ex.limits(scale: axes.xScale, margin: margin)
    let baseY = axes.yLimits ?? ey.limits(scale: axes.yScale, margin: margin)
    let entries = legendEntries(axes)
    let legendSize = entries.isEmpty || axes.legend == .none ? nil : measureLegend(entries, canvas: canvas)

    // Fixed parts of the margins.
    let labelBlock = Style.axisLabelSize * (Style.capHeight + Style.descent)
    var fixed = Margins()
    fixed.left = Style.pad + (axes.yLabel == nil ? 0 : labelBlock + 7) + Style.tickLength + Style.tickPad
    fixed.bottom = Style.pad + Style.tickLength + Style.tickPad + Style.tickLabelSize * Style.capHeight
        + (axes.xLabel == nil ? 0 : labelBlock + 7)
    fixed.top = Style.pad + (axes.title == nil ? 0 : Style.titleSize * (Style.capHeight + Style.descent) + 10)
    fixed.right = Style.pad
    if axes.legend == .outsideRight, let legendSize { fixed.right += legendSize.width + 10 }

    var margins = Margins(left: fixed.left + 20, right: fixed.right + 10, top: fixed.top + 6, bottom: fixed.bottom)
    var result: AxesLayout!
    for _ in 0..<6 {
        var plot = Rect(x: cell.x + margins.left, y: cell.y + margins.top,
                        width: max(10, cell.width - margins.left - margins.right),
                        height: max(10, cell.height - margins.top - margins.bottom))
        let (xl, yl) = (baseX, baseY)
        let xTicks: TickSet, yTicks: TickSet
        if axes.aspect == .equal && axes.xScale == .linear && axes.yScale == .linear {
            plot = equalAspectBox(plot, x: xl, y: yl)
            (xTicks, yTicks) = sharedFittingTicks(x: xl, y: yl, plot: plot, canvas: canvas)
        } else {
            xTicks = fittingTicks(lower: xl.lowerBound, upper: xl.upperBound, scale: axes.xScale, length: plot.width, horizontal: true, canvas: canvas)
            yTicks = fittingTicks(lower: yl.lowerBound, upper: yl.upperBound, scale: axes.yScale, length: plot.height, horizontal: false, canvas: canvas)
        }
        let xMap = AxisMap(scale: axes.xScale, lower: xl.lowerBound, upper: xl.upperBound, start: plot.x, end: plot.maxX)
        let yMap = AxisMap(scale: axes.yScale, lower: yl.lowerBound, upper: yl.upperBound, start: plot.maxY, end: plot.y)
        let hidden = hiddenPointCount(axes, x: xMap, y: yMap)

        var colorbar: ColorbarLayout?
        var needed = fixed
        needed.left += yTicks.major.map { canvas.textWidth($0.label, size: Style.tickLabelSize) }.max() ?? 0
        needed.top += Style.tickLabelSize * Style.capHeight / 2 + (hidden > 0 ? Style.noteSize + 4 : 0)
        let lastX = xTicks.major.last.map { xMap($0.value) + canvas.textWidth($0.label, size: Style.tickLabelSize) / 2 - plot.maxX } ?? 0
        needed.right += max(2, lastX)
        if let heatmap {
            let range = heatmap.range
            let bar = Rect(x: plot.maxX + 12, y: plot.y, width: 12, height: plot.height)
            let map = AxisMap(scale: .linear, lower: range.lowerBound, upper: range.upperBound, start: bar.maxY, end: bar.y)
            let cbTicks = fittingTicks(lower: range.lowerBound, upper: range.upperBound, scale: .linear, length: bar.height, horizontal: false, canvas: canvas)
            let labelsWidth = cbTicks.major.map { canvas.textWidth($0.label, size: Style.tickLabelSize) }.max() ?? 0
            let outer = Style.tickLength + Style.tickPad + labelsWidth + (heatmap.colorbarLabel == nil ? 0 : 7 + labelBlock)
            needed.right = fixed.right + 12 + 12 + outer
            colorbar = ColorbarLayout(bar: bar, map: map, ticks: cbTicks, heatmap: heatmap, outerEdge: bar.maxX + outer)
        }
        var legend: LegendLayout?
        if let legendSize {
            legend = LegendLayout(entries: entries, size: legendSize, origin: (0, 0))
        }
        result = AxesLayout(plot: plot, x: xMap, y: yMap, xTicks: xTicks, yTicks: yTicks, colorbar: colorbar,
                            legend: legend, hiddenPoints: hidden)
        let grown = margins.atLeast(needed)
        if grown == margins { break }
        margins = grown
    }
    return result
}

/// How the two axes' units relate.
public enum Aspect: Sendable, Hashable {
    /// Each axis fills its length independently.
    case auto
    /// One data unit is as long on x as on y (maps, trajectories); the data limits grow to fit.
    case equal
}

/// Where the legend goes.
public enum LegendPlacement: Sendable, Hashable {
    /// Inside the axes, at the candidate position that covers the fewest data points.
    case auto
    case upperRight, upperLeft, lowerLeft, lowerRight
    /// To the right of the axes, outside the data area.
    case outsideRight
    case none
}

/// One plot area: marks in data coordinates, two axes with ticks and labels, a title and a
/// legend.
///
/// Colours not given explicitly come from `Palette.series` in call order: each `line`, `scatter`
/// and `quiver` without a colour takes the next one; a `band` without a colour takes the colour
/// the *next* series will take, so `band(…)` followed by `line(…)` share a colour.
public struct Axes: Sendable {
    public var title: String?
    /// Axis labels; include units, e.g. "x (m)".
    public var xLabel: String?
    public var yLabel: String?
    public var xScale: Scale = .linear
    public var yScale: Scale = .linear
    /// Explicit limits; nil means "from the data, with margins". Data outside explicit limits
    /// are not drawn silently: the axes print how many points fall outside.
    public var xLimits: ClosedRange<Double>?
    public var yLimits: ClosedRange<Double>?
    /// Fraction of the data range added on each side when limits come from the data.
    public var margin: Double = 0.05
    public var aspect: Aspect = .auto
    public var legend: LegendPlacement = .auto
    /// Light grid lines at the major ticks.
    public var grid: Bool = true
    /// False leaves the grid cell blank: the unused cells of a grid of small multiples.
    public var isDrawn: Bool = true

    var marks: [Mark] = []
    var nextColor = 0

    public init() {}

    private mutating func takeColor(_ color: Color?) -> Color {
        if let color { return color }
        defer { nextColor += 1 }
        return Palette.color(nextColor)
    }

    // MARK: - Marks

    /// A polyline through (x[i], y[i]); NaN or infinite points break it.
    public mutating func line(x: [Double], y: [Double], label: String? = nil, color: Color? = nil,
                              width: Double = 1.5, dash: [Double] = [], alpha: Double = 1) {
        precondition(x.count == y.count, "line: x and y differ in length (\(x.count) vs \(y.count))")
        let c = takeColor(color)
        marks.append(.line(LineMark(x: x, y: y, stroke: Stroke(color: c.withAlpha(c.alpha * alpha), width: width, dash: dash), label: label)))
    }

    /// A line with a filled band (e.g. a 95 % confidence interval) in the same colour.
    public mutating func line(x: [Double], y: [Double], lower: [Double], upper: [Double], label: String? = nil,
                              color: Color? = nil, width: Double = 1.5, dash: [Double] = [], bandAlpha: Double = 0.2) {
        let c = takeColor(color)
        band(x: x, lower: lower, upper: upper, color: c.withAlpha(bandAlpha), label: label)
        line(x: x, y: y, label: label, color: c, width: width, dash: dash)
    }

    /// The region between `lower` and `upper` over `x`. A colour without alpha gets 0.2.
    public mutating func band(x: [Double], lower: [Double], upper: [Double], color: Color? = nil, label: String? = nil) {
        precondition(x.count == lower.count && x.count == upper.count, "band: x, lower and upper differ in length")
        let c = color ?? Palette.color(nextColor).withAlpha(0.2)
        marks.append(.band(BandMark(x: x, lower: lower, upper: upper, color: c, label: label)))
    }

    /// Markers at (x[i], y[i]); `size` is the marker width in points; `edge` outlines filled
    /// markers.
    public mutating func scatter(x: [Double], y: [Double], label: String? = nil, marker: Marker = .circle,
                                 size: Double = 5, color: Color? = nil, alpha: Double = 1, filled: Bool = true,
                                 edge: Color? = nil) {
        precondition(x.count == y.count, "scatter: x and y differ in length (\(x.count) vs \(y.count))")
        let c = takeColor(color)
        marks.append(.scatter(ScatterMark(x: x, y: y, marker: marker, size: size, color: c.withAlpha(c.alpha * alpha),
                                          filled: filled, edge: edge, label: label)))
    }

    /// Arrows from (x[i], y[i]) to (x[i] + scale·u[i], y[i] + scale·v[i]) in data units.
    public mutating func quiver(x: [Double], y: [Double], u: [Double], v: [Double], scale: Double = 1,
                                label: String? = nil, color: Color? = nil, width: Double = 1) {
        precondition(x.count == y.count && x.count == u.count && x.count == v.count, "quiver: x, y, u and v differ in length")
        marks.append(.quiver(QuiverMark(x: x, y: y, u: u, v: v, scale: scale, color: takeColor(color), width: width, label: label)))
    }

    /// A heat map of `values` (row-major, `rows × columns`, row 0 at `y.lowerBound`) over the
    /// rectangle `x × y`, coloured by `colormap` over `range` (default: the finite values' range),
    /// with a colour bar labelled `colorbarLabel`. Non-finite cells stay blank.
    public mutating func heatmap(values: [Double], rows: Int, columns: Int, x: ClosedRange<Double>, y: ClosedRange<Double>,
                                 colormap: Colormap = .viridis, range: ClosedRange<Double>? = nil, colorbarLabel: String? = nil) {
        precondition(rows > 0 && columns > 0 && values.count == rows * columns, "heatmap: values.count must be rows × columns")
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
        if !lo.isFinite { lo = 0; hi = 1 }
        if hi == lo { hi = lo + 1 }
        marks.append(.heatmap(HeatmapMark(values: values, rows: rows, columns: columns, x: x, y: y, colormap: colormap,
                                          range: range ?? lo...hi, colorbarLabel: colorbarLabel)))
        grid = false
    }

    /// Text at a data point; `size` in points.
    public mutating func text(_ text: String, x: Double, y: Double, anchor: TextAnchor = .left,
                              size: Double = 9, color: Color = .ink) {
        marks.append(.text(TextMark(text: text, x: x, y: y, anchor: anchor, size: size, color: color, arrowTo: nil)))
    }

    /// Text at (textX, textY) with an arrow pointing at the data point (x, y).
    public mutating func annotate(_ text: String, x: Double, y: Double, textX: Double, textY: Double,
                                  anchor: TextAnchor = .left, size: Double = 9, color: Color = .ink) {
        marks.append(.text(TextMark(text: text, x: textX, y: textY, anchor: anchor, size: size, color: color, arrowTo: (x, y))))
    }
}

/// Marker shapes for scatter plots.
public enum Marker: Sendable, Hashable {
    case circle, cross, square, triangle
}

/// Where a piece of text sits relative to its anchor point.
public struct TextAnchor: Sendable, Hashable {
    public enum Horizontal: Sendable, Hashable { case left, center, right }
    public enum Vertical: Sendable, Hashable { case top, center, baseline, bottom }
    public var horizontal: Horizontal
    public var vertical: Vertical
    public init(_ horizontal: Horizontal, _ vertical: Vertical) {
        self.horizontal = horizontal
        self.vertical = vertical
    }
    public static let center = TextAnchor(.center, .center)
    public static let left = TextAnchor(.left, .center)
    public static let right = TextAnchor(.right, .center)
}

/// A line style: width in points, dash pattern in points (empty: solid), opacity.
public struct Stroke: Sendable, Hashable {
    public var color: Color
    public var width: Double
    public var dash: [Double]
    public init(color: Color, width: Double = 1.5, dash: [Double] = []) {
        self.color = color
        self.width = width
        self.dash = dash
    }
}

/// A polyline through (x[i], y[i]); non-finite points break it into pieces.
struct LineMark: Sendable {
    var x: [Double]
    var y: [Double]
    var stroke: Stroke
    var label: String?
}

struct ScatterMark: Sendable {
    var x: [Double]
    var y: [Double]
    var marker: Marker
    /// Marker size (width) in points.
    var size: Double
    var color: Color
    var filled: Bool
    /// Outline drawn around filled markers (e.g. to stand out on a heat map).
    var edge: Color?
    var label: String?
}

/// The region between `lower` and `upper` over `x`, e.g. a confidence interval.
struct BandMark: Sendable {
    var x: [Double]
    var lower: [Double]
    var upper: [Double]
    var color: Color
    var label: String?
}

/// Arrows from (x, y) to (x + scale·u, y + scale·v), in data units.
struct QuiverMark: Sendable {
    var x: [Double]
    var y: [Double]
    var u: [Double]
    var v: [Double]
    var scale: Double
    var color: Color
    var width: Double
    var label: String?
}

/// A grid of values drawn as cells over a rectangle in data units.
struct HeatmapMark: Sendable {
    /// Row-major values, `rows × columns`; row 0 lies at `y.lowerBound`.
    var values: [Double]
    var rows: Int
    var columns: Int
    var x: ClosedRange<Double>
    var y: ClosedRange<Double>
    var colormap: Colormap
    var range: ClosedRange<Double>
    var colorbarLabel: String?
}

struct TextMark: Sendable {
    var text: String
    var x: Double
    var y: Double
    var anchor: TextAnchor
    var size: Double
    var color: Color
    /// When set, an arrow from the text to this data point.
    var arrowTo: (x: Double, y: Double)?
}

enum Mark: Sendable {
    case line(LineMark)
    case scatter(ScatterMark)
    case band(BandMark)
    case quiver(QuiverMark)
    case heatmap(HeatmapMark)
    case text(TextMark)
}

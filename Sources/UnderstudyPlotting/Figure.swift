/// A page of one or more axes in a grid, sized in points (1/72 inch), rendered to PNG, SVG or
/// PDF bytes.
///
/// ```swift
/// var figure = Figure(width: 640, height: 400)
/// figure[0, 0].line(x: steps, y: means, lower: lows, upper: highs, label: "DAgger")
/// figure[0, 0].xLabel = "iteration"
/// let png = try figure.png()          // then: try AtomicFile.write(png, to: path)
/// ```
public struct Figure: Sendable {
    /// Page size in points.
    public var width: Double
    public var height: Double
    public let rows: Int
    public let columns: Int
    /// The axes, row-major (`rows × columns`).
    public var axes: [Axes]
    /// A title over the whole figure (optional; each axes has its own title too).
    public var title: String?

    /// A figure with `rows × columns` empty axes of equal size.
    public init(width: Double = 640, height: Double = 400, rows: Int = 1, columns: Int = 1) {
        precondition(width > 0 && height > 0, "Figure: width and height must be positive")
        precondition(rows > 0 && columns > 0, "Figure: rows and columns must be positive")
        self.width = width
        self.height = height
        self.rows = rows
        self.columns = columns
        self.axes = Array(repeating: Axes(), count: rows * columns)
    }

    /// The axes in grid cell (row, column); row 0 is the top row.
    public subscript(row: Int, column: Int) -> Axes {
        get { axes[row * columns + column] }
        set { axes[row * columns + column] = newValue }
    }

    // MARK: - Output

    /// PNG bytes at `scale` device pixels per point (2: sharp on high-density screens).
    public func png(scale: Double = 2) throws(PlotError) -> [UInt8] {
        try Output.png(self, scale: scale)
    }

    /// SVG bytes, identical for identical figures (element ids depend only on drawing order).
    public func svg() throws(PlotError) -> [UInt8] {
        try Output.svg(self)
    }

    /// One PDF with one page per figure, each page sized as its figure. The document's creation
    /// and modification dates are `date` (ISO 8601), so equal figures give identical bytes.
    public static func pdf(_ figures: [Figure], date: String = "2000-01-01T00:00:00Z") throws(PlotError) -> [UInt8] {
        try Output.pdf(figures, date: date)
    }
}

/// A rendering failure, as one line.
public enum PlotError: Error, Equatable, CustomStringConvertible {
    case cairo(String)
    case png(String)
    case noFigures

    public var description: String {
        switch self {
        case .cairo(let what): return "error: drawing failed in cairo: \(what)"
        case .png(let what): return "error: PNG encoding failed: \(what)"
        case .noFigures: return "error: a PDF needs at least one figure"
        }
    }
}

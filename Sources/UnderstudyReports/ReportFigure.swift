import UnderstudyPlotting

/// One figure of a report: its file name (without extension), what the report says under it,
/// and the figure itself.
public struct ReportFigure: Sendable {
    /// File name stem: `figures/<name>.png` and `.svg`.
    public var name: String
    /// One or two sentences for index.html: what is drawn and how to read it.
    public var caption: String
    public var figure: Figure

    public init(name: String, caption: String, figure: Figure) {
        self.name = name
        self.caption = caption
        self.figure = figure
    }
}

import UnderstudyDeterminism
import UnderstudyPlotting

/// What every report says, in the order a reader wants it, whether the run is one experiment or
/// a sweep: title and description, links back and to the files, figure shortcuts, the summary
/// table and what it shows, the figures with captions, the spec as run, provenance.
///
/// One value renders both `index.html` and the stand-alone `report.pdf`, so the two never
/// disagree and experiment and sweep pages share one layout.
struct ReportPage {
    var title: String
    /// One plain sentence: what was run, on what, with which seeds.
    var description: String
    var summaryHeading: String
    var summary: SummaryTable?
    /// Used instead of `summary` where the summary is not a `SummaryTable` (a sweep's cells).
    var tableHTML: String = ""
    var tableText: String = ""
    var tableNote: String = ""
    var findings: [String] = []
    /// Tables after the summary under their own heading (reward transfer: one per changed car),
    /// with their own sentences; empty for most runs.
    var extraHeading = ""
    var extraTables: [(heading: String, table: SummaryTable)] = []
    var extraFindings: [String] = []
    var figures: [ReportFigure]
    var specText: String

    static let files = ["report.pdf", "results.json", "results.csv", "trajectories.json", "spec.toml", "provenance.json",
                        "MANIFEST.sha256"]

    func html() -> String {
        var body = "<p class=\"back\"><a href=\"../index.html\">← all reports</a></p>\n"
        body += "<h1>\(HTML.escape(title))</h1>\n<p class=\"meta\">\(HTML.escape(description))</p>\n"
        body += "<p>Files: " + Self.files.map { "<a href=\"\(HTML.href($0))\">\(HTML.escape($0))</a>" }.joined(separator: " · ") + "</p>\n"
        if !figures.isEmpty {
            body += "<p>Figures: " + figures.map { "<a href=\"#\(HTML.escape($0.name))\">\(HTML.escape($0.name))</a>" }
                .joined(separator: " · ") + "</p>\n"
        }
        body += "<h2>\(HTML.escape(summaryHeading))</h2>\n"
        if let summary { body += summary.html() } else {
            body += tableHTML + "<p class=\"note\">\(HTML.escape(tableNote))</p>\n"
        }
        if !findings.isEmpty {
            body += "<h3>What this shows</h3>\n<p>" + findings.map(HTML.escape).joined(separator: " ") + "</p>\n"
        }
        if !extraTables.isEmpty {
            body += "<h2>\(HTML.escape(extraHeading))</h2>\n"
            for (heading, table) in extraTables { body += "<h3>\(HTML.escape(heading))</h3>\n" + table.html() }
            if !extraFindings.isEmpty {
                body += "<h3>What this shows</h3>\n<p>" + extraFindings.map(HTML.escape).joined(separator: " ") + "</p>\n"
            }
        }
        if !figures.isEmpty {
            body += "<h2>Figures</h2>\n"
            for f in figures {
                body += HTML.figure(directory: "figures", name: f.name, width: f.figure.width, caption: f.caption) + "\n"
            }
        }
        body += "<h2>Spec</h2>\n<p>As run, with command-line overrides applied (<a href=\"spec.toml\">spec.toml</a>).</p>\n"
        body += "<pre>\(HTML.escape(specText))</pre>\n"
        body += "<h2>Provenance</h2>\n<p>spec.toml SHA-256: <code class=\"digest\">\(Digest.sha256Hex(specText))</code>. "
            + "The tool version and platform are in <a href=\"provenance.json\">provenance.json</a>, which lies outside "
            + "<a href=\"MANIFEST.sha256\">MANIFEST.sha256</a>; everything else here is identical on every machine "
            + "for the same spec, seed and code.</p>\n"
        return HTML.page(title: title, body: body)
    }

    /// report.pdf: page 1 has the title, description and summary; then each figure with its
    /// caption; the spec as run at the end.
    func document() -> Document {
        var blocks: [Document.Block] = [.heading(title), .paragraph(description), .heading(summaryHeading)]
        blocks.append(.monospace(summary?.text() ?? tableText))
        blocks.append(.paragraph(summary?.note ?? tableNote))
        if !findings.isEmpty { blocks += [.heading("What this shows"), .paragraph(findings.joined(separator: " "))] }
        if !extraTables.isEmpty {
            blocks.append(.heading(extraHeading))
            for (heading, table) in extraTables { blocks += [.paragraph(heading), .monospace(table.text())] }
            if !extraFindings.isEmpty { blocks += [.heading("What this shows"), .paragraph(extraFindings.joined(separator: " "))] }
        }
        blocks += figures.map { .figure($0.figure, caption: "\($0.name): \($0.caption)") }
        blocks += [.heading("Spec as run"), .paragraph("spec.toml, SHA-256 \(Digest.sha256Hex(specText))"), .monospace(specText)]
        return Document(title: title, blocks: blocks)
    }
}

extension Report {
    /// Writes the page's figures (PNG at 2×, SVG), removes figures no longer drawn, and writes
    /// index.html and report.pdf.
    static func publish(_ page: ReportPage, to directory: String) throws {
        let figureDirectory = directory + "/figures"
        for f in page.figures {
            let stem = "\(figureDirectory)/\(f.name)"
            try write(try render(stem + ".png") { try f.figure.png(scale: 2) }, to: stem + ".png")
            try write(try render(stem + ".svg") { try f.figure.svg() }, to: stem + ".svg")
        }
        removeStaleFigures(in: figureDirectory, keeping: Set(page.figures.map(\.name)))
        try write(Array(page.html().utf8), to: directory + "/index.html")
        try write(try render(directory + "/report.pdf") { try page.document().pdf() }, to: directory + "/report.pdf")
    }
}

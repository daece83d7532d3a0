import UnderstudyDeterminism
import UnderstudyExperiments
import Foundation
import UnderstudyPlotting

/// The visual report of a run directory: `figures/<name>.png` (2×) and `.svg`, `index.html`
/// and `report.pdf` (one page per figure), drawn from the stored `spec.toml`, `results.json`
/// and `trajectories.json` alone — so `understudy report` can redraw a report without
/// re-running anything, and the same data always gives the same bytes.
public enum Report {
    /// Draws every figure the run supports and writes the report's files atomically.
    ///
    /// Figures a previous report wrote that this one no longer draws (`figures/*.png|svg`) are
    /// removed, so the directory's manifest lists only the current report.
    /// - Returns: the figures written, in report order.
    @discardableResult
    public static func write(runDirectory directory: String) throws -> [ReportFigure] {
        let specPath = directory + "/spec.toml"
        if let loaded = try? Study.load(specPath), loaded.isSweep {
            return try SweepReport.write(directory, loaded: loaded, specText: (try? AtomicFile.readText(specPath)) ?? loaded.canonicalText)
        }
        let run = try StoredRun.load(directory)
        let figures = try Report.figures(run)
        let figureDirectory = directory + "/figures"
        for f in figures {
            let stem = "\(figureDirectory)/\(f.name)"
            try write(try render(stem + ".png") { try f.figure.png(scale: 2) }, to: stem + ".png")
            try write(try render(stem + ".svg") { try f.figure.svg() }, to: stem + ".svg")
        }
        removeStaleFigures(in: figureDirectory, keeping: Set(figures.map(\.name)))
        try write(Array(indexHTML(run, figures: figures).utf8), to: directory + "/index.html")
        if !figures.isEmpty {
            try write(try render(directory + "/report.pdf") { try Figure.pdf(figures.map(\.figure)) }, to: directory + "/report.pdf")
        }
        return figures
    }

    /// The figures of the run stored in `directory`, in report order, without writing anything.
    public static func figures(runDirectory directory: String) throws -> [ReportFigure] {
        try figures(try StoredRun.load(directory))
    }

    // MARK: - Implementation details

    static func figures(_ run: StoredRun) throws -> [ReportFigure] {
        var out: [ReportFigure] = []
        if run.spec.environment.id == "driving-loop" {
            out += try DrivingLoopFigures.figures(run)
        } else {
            out += PhasePortraits.figures(run)
        }
        out += CurveFigures.figures(run)
        return out
    }

    /// Rendered bytes for `path`, a drawing failure reported against it.
    static func render(_ path: String, _ body: () throws -> [UInt8]) throws -> [UInt8] {
        do { return try body() } catch {
            throw ReportError.cannotWrite(path: path, what: "\(error)")
        }
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        do { try AtomicFile.write(bytes, to: path) } catch {
            throw ReportError.cannotWrite(path: path, what: "\(error)")
        }
    }

    static func removeStaleFigures(in directory: String, keeping names: Set<String>) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for entry in entries.sorted() where entry.hasSuffix(".png") || entry.hasSuffix(".svg") {
            let stem = String(entry.dropLast(4))
            if !names.contains(stem) { try? FileManager.default.removeItem(atPath: directory + "/" + entry) }
        }
    }

    /// index.html: title, files, summary table, figures, the spec and provenance.
    static func indexHTML(_ run: StoredRun, figures: [ReportFigure]) -> String {
        let spec = run.spec
        var body = "<h1>\(HTML.escape(spec.title))</h1>\n"
        body += "<p class=\"meta\">Experiment <code>\(HTML.escape(spec.name))</code> on <code>\(HTML.escape(spec.environment.id))</code>, "
            + "master seed \(spec.seed), \(spec.seeds) seed\(spec.seeds == 1 ? "" : "s"); methods: "
            + spec.methods.map { "\(HTML.escape($0.name)) (\(HTML.escape($0.algorithm.rawValue)))" }.joined(separator: ", ") + ".</p>\n"
        body += "<p>Files: " + [("report.pdf", "report.pdf"), ("results.json", "results.json"), ("results.csv", "results.csv"),
                                 ("trajectories.json", "trajectories.json"), ("spec.toml", "spec.toml"),
                                 ("provenance.json", "provenance.json"), ("MANIFEST.sha256", "MANIFEST.sha256")]
            .map { "<a href=\"\(HTML.href($0.0))\">\(HTML.escape($0.1))</a>" }.joined(separator: " · ") + "</p>\n"
        if !figures.isEmpty {
            body += "<p>Figures: " + figures.map { "<a href=\"#\(HTML.escape($0.name))\">\(HTML.escape($0.name))</a>" }
                .joined(separator: " · ") + "</p>\n"
        }
        body += "<h2>Summary</h2>\n" + summaryTable(run)
        body += "<h2>Figures</h2>\n"
        for f in figures {
            body += HTML.figure(directory: "figures", name: f.name, width: f.figure.width, caption: f.caption) + "\n"
        }
        body += "<h2>Spec</h2>\n<p>As run, with command-line overrides applied (<a href=\"spec.toml\">spec.toml</a>).</p>\n"
        body += "<pre>\(HTML.escape(run.specText))</pre>\n"
        body += "<h2>Provenance</h2>\n<p>spec.toml SHA-256: <code>\(Digest.sha256Hex(run.specText))</code>. "
            + "The tool version and platform are in <a href=\"provenance.json\">provenance.json</a>, which lies outside "
            + "<a href=\"MANIFEST.sha256\">MANIFEST.sha256</a>; everything else here is identical on every machine "
            + "for the same spec, seed and code.</p>\n"
        return HTML.page(title: spec.title, body: body)
    }

    /// Every metric per method and for the expert: mean, IQM and the 95 % bootstrap CI over seeds.
    static func summaryTable(_ run: StoredRun) -> String {
        let methods = run.methods
        let metrics = Set(methods.flatMap { $0.metrics.keys } + run.results.expert.keys).sorted()
        var rows = ""
        for metric in metrics {
            var first = true
            var entries: [(String, Summary)] = methods.compactMap { m in m.metrics[metric].map { (m.name, $0) } }
            if let e = run.results.expert[metric] { entries.append(("Expert", e)) }
            for (name, s) in entries {
                let metricCell = first ? "<td rowspan=\"\(entries.count)\"><code>\(HTML.escape(metric))</code></td>" : ""
                rows += "<tr\(first ? " class=\"group\"" : "")>\(metricCell)<td>\(HTML.escape(name))</td>"
                    + "<td class=\"num\">\(NumberText.significant(s.mean))</td><td class=\"num\">\(NumberText.significant(s.iqm))</td>"
                    + "<td class=\"num\">[\(NumberText.significant(s.ci95.low)), \(NumberText.significant(s.ci95.high))]</td></tr>\n"
                first = false
            }
        }
        return """
        <p>Final students, over \(run.spec.seeds) seed\(run.spec.seeds == 1 ? "" : "s"): mean, interquartile mean (IQM) and \
        95 % stratified bootstrap confidence interval of the mean.</p>
        <table>
        <tr><th>metric</th><th>method</th><th>mean</th><th>IQM</th><th>95 % CI</th></tr>
        \(rows)</table>

        """
    }
}

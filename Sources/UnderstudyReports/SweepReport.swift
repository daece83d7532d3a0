import UnderstudyDeterminism
import UnderstudyTOML
import UnderstudyExperiments
import Foundation
import UnderstudyPlotting

/// The report of a sweep: every method's final metrics against the swept value, mean over
/// seeds with the 95 % bootstrap CI, the expert as a dashed reference; and a table per cell.
enum SweepReport {
    struct Series {
        var method: String
        var mean: [Double]
        var low: [Double]
        var high: [Double]
    }

    /// Figures and index.html for a sweep run in `directory`.
    static func write(_ directory: String, loaded: Study, specText: String) throws -> [ReportFigure] {
        let resultsPath = directory + "/results.json"
        let results = try StoredRun.readResults(resultsPath)
        let study = loaded
        let spec = study.spec
        func fail(_ what: String) -> ReportError { .corrupt(path: resultsPath, what: what) }
        guard results.isSweep else { throw fail("expected a sweep's results (methods and cells)") }
        guard results.cells.count == study.cells.count else {
            throw fail("\(results.cells.count) cells (expected \(study.cells.count) from spec.toml)")
        }

        // x: the swept value when one numeric key is swept, otherwise the cell's index.
        let numericAxis: [Double]? = study.axes.count == 1 ? study.axes[0].values.map { v -> Double? in
            switch v.content { case .integer(let i): return Double(i); case .float(let x): return x; default: return nil }
        }.reduce([Double]?([])) { acc, x in x.flatMap { x in acc.map { $0 + [x] } } } : nil
        let xs = numericAxis ?? study.cells.indices.map { Double($0 + 1) }
        let xLabel = numericAxis != nil ? study.axes[0].key : "cell (see the table)"

        func series(_ metric: String) throws -> [Series] {
            try spec.methods.compactMap { method in
                guard let m = results.methods[method.name] else { throw fail("methods.\(method.name).sweep: missing") }
                return m.sweep[metric].map { Series(method: method.name, mean: $0.mean, low: $0.low, high: $0.high) }
            }
        }
        func expertMeans(_ metric: String) -> [Double]? {
            var out: [Double] = []
            for cell in results.cells {
                guard let s = cell.expert[metric] else { return nil }
                out.append(s.mean)
            }
            return out
        }

        let headline = spec.environment.id == "driving-loop" ? ["on_road_fraction", "laps_completed", "mean_abs_offset"] : ["return"]
        var figures: [ReportFigure] = []
        for metric in headline {
            let all = try series(metric)
            guard !all.isEmpty else { continue }
            var figure = Figure(width: 720, height: 400)
            var axes = Axes()
            axes.legend = .outsideRight
            axes.title = "\(MetricText.title(metric)) vs \(xLabel)"
            axes.xLabel = xLabel
            axes.yLabel = MetricText.label(metric)
            if let e = expertMeans(metric) {
                axes.line(x: xs, y: e, label: "Expert", color: ReportStyle.expert, width: 1.2, dash: ReportStyle.referenceDash)
            }
            for (k, s) in all.enumerated() {
                let index = spec.methods.firstIndex { $0.name == s.method } ?? k
                axes.line(x: xs, y: s.mean, lower: s.low, upper: s.high, label: s.method, color: ReportStyle.method(index))
                axes.scatter(x: xs, y: s.mean, marker: .circle, size: 5, color: ReportStyle.method(index))
            }
            if let range = MetricText.range(metric) { axes.yLimits = range }
            figure[0, 0] = axes
            let name = "\(metric.replacingOccurrences(of: "_", with: "-"))-vs-sweep"
            figures.append(ReportFigure(name: name, caption: "\(MetricText.title(metric)) of the final students for each value of the sweep: "
                + "mean over \(spec.seeds) seeds with its 95 % bootstrap confidence interval (band); dashed: the expert.", figure: figure))
        }

        let figureDirectory = directory + "/figures"
        for f in figures {
            let stem = "\(figureDirectory)/\(f.name)"
            try Report.write(try Report.render(stem + ".png") { try f.figure.png(scale: 2) }, to: stem + ".png")
            try Report.write(try Report.render(stem + ".svg") { try f.figure.svg() }, to: stem + ".svg")
        }
        Report.removeStaleFigures(in: figureDirectory, keeping: Set(figures.map(\.name)))

        // index.html: the figures, then a table of the headline metrics per cell and method.
        var body = "<h1>\(HTML.escape(spec.title))</h1>\n"
        body += "<p class=\"meta\">Sweep <code>\(HTML.escape(spec.name))</code> on <code>\(HTML.escape(spec.environment.id))</code> over "
            + study.axes.map { "<code>\(HTML.escape($0.key))</code> ∈ {\($0.values.map { HTML.escape("\($0)") }.joined(separator: ", "))}" }.joined(separator: " × ")
            + "; \(study.cells.count) cells × \(spec.methods.count) method\(spec.methods.count == 1 ? "" : "s") × \(spec.seeds) seeds, master seed \(spec.seed).</p>\n"
        body += "<p>Files: " + ["report.pdf", "results.json", "results.csv", "trajectories.json", "spec.toml", "provenance.json", "MANIFEST.sha256"]
            .map { "<a href=\"\(HTML.href($0))\">\(HTML.escape($0))</a>" }.joined(separator: " · ") + "</p>\n"
        body += "<h2>Figures</h2>\n"
        for f in figures { body += HTML.figure(directory: "figures", name: f.name, width: f.figure.width, caption: f.caption) + "\n" }
        body += "<h2>Cells</h2>\n<p>Mean over seeds [95 % bootstrap CI].</p>\n<table>\n<tr><th>cell</th><th>method</th>"
            + headline.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr>\n"
        let allSeries = try headline.map { try series($0) }
        for (c, cell) in study.cells.enumerated() {
            for (k, method) in spec.methods.enumerated() {
                body += "<tr\(k == 0 ? " class=\"group\"" : "")><td>\(k == 0 ? "<code>\(HTML.escape(cell.id))</code>" : "")</td><td>\(HTML.escape(method.name))</td>"
                for s in allSeries {
                    if let m = s.first(where: { $0.method == method.name }) {
                        body += "<td class=\"num\">\(NumberText.significant(m.mean[c])) [\(NumberText.significant(m.low[c])), \(NumberText.significant(m.high[c]))]</td>"
                    } else { body += "<td></td>" }
                }
                body += "</tr>\n"
            }
        }
        body += "</table>\n<h2>Spec</h2>\n<pre>\(HTML.escape(specText))</pre>\n"
        body += "<h2>Provenance</h2>\n<p>spec.toml SHA-256: <code>\(Digest.sha256Hex(specText))</code>; tool version and platform in "
            + "<a href=\"provenance.json\">provenance.json</a>, outside <a href=\"MANIFEST.sha256\">MANIFEST.sha256</a>.</p>\n"
        try Report.write(Array(HTML.page(title: spec.title, body: body).utf8), to: directory + "/index.html")
        if !figures.isEmpty {
            try Report.write(try Report.render(directory + "/report.pdf") { try Figure.pdf(figures.map(\.figure)) }, to: directory + "/report.pdf")
        }
        return figures
    }
}

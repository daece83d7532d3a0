import UnderstudyDeterminism
import UnderstudyTOML
import UnderstudyExperiments
import Foundation
import UnderstudyPlotting

/// The report of a sweep: a table per cell, then every method's final metrics against the swept
/// value, mean over seeds with the 95 % bootstrap CI, the expert as a dashed reference.
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
        let xLabel = numericAxis != nil ? SweepAxis.label(study.axes[0].key) : "cell (see the table)"
        let xScale = numericAxis.map(SweepAxis.scale) ?? .linear

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
            var figure = Figure(width: ReportStyle.minimumWidth, height: 400)
            var axes = Axes()
            axes.legend = .outsideRight
            axes.title = "\(MetricText.title(metric)) vs \(xLabel)"
            axes.xLabel = xLabel
            axes.xScale = xScale
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
            let scaleNote: String
            switch xScale {
            case .linear: scaleNote = ""
            case .log: scaleNote = " The x axis is logarithmic: the values span decades."
            case .symlog: scaleNote = " The x axis is linear near 0 and logarithmic beyond, so 0 and values that span decades all show."
            }
            figures.append(ReportFigure(name: name, caption: "\(MetricText.title(metric)) of the final students (y: \(MetricText.label(metric))) "
                + "for each value of the sweep (x: \(xLabel)): mean over \(spec.seeds) seeds with its 95 % bootstrap confidence "
                + "interval (band); dashed: the expert." + scaleNote, figure: figure))
        }

        // The cells table: one row per cell and method, the headline metrics as columns.
        let allSeries = try headline.map { try series($0) }
        var rows: [[String]] = []
        var html = "<div class=\"table\"><table>\n<tr><th>cell</th><th>method</th>"
            + headline.map(SummaryTable.headerHTML).joined()
            + "</tr>\n"
        for (c, cell) in study.cells.enumerated() {
            for (k, method) in spec.methods.enumerated() {
                let values = allSeries.map { s in
                    s.first(where: { $0.method == method.name }).map {
                        SummaryTable.interval(mean: $0.mean[c], low: $0.low[c], high: $0.high[c])
                    } ?? "–"
                }
                rows.append([k == 0 ? cell.id : "", method.name] + values)
                html += "<tr\(k == 0 ? " class=\"group\"" : "")><td>\(k == 0 ? "<code>\(HTML.escape(cell.id))</code>" : "")</td><td>\(HTML.escape(method.name))</td>"
                    + values.map { "<td class=\"num\">\(HTML.escape($0))</td>" }.joined() + "</tr>\n"
            }
        }
        html += "</table></div>\n"
        let description = "Sweep \(spec.name) on \(spec.environment.id) over "
            + study.axes.map { "\(SweepAxis.label($0.key)) [\($0.key)] ∈ {\($0.values.map { "\($0)" }.joined(separator: ", "))}" }.joined(separator: " × ")
            + "; \(study.cells.count) cells × \(spec.methods.count) method\(spec.methods.count == 1 ? "" : "s") × \(spec.seeds) seeds, master seed \(spec.seed)."
        let page = ReportPage(title: spec.title, description: description, summaryHeading: "Cells", summary: nil,
                              tableHTML: html, tableText: FixedWidth.table(header: ["cell", "method"] + headline.map(MetricText.title), rows: rows),
                              tableNote: "Final students, mean over \(spec.seeds) seeds [95 % bootstrap CI].",
                              figures: figures, specText: specText)
        try Report.publish(page, to: directory)
        return figures
    }
}

/// How a swept spec key reads on an axis, and the scale its values need.
enum SweepAxis {
    /// A readable name with units for the keys the specs sweep; other keys as written.
    static func label(_ key: String) -> String {
        switch key {
        case "labels.bias": return "sensor bias, mean of ε (rad of steering)"
        case "labels.spread": return "sensor noise, std of ε (rad of steering)"
        case "labels.flip": return "label flip probability"
        case "demonstrations.laps": return "demonstration length (laps)"
        case "demonstrations.episodes": return "demonstration episodes"
        case "demonstrations.steps": return "demonstration length (steps)"
        default: return key
        }
    }

    /// Logarithmic when the non-zero values span more than a decade and a half (×30), with a
    /// linear stretch around 0 (`symlog`, as wide as the smallest non-zero value) when 0 or a
    /// negative value is swept too; linear otherwise.
    static func scale(_ values: [Double]) -> Scale {
        let magnitudes = values.map(abs).filter { $0 > 0 }
        guard let low = magnitudes.min(), let high = magnitudes.max(), high >= 30 * low else { return .linear }
        return values.allSatisfy { $0 > 0 } ? .log : .symlog(linearWidth: low)
    }
}

/// Columns of text padded to a common width: the first two left-aligned (names), the rest
/// right-aligned (numbers), for tables in the PDF.
enum FixedWidth {
    static func table(header: [String], units: [String]? = nil, rows: [[String]], textColumns: Int = 2) -> String {
        let all = [header] + (units.map { [$0] } ?? []) + rows
        let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, text in
                let pad = String(repeating: " ", count: widths[c] - text.count)
                return c < textColumns ? text + pad : pad + text
            }.joined(separator: "  ")
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return ([line(header)] + (units.map { [line($0)] } ?? []) + [rule] + rows.map(line)).joined(separator: "\n")
    }
}

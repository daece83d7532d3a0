import UnderstudyExperiments

/// The summary a reader looks at first: one row per method (and the expert), one column per
/// metric, the headline metric first, each cell the mean over seeds with its 95 % bootstrap CI.
///
/// Metrics with one value everywhere (a fixed episode length) would be a column of identical
/// numbers; they are named once under the table instead. The same table renders as HTML (for
/// index.html) and as fixed-width text (for report.pdf), and `findings` turns it into sentences.
struct SummaryTable {
    struct Row {
        var name: String
        var cells: [String: Summary]
    }

    var headline: String
    /// Shown metrics, headline first.
    var metrics: [String]
    /// Metrics with one value in every row and seed, with that value.
    var constant: [(metric: String, value: Double)]
    /// Methods in spec order, then the expert (if it has metrics).
    var rows: [Row]
    var seeds: Int

    init(_ run: StoredRun) {
        var rows = run.methods.map { Row(name: $0.name, cells: $0.metrics) }
        if !run.results.expert.isEmpty { rows.append(Row(name: "Expert", cells: run.results.expert)) }
        self.init(rows: rows, headline: MetricText.headline(environment: run.spec.environment.id), seeds: run.spec.seeds)
    }

    init(rows: [Row], headline: String, seeds: Int) {
        self.rows = rows
        self.headline = headline
        self.seeds = seeds
        var shown: [String] = [], constant: [(String, Double)] = []
        for metric in MetricText.ordered(Set(rows.flatMap { $0.cells.keys }), headline: headline) {
            let values = rows.flatMap { r in r.cells[metric].map { $0.perSeed + [$0.mean, $0.ci95.low, $0.ci95.high] } ?? [] }
            if let v = values.first, values.allSatisfy({ $0 == v }) { constant.append((metric, v)) } else { shown.append(metric) }
        }
        metrics = shown
        self.constant = constant
    }

    /// "0.31 [0.2, 0.4]": a mean and its CI, as every table and sentence of a report writes it.
    static func interval(_ s: Summary) -> String {
        interval(mean: s.mean, low: s.ci95.low, high: s.ci95.high)
    }

    static func interval(mean: Double, low: Double, high: Double) -> String {
        "\(NumberText.significant(mean, digits: 3)) [\(NumberText.significant(low, digits: 3)), \(NumberText.significant(high, digits: 3))]"
    }

    /// A right-aligned column header: the metric's name over its unit.
    static func headerHTML(_ metric: String) -> String {
        "<th class=\"num\">\(HTML.escape(MetricText.title(metric)))<br><span class=\"unit\">\(HTML.escape(MetricText.unit(metric)))</span></th>"
    }

    // MARK: - HTML and text

    func html() -> String {
        var out = "<div class=\"table\"><table>\n<tr><th>method</th>"
        for metric in metrics { out += Self.headerHTML(metric) }
        out += "</tr>\n"
        for row in rows {
            out += "<tr><td>\(HTML.escape(row.name))</td>"
            for metric in metrics {
                out += "<td class=\"num\">\(row.cells[metric].map { HTML.escape(Self.interval($0)) } ?? "–")</td>"
            }
            out += "</tr>\n"
        }
        return out + "</table></div>\n<p class=\"note\">\(HTML.escape(note))</p>\n"
    }

    /// The table for the PDF's first page in fixed-width columns, numbers right-aligned. An A4
    /// page is narrower than a screen, so it is turned: one row per metric (short names with
    /// units), one column per method.
    func text() -> String {
        // An A4 page holds the metric column and four of these; more rows continue below.
        stride(from: 0, to: rows.count, by: 4).map { start in
            let group = rows[start..<min(start + 4, rows.count)]
            return FixedWidth.table(header: ["metric"] + group.map(\.name),
                                    rows: metrics.map { m in [MetricText.short(m)] + group.map { $0.cells[m].map(Self.interval) ?? "–" } },
                                    textColumns: 1)
        }.joined(separator: "\n\n")
    }

    /// What the cells are, and the constant metrics left out.
    var note: String {
        var out = "Final students, mean over \(seeds) seed\(seeds == 1 ? "" : "s") [95 % stratified bootstrap CI of the mean]; "
            + "the interquartile means are in results.json."
        if !constant.isEmpty {
            out += " The same in every row, so not shown: "
                + constant.map { "\(MetricText.title($0.metric).lowercased()) = \(NumberText.significant($0.value))" }.joined(separator: ", ") + "."
        }
        return out
    }

    // MARK: - What this shows

    /// A few sentences, each comparing two rows of the table on the headline metric (higher is
    /// better for every headline) and saying whether their CIs separate them.
    func findings() -> [String] {
        if let same = constant.first(where: { $0.metric == headline }) {
            return ["Every method and the expert reach \(MetricText.title(headline).lowercased()) = "
                + "\(NumberText.significant(same.value)) on every seed, so this experiment does not separate them on it."]
        }
        let methods = rows.filter { $0.name != "Expert" }.compactMap { r in r.cells[headline].map { (r.name, $0) } }
        guard let best = methods.max(by: { $0.1.mean < $1.1.mean }) else { return [] }
        let title = MetricText.title(headline).lowercased()
        var out: [String] = []
        for (name, s) in methods where name != best.0 {
            let separated = s.ci95.high < best.1.ci95.low
            out.append("\(best.0)'s \(title) is \(Self.interval(best.1)) against \(Self.interval(s)) for \(name); "
                + (separated ? "the 95 % CIs do not overlap." : "the 95 % CIs overlap, so these seeds do not separate the two."))
        }
        if let expert = rows.first(where: { $0.name == "Expert" })?.cells[headline] {
            let relation = best.1.ci95.high < expert.ci95.low ? "below the expert's \(Self.interval(expert)), CIs apart"
                : best.1.ci95.low > expert.ci95.high ? "above the expert's \(Self.interval(expert)), CIs apart"
                : "level with the expert's \(Self.interval(expert)): the CIs overlap"
            out.append("The best method, \(best.0), is \(relation).")
        }
        return out
    }
}

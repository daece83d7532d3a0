import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyExperiments
import UnderstudyPlotting

/// Reward transfer's part of a report (issue 16): per changed car the students' and the
/// expert's paths, then on-road fraction and laps with 95 % CIs for every changed car; a
/// summary table per changed car and sentences that state what the numbers show.
enum TransferFigures {
    /// The two metrics the transfer figures and tables compare.
    static let metrics = ["on_road_fraction", "laps_completed"]

    /// Figures for the run's `[[transfer]]`, in spec order; none without it.
    static func figures(_ run: StoredRun) throws -> [ReportFigure] {
        guard !run.spec.transfer.isEmpty else { return [] }
        var out: [ReportFigure] = []
        for (change, entry) in zip(run.spec.transfer.changes, run.trajectories.transfer) where change.name == entry.change {
            let track: StadiumTrack
            do { track = try DrivingLoop(config: change.drivingLoop).track } catch {
                throw ReportError.corrupt(path: run.directory + "/spec.toml", what: "transfer \(change.name): \(error)")
            }
            out.append(paths(change, methods: entry.methods, expert: entry.expert, track: track))
        }
        if let intervals = intervals(run) { out.append(intervals) }
        if let rounds = reoptimisation(run) { out.append(rounds) }
        return out
    }

    // MARK: - The re-optimisation, round by round

    /// The re-optimised student's on-road fraction after each round of its search, per changed
    /// car, with GAIL's student as trained (dashed) in the same car for reference: whether the
    /// search had converged when it stopped.
    static func reoptimisation(_ run: StoredRun) -> ReportFigure? {
        guard let r = run.spec.transfer.reoptimise else { return nil }
        let metric = "on_road_fraction"
        var figure = Figure(width: ReportStyle.minimumWidth, height: 420)
        var axes = Axes()
        axes.title = "\(r.name): \(MetricText.title(metric).lowercased()) after each round, per changed car"
        axes.xLabel = "round of the search (\(searchGenerations(run, r.reward)) CMA-ES generations each)"
        axes.yLabel = MetricText.label(metric)
        var drawn = false
        for (c, change) in run.spec.transfer.changes.enumerated() {
            guard let t = run.results.transfer[change.name], let curve = t.methods[r.name]?.curves[metric], !curve.mean.isEmpty else { continue }
            let color = ReportStyle.method(c)
            axes.line(x: curve.iteration, y: curve.mean, lower: curve.low, upper: curve.high, label: change.name, color: color)
            if let trained = t.methods[r.reward]?.metrics[metric], let last = curve.iteration.last {
                axes.line(x: [1, last], y: [trained.mean, trained.mean], color: color, width: 1.0, dash: ReportStyle.referenceDash)
            }
            drawn = true
        }
        guard drawn else { return nil }
        if let range = MetricText.range(metric) { axes.yLimits = range }
        figure[0, 0] = axes
        return ReportFigure(
            name: "transfer-reoptimisation",
            caption: "The re-optimised student (\(r.name)) in each changed car, y: \(axes.yLabel!), against x: \(axes.xLabel!); "
                + "solid: mean over \(run.spec.seeds) seeds with its 95 % bootstrap CI (band); dashed, same colour: \(r.reward)'s "
                + "student as trained on the original car, driving that changed car (its mean).",
            figure: figure)
    }

    /// CMA-ES generations per round of the GAIL method `name`.
    static func searchGenerations(_ run: StoredRun, _ name: String) -> Int {
        for method in run.spec.methods where method.name == name {
            if case .gail(let g) = method.settings { return g.search.generationsPerUpdate }
        }
        return 0
    }

    // MARK: - Paths in one changed car

    static func paths(_ change: TransferSpec.Change, methods: [(name: String, episodes: [Episode])], expert: [Episode],
                      track: StadiumTrack) -> ReportFigure {
        var figure = Figure(width: ReportStyle.minimumWidth, height: 460)
        figure[0, 0] = DrivingLoopFigures.pathsAxes(title: "Changed car \"\(change.name)\": \(change.summary)", methods: methods,
                                                    expert: expert, track: track)
        let seeds = methods.map(\.episodes.count).max() ?? 0
        return ReportFigure(
            name: "transfer-\(change.name)",
            caption: "Evaluation episodes in the changed car \"\(change.name)\" (\(change.summary); the track is the original one), "
                + "position x (track units) against y (track units). Every student was trained on the original car except the "
                + "re-optimised one, searched in this car on the frozen reward of its seed's GAIL discriminator; the expert is the "
                + "original car's controller, unchanged. Bold: seed 0; thin: the other \(max(0, seeds - 1)) seeds; "
                + "× where a car first leaves the road; ○ the start.",
            figure: figure)
    }

    // MARK: - On-road fraction and laps with CIs

    static func intervals(_ run: StoredRun) -> ReportFigure? {
        let changes = run.spec.transfer.changes.filter { run.results.transfer[$0.name] != nil }
        guard !changes.isEmpty else { return nil }
        let students = run.spec.transfer.studentNames(run.spec.methods) + ["Expert"]
        var figure = Figure(width: 1100, height: 440, rows: 1, columns: 2)
        figure.title = "In the changed cars: mean over seeds with 95 % bootstrap CI"
        let spread = 0.6 / Double(students.count)
        for (k, metric) in metrics.enumerated() {
            var axes = Axes()
            axes.title = MetricText.title(metric)
            axes.xLabel = "changed car: " + changes.enumerated().map { "\($0.offset + 1) = \($0.element.name)" }.joined(separator: ", ")
            axes.yLabel = MetricText.label(metric)
            for (s, student) in students.enumerated() {
                let color = student == "Expert" ? ReportStyle.expert : ReportStyle.method(s)
                var xs: [Double] = [], ys: [Double] = []
                for (c, change) in changes.enumerated() {
                    let t = run.results.transfer[change.name]!
                    guard let summary = student == "Expert" ? t.expert[metric] : t.methods[student]?.metrics[metric] else { continue }
                    let x = Double(c + 1) + (Double(s) - Double(students.count - 1) / 2) * spread
                    axes.line(x: [x, x], y: [summary.ci95.low, summary.ci95.high], color: color, width: 1.6)
                    xs.append(x)
                    ys.append(summary.mean)
                }
                axes.scatter(x: xs, y: ys, label: student, marker: .circle, size: 7, color: color)
            }
            axes.xLimits = 0.5...(Double(changes.count) + 0.5)
            if let range = MetricText.range(metric) { axes.yLimits = range }
            axes.legend = k == 0 ? .auto : .none
            figure[0, k] = axes
        }
        let xLabel = "changed car: " + changes.enumerated().map { "\($0.offset + 1) = \($0.element.name)" }.joined(separator: ", ")
        return ReportFigure(
            name: "transfer-on-road-laps",
            caption: "On-road fraction (left, y: \(MetricText.label(metrics[0]))) and laps completed on the road (right, y: "
                + "\(MetricText.label(metrics[1]))) of every student and the expert in each changed car (x: \(xLabel)): dots are "
                + "means over \(run.spec.seeds) seeds, bars their 95 % stratified bootstrap CIs, students side by side within a car.",
            figure: figure)
    }

    // MARK: - Tables and sentences

    /// One summary table per changed car: rows are the students and the expert, columns the
    /// on-road fraction and laps.
    static func tables(_ run: StoredRun) -> [(heading: String, table: SummaryTable)] {
        run.spec.transfer.changes.compactMap { change in
            guard let t = run.results.transfer[change.name] else { return nil }
            var rows = run.spec.transfer.studentNames(run.spec.methods).compactMap { name in
                t.methods[name].map { SummaryTable.Row(name: name, cells: $0.metrics.filter { metrics.contains($0.key) }) }
            }
            if !t.expert.isEmpty { rows.append(SummaryTable.Row(name: "Expert", cells: t.expert.filter { metrics.contains($0.key) })) }
            return ("Changed car \"\(change.name)\": \(change.summary)", SummaryTable(rows: rows, headline: "on_road_fraction", seeds: run.spec.seeds))
        }
    }

    /// Per changed car, where the re-optimised student stands against each other student on
    /// the on-road fraction, and whether the CIs separate them: nothing but the table's numbers.
    static func findings(_ run: StoredRun) -> [String] {
        var out: [String] = []
        for change in run.spec.transfer.changes {
            guard let t = run.results.transfer[change.name] else { continue }
            let names = run.spec.transfer.studentNames(run.spec.methods)
            let rows = names.compactMap { n in t.methods[n]?.metrics["on_road_fraction"].map { (n, $0) } }
            guard !rows.isEmpty else { continue }
            var sentence = "In the changed car \"\(change.name)\" (\(change.summary)) the on-road fractions are "
                + rows.map { "\($0.0) \(SummaryTable.interval($0.1))" }.joined(separator: ", ")
            if let e = t.expert["on_road_fraction"] { sentence += ", the expert \(SummaryTable.interval(e))" }
            sentence += "."
            if let r = run.spec.transfer.reoptimise, let mine = rows.first(where: { $0.0 == r.name })?.1 {
                let above = rows.filter { $0.0 != r.name && $0.1.ci95.high < mine.ci95.low }.map(\.0)
                let below = rows.filter { $0.0 != r.name && $0.1.ci95.low > mine.ci95.high }.map(\.0)
                let overlap = rows.filter { $0.0 != r.name && !above.contains($0.0) && !below.contains($0.0) }.map(\.0)
                var parts: [String] = []
                if !above.isEmpty { parts.append("above \(list(above)) with CIs apart") }
                if !below.isEmpty { parts.append("below \(list(below)) with CIs apart") }
                if !overlap.isEmpty { parts.append("not separated from \(list(overlap)) (CIs overlap)") }
                if !parts.isEmpty { sentence += " \(r.name) is " + parts.joined(separator: "; ") + "." }
            }
            out.append(sentence)
        }
        return out
    }

    static func list(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}

import UnderstudyExperiments
import UnderstudyPlotting

/// Learning curves: a metric after each iteration of the loop, mean over seeds with its 95 %
/// bootstrap CI, against the iteration or against the expert labels spent so far.
enum CurveFigures {
    enum XAxis {
        case iteration
        case expertLabels
        /// Environment steps of collection and search so far (mean over seeds), on a log axis.
        case environmentSteps
    }

    /// The metrics that record what a method cost; they are axes of their own, not curves.
    static let costMetrics: Set = ["environment_steps", "evaluation_steps", "demonstration_states"]

    /// The curve figures a run supports, in report order: the environment's headline metric
    /// (on-road fraction and laps for the driving loop, return elsewhere) against iterations and
    /// labels, then every recorded metric in small multiples.
    static func figures(_ run: StoredRun) -> [ReportFigure] {
        var out: [ReportFigure] = []
        let has = { (metric: String) in run.methods.contains { $0.curves[metric] != nil } }
        let headline = MetricText.headline(environment: run.spec.environment.id)
        let stem = headline == "on_road_fraction" ? "on-road" : "return"
        if has(headline) {
            out.append(figure(run, metric: headline, x: .iteration, name: "\(stem)-vs-iteration"))
            // Against labels only when the methods spent different numbers of them.
            let labelCounts = Set(run.methods.flatMap { $0.curves[headline]?.expertLabels ?? [] })
            if labelCounts.count >= 2 {
                out.append(figure(run, metric: headline, x: .expertLabels, name: "\(stem)-vs-labels"))
            }
        }
        if run.spec.environment.id == "driving-loop", has("laps_completed") {
            out.append(figure(run, metric: "laps_completed", x: .iteration, name: "laps-vs-iteration"))
        }
        let cost = costFigure(run, metric: headline, stem: stem)
        if let cost { out.append(cost) }
        // Small multiples only when they add a metric the figures above do not already show;
        // against environment steps (log) when the methods paid in steps differently, since
        // one iteration of BC, DAgger and a CMA-ES search costs orders of magnitude apart.
        if let all = smallMultiples(run, x: cost == nil ? .iteration : .environmentSteps),
           !Set(all.metrics).isSubset(of: [headline, "laps_completed"]) || cost != nil { out.append(all.figure) }
        return out
    }

    /// The lecture's question "when does BC, DAgger or inverse RL make more sense", answered
    /// with the headline metric against what each method paid: expert labels (left) and
    /// environment steps (right, log axis), side by side. Drawn when some method took steps
    /// beyond its demonstrations (a search or DAgger's rollouts).
    static func costFigure(_ run: StoredRun, metric: String, stem: String) -> ReportFigure? {
        let steps = run.methods.compactMap { $0.curves["environment_steps"]?.mean.last }
        guard run.methods.contains(where: { $0.curves[metric] != nil }), steps.count >= 2, Set(steps).count >= 2 else { return nil }
        var figure = Figure(width: 1100, height: 420, rows: 1, columns: 2)
        figure.title = "\(MetricText.title(metric)) against what each method cost"
        for (k, x) in [XAxis.expertLabels, .environmentSteps].enumerated() {
            var axes = Axes()
            axes.title = x == .expertLabels ? "vs expert labels" : "vs environment steps"
            axes.xLabel = x == .expertLabels ? "expert labels used (mean over seeds)" : "environment steps of collection and search (mean over seeds, log)"
            axes.yLabel = MetricText.label(metric)
            if x == .environmentSteps { axes.xScale = .log }
            draw(&axes, run, metric: metric, x: x, labelled: k == 0)
            if let range = MetricText.range(metric) { axes.yLimits = range }
            axes.xLimits = xLimits(run, metric: metric, x: x)
            axes.legend = k == 0 ? .auto : .none
            figure[0, k] = axes
        }
        var caption = "\(MetricText.title(metric)) (\(MetricText.label(metric))) after each iteration, mean over \(run.spec.seeds) "
            + "seeds with its 95 % CI band, against what the method paid: left, expert labels used (mean over seeds); right, "
            + "environment steps of collection and search (mean over seeds, log) — demonstrations, DAgger's and GAIL's "
            + "collection, every CMA-ES candidate; evaluation episodes are not counted. "
        caption += thresholdSentence(run, metric: metric)
        return ReportFigure(name: "\(stem)-vs-cost", caption: caption, figure: figure)
    }

    /// Where each method's mean first reaches the threshold the lecture's comparison uses
    /// (on the road ≥ 0.9 of the time; a return within 20 % of the expert's), in environment steps.
    static func thresholdSentence(_ run: StoredRun, metric: String) -> String {
        let threshold: Double
        let what: String
        if metric == "on_road_fraction" {
            (threshold, what) = (0.9, "an on-road fraction of 0.9")
        } else if let expert = run.results.expert[metric]?.mean, expert.isFinite {
            threshold = expert - 0.2 * abs(expert)
            what = "a return within 20 % of the expert's (\(NumberText.significant(threshold)))"
        } else {
            return ""
        }
        let parts = run.methods.map { method -> String in
            guard let c = method.curves[metric], let s = method.curves["environment_steps"], s.mean.count == c.mean.count,
                  let i = c.mean.firstIndex(where: { $0 >= threshold }) else { return "\(method.name) never" }
            return "\(method.name) after \(NumberText.significant(s.mean[i])) steps"
        }
        return "Mean first reaching \(what): " + parts.joined(separator: "; ") + "."
    }

    /// One metric, every method, against `x`.
    static func figure(_ run: StoredRun, metric: String, x: XAxis, name: String) -> ReportFigure {
        var figure = Figure(width: ReportStyle.minimumWidth, height: 400)
        var axes = Axes()
        axes.legend = .outsideRight
        let label = MetricText.label(metric)
        axes.title = "\(MetricText.title(metric)) vs \(x == .iteration ? "iteration" : "expert labels")"
        axes.xLabel = x == .iteration ? "iteration" : "expert labels used (mean over seeds)"
        axes.yLabel = label
        let points = draw(&axes, run, metric: metric, x: x, labelled: true)
        if let range = MetricText.range(metric) { axes.yLimits = range }
        axes.xLimits = xLimits(run, metric: metric, x: x)
        figure[0, 0] = axes
        let against = x == .iteration ? "after each iteration of the loop (x: \(axes.xLabel ?? ""))"
            : "against the expert labels it had used by then (x: \(axes.xLabel ?? ""))"
        var caption = "\(MetricText.title(metric)) (y: \(label)) of the student \(against): mean over \(run.spec.seeds) seeds "
            + "with its 95 % bootstrap confidence interval (band). "
        if points { caption += "Methods with a single point (one iteration, or no expert labels) show it with a 95 % CI bar. " }
        if run.results.expert[metric] != nil { caption += "Dashed: the expert." }
        return ReportFigure(name: name, caption: caption, figure: figure)
    }

    /// Every metric with curves, one small panel each (shared legend in the first), against the
    /// iteration or the environment steps spent so far (log axis). Unused grid cells stay blank.
    ///
    /// Metrics that never change (one value for every method, iteration and the expert, such as
    /// a fixed episode length) carry no information; they are named in the caption instead.
    /// The figure is never narrower than the single-metric figures (720 pt), so its title fits.
    static func smallMultiples(_ run: StoredRun, x: XAxis) -> (figure: ReportFigure, metrics: [String])? {
        var constant: [(String, Double)] = []
        var metrics: [String] = []
        for metric in Set(run.methods.flatMap { $0.curves.keys }).subtracting(costMetrics).sorted() {
            var values = run.methods.flatMap { m in (m.curves[metric]).map { $0.mean + $0.low + $0.high } ?? [] }
            if let e = run.results.expert[metric] { values.append(e.mean) }
            if let v = values.first, values.allSatisfy({ $0 == v }) { constant.append((metric, v)) } else { metrics.append(metric) }
        }
        guard !metrics.isEmpty else { return nil }
        // Three columns, or two when that leaves fewer empty cells.
        let columns = metrics.count <= 3 ? metrics.count : (metrics.count % 3 == 0 || metrics.count % 2 == 1 ? 3 : 2)
        let rows = (metrics.count + columns - 1) / columns
        var figure = Figure(width: max(ReportStyle.minimumWidth, Double(columns) * 330), height: Double(rows) * 250 + 30, rows: rows, columns: columns)
        let steps = x == .environmentSteps
        figure.title = "Every metric vs \(steps ? "environment steps" : "iteration") (mean and 95 % CI over seeds)"
        for (k, metric) in metrics.enumerated() {
            var axes = Axes()
            axes.title = MetricText.title(metric)
            axes.xLabel = steps ? "environment steps (log)" : "iteration"
            if steps { axes.xScale = .log }
            axes.yLabel = MetricText.label(metric)
            _ = draw(&axes, run, metric: metric, x: x, labelled: k == 0)
            if let range = MetricText.range(metric) { axes.yLimits = range }
            axes.xLimits = xLimits(run, metric: metric, x: x)
            axes.legend = k == 0 ? .auto : .none
            figure[k / columns, k % columns] = axes
        }
        for k in metrics.count..<(rows * columns) { figure[k / columns, k % columns].isDrawn = false }
        var caption = "Every recorded metric after each iteration of the loop (x: "
            + (steps ? "environment steps of collection and search so far, mean over seeds, log" : "iteration") + "; y: "
            + metrics.map(MetricText.label).joined(separator: "; ") + "): mean over seeds, 95 % CI band; dashed: the expert."
            + (steps ? " Methods whose steps do not change between iterations show their last iteration as a point with its CI bar." : "")
        if !constant.isEmpty {
            caption += " Constant everywhere, so not drawn: " + constant.map { "\($0.0) = \(NumberText.significant($0.1))" }
                .joined(separator: ", ") + "."
        }
        return (ReportFigure(name: steps ? "metrics-vs-steps" : "metrics-vs-iteration", caption: caption, figure: figure), metrics)
    }

    /// The x values of every method's curve of `metric`.
    static func xValues(_ run: StoredRun, metric: String, x: XAxis) -> [Double] {
        run.methods.flatMap { m -> [Double] in
            guard let c = m.curves[metric] else { return [] }
            return xs(m, c, x)
        }.filter(\.isFinite)
    }

    /// From 0 (no iterations, no labels yet) to the last value, so ticks fall on round numbers.
    static func xLimits(_ run: StoredRun, metric: String, x: XAxis) -> ClosedRange<Double> {
        let values = xValues(run, metric: metric, x: x)
        let high = values.max() ?? 1
        if x == .environmentSteps {
            // Decades around the positive step counts.
            let positive = values.filter { $0 > 0 }
            let lowest = positive.min() ?? 1, highest = max(positive.max() ?? 10, lowest * 10)
            var bottom = 1.0, top = 1.0
            while bottom > lowest { bottom /= 10 }
            while bottom * 10 <= lowest { bottom *= 10 }
            while top < highest { top *= 10 }
            return bottom...top
        }
        let low = min(0, values.min() ?? 0)
        if x == .iteration { return low...max(high, 2) }
        // A little room on both sides: a method without labels sits at 0, not on the spine.
        let pad = high > low ? 0.03 * (high - low) : 0.5
        return (low - pad)...(high + pad)
    }

    /// Draws each method's curve (or point) and the expert's level; true if any method was a point.
    @discardableResult
    static func draw(_ axes: inout Axes, _ run: StoredRun, metric: String, x: XAxis, labelled: Bool) -> Bool {
        var anyPoint = false
        let limits = xLimits(run, metric: metric, x: x)
        if let expert = run.results.expert[metric], expert.mean.isFinite {
            axes.line(x: [limits.lowerBound, limits.upperBound], y: [expert.mean, expert.mean], label: labelled ? "Expert" : nil,
                      color: ReportStyle.expert, width: 1.2, dash: ReportStyle.referenceDash)
        }
        for (m, method) in run.methods.enumerated() {
            guard let c = method.curves[metric], !c.mean.isEmpty else { continue }
            let xs = Self.xs(method, c, x)
            guard xs.count == c.mean.count else { continue }
            let color = ReportStyle.method(m)
            let constant = xs.allSatisfy { $0 == xs[0] }
            if xs.count == 1 || constant {
                // One point: the last iteration, with its CI as a bar.
                anyPoint = true
                let i = xs.count - 1
                let name = xs.count > 1 ? "\(method.name) (last iteration)" : method.name
                axes.line(x: [xs[i], xs[i]], y: [c.low[i], c.high[i]], label: labelled ? name : nil, color: color, width: 1.5)
                axes.scatter(x: [xs[i]], y: [c.mean[i]], label: labelled ? name : nil, marker: .square, size: 7, color: color)
            } else {
                axes.line(x: xs, y: c.mean, lower: c.low, upper: c.high, label: labelled ? method.name : nil, color: color)
            }
        }
        return anyPoint
    }
}

extension CurveFigures {
    /// The x values of `method`'s curve `c` on axis `x`.
    static func xs(_ method: StoredResults.Method, _ c: StoredResults.Curve, _ x: XAxis) -> [Double] {
        switch x {
        case .iteration: return c.iteration
        case .expertLabels: return c.expertLabels
        case .environmentSteps: return method.curves["environment_steps"]?.mean ?? []
        }
    }
}

/// Readable names, axis labels with units, and natural ranges of the metrics Understudy records;
/// unknown metrics fall back to their own names.
enum MetricText {
    /// The metric a report leads with: staying on the road for the driving loop, return elsewhere.
    static func headline(environment id: String) -> String {
        id == "driving-loop" ? "on_road_fraction" : "return"
    }

    /// The reading order of tables: the headline, then the metrics Understudy knows in a fixed
    /// order (outcome before cost), then any others by name.
    static func ordered(_ metrics: Set<String>, headline: String) -> [String] {
        let known = ["on_road_fraction", "laps_completed", "mean_abs_offset", "steps_to_leave_road", "return",
                     "training_error", "expert_labels", "demonstration_states", "environment_steps", "evaluation_steps",
                     "episode_length"]
        let rank = { (m: String) in m == headline ? -1 : (known.firstIndex(of: m) ?? known.count) }
        return metrics.sorted { (rank($0), $0) < (rank($1), $1) }
    }

    /// A name with its unit in a few words, for narrow tables (the PDF's).
    static func short(_ metric: String) -> String {
        switch metric {
        case "on_road_fraction": return "on-road fraction"
        case "laps_completed": return "laps completed"
        case "mean_abs_offset": return "|offset| (track units)"
        case "steps_to_leave_road": return "steps to leave road"
        case "training_error": return "training MSE"
        case "expert_labels": return "expert labels"
        case "demonstration_states": return "demonstrated states"
        case "environment_steps": return "environment steps"
        case "evaluation_steps": return "evaluation steps"
        case "episode_length": return "episode length (steps)"
        case "return": return "episode return"
        default: return metric.replacingUnderscores()
        }
    }

    /// The unit under a table header.
    static func unit(_ metric: String) -> String {
        switch metric {
        case "on_road_fraction": return "fraction of steps"
        case "laps_completed": return "laps"
        case "mean_abs_offset": return "track units"
        case "steps_to_leave_road", "episode_length": return "steps"
        case "training_error": return "MSE"
        case "expert_labels": return "labels"
        case "demonstration_states": return "states"
        case "environment_steps", "evaluation_steps": return "steps"
        case "return": return "episode return"
        default: return ""
        }
    }

    static func title(_ metric: String) -> String {
        switch metric {
        case "on_road_fraction": return "On-road fraction"
        case "laps_completed": return "Laps completed"
        case "mean_abs_offset": return "Mean distance from the centre line"
        case "steps_to_leave_road": return "Steps until leaving the road"
        case "training_error": return "Training error"
        case "expert_labels": return "Expert labels used"
        case "demonstration_states": return "Demonstrated states learned from"
        case "environment_steps": return "Environment steps (collection and search)"
        case "evaluation_steps": return "Evaluation steps"
        case "episode_length": return "Episode length"
        case "return": return "Return"
        default:
            let words = metric.replacingUnderscores()
            return words.prefix(1).uppercased() + words.dropFirst()
        }
    }

    static func label(_ metric: String) -> String {
        switch metric {
        case "on_road_fraction": return "fraction of steps on the road"
        case "laps_completed": return "laps"
        case "mean_abs_offset": return "mean |offset| (track units)"
        case "steps_to_leave_road": return "steps"
        case "training_error": return "mean squared error on its data"
        case "expert_labels": return "expert labels"
        case "demonstration_states": return "states"
        case "environment_steps", "evaluation_steps": return "environment steps"
        case "episode_length": return "steps"
        case "return": return "episode return"
        default: return metric.replacingUnderscores()
        }
    }

    /// Fixed limits for metrics with a natural range, so curves are not exaggerated.
    static func range(_ metric: String) -> ClosedRange<Double>? {
        metric == "on_road_fraction" ? -0.02...1.02 : nil
    }
}

extension String {
    func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}

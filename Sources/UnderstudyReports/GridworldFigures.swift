import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyExperiments
import UnderstudyPlotting

/// The gridworld's figures: the true and the learned reward side by side, maximum-entropy IRL's
/// feature-count gap against the iteration, the expert's and the learned policy's state
/// visitation, and every method's success and return on the training and the new layout.
/// Cells are drawn as the layout reads: its first line at the top; walls stay blank.
enum GridworldFigures {
    /// The figures the run's data supports, in report order.
    static func figures(_ run: StoredRun) -> [ReportFigure] {
        var out: [ReportFigure] = []
        let config = run.spec.environment.gridworld
        if let (name, episode) = firstWithGrids(run, ["true_reward", "learned_reward"]) {
            out.append(rewards(run, name, episode, config.layout))
        }
        if let gap = gapFigure(run) { out.append(gap) }
        if let (name, episode) = firstWithGrids(run, ["expert_visitation", "learned_visitation"]) {
            out.append(visitation(run, name, episode, config.layout))
        }
        if let transfer = transferFigure(run) { out.append(transfer) }
        return out
    }

    // MARK: - Rewards

    static func rewards(_ run: StoredRun, _ method: String, _ episode: Episode, _ layout: GridLayout) -> ReportFigure {
        let truth = centred(episode.grids["true_reward"]!, layout), learned = centred(episode.grids["learned_reward"]!, layout)
        let range = commonRange([truth, learned])
        var figure = Figure(width: 1000, height: 400, rows: 1, columns: 2)
        figure[0, 0] = map(truth, layout, title: "True reward w·φ(s)", range: range, label: "reward − mean")
        figure[0, 1] = map(learned, layout, title: "\(method), seed 0: learned reward", range: range, label: "reward − mean")
        var caption = "Reward of every cell (colour; walls blank; S start, G goal), each shifted by its mean over the open "
            + "cells: the true reward (left) and the one \(method) learned in seed 0 (right), on one colour scale."
        if let r = run.methods.first(where: { $0.name == method })?.metrics["reward_correlation"] {
            caption += " Pearson correlation of learned and true reward over the cells, \(run.spec.seeds) seeds: "
                + "\(SummaryTable.interval(r)) (mean [95 % CI]); lowest seed \(NumberText.significant(r.perSeed.min() ?? .nan, digits: 3))."
        }
        return ReportFigure(name: "gridworld-rewards", caption: caption, figure: figure)
    }

    // MARK: - Feature-count gap

    /// Floor of the log axis: a gap of exactly 0 is drawn here.
    static let gapFloor = 1e-8

    static func gapFigure(_ run: StoredRun) -> ReportFigure? {
        let methods = run.methods.enumerated().filter { $0.element.curves["feature_count_gap"] != nil }
        guard !methods.isEmpty else { return nil }
        var figure = Figure(width: ReportStyle.minimumWidth, height: 400)
        var axes = Axes()
        axes.title = "Feature-count gap of the learned reward's soft-optimal policy"
        axes.xLabel = "iteration"
        axes.yLabel = "Σ|μ_E − μ_w| / Σ|μ_E| (log)"
        axes.yScale = .log
        var last = 1.0, sentences: [String] = []
        for (m, method) in methods {
            let c = method.curves["feature_count_gap"]!
            let floor = { (v: [Double]) in v.map { max($0, gapFloor) } }
            axes.line(x: c.iteration, y: floor(c.mean), lower: floor(c.low), upper: floor(c.high), label: method.name,
                      color: ReportStyle.method(m))
            last = max(last, c.iteration.last ?? 1)
            if let final = method.metrics["feature_count_gap"] {
                let below = final.perSeed.filter { $0 <= 0.01 }.count
                sentences.append("\(method.name) ends at \(SummaryTable.interval(final)), at most 1 % in \(below) of "
                                 + "\(final.perSeed.count) seeds")
            }
        }
        axes.line(x: [0, last], y: [0.01, 0.01], label: "1 %", color: ReportStyle.expert, width: 1.0, dash: ReportStyle.referenceDash)
        axes.legend = .upperRight
        figure[0, 0] = axes
        return ReportFigure(
            name: "feature-count-gap",
            caption: "Relative gap between the expert's discounted feature counts μ_E (from the demonstrations) and those "
                + "of the soft-optimal policy of the learned reward μ_w, after each iteration (x); mean over seeds with "
                + "95 % CI band, log scale, dashed: 1 %. " + sentences.joined(separator: "; ") + ".",
            figure: figure)
    }

    // MARK: - Visitation

    static func visitation(_ run: StoredRun, _ method: String, _ episode: Episode, _ layout: GridLayout) -> ReportFigure {
        let expert = masked(episode.grids["expert_visitation"]!, layout), learned = masked(episode.grids["learned_visitation"]!, layout)
        let high = max(commonRange([expert, learned]).upperBound, 1e-9)
        var figure = Figure(width: 1000, height: 400, rows: 1, columns: 2)
        figure[0, 0] = map(expert, layout, title: "Expert's demonstrations, seed 0", range: 0...high, label: "visits per episode")
        figure[0, 1] = map(learned, layout, title: "\(method), seed 0: expected", range: 0...high, label: "visits per episode")
        let horizon = run.spec.environment.gridworld.horizon
        var l1 = 0.0
        for i in expert.values.indices where expert.values[i].isFinite { l1 += abs(expert.values[i] - learned.values[i]) }
        return ReportFigure(
            name: "gridworld-visitation",
            caption: "Visits per episode of every cell (colour; both maps sum to the horizon, \(horizon) steps): the mean over "
                + "the expert's demonstrations (left) and the expected visits of the soft-optimal policy of the reward "
                + "\(method) learned (right), seed 0. Their cell-by-cell absolute differences sum to "
                + "\(NumberText.significant(l1, digits: 3)) visits.",
            figure: figure)
    }

    // MARK: - Transfer

    static func transferFigure(_ run: StoredRun) -> ReportFigure? {
        var rows: [(name: String, metrics: [String: Summary], color: Color)] = run.methods.enumerated().map {
            ($0.element.name, $0.element.metrics, ReportStyle.method($0.offset))
        }
        if !run.results.expert.isEmpty { rows.append(("Expert", run.results.expert, ReportStyle.expert)) }
        rows = rows.filter { $0.metrics["transfer_success"] != nil }
        guard !rows.isEmpty else { return nil }
        var figure = Figure(width: 1000, height: 420, rows: 1, columns: 2)
        var sentences: [String] = []
        for (k, metric) in ["success", "return"].enumerated() {
            var axes = Axes()
            axes.title = metric == "success" ? "Success rate (goal reached)" : "Return (true reward)"
            axes.xLabel = "layout: 0 = training, 1 = new"
            axes.yLabel = metric == "success" ? "fraction of evaluation episodes" : "episode return"
            axes.xLimits = -0.5...1.5
            if metric == "success" { axes.yLimits = -0.03...1.03 }
            for (j, row) in rows.enumerated() {
                guard let before = row.metrics[metric], let after = row.metrics["transfer_" + metric] else { continue }
                let dx = (Double(j) - Double(rows.count - 1) / 2) * 0.04
                axes.line(x: [dx, 1 + dx], y: [before.mean, after.mean], label: row.name, color: row.color, width: 1.2,
                          dash: row.name == "Expert" ? ReportStyle.referenceDash : [])
                for (x, s) in [(dx, before), (1 + dx, after)] {
                    axes.line(x: [x, x], y: [s.ci95.low, s.ci95.high], color: row.color, width: 2)
                    axes.scatter(x: [x], y: [s.mean], marker: .square, size: 6, color: row.color)
                }
                if metric == "success" {
                    sentences.append("\(row.name) \(SummaryTable.interval(before)) → \(SummaryTable.interval(after))")
                }
            }
            axes.legend = k == 0 ? .lowerLeft : .none
            figure[0, k] = axes
        }
        let episodes = run.spec.evaluation.episodes
        return ReportFigure(
            name: "gridworld-transfer",
            caption: "Success rate (fraction of \(episodes) evaluation episodes that reach the goal; left) and return "
                + "(right) on the training layout (x = 0) and on the new layout (x = 1), which no method saw in training: "
                + "mean over \(run.spec.seeds) seeds, bars 95 % bootstrap CI. On the new layout MaxEnt IRL takes the most "
                + "likely action of the soft-optimal policy of its learned reward there (solved afresh), the expert that of "
                + "the true reward, and tabular BC keeps its per-cell table. Success rate, "
                + "training → new layout: " + sentences.joined(separator: "; ") + ".",
            figure: figure)
    }

    // MARK: - Implementation details

    /// The first method (spec order) whose seed-0 episode holds all of `grids`.
    static func firstWithGrids(_ run: StoredRun, _ grids: [String]) -> (String, Episode)? {
        for method in run.trajectories.methods {
            if let episode = method.episodes.first, grids.allSatisfy({ episode.grids[$0] != nil }) { return (method.name, episode) }
        }
        return nil
    }

    /// The grid with walls made NaN (blank on the map); values are row-major from the bottom line.
    static func masked(_ grid: StoredGrid, _ layout: GridLayout) -> StoredGrid {
        guard grid.rows == layout.rows, grid.columns == layout.columns else { return grid }
        var g = grid
        for r in 0..<layout.rows {
            for c in 0..<layout.columns where layout.terrain[r * layout.columns + c] == nil {
                g.values[(layout.rows - 1 - r) * layout.columns + c] = .nan
            }
        }
        return g
    }

    /// Masked, then shifted by the mean over the open cells (summed in grid order).
    static func centred(_ grid: StoredGrid, _ layout: GridLayout) -> StoredGrid {
        var g = masked(grid, layout)
        var sum = 0.0, count = 0
        for v in g.values where v.isFinite { sum += v; count += 1 }
        let mean = count > 0 ? sum / Double(count) : 0
        g.values = g.values.map { $0 - mean }
        return g
    }

    static func commonRange(_ grids: [StoredGrid]) -> ClosedRange<Double> {
        var lo = Double.infinity, hi = -Double.infinity
        for g in grids { for v in g.values where v.isFinite { lo = min(lo, v); hi = max(hi, v) } }
        if !lo.isFinite { return 0...1 }
        return hi > lo ? lo...hi : lo...(lo + 1)
    }

    /// One map: the grid as a heatmap over [0, columns] × [0, rows], S and G marked.
    static func map(_ grid: StoredGrid, _ layout: GridLayout, title: String, range: ClosedRange<Double>, label: String) -> Axes {
        var axes = Axes()
        axes.title = title
        axes.xLabel = "column"
        axes.yLabel = "row (counted from the bottom)"
        axes.aspect = .equal
        axes.heatmap(values: grid.values, rows: grid.rows, columns: grid.columns, x: grid.x, y: grid.y, range: range, colorbarLabel: label)
        for (cell, mark) in [(layout.start, "S"), (layout.goal, "G")] where grid.rows == layout.rows {
            let r = cell / layout.columns, c = cell % layout.columns
            let x = Double(c) + 0.5, y = Double(layout.rows - 1 - r) + 0.5
            axes.scatter(x: [x], y: [y], marker: .circle, size: 15, color: .white, edge: .ink)
            axes.text(mark, x: x, y: y, anchor: .center, size: 10, color: .ink)
        }
        axes.xLimits = grid.x
        axes.yLimits = grid.y
        axes.margin = 0
        axes.legend = .none
        return axes
    }
}

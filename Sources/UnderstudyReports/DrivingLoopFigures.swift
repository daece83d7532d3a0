import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyPlotting

/// The driving loop's maps: every method's path around the track, DAgger's relabels, GAIL's
/// discriminator. Positions are in track units (the track's radius is `radius` of them).
enum DrivingLoopFigures {
    /// Figures for the maps that the run's data supports, in report order.
    static func figures(_ run: StoredRun) throws -> [ReportFigure] {
        let track: StadiumTrack
        do { track = try DrivingLoop(config: run.spec.environment.drivingLoop).track } catch {
            throw ReportError.corrupt(path: run.directory + "/spec.toml", what: "driving-loop track: \(error)")
        }
        var out = [trajectories(run, track: track)]
        if let relabels = relabels(run, track: track) { out.append(relabels) }
        if let discriminator = discriminator(run, track: track) { out.append(discriminator) }
        return out
    }

    // MARK: - Trajectories

    static func trajectories(_ run: StoredRun, track: StadiumTrack) -> ReportFigure {
        var figure = Figure(width: ReportStyle.minimumWidth, height: 460)
        let methods = run.trajectories.methods
        figure[0, 0] = pathsAxes(title: "Evaluation paths around the track", methods: methods, expert: run.trajectories.expert, track: track)
        let seeds = methods.map(\.episodes.count).max() ?? 0
        return ReportFigure(
            name: "trajectories",
            caption: "Evaluation episodes on the track, position x (track units) against y (track units); grey: road edges and "
                + "dashed centre line. Bold: seed 0 of each method, drawn over the expert's wide black dashes; "
                + "thin: the other \(max(0, seeds - 1)) seeds. × marks where a car first leaves the road; ○ the start.",
            figure: figure)
    }

    /// Evaluation paths on the track, as the trajectories and the transfer figures draw them:
    /// the expert's seed 0 underneath in wide dashes, every method's other seeds thin, each
    /// method's seed 0 bold on top, × where each car first leaves the road, ○ the start.
    static func pathsAxes(title: String, methods: [(name: String, episodes: [Episode])], expert: [Episode],
                          track: StadiumTrack) -> Axes {
        var axes = mapAxes(title: title)
        axes.grid = false
        drawTrack(&axes, track)
        // The expert first, underneath, in wider dashes: a method that follows it exactly is
        // drawn on top in colour and the dashes still show on both sides of it.
        if let first = expert.first {
            let (x, y) = positions(first.states)
            axes.line(x: x, y: y, label: "Expert", color: ReportStyle.expert, width: 3.2, dash: ReportStyle.expertDash)
        }
        // Thin lines (other seeds), then every bold seed-0 line on top.
        for (m, method) in methods.enumerated() {
            for episode in method.episodes.dropFirst() {
                let (x, y) = positions(episode.states)
                axes.line(x: x, y: y, color: ReportStyle.method(m), width: ReportStyle.thinWidth, alpha: ReportStyle.thinAlpha)
            }
        }
        for (m, method) in methods.enumerated() {
            guard let first = method.episodes.first else { continue }
            let (x, y) = positions(first.states)
            axes.line(x: x, y: y, label: method.name, color: ReportStyle.method(m), width: ReportStyle.boldWidth)
        }
        // Where each car first leaves the road, every seed, in its method's colour.
        var anyExit = false
        for (m, method) in methods.enumerated() {
            let exits = method.episodes.compactMap { firstExit($0.states, track: track) }
            if !exits.isEmpty {
                anyExit = true
                axes.scatter(x: exits.map(\.x), y: exits.map(\.y), marker: .cross, size: 8, color: ReportStyle.method(m))
            }
        }
        if anyExit { axes.scatter(x: [], y: [], label: "leaves the road", marker: .cross, size: 8, color: .ink) }
        let all = expert + methods.flatMap(\.episodes)
        if let start = all.compactMap({ $0.states.first }).first(where: { $0.count >= 2 }) {
            axes.scatter(x: [start[0]], y: [start[1]], label: "start", marker: .circle, size: 8, color: .white, edge: .ink)
        }
        let (xl, yl) = mapLimits(track: track, episodes: all)
        axes.xLimits = xl
        axes.yLimits = yl
        return axes
    }

    // MARK: - DAgger relabels

    /// How much the expert's turning angle is exaggerated in the arrows, and their length.
    static let relabelGain = 5.0
    static let relabelArrowLength = 1.5
    static let maxArrows = 120

    static func relabels(_ run: StoredRun, track: StadiumTrack) -> ReportFigure? {
        let methods = run.trajectories.methods.enumerated().filter { !($0.element.episodes.first?.relabels.isEmpty ?? true) }
        guard !methods.isEmpty else { return nil }
        let columns = min(methods.count, 2)
        let rows = (methods.count + columns - 1) / columns
        var figure = Figure(width: columns == 1 ? ReportStyle.minimumWidth : 1000, height: Double(rows) * 380 + 20, rows: rows, columns: columns)
        for (k, entry) in methods.enumerated() {
            let (m, method) = entry
            let relabels = method.episodes[0].relabels.filter { $0.state.count >= 3 && !$0.label.isEmpty }
            var axes = mapAxes(title: "\(method.name), seed 0, first student round: \(relabels.count) relabelled states")
            axes.grid = false
            drawTrack(&axes, track)
            axes.scatter(x: relabels.map { $0.state[0] }, y: relabels.map { $0.state[1] }, label: "student state",
                         marker: .circle, size: 3.5, color: ReportStyle.method(m))
            // At most `maxArrows` arrows, evenly spaced through the relabels, so they stay legible.
            let every = max(1, (relabels.count + maxArrows - 1) / maxArrows)
            let shown = stride(from: 0, to: relabels.count, by: every).map { relabels[$0] }
            let angle = shown.map { $0.state[2] + relabelGain * $0.label[0] }
            axes.quiver(x: shown.map { $0.state[0] }, y: shown.map { $0.state[1] },
                        u: angle.map { relabelArrowLength * PortableMath.cos($0) },
                        v: angle.map { relabelArrowLength * PortableMath.sin($0) },
                        label: every == 1 ? "expert's label" : "expert's label (every \(every)th)", color: .ink, width: 0.8)
            let states = relabels.map(\.state)
            let (xl, yl) = mapLimits(track: track, states: [states])
            axes.xLimits = xl
            axes.yLimits = yl
            if k > 0 { axes.legend = .none }
            figure[k / columns, k % columns] = axes
        }
        figure.title = "Expert relabels: arrow direction = heading + \(NumberText.significant(relabelGain))·δ"
        return ReportFigure(
            name: "dagger-relabels",
            caption: "Positions x (track units) and y (track units) of the states the student visited (dots) in its first "
                + "round at the wheel — the first DAgger iteration with β < 1, usually iteration 1, where it strays most — "
                + "in seed 0, with the expert's label δ there, drawn as an arrow of fixed length "
                + "\(NumberText.significant(relabelArrowLength)) track units pointing along the car's heading turned by "
                + "\(NumberText.significant(relabelGain))·δ (δ exaggerated \(NumberText.significant(relabelGain))× so corrections are visible).",
            figure: figure)
    }

    // MARK: - GAIL discriminator

    static func discriminator(_ run: StoredRun, track: StadiumTrack) -> ReportFigure? {
        let methods = run.trajectories.methods.filter { $0.episodes.first?.grids["discriminator"] != nil }
        guard !methods.isEmpty else { return nil }
        let columns = min(methods.count, 2)
        let rows = (methods.count + columns - 1) / columns
        var figure = Figure(width: columns == 1 ? ReportStyle.minimumWidth : 1100, height: Double(rows) * 360 + 20, rows: rows, columns: columns)
        // One lap of the expert (the second would lie on top of the first), about 80 dots.
        let config = run.spec.environment.drivingLoop
        let lapSteps = Int((track.lapLength / (config.speed * config.dt)).rounded(.up))
        let expertStates = Array((run.trajectories.expert.first?.states ?? []).prefix(max(1, lapSteps)))
        let every = max(1, expertStates.count / 80)
        let sample = stride(from: 0, to: expertStates.count, by: every).map { expertStates[$0] }.filter { $0.count >= 2 }
        for (k, method) in methods.enumerated() {
            let grid = method.episodes[0].grids["discriminator"]!
            var axes = mapAxes(title: "\(method.name), seed 0: discriminator D(s) after training")
            axes.heatmap(values: grid.values, rows: grid.rows, columns: grid.columns, x: grid.x, y: grid.y,
                         range: 0...1, colorbarLabel: "D(s)")
            let edges = track.roadEdges()
            // White shows on every colour of the map but not in the legend box, so the caption
            // names the edges instead of a legend swatch of another colour.
            for edge in [edges.inner, edges.outer] {
                axes.line(x: edge.map(\.x), y: edge.map(\.y), color: .white, width: 1.0)
            }
            axes.scatter(x: sample.map { $0[0] }, y: sample.map { $0[1] }, label: "expert states", marker: .circle, size: 3.5,
                         color: .white, edge: .ink)
            axes.xLimits = grid.x
            axes.yLimits = grid.y
            axes.margin = 0
            if k > 0 { axes.legend = .none }
            figure[k / columns, k % columns] = axes
        }
        return ReportFigure(
            name: "gail-discriminator",
            caption: "The discriminator's D(s) (probability that a state is the expert's; colour) over the plane of positions "
                + "x (track units) and y (track units), for a car heading "
                + "along the track, with the road edges (white) and the expert's states (dots, every \(every)th step of one lap) on top.",
            figure: figure)
    }

    // MARK: - Implementation details

    /// Axes for a map of the track: positions in track units, equal aspect, legend outside.
    static func mapAxes(title: String) -> Axes {
        var axes = Axes()
        axes.title = title
        axes.xLabel = "x (track units)"
        axes.yLabel = "y (track units)"
        axes.aspect = .equal
        axes.legend = .outsideRight
        return axes
    }

    static func drawTrack(_ axes: inout Axes, _ track: StadiumTrack) {
        let edges = track.roadEdges()
        axes.line(x: edges.inner.map(\.x), y: edges.inner.map(\.y), label: "road edges", color: ReportStyle.road, width: 1.0)
        axes.line(x: edges.outer.map(\.x), y: edges.outer.map(\.y), label: "road edges", color: ReportStyle.road, width: 1.0)
        let centre = track.polyline(offset: 0)
        axes.line(x: centre.map(\.x), y: centre.map(\.y), label: "centre line", color: ReportStyle.centreLine, width: 0.8,
                  dash: ReportStyle.centreDash)
    }

    static func positions(_ states: [[Double]]) -> ([Double], [Double]) {
        (states.map { $0.count >= 2 ? $0[0] : .nan }, states.map { $0.count >= 2 ? $0[1] : .nan })
    }

    /// The first state off the road, if the car ever leaves it.
    static func firstExit(_ states: [[Double]], track: StadiumTrack) -> (x: Double, y: Double)? {
        for s in states where s.count >= 2 && !track.isOnRoad(x: s[0], y: s[1]) { return (s[0], s[1]) }
        return nil
    }

    /// Limits that show the track and whatever the cars did near it: the data's extent, but no
    /// further than 40 % of the track's size beyond it (the axes count the points left out).
    static func mapLimits(track: StadiumTrack, episodes: [Episode]) -> (ClosedRange<Double>, ClosedRange<Double>) {
        mapLimits(track: track, states: episodes.map(\.states))
    }

    static func mapLimits(track: StadiumTrack, states: [[[Double]]]) -> (ClosedRange<Double>, ClosedRange<Double>) {
        let outer = track.roadEdges().outer
        var x0 = outer.map(\.x).min()!, x1 = outer.map(\.x).max()!
        var y0 = outer.map(\.y).min()!, y1 = outer.map(\.y).max()!
        let cap = 0.4 * max(x1 - x0, y1 - y0)
        let (cx0, cx1, cy0, cy1) = (x0 - cap, x1 + cap, y0 - cap, y1 + cap)
        for episode in states {
            for s in episode where s.count >= 2 && s[0].isFinite && s[1].isFinite {
                x0 = min(x0, max(s[0], cx0)); x1 = max(x1, min(s[0], cx1))
                y0 = min(y0, max(s[1], cy0)); y1 = max(y1, min(s[1], cy1))
            }
        }
        let pad = 0.04 * max(x1 - x0, y1 - y0)
        return ((x0 - pad)...(x1 + pad), (y0 - pad)...(y1 + pad))
    }
}

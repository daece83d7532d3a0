import UnderstudyEnvironments
import UnderstudyPlotting

/// Classic control: the expert's and each method's seed-0 evaluation episode in the plane of
/// two state variables, one panel per method.
enum PhasePortraits {
    /// Which two state components to draw, and how.
    struct Plane: Sendable {
        var x: Int
        var y: Int
        var xLabel: String
        var yLabel: String
        /// Angles are wrapped to (−π, π]; a jump across the seam breaks the line.
        var wrapX: Bool
        var wrapY: Bool
        /// Draw only the first steps: a balanced CartPole chatters around upright for hundreds
        /// of steps, and the whole episode hides the approach under a blot.
        var steps: Int? = nil
    }

    /// The plane for an environment's state vector (see each environment's `stateNames`).
    static func plane(environment id: String, stateSize: Int) -> Plane? {
        switch id {
        case "Pendulum-v1":
            return Plane(x: 0, y: 1, xLabel: "θ (rad, wrapped to (−π, π])", yLabel: "dθ/dt (rad/s)", wrapX: true, wrapY: false)
        case "CartPole-v1":
            return Plane(x: 2, y: 3, xLabel: "pole angle θ (rad)", yLabel: "dθ/dt (rad/s)", wrapX: false, wrapY: false, steps: 100)
        case "MountainCarContinuous-v0":
            return Plane(x: 0, y: 1, xLabel: "position (m)", yLabel: "velocity (m/step)", wrapX: false, wrapY: false)
        case "Acrobot-v1":
            return Plane(x: 0, y: 1, xLabel: "θ1 (rad)", yLabel: "θ2 (rad)", wrapX: true, wrapY: true)
        case "driving-loop":
            return nil
        default:
            return stateSize >= 2 ? Plane(x: 0, y: 1, xLabel: "state[0]", yLabel: "state[1]", wrapX: false, wrapY: false) : nil
        }
    }

    static func figures(_ run: StoredRun) -> [ReportFigure] {
        let stateSize = run.trajectories.expert.first?.states.first?.count ?? 0
        guard let plane = plane(environment: run.spec.environment.id, stateSize: stateSize) else { return [] }
        let methods = run.trajectories.methods.filter { !$0.episodes.isEmpty }
        guard !methods.isEmpty || !run.trajectories.expert.isEmpty else { return [] }
        let panels = max(1, methods.count)
        let columns = min(panels, 3)
        let rows = (panels + columns - 1) / columns
        var figure = Figure(width: max(ReportStyle.minimumWidth, Double(columns) * 380), height: Double(rows) * 300 + 30,
                            rows: rows, columns: columns)
        figure.title = "Phase portrait, seed 0: expert vs each method" + (plane.steps.map { " (first \($0) steps)" } ?? "")
        let expert = run.trajectories.expert.first.map { path($0.states, plane) }
        for k in 0..<panels {
            var axes = Axes()
            axes.xLabel = plane.xLabel
            axes.yLabel = plane.yLabel
            if let expert {
                axes.line(x: expert.x, y: expert.y, label: "Expert", color: ReportStyle.expert, width: 1.2)
            }
            if k < methods.count {
                let m = run.trajectories.methods.firstIndex(where: { $0.name == methods[k].name }) ?? k
                let p = path(methods[k].episodes[0].states, plane)
                axes.title = methods[k].name
                axes.line(x: p.x, y: p.y, label: methods[k].name, color: ReportStyle.method(m), width: 1.5)
                if let start = p.start {
                    axes.scatter(x: [start.0], y: [start.1], label: "start", marker: .circle, size: 7, color: .white, edge: .ink)
                }
            } else if let start = expert?.start {
                axes.title = "Expert"
                axes.scatter(x: [start.0], y: [start.1], label: "start", marker: .circle, size: 7, color: .white, edge: .ink)
            }
            figure[k / columns, k % columns] = axes
        }
        return [ReportFigure(
            name: "phase-portrait",
            caption: "The seed-0 evaluation episode of each method (colour) and of the expert (black) in the plane of "
                + "\(plane.xLabel) and \(plane.yLabel); ○ marks the start."
                + (plane.wrapX || plane.wrapY ? " Angles are wrapped to (−π, π]; lines break where they cross the seam." : "")
                + (plane.steps.map { " First \($0) steps." } ?? ""),
            figure: figure)]
    }

    /// The episode's points in the plane; NaN between two points on either side of a wrap seam.
    static func path(_ states: [[Double]], _ plane: Plane) -> (x: [Double], y: [Double], start: (Double, Double)?) {
        var xs: [Double] = [], ys: [Double] = []
        var start: (Double, Double)?
        var previous: (Double, Double)?
        for s in states.prefix((plane.steps ?? states.count - 1) + 1) where s.count > max(plane.x, plane.y) {
            let x = plane.wrapX ? wrapAngle(s[plane.x]) : s[plane.x]
            let y = plane.wrapY ? wrapAngle(s[plane.y]) : s[plane.y]
            if let (px, py) = previous, (plane.wrapX && abs(x - px) > Double.pi) || (plane.wrapY && abs(y - py) > Double.pi) {
                xs.append(.nan); ys.append(.nan)
            }
            xs.append(x); ys.append(y)
            if start == nil { start = (x, y) }
            previous = (x, y)
        }
        return (xs, ys, start)
    }
}

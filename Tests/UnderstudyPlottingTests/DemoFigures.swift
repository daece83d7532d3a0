import UnderstudyDeterminism
@testable import UnderstudyPlotting

/// Synthetic figures in the shapes the reports draw: learning curves with bands, a trajectory
/// map with equal aspect, a discriminator heat map. Data come from named Philox streams.
enum DemoFigures {
    static let methods = ["BC", "DAgger", "GAIL", "BC (clean labels)"]

    /// Mean and 95 % band of an on-road fraction over 20 iterations, per method.
    static func learningCurves() -> Figure {
        var figure = Figure(width: 640, height: 400)
        var axes = Axes()
        axes.title = "On-road fraction while training"
        axes.xLabel = "iteration"
        axes.yLabel = "on-road fraction"
        let iterations = (0..<20).map(Double.init)
        let finals = [0.22, 0.97, 0.9, 1.0], rates = [0.0, 0.35, 0.12, 0.6]
        for (m, name) in methods.enumerated() {
            var stream = RandomStream(seed: 7, path: "demo/learning-curves/\(name)")
            var mean: [Double] = [], lower: [Double] = [], upper: [Double] = []
            for i in iterations {
                let level = 0.15 + (finals[m] - 0.15) * (1 - PortableMath.exp(-rates[m] * i)) + 0.01 * stream.nextNormal()
                let half = 0.03 + 0.12 * PortableMath.exp(-0.15 * i) * (m == 0 ? 1.5 : 1)
                mean.append(min(1, level)); lower.append(max(0, level - half)); upper.append(min(1, level + half))
            }
            axes.line(x: iterations, y: mean, lower: lower, upper: upper, label: name, dash: m == 3 ? [5, 3] : [])
        }
        figure.axes[0] = axes
        return figure
    }

    /// A circular track with the expert's lap and several students' trajectories; a cross where
    /// a car leaves the road; DAgger's relabel arrows in a second panel.
    static func trajectoryMap(steps: Int = 600, seeds: Int = 3) -> Figure {
        var figure = Figure(width: 720, height: 360, rows: 1, columns: 2)
        let radius = 10.0, halfWidth = 1.0
        var map = Axes()
        map.title = "Trajectories on the track"
        map.xLabel = "x (m)"
        map.yLabel = "y (m)"
        map.aspect = .equal
        map.grid = false
        let circle = (0...200).map { Double($0) / 200 * 2 * Double.pi }
        for r in [radius - halfWidth, radius + halfWidth] {
            map.line(x: circle.map { r * PortableMath.cos($0) }, y: circle.map { r * PortableMath.sin($0) },
                     color: Color(hex: 0x9A9A9A), width: 1.2)
        }
        let drifts = [("Expert", 0.0, 0.02), ("BC", 0.004, 0.03), ("DAgger", 0.0008, 0.05)]
        for (k, (name, drift, noise)) in drifts.enumerated() {
            let color = Palette.color(k == 0 ? 2 : k - 1)
            var exits: ([Double], [Double]) = ([], [])
            for seed in 0..<seeds {
                var stream = RandomStream(seed: 11, path: "demo/trajectory/\(name)/seed=\(seed)")
                var xs: [Double] = [], ys: [Double] = []
                var offset = 0.0, left = false
                for step in 0..<steps {
                    let angle = Double(step) * 0.02
                    offset += drift * (1 + 0.3 * Double(seed)) + noise * 0.3 * stream.nextNormal()
                    if name == "DAgger" { offset *= 0.97 }
                    let r = radius + offset
                    xs.append(r * PortableMath.cos(angle)); ys.append(r * PortableMath.sin(angle))
                    if !left && abs(offset) > halfWidth { left = true; exits.0.append(xs.last!); exits.1.append(ys.last!) }
                }
                map.line(x: xs, y: ys, label: name, color: color, width: 1.1, alpha: 0.8)
            }
            if !exits.0.isEmpty {
                map.scatter(x: exits.0, y: exits.1, label: "leaves the road", marker: .cross, size: 7, color: Palette.vermillion)
            }
        }
        map.scatter(x: [radius], y: [0], label: "start", marker: .circle, size: 6, color: .black)
        figure[0, 0] = map

        var arrows = Axes()
        arrows.title = "DAgger: expert relabels"
        arrows.xLabel = "x (m)"
        arrows.yLabel = "y (m)"
        arrows.aspect = .equal
        arrows.grid = false
        let arc = (0...60).map { Double($0) / 60 * Double.pi / 2 }
        for r in [radius - halfWidth, radius + halfWidth] {
            arrows.line(x: arc.map { r * PortableMath.cos($0) }, y: arc.map { r * PortableMath.sin($0) }, color: Color(hex: 0x9A9A9A), width: 1.2)
        }
        var stream = RandomStream(seed: 11, path: "demo/relabel")
        var px: [Double] = [], py: [Double] = [], u: [Double] = [], v: [Double] = []
        for i in 0..<40 {
            let angle = Double(i) / 40 * Double.pi / 2
            let r = radius + stream.uniform(-1.3, 1.3)
            let (c, s) = (PortableMath.cos(angle), PortableMath.sin(angle))
            px.append(r * c); py.append(r * s)
            let back = (radius - r) * 0.6
            u.append(-s * 0.8 + c * back); v.append(c * 0.8 + s * back)
        }
        arrows.scatter(x: px, y: py, label: "student states", size: 4, color: Palette.orange)
        arrows.quiver(x: px, y: py, u: u, v: v, label: "expert label", color: Palette.blue, width: 1)
        arrows.annotate("leaves the road", x: px[3], y: py[3], textX: 3, textY: 4)
        figure[0, 1] = arrows
        return figure
    }

    /// A discriminator-like field D(x, y) over the plane with expert states on top.
    static func heatmap() -> Figure {
        var figure = Figure(width: 520, height: 420)
        var axes = Axes()
        axes.title = "Discriminator D(s) after 50 iterations"
        axes.xLabel = "x (m)"
        axes.yLabel = "y (m)"
        axes.aspect = .equal
        let n = 80, radius = 10.0
        var values: [Double] = []
        for r in 0..<n {
            for c in 0..<n {
                let x = -14 + 28 * (Double(c) + 0.5) / Double(n), y = -14 + 28 * (Double(r) + 0.5) / Double(n)
                let d = (x * x + y * y).squareRoot() - radius
                values.append(PortableMath.sigmoid(2.5 - 1.8 * d * d))
            }
        }
        axes.heatmap(values: values, rows: n, columns: n, x: -14...14, y: -14...14, range: 0...1, colorbarLabel: "D(s)")
        let angles = (0..<48).map { Double($0) / 48 * 2 * Double.pi }
        axes.scatter(x: angles.map { radius * PortableMath.cos($0) }, y: angles.map { radius * PortableMath.sin($0) },
                     label: "expert states", size: 5, color: .white, edge: .black)
        axes.legend = .upperRight
        figure.axes[0] = axes
        return figure
    }
}

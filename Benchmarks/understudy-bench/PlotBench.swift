import UnderstudyDeterminism
import UnderstudyPlotting

/// Figure benchmarks, in milliseconds per figure (build the `Figure` + render + encode), at
/// 800 × 500 pt = 1600 × 1000 px PNG, the size of the matplotlib figures of Benchmarks/peers.
///
/// `matplotlib_ms` is matplotlib 3.11.2 (Agg, numpy 2.4) drawing the same figures (same series
/// counts and sizes, `figsize=(8, 5), dpi=200`, build + `savefig`, median of 7, in a running
/// process) with `Benchmarks/peers/matplotlib-figures.py`, measured on the development machine in
/// the same session as these numbers (2 vCPU x86-64, shared, 2026-11-25). Refresh them by
/// re-measuring both side by side; ratios, not absolutes, matter.
let plotBenchmarks: [Benchmark] = [
    Benchmark(name: "plot/overlay") {
        let data = OverlayData()
        let png = secondsPerCall(iterations: 3) { blackHole(try! data.figure().png()) } * 1e3
        let svg = secondsPerCall(iterations: 3) { blackHole(try! data.figure().svg()) } * 1e3
        return [
            Measurement(name: "plot/overlay/png", value: png, unit: "ms", extra: ["matplotlib_ms": PeerTimes.overlayPNG]),
            Measurement(name: "plot/overlay/svg", value: svg, unit: "ms", extra: ["matplotlib_ms": PeerTimes.overlaySVG]),
        ]
    },
    Benchmark(name: "plot/learning-curves") {
        let data = CurveData()
        let png = secondsPerCall(iterations: 5) { blackHole(try! data.figure().png()) } * 1e3
        let svg = secondsPerCall(iterations: 5) { blackHole(try! data.figure().svg()) } * 1e3
        return [
            Measurement(name: "plot/learning-curves/png", value: png, unit: "ms", extra: ["matplotlib_ms": PeerTimes.curvesPNG]),
            Measurement(name: "plot/learning-curves/svg", value: svg, unit: "ms", extra: ["matplotlib_ms": PeerTimes.curvesSVG]),
        ]
    },
]

/// matplotlib's times for the same figures (see above), ms.
private enum PeerTimes {
    static let overlayPNG = 192.9     // 179–206 over five runs that session
    static let overlaySVG = 100.7
    static let curvesPNG = 94.2
    static let curvesSVG = 40.9
}

/// 5 methods × 10 seeds × 1000 steps around a stadium track (straights 20 m, radius 8 m,
/// half-width 1 m), with the track edges; equal aspect.
private struct OverlayData {
    static let methods = ["Expert", "BC", "DAgger", "GAIL", "BC (clean labels)"]
    var runs: [[(x: [Double], y: [Double])]] = []
    var edges: [(x: [Double], y: [Double])] = []

    init() {
        let straight = 20.0, radius = 8.0
        let perimeter = 2 * straight + 2 * Double.pi * radius
        /// Point and outward normal at arc length s along the centre line.
        func centre(_ s: Double) -> (Double, Double, Double, Double) {
            var s = s.truncatingRemainder(dividingBy: perimeter)
            if s < 0 { s += perimeter }
            if s < straight { return (-straight / 2 + s, -radius, 0, -1) }
            s -= straight
            if s < Double.pi * radius {
                let a = -Double.pi / 2 + s / radius
                let (c, n) = (PortableMath.cos(a), PortableMath.sin(a))
                return (straight / 2 + radius * c, radius * n, c, n)
            }
            s -= Double.pi * radius
            if s < straight { return (straight / 2 - s, radius, 0, 1) }
            s -= straight
            let a = Double.pi / 2 + s / radius
            let (c, n) = (PortableMath.cos(a), PortableMath.sin(a))
            return (-straight / 2 + radius * c, radius * n, c, n)
        }
        for offset in [-1.0, 1.0] {
            let samples = (0...400).map { centre(Double($0) / 400 * perimeter) }
            edges.append((samples.map { $0.0 + offset * $0.2 }, samples.map { $0.1 + offset * $0.3 }))
        }
        for (m, name) in Self.methods.enumerated() {
            var runs: [(x: [Double], y: [Double])] = []
            for seed in 0..<10 {
                var stream = RandomStream(seed: 1, path: "bench/plot/overlay/\(name)/seed=\(seed)")
                var xs = [Double](), ys = [Double]()
                xs.reserveCapacity(1000); ys.reserveCapacity(1000)
                var offset = 0.0
                for step in 0..<1000 {
                    offset = offset * 0.995 + 0.0005 * Double(m) + 0.03 * stream.nextNormal()
                    let (x, y, nx, ny) = centre(Double(step) * 0.2)
                    xs.append(x + offset * nx); ys.append(y + offset * ny)
                }
                runs.append((xs, ys))
            }
            self.runs.append(runs)
        }
    }

    func figure() -> Figure {
        var figure = Figure(width: 800, height: 500)
        var axes = Axes()
        axes.title = "Trajectories: 5 methods × 10 seeds"
        axes.xLabel = "x (m)"
        axes.yLabel = "y (m)"
        axes.aspect = .equal
        axes.grid = false
        for edge in edges { axes.line(x: edge.x, y: edge.y, color: Color(hex: 0x9A9A9A), width: 1.2) }
        for (m, runs) in self.runs.enumerated() {
            for run in runs {
                axes.line(x: run.x, y: run.y, label: Self.methods[m], color: Palette.color(m), width: 1, alpha: 0.6)
            }
        }
        figure.axes[0] = axes
        return figure
    }
}

/// 4 methods × 20 iterations: mean and 95 % band.
private struct CurveData {
    static let methods = ["BC", "DAgger", "GAIL", "BC (clean labels)"]
    var curves: [(mean: [Double], lower: [Double], upper: [Double])] = []
    let iterations = (0..<20).map(Double.init)

    init() {
        for (m, name) in Self.methods.enumerated() {
            var stream = RandomStream(seed: 1, path: "bench/plot/curves/\(name)")
            var mean: [Double] = [], lower: [Double] = [], upper: [Double] = []
            for i in iterations {
                let level = 0.2 + 0.7 * (1 - PortableMath.exp(-0.2 * Double(m + 1) * i)) + 0.02 * stream.nextNormal()
                mean.append(level); lower.append(level - 0.08); upper.append(level + 0.08)
            }
            curves.append((mean, lower, upper))
        }
    }

    func figure() -> Figure {
        var figure = Figure(width: 800, height: 500)
        var axes = Axes()
        axes.title = "On-road fraction (mean, 95 % CI over 10 seeds)"
        axes.xLabel = "iteration"
        axes.yLabel = "on-road fraction"
        for (m, c) in curves.enumerated() {
            axes.line(x: iterations, y: c.mean, lower: c.lower, upper: c.upper, label: Self.methods[m])
        }
        figure.axes[0] = axes
        return figure
    }
}

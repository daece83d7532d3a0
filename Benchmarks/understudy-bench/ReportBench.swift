import UnderstudyDeterminism
import Foundation
import UnderstudyReports

/// The full report of a synthetic driving-loop run — 5 methods × 10 seeds × 1000 steps, curves
/// over 20 iterations, DAgger relabels and a GAIL discriminator grid — in milliseconds: read
/// the files, draw every figure, write PNG (2×), SVG, index.html and report.pdf.
let reportBenchmarks: [Benchmark] = [
    Benchmark(name: "report/driving-loop/full") {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-bench-report-\(getpid())").path
        try? FileManager.default.removeItem(atPath: directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try! SyntheticReportRun.write(to: directory)
        let ms = secondsPerCall(iterations: 1, repeats: 3) { blackHole(try! Report.write(runDirectory: directory).count) } * 1e3
        return [Measurement(name: "report/driving-loop/full", value: ms, unit: "ms")]
    },
]

/// The benchmark's run directory, from closed-form data (no simulation).
private enum SyntheticReportRun {
    static let methods = [("BC", "bc", 1), ("DAgger", "dagger", 20), ("GAIL", "gail", 20), ("BC clean", "bc", 1), ("DAgger beta", "dagger", 20)]
    static let seeds = 10, steps = 1000

    static func write(to directory: String) throws {
        var spec = "name = \"bench\"\ntitle = \"Report benchmark\"\nseed = 1\nseeds = \(seeds)\n\n[env]\nid = \"driving-loop\"\n"
        for (name, algorithm, iterations) in methods {
            spec += "\n[[method]]\nname = \"\(name)\"\nalgorithm = \"\(algorithm)\"\n" + (algorithm == "bc" ? "" : "iterations = \(iterations)\n")
        }
        try AtomicFile.write(spec, to: directory + "/spec.toml")
        let metrics = ["laps_completed", "on_road_fraction", "return", "mean_abs_offset", "steps_to_leave_road"]
        func summary(_ v: Double) -> JSONValue {
            .object(["per_seed": .array(Array(repeating: .number(v), count: seeds)), "mean": .number(v), "iqm": .number(v),
                     "ci95": .array([.number(v * 0.9), .number(v * 1.1)])])
        }
        var results: [String: JSONValue] = [:], trajectories: [String: JSONValue] = [:]
        for (m, (name, algorithm, iterations)) in methods.enumerated() {
            var curves: [String: JSONValue] = [:], finals: [String: JSONValue] = [:]
            for (j, metric) in metrics.enumerated() {
                let means = (1...iterations).map { Double($0 + j) / Double(iterations + j) }
                curves[metric] = .object([
                    "iteration": .array((1...iterations).map(JSONValue.integer)),
                    "expert_labels": .array((1...iterations).map { .number(algorithm == "gail" ? 0 : Double(400 * $0)) }),
                    "per_seed": .array((0..<seeds).map { k in .array(means.map { .number($0 + 0.01 * Double(k)) }) }),
                    "mean": .array(means.map(JSONValue.number)),
                    "ci95": .array(means.map { .array([.number($0 - 0.05), .number($0 + 0.05)]) }),
                ])
                finals[metric] = summary(means.last!)
            }
            results[name] = .object(["algorithm": .string(algorithm), "metrics": .object(finals), "curves": .object(curves)])
            trajectories[name] = .array((0..<seeds).map { k in
                episode(seed: k, offset: 0.3 * Double(m) + 0.05 * Double(k), relabels: algorithm == "dagger", grid: algorithm == "gail")
            })
        }
        let expert = Dictionary(uniqueKeysWithValues: metrics.map { ($0, summary(1)) })
        try AtomicFile.write(CanonicalJSON.string(.object([
            "format": .string("understudy-results/1"), "experiment": .string("bench"), "title": .string("Report benchmark"),
            "environment": .string("driving-loop"), "seed": .integer(1), "seeds": .integer(seeds),
            "methods": .object(results), "expert": .object(["metrics": .object(expert)]),
        ])), to: directory + "/results.json")
        try AtomicFile.write(CanonicalJSON.string(.object([
            "format": .string("understudy-trajectories/1"), "environment": .string("driving-loop"),
            "methods": .object(trajectories), "expert": .array((0..<seeds).map { episode(seed: $0, offset: 0, relabels: false, grid: false) }),
        ])), to: directory + "/trajectories.json")
    }

    /// A car circling a radius-10 loop at `offset` outside it, wobbling.
    static func episode(seed: Int, offset: Double, relabels: Bool, grid: Bool) -> JSONValue {
        let states: [JSONValue] = (0..<steps).map { i in
            let a = 0.02 * Double(i) - Double.pi / 2
            let r = 10 + offset * PortableMath.sin(0.01 * Double(i))
            return .array([.number(r * PortableMath.cos(a)), .number(r * PortableMath.sin(a)), .number(a + Double.pi / 2)])
        }
        var grids: [String: JSONValue] = [:]
        if grid {
            grids["discriminator"] = .object(["x": .array([.number(-18), .number(18)]), "y": .array([.number(-13), .number(13)]),
                                              "columns": .integer(96), "rows": .integer(69),
                                              "values": .array((0..<(96 * 69)).map { .number(Double($0 % 97) / 97) })])
        }
        let relabelled: [JSONValue] = relabels ? stride(from: 0, to: steps, by: 5).map { i in
            guard case .array(let s) = states[i] else { return .null }
            return .object(["state": .array(s), "label": .array([.number(0.01)])])
        } : []
        return .object(["seed_index": .integer(seed), "states": .array(states), "relabels": .array(relabelled), "grids": .object(grids)])
    }
}

import UnderstudyDeterminism
import UnderstudyEnvironments
import Foundation

/// Small run directories with fixed, closed-form data (no simulator, no randomness), so the
/// report's figures depend only on the report code.
struct SyntheticRun {
    struct Method {
        var name: String
        var algorithm: String
        var iterations: Int
    }

    var environment: String
    var methods: [Method]
    var seeds = 3
    var steps = 240
    var title = "Synthetic run"

    static let drivingLoop = SyntheticRun(environment: "driving-loop", methods: [
        Method(name: "BC", algorithm: "bc", iterations: 1),
        Method(name: "DAgger", algorithm: "dagger", iterations: 6),
        Method(name: "GAIL", algorithm: "gail", iterations: 5),
    ])

    static func classic(_ id: String) -> SyntheticRun {
        SyntheticRun(environment: id, methods: [
            Method(name: "BC", algorithm: "bc", iterations: 1),
            Method(name: "DAgger", algorithm: "dagger", iterations: 6),
        ], steps: 200)
    }

    static var temporaryPrefix: String { "understudy-reports-tests-\(getpid())-" }

    /// A fresh temporary directory (removed by `removeTemporaryDirectories`).
    static func temporaryDirectory(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(temporaryPrefix + name).path
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes every directory `temporaryDirectory` made in this process.
    static func removeTemporaryDirectories() {
        let base = FileManager.default.temporaryDirectory.path
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where entry.hasPrefix(temporaryPrefix) {
            try? FileManager.default.removeItem(atPath: base + "/" + entry)
        }
    }

    /// Writes spec.toml, results.json and trajectories.json into `directory`; `perturb` may
    /// change the states of (method, seed) before they are written.
    func write(to directory: String, perturb: (String, Int, inout [[Double]]) -> Void = { _, _, _ in }) throws {
        try AtomicFile.write(specText, to: directory + "/spec.toml")
        try AtomicFile.write(CanonicalJSON.string(resultsJSON(), pretty: true), to: directory + "/results.json")
        try AtomicFile.write(CanonicalJSON.string(trajectoriesJSON(perturb: perturb)), to: directory + "/trajectories.json")
    }

    var specText: String {
        var text = """
        name = "synthetic"
        title = "\(title)"
        seed = 7
        seeds = \(seeds)

        [env]
        id = "\(environment)"

        """
        for m in methods {
            let escaped = m.name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            text += "\n[[method]]\nname = \"\(escaped)\"\nalgorithm = \"\(m.algorithm)\"\n"
            if m.algorithm != "bc" { text += "iterations = \(m.iterations)\n" }
        }
        return text
    }

    var isDrivingLoop: Bool { environment == "driving-loop" }
    var metricNames: [String] { isDrivingLoop ? ["laps_completed", "on_road_fraction", "return"] : ["return"] }

    /// A method's metric after iteration i (1-based) on seed k: rising towards the expert.
    func value(_ metric: String, method m: Int, iteration i: Int, seed k: Int) -> Double {
        let progress = Double(i) / Double(max(1, methods[m].iterations)) * (methods[m].algorithm == "bc" ? 0.2 : 1)
        let wobble = 0.04 * Double(k - 1) + 0.02 * Double((i * 7 + m * 3) % 5 - 2)
        switch metric {
        case "on_road_fraction": return min(1, max(0, 0.15 + 0.8 * progress + wobble))
        case "laps_completed": return 2 * progress + wobble * 3
        default: return isDrivingLoop ? 240 * progress + 50 * wobble : -1200 + 1000 * progress + 300 * wobble
        }
    }

    func expertValue(_ metric: String) -> Double {
        switch metric {
        case "on_road_fraction": return 1
        case "laps_completed": return 2
        default: return isDrivingLoop ? 240 : -150
        }
    }

    func summary(_ values: [Double]) -> JSONValue {
        let mean = values.reduce(0, +) / Double(values.count)
        let spread = (values.max()! - values.min()!) / 2
        return .object(["per_seed": .array(values.map(JSONValue.number)), "mean": .number(mean), "iqm": .number(mean),
                        "ci95": .array([.number(mean - spread), .number(mean + spread)])])
    }

    func resultsJSON() -> JSONValue {
        var methodsJSON: [String: JSONValue] = [:]
        for (m, method) in methods.enumerated() {
            var metrics: [String: JSONValue] = [:], curves: [String: JSONValue] = [:]
            let iterations = Array(1...method.iterations)
            let labels: [Double] = iterations.map { i in method.algorithm == "gail" ? 0 : Double(steps / 2 * i) }
            for metric in metricNames {
                metrics[metric] = summary((0..<seeds).map { value(metric, method: m, iteration: method.iterations, seed: $0) })
                let perSeed = (0..<seeds).map { k in iterations.map { value(metric, method: m, iteration: $0, seed: k) } }
                var means: [JSONValue] = [], cis: [JSONValue] = []
                for (j, _) in iterations.enumerated() {
                    let column = perSeed.map { $0[j] }
                    let mean = column.reduce(0, +) / Double(seeds)
                    let spread = (column.max()! - column.min()!) / 2
                    means.append(.number(mean))
                    cis.append(.array([.number(mean - spread), .number(mean + spread)]))
                }
                curves[metric] = .object([
                    "iteration": .array(iterations.map(JSONValue.integer)),
                    "expert_labels": .array(labels.map(JSONValue.number)),
                    "per_seed": .array(perSeed.map { .array($0.map(JSONValue.number)) }),
                    "mean": .array(means), "ci95": .array(cis),
                ])
            }
            methodsJSON[method.name] = .object(["algorithm": .string(method.algorithm), "metrics": .object(metrics), "curves": .object(curves)])
        }
        var expert: [String: JSONValue] = [:]
        for metric in metricNames { expert[metric] = summary(Array(repeating: expertValue(metric), count: seeds)) }
        return .object([
            "format": .string("understudy-results/1"), "experiment": .string("synthetic"), "title": .string(title),
            "environment": .string(environment), "seed": .integer(7), "seeds": .integer(seeds),
            "methods": .object(methodsJSON), "expert": .object(["metrics": .object(expert)]),
        ])
    }

    // MARK: - Trajectories

    static let track = StadiumTrack(straightLength: 10, radius: 10, halfWidth: 1)

    /// Driving loop: a car `offset(i)` from the centre line (positive outside) at step i.
    func loopStates(offset: (Int) -> Double) -> [[Double]] {
        (0..<steps).map { i in
            let p = Self.track.point(atProgress: 0.2 * Double(i))
            let o = offset(i)
            return [p.x + o * PortableMath.sin(p.heading), p.y - o * PortableMath.cos(p.heading), p.heading]
        }
    }

    /// Classic control: a slowly growing oscillation in the plane the phase portrait draws.
    func classicStates(amplitude: Double, phase: Double) -> [[Double]] {
        (0..<steps).map { i in
            let t = 0.06 * Double(i) + phase
            let r = amplitude * (0.4 + 0.6 * Double(i) / Double(steps))
            let a = r * PortableMath.cos(t), b = -r * PortableMath.sin(t)
            switch environment {
            case "CartPole-v1": return [0.1 * a, 0.1 * b, 0.05 * a, 0.2 * b]
            case "MountainCarContinuous-v0": return [-0.5 + 0.6 * a / 4, 0.05 * b / 4]
            case "Acrobot-v1": return [2 * a + 0.3 * Double(i) / 10, 1.5 * b, 0, 0]
            default: return [2.5 * a + Double.pi * Double(i) / Double(steps), 4 * b]
            }
        }
    }

    func states(method m: Int?, seed k: Int) -> [[Double]] {
        let kind = m.map { methods[$0].algorithm } ?? "expert"
        if !isDrivingLoop {
            return classicStates(amplitude: kind == "expert" ? 1 : (kind == "bc" ? 1.6 : 1.15), phase: 0.1 * Double(k))
        }
        switch kind {
        case "bc": return loopStates { i in -0.025 * Double(i) * (1 + 0.15 * Double(k)) }
        case "dagger": return loopStates { i in 0.4 * PortableMath.sin(Double(i) / 15 + Double(k)) }
        case "gail": return loopStates { i in 0.7 * PortableMath.sin(Double(i) / 25 + 0.5 * Double(k)) + 0.2 }
        default: return loopStates { _ in 0.01 }
        }
    }

    func trajectoriesJSON(perturb: (String, Int, inout [[Double]]) -> Void) -> JSONValue {
        func episode(_ m: Int?, _ k: Int) -> JSONValue {
            var s = states(method: m, seed: k)
            perturb(m.map { methods[$0].name } ?? "Expert", k, &s)
            var relabels: [JSONValue] = []
            if let m, methods[m].algorithm == "dagger", isDrivingLoop {
                // The first student (BC-like) drifting inwards, and the expert steering back out.
                let student = loopStates { i in -0.03 * Double(i) }
                for i in stride(from: 0, to: min(steps, 120), by: 3) {
                    let offset = Self.track.signedOffset(x: student[i][0], y: student[i][1])
                    relabels.append(.object(["state": .array(student[i].map(JSONValue.number)),
                                             "label": .array([.number(min(0.3, max(-0.3, 0.08 * offset + 0.05)))])]))
                }
            }
            var grids: [String: JSONValue] = [:]
            if let m, methods[m].algorithm == "gail", isDrivingLoop {
                let columns = 48, rows = 30
                var values: [JSONValue] = []
                for r in 0..<rows {
                    let y = -13 + (Double(r) + 0.5) * 26 / Double(rows)
                    for c in 0..<columns {
                        let x = -18 + (Double(c) + 0.5) * 36 / Double(columns)
                        let o = Self.track.signedOffset(x: x, y: y)
                        values.append(.number(PortableMath.exp(-0.5 * o * o) * (0.6 + 0.4 * PortableMath.sigmoid(x / 4))))
                    }
                }
                grids["discriminator"] = .object(["x": .array([.number(-18), .number(18)]), "y": .array([.number(-13), .number(13)]),
                                                  "columns": .integer(columns), "rows": .integer(rows), "values": .array(values)])
            }
            return .object(["seed_index": .integer(k), "states": .array(s.map { .array($0.map(JSONValue.number)) }),
                            "relabels": .array(relabels), "grids": .object(grids)])
        }
        var methodsJSON: [String: JSONValue] = [:]
        for (m, method) in methods.enumerated() { methodsJSON[method.name] = .array((0..<seeds).map { episode(m, $0) }) }
        return .object(["format": .string("understudy-trajectories/1"), "environment": .string(environment),
                        "methods": .object(methodsJSON), "expert": .array((0..<seeds).map { episode(nil, $0) })])
    }
}

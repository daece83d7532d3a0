import UnderstudyDeterminism
import UnderstudyExperiments
import Foundation

/// A finished run as its directory holds it: the spec as run, `results.json` and
/// `trajectories.json`, read back into plain values for the figures. Methods keep the spec's
/// order (JSON objects are sorted, so the spec is the only record of it).
struct StoredRun: Sendable {
    var directory: String
    var spec: ExperimentSpec
    var specText: String
    var results: StoredResults
    var trajectories: StoredTrajectories

    /// Reads every file a report draws from; each problem is one line naming the file.
    static func load(_ directory: String) throws -> StoredRun {
        let specPath = directory + "/spec.toml"
        guard FileManager.default.fileExists(atPath: specPath) else {
            throw ReportError.missing(path: specPath, what: "no such file (expected a run directory written by `understudy run`)")
        }
        let loaded: Experiment.Loaded
        do { loaded = try Experiment.load(specPath) } catch {
            throw ReportError.corrupt(path: specPath, what: "not a valid spec: \(error)")
        }
        let specText = (try? AtomicFile.readText(specPath)) ?? loaded.canonicalText
        let resultsPath = directory + "/results.json"
        let results = try StoredResults(json: readJSON(resultsPath), path: resultsPath, spec: loaded.spec)
        let trajectoriesPath = directory + "/trajectories.json"
        let trajectories = try StoredTrajectories(json: readJSON(trajectoriesPath), path: trajectoriesPath, spec: loaded.spec)
        return StoredRun(directory: directory, spec: loaded.spec, specText: specText, results: results, trajectories: trajectories)
    }

    static func readJSON(_ path: String) throws -> JSONValue {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ReportError.missing(path: path, what: "no such file (expected the output of `understudy run`)")
        }
        let text: String
        do { text = try AtomicFile.readText(path) } catch {
            throw ReportError.missing(path: path, what: "cannot read (\(error))")
        }
        do { return try JSONParser.parse(text) } catch {
            throw ReportError.corrupt(path: path, what: "\(error)")
        }
    }

    /// The method names in spec order.
    var methodNames: [String] { spec.methods.map(\.name) }
}

// MARK: - results.json

/// One metric over seeds: `{"per_seed", "mean", "iqm", "ci95": [lo, hi]}`.
struct MetricSummary: Sendable, Hashable {
    var perSeed: [Double]
    var mean: Double
    var iqm: Double
    var low: Double
    var high: Double
}

/// One metric per iteration of the loop, over seeds.
struct Curve: Sendable, Hashable {
    var iteration: [Double]
    /// Mean expert labels used up to each iteration (DAgger's cost axis).
    var expertLabels: [Double]
    var perSeed: [[Double]]
    var mean: [Double]
    var low: [Double]
    var high: [Double]
}

struct MethodResults: Sendable {
    var name: String
    var algorithm: String
    /// Sorted by metric name.
    var metrics: [(name: String, summary: MetricSummary)]
    var curves: [String: Curve]

    func metric(_ name: String) -> MetricSummary? { metrics.first(where: { $0.name == name })?.summary }
}

struct StoredResults: Sendable {
    var title: String
    var experiment: String
    var environment: String
    var methods: [MethodResults]
    var expert: [(name: String, summary: MetricSummary)]

    func method(_ name: String) -> MethodResults? { methods.first(where: { $0.name == name }) }
    func expertMetric(_ name: String) -> MetricSummary? { expert.first(where: { $0.name == name })?.summary }

    init(json: JSONValue, path: String, spec: ExperimentSpec) throws {
        let r = JSONReader(path: path)
        let root = try r.object(json, "the top level")
        title = try r.string(root["title"], "title")
        experiment = try r.string(root["experiment"], "experiment")
        environment = try r.string(root["environment"], "environment")
        let methodsJSON = try r.object(root["methods"], "methods")
        methods = []
        for method in spec.methods {
            guard let m = methodsJSON[method.name] else {
                throw ReportError.corrupt(path: path, what: "methods: no results for \"\(method.name)\" (expected every method of spec.toml)")
            }
            let o = try r.object(m, "methods.\(method.name)")
            let algorithm = (try? r.string(o["algorithm"], "algorithm")) ?? method.algorithm.rawValue
            let metrics = try r.metrics(o["metrics"], "methods.\(method.name).metrics")
            var curves: [String: Curve] = [:]
            if let c = o["curves"] {
                for (name, value) in try r.object(c, "methods.\(method.name).curves").sorted(by: { $0.key < $1.key }) {
                    curves[name] = try r.curve(value, "methods.\(method.name).curves.\(name)")
                }
            }
            methods.append(MethodResults(name: method.name, algorithm: algorithm, metrics: metrics, curves: curves))
        }
        if let e = root["expert"] {
            expert = try r.metrics(try r.object(e, "expert")["metrics"], "expert.metrics")
        } else {
            expert = []
        }
    }
}

// MARK: - trajectories.json

/// DAgger's relabelled state: where the student was and what the expert said to do there.
struct Relabel: Sendable, Hashable {
    var state: [Double]
    var label: [Double]
}

/// Values on a regular grid over [xMin, xMax] × [yMin, yMax], row-major from yMin.
struct StoredGrid: Sendable, Hashable {
    var x: ClosedRange<Double>
    var y: ClosedRange<Double>
    var columns: Int
    var rows: Int
    var values: [Double]
}

/// One seed's first evaluation episode and what the method recorded on the way.
struct Episode: Sendable {
    var seedIndex: Int
    var states: [[Double]]
    var relabels: [Relabel]
    var grids: [String: StoredGrid]
}

struct StoredTrajectories: Sendable {
    /// Per method, in spec order; episodes sorted by seed index.
    var methods: [(name: String, episodes: [Episode])]
    var expert: [Episode]

    func episodes(_ method: String) -> [Episode] { methods.first(where: { $0.name == method })?.episodes ?? [] }

    init(json: JSONValue, path: String, spec: ExperimentSpec) throws {
        let r = JSONReader(path: path)
        let root = try r.object(json, "the top level")
        let methodsJSON = try r.object(root["methods"], "methods")
        methods = []
        for method in spec.methods {
            let episodes = try methodsJSON[method.name].map { try r.episodes($0, "methods.\(method.name)") } ?? []
            methods.append((method.name, episodes))
        }
        expert = try root["expert"].map { try r.episodes($0, "expert") } ?? []
    }
}

// MARK: - Implementation details

/// Typed access to parsed JSON whose failures name the file and the key.
struct JSONReader {
    let path: String

    func fail(_ key: String, _ expected: String) -> ReportError {
        .corrupt(path: path, what: "\(key): expected \(expected)")
    }

    func object(_ v: JSONValue?, _ key: String) throws -> [String: JSONValue] {
        guard case .object(let o)? = v else { throw fail(key, "an object") }
        return o
    }

    func array(_ v: JSONValue?, _ key: String) throws -> [JSONValue] {
        guard case .array(let a)? = v else { throw fail(key, "an array") }
        return a
    }

    func string(_ v: JSONValue?, _ key: String) throws -> String {
        guard case .string(let s)? = v else { throw fail(key, "a string") }
        return s
    }

    func number(_ v: JSONValue?, _ key: String) throws -> Double {
        switch v {
        case .number(let x)?: return x
        case .integer(let i)?: return Double(i)
        case .null?: return .nan
        default: throw fail(key, "a number")
        }
    }

    func int(_ v: JSONValue?, _ key: String) throws -> Int {
        guard case .integer(let i)? = v else { throw fail(key, "an integer") }
        return i
    }

    func vector(_ v: JSONValue?, _ key: String) throws -> [Double] {
        try array(v, key).map { try number($0, key) }
    }

    func pair(_ v: JSONValue?, _ key: String) throws -> (Double, Double) {
        let a = try vector(v, key)
        guard a.count == 2 else { throw fail(key, "[low, high]") }
        return (a[0], a[1])
    }

    func summary(_ v: JSONValue?, _ key: String) throws -> MetricSummary {
        let o = try object(v, key)
        let (lo, hi) = try pair(o["ci95"], key + ".ci95")
        return MetricSummary(perSeed: try vector(o["per_seed"], key + ".per_seed"), mean: try number(o["mean"], key + ".mean"),
                             iqm: try number(o["iqm"], key + ".iqm"), low: lo, high: hi)
    }

    func metrics(_ v: JSONValue?, _ key: String) throws -> [(name: String, summary: MetricSummary)] {
        try object(v, key).sorted(by: { $0.key < $1.key }).map { ($0.key, try summary($0.value, key + "." + $0.key)) }
    }

    func curve(_ v: JSONValue?, _ key: String) throws -> Curve {
        let o = try object(v, key)
        let iteration = try vector(o["iteration"], key + ".iteration")
        let mean = try vector(o["mean"], key + ".mean")
        let cis = try array(o["ci95"], key + ".ci95").map { try pair($0, key + ".ci95") }
        let labels = try o["expert_labels"].map { try vector($0, key + ".expert_labels") } ?? []
        let perSeed = try o["per_seed"].map { try array($0, key + ".per_seed").map { try vector($0, key + ".per_seed") } } ?? []
        guard mean.count == iteration.count, cis.count == iteration.count, labels.isEmpty || labels.count == iteration.count else {
            throw fail(key, "iteration, mean, ci95 and expert_labels of equal length")
        }
        return Curve(iteration: iteration, expertLabels: labels, perSeed: perSeed, mean: mean,
                     low: cis.map(\.0), high: cis.map(\.1))
    }

    func episodes(_ v: JSONValue, _ key: String) throws -> [Episode] {
        try array(v, key).enumerated().map { k, item in
            let o = try object(item, "\(key)[\(k)]")
            let states = try array(o["states"], "\(key)[\(k)].states").map { try vector($0, "\(key)[\(k)].states") }
            let relabels = try (o["relabels"].map { try array($0, "\(key)[\(k)].relabels") } ?? []).map { rl in
                let ro = try object(rl, "\(key)[\(k)].relabels")
                return Relabel(state: try vector(ro["state"], "\(key)[\(k)].relabels.state"),
                               label: try vector(ro["label"], "\(key)[\(k)].relabels.label"))
            }
            var grids: [String: StoredGrid] = [:]
            if let g = o["grids"] {
                for (name, value) in try object(g, "\(key)[\(k)].grids") {
                    let gk = "\(key)[\(k)].grids.\(name)"
                    let go = try object(value, gk)
                    let (x0, x1) = try pair(go["x"], gk + ".x"), (y0, y1) = try pair(go["y"], gk + ".y")
                    let columns = try int(go["columns"], gk + ".columns"), rows = try int(go["rows"], gk + ".rows")
                    let values = try vector(go["values"], gk + ".values")
                    guard columns > 0, rows > 0, values.count == columns * rows, x0 < x1, y0 < y1 else {
                        throw fail(gk, "rows × columns values over a non-empty extent")
                    }
                    grids[name] = StoredGrid(x: x0...x1, y: y0...y1, columns: columns, rows: rows, values: values)
                }
            }
            let seed = (try? int(o["seed_index"], "seed_index")) ?? k
            return Episode(seedIndex: seed, states: states, relabels: relabels, grids: grids)
        }.sorted(by: { $0.seedIndex < $1.seedIndex })
    }
}

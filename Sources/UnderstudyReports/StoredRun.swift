import UnderstudyDeterminism
import UnderstudyExperiments
import UnderstudyImitation
import Foundation

/// A finished run as its directory holds it: the spec as run, `results.json` and
/// `trajectories.json`, read back into plain values for the figures. Methods keep the spec's
/// order (JSON objects are sorted, so the spec is the only record of it).
struct StoredRun: Sendable {
    var directory: String
    var spec: ExperimentSpec
    var specText: String
    var results: StoredResults
    /// `results.methods` in spec order.
    var methods: [StoredResults.Method]
    var trajectories: StoredTrajectories

    /// Reads every file a report draws from; each problem is one line naming the file.
    static func load(_ directory: String) throws -> StoredRun {
        let specPath = directory + "/spec.toml"
        guard FileManager.default.fileExists(atPath: specPath) else {
            throw ReportError.missing(path: specPath, what: "no such file (expected a run directory written by `understudy run`)")
        }
        let loaded: Study
        do { loaded = try Study.load(specPath) } catch {
            throw ReportError.corrupt(path: specPath, what: "not a valid spec: \(error)")
        }
        let specText = (try? AtomicFile.readText(specPath)) ?? loaded.canonicalText
        let resultsPath = directory + "/results.json"
        let results = try readResults(resultsPath)
        guard !results.isSweep else {
            throw ReportError.corrupt(path: resultsPath, what: "a sweep's results (expected a run without [sweep])")
        }
        // A spec.toml copied in from another experiment would draw these results as its own.
        guard results.experiment == loaded.spec.name, results.environment == loaded.spec.environment.id else {
            throw ReportError.corrupt(path: specPath, what: "experiment \"\(loaded.spec.name)\" on \(loaded.spec.environment.id), but results.json "
                                      + "holds \"\(results.experiment)\" on \(results.environment) (expected the spec the results were run from)")
        }
        let methods = try loaded.spec.methods.map { method in
            guard let m = results.methods[method.name] else {
                throw ReportError.corrupt(path: resultsPath, what: "methods: no results for \"\(method.name)\" (expected every method of spec.toml)")
            }
            return m
        }
        let trajectoriesPath = directory + "/trajectories.json"
        let trajectories: StoredTrajectories
        do { trajectories = try StoredTrajectories(json: readJSON(trajectoriesPath), source: trajectoriesPath, spec: loaded.spec) } catch let e as ExperimentError {
            throw ReportError.corrupt(path: trajectoriesPath, decoding: e)
        }
        return StoredRun(directory: directory, spec: loaded.spec, specText: specText, results: results, methods: methods,
                         trajectories: trajectories)
    }

    /// `results.json` at `path`, decoded by its one codec (`StoredResults`).
    static func readResults(_ path: String) throws -> StoredResults {
        let json = try readJSON(path)
        do { return try StoredResults(json: json, source: path) } catch let e as ExperimentError {
            throw ReportError.corrupt(path: path, decoding: e)
        }
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

// MARK: - trajectories.json


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
    /// Reward transfer, per change in spec order: each student's (spec order, then the
    /// re-optimised student) and the expert's paths in the changed car.
    var transfer: [(change: String, methods: [(name: String, episodes: [Episode])], expert: [Episode])] = []

    func episodes(_ method: String) -> [Episode] { methods.first(where: { $0.name == method })?.episodes ?? [] }

    /// Decodes parsed `trajectories.json`; `source` names the file in errors (`ExperimentError`).
    init(json: JSONValue, source: String, spec: ExperimentSpec) throws {
        let r = JSONReader(source: source)
        let root = try r.object(json, "")
        let methodsJSON = try r.object(root["methods"], "methods")
        methods = []
        for method in spec.methods {
            let episodes = try methodsJSON[method.name].map { try Self.episodes($0, "methods.\(method.name)", r) } ?? []
            methods.append((method.name, episodes))
        }
        expert = try root["expert"].map { try Self.episodes($0, "expert", r) } ?? []
        if let t = root["transfer"] {
            let changes = try r.object(t, "transfer")
            for change in spec.transfer.changes {
                let key = "transfer.\(change.name)"
                guard let c = changes[change.name] else { continue }
                let o = try r.object(c, key), m = try r.object(o["methods"], key + ".methods")
                var students: [(name: String, episodes: [Episode])] = []
                for name in spec.transfer.studentNames(spec.methods) {
                    if let value = m[name] { students.append((name, try Self.episodes(value, "\(key).methods.\(name)", r))) }
                }
                transfer.append((change.name, students, try o["expert"].map { try Self.episodes($0, key + ".expert", r) } ?? []))
            }
        }
    }
}

// MARK: - Implementation details

extension StoredTrajectories {
    static func episodes(_ v: JSONValue, _ key: String, _ r: JSONReader) throws -> [Episode] {
        try r.array(v, key).enumerated().map { k, item in
            let o = try r.object(item, "\(key)[\(k)]")
            let states = try r.array(o["states"], "\(key)[\(k)].states").map { try r.vector($0, "\(key)[\(k)].states") }
            let relabels = try (o["relabels"].map { try r.array($0, "\(key)[\(k)].relabels") } ?? []).map { rl in
                let ro = try r.object(rl, "\(key)[\(k)].relabels")
                return Relabel(state: try r.vector(ro["state"], "\(key)[\(k)].relabels.state"),
                               label: try r.vector(ro["label"], "\(key)[\(k)].relabels.label"))
            }
            var grids: [String: StoredGrid] = [:]
            if let g = o["grids"] {
                for (name, value) in try r.object(g, "\(key)[\(k)].grids") {
                    let gk = "\(key)[\(k)].grids.\(name)"
                    let go = try r.object(value, gk)
                    let (x0, x1) = try r.pair(go["x"], gk + ".x"), (y0, y1) = try r.pair(go["y"], gk + ".y")
                    let columns = try r.int(go["columns"], gk + ".columns"), rows = try r.int(go["rows"], gk + ".rows")
                    let values = try r.vector(go["values"], gk + ".values")
                    guard columns > 0, rows > 0, values.count == columns * rows, x0 < x1, y0 < y1 else {
                        throw r.fail(gk, "rows × columns values over a non-empty extent")
                    }
                    grids[name] = StoredGrid(x: x0...x1, y: y0...y1, columns: columns, rows: rows, values: values)
                }
            }
            let seed = (try? r.int(o["seed_index"], "seed_index")) ?? k
            return Episode(seedIndex: seed, states: states, relabels: relabels, grids: grids)
        }.sorted(by: { $0.seedIndex < $1.seedIndex })
    }
}

extension ReportError {
    /// A run file its codec could not decode; the codec's message starts with the file's path,
    /// which `corrupt` renders itself.
    static func corrupt(path: String, decoding error: ExperimentError) -> ReportError {
        let message = "\(error)", prefix = path + ": "
        return .corrupt(path: path, what: message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message)
    }
}

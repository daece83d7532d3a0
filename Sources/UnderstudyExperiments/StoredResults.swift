import UnderstudyDeterminism

// MARK: - Public API

/// `results.json` read back into typed values: the decoding half of the file's codec, whose
/// encoding half is `RunResults.json()` (in Results.swift, which documents the schema). Every
/// reader of the file — a report, a sweep report, a comparison — decodes it here, so the
/// schema is parsed in one place.
///
/// JSON objects have no order, so methods and metrics are keyed by name; the spec is the only
/// record of the methods' order.
public struct StoredResults: Sendable {
    public var experiment: String
    public var title: String
    public var environment: String
    /// Without a sweep: each method's final metrics and curves. With a sweep: each method's
    /// `sweep` (its metrics against the cells), and the cells' own results in `cells`.
    public var methods: [String: Method]
    /// The expert's final metrics (empty with a sweep: see `cells`).
    public var expert: [String: Summary]
    /// Every cell of a sweep in grid order; empty without a sweep.
    public var cells: [Cell]

    /// True when the file holds a sweep's results (`cells` and each method's `sweep`).
    public var isSweep: Bool
    /// Reward transfer: each changed car's students and expert, by change name (empty without `[[transfer]]`).
    public var transfer: [String: Transfer] = [:]

    /// The students and the expert in one changed car of `[[transfer]]`.
    public struct Transfer: Sendable {
        /// The keys the change sets, with their values.
        public var settings: [String: Double]
        /// Each student's final metrics (and the re-optimised student's curves), by name.
        public var methods: [String: Method]
        /// The expert's metrics in the changed car.
        public var expert: [String: Summary]
    }

    /// One method's results in one cell (or in the whole run without a sweep).
    public struct Method: Sendable {
        public var name: String
        /// `bc`, `dagger`, `gail`; nil when the file does not say.
        public var algorithm: String?
        /// Final metrics, over seeds.
        public var metrics: [String: Summary]
        /// Per-iteration curves, by metric.
        public var curves: [String: Curve]
        /// With a sweep: each final metric against the cells, by metric.
        public var sweep: [String: SweepSeries]
    }

    /// One metric per iteration of the loop, over seeds.
    public struct Curve: Sendable, Hashable {
        public var iteration: [Double]
        /// Mean expert labels used up to each iteration (DAgger's cost axis); may be empty.
        public var expertLabels: [Double]
        /// perSeed[k][i]: seed k at iteration i; may be empty.
        public var perSeed: [[Double]]
        public var mean: [Double]
        /// The 95 % bootstrap CI at each iteration.
        public var low: [Double]
        public var high: [Double]
    }

    /// One final metric of a method in every cell of a sweep (index i: `cell[i]`).
    public struct SweepSeries: Sendable, Hashable {
        public var cell: [String]
        public var perSeed: [[Double]]
        public var mean: [Double]
        public var low: [Double]
        public var high: [Double]
    }

    /// One cell of a sweep: its id, the methods' and the expert's results there.
    public struct Cell: Sendable {
        public var id: String
        public var methods: [String: Method]
        public var expert: [String: Summary]
    }

    /// Decodes parsed `results.json`; `source` names the file in errors (`ExperimentError.invalid`,
    /// naming the key path and what was expected).
    public init(json: JSONValue, source: String) throws {
        let r = JSONReader(source: source)
        let root = try r.object(json, "")
        title = try r.string(root["title"], "title")
        experiment = try r.string(root["experiment"], "experiment")
        environment = try r.string(root["environment"], "environment")
        isSweep = root["cells"] != nil
        methods = try Self.methods(root["methods"], "methods", sweep: isSweep, r)
        expert = try root["expert"].map { try Self.metrics(try r.object($0, "expert")["metrics"], "expert.metrics", r) } ?? [:]
        cells = try root["cells"].map { cells in
            try r.array(cells, "cells").enumerated().map { i, cell in
                let key = "cells[\(i)]"
                let o = try r.object(cell, key)
                return Cell(id: try r.string(o["id"], key + ".id"),
                            methods: try Self.methods(o["methods"], key + ".methods", sweep: false, r),
                            expert: try Self.metrics(try r.object(o["expert"], key + ".expert")["metrics"], key + ".expert.metrics", r))
            }
        } ?? []
        let transferJSON: [String: JSONValue] = try root["transfer"].map { try r.object($0, "transfer") } ?? [:]
        for (change, value) in transferJSON {
            let key = "transfer.\(change)", o = try r.object(value, key)
            transfer[change] = Transfer(settings: try r.numbers(o["settings"], key + ".settings"),
                                        methods: try Self.methods(o["methods"], key + ".methods", sweep: false, r),
                                        expert: try o["expert"].map { try Self.metrics(try r.object($0, key + ".expert")["metrics"], key + ".expert.metrics", r) } ?? [:])
        }
    }

    // MARK: - Implementation details

    private static func methods(_ v: JSONValue?, _ key: String, sweep: Bool, _ r: JSONReader) throws -> [String: Method] {
        var out: [String: Method] = [:]
        for (name, value) in try r.object(v, key) {
            let mk = "\(key).\(name)"
            let o = try r.object(value, mk)
            var method = Method(name: name, algorithm: try o["algorithm"].map { try r.string($0, mk + ".algorithm") },
                                metrics: [:], curves: [:], sweep: [:])
            if sweep {
                for (metric, s) in try r.object(o["sweep"], mk + ".sweep") {
                    method.sweep[metric] = try sweepSeries(s, "\(mk).sweep.\(metric)", r)
                }
            } else {
                method.metrics = try metrics(o["metrics"], mk + ".metrics", r)
                let curves = try o["curves"].map { try r.object($0, mk + ".curves") } ?? [:]
                for (metric, c) in curves {
                    method.curves[metric] = try curve(c, "\(mk).curves.\(metric)", r)
                }
            }
            out[name] = method
        }
        return out
    }

    /// `{"per_seed", "mean", "iqm", "ci95": [lo, hi]}` per metric.
    private static func metrics(_ v: JSONValue?, _ key: String, _ r: JSONReader) throws -> [String: Summary] {
        var out: [String: Summary] = [:]
        for (metric, value) in try r.object(v, key) {
            let k = "\(key).\(metric)", o = try r.object(value, k)
            out[metric] = Summary(perSeed: try r.vector(o["per_seed"], k + ".per_seed"), mean: try r.number(o["mean"], k + ".mean"),
                                  iqm: try r.number(o["iqm"], k + ".iqm"), ci95: try r.pair(o["ci95"], k + ".ci95"))
        }
        return out
    }

    private static func curve(_ v: JSONValue, _ key: String, _ r: JSONReader) throws -> Curve {
        let o = try r.object(v, key)
        let iteration = try r.vector(o["iteration"], key + ".iteration")
        let mean = try r.vector(o["mean"], key + ".mean")
        let cis = try intervals(o["ci95"], key + ".ci95", r)
        let labels = try o["expert_labels"].map { try r.vector($0, key + ".expert_labels") } ?? []
        let perSeed = try o["per_seed"].map { try r.array($0, key + ".per_seed").enumerated().map { try r.vector($1, "\(key).per_seed[\($0)]") } } ?? []
        guard mean.count == iteration.count, cis.count == iteration.count, labels.isEmpty || labels.count == iteration.count else {
            throw r.fail(key, "iteration, mean, ci95 and expert_labels of equal length")
        }
        return Curve(iteration: iteration, expertLabels: labels, perSeed: perSeed, mean: mean, low: cis.map(\.low), high: cis.map(\.high))
    }

    private static func sweepSeries(_ v: JSONValue, _ key: String, _ r: JSONReader) throws -> SweepSeries {
        let o = try r.object(v, key)
        let cell = try r.array(o["cell"], key + ".cell").enumerated().map { try r.string($1, "\(key).cell[\($0)]") }
        let mean = try r.vector(o["mean"], key + ".mean")
        let cis = try intervals(o["ci95"], key + ".ci95", r)
        let perSeed = try r.array(o["per_seed"], key + ".per_seed").enumerated().map { try r.vector($1, "\(key).per_seed[\($0)]") }
        guard cell.count == mean.count, cis.count == mean.count, perSeed.count == mean.count else {
            throw r.fail(key, "cell, per_seed, mean and ci95 with one entry per cell")
        }
        return SweepSeries(cell: cell, perSeed: perSeed, mean: mean, low: cis.map(\.low), high: cis.map(\.high))
    }

    private static func intervals(_ v: JSONValue?, _ key: String, _ r: JSONReader) throws -> [(low: Double, high: Double)] {
        try r.array(v, key).enumerated().map { try r.pair($1, "\(key)[\($0)]") }
    }
}

import Determinism

/// The results of a run, assembled from its units in a fixed order (methods in spec order,
/// seeds ascending, metrics sorted by name).
public struct RunResults: Sendable {
    public var spec: ExperimentSpec
    /// units[m][k]: method m of the spec on seed k.
    public var units: [[UnitResult]]
    /// The expert driving the evaluation episodes, one unit per seed.
    public var expert: [UnitResult]

    public init(spec: ExperimentSpec, units: [[UnitResult]], expert: [UnitResult]) {
        self.spec = spec
        self.units = units
        self.expert = expert
    }

    /// Metric names of a method's final results, sorted.
    func metricNames(_ rows: [UnitResult]) -> [String] {
        Set(rows.flatMap { $0.metrics.keys }).sorted()
    }

    /// The bootstrap stream of one summary: its own name, so nothing else shifts it.
    func bootstrapStream(_ parts: String...) -> RandomStream {
        RandomStream(seed: spec.seed, path: ([spec.name, "bootstrap"] + parts).joined(separator: "/"))
    }

    func summaries(_ rows: [UnitResult], owner: String) -> [String: Summary] {
        var out: [String: Summary] = [:]
        for metric in metricNames(rows) {
            out[metric] = Summary(perSeed: rows.map { $0.metrics[metric] ?? .nan }, stream: bootstrapStream(owner, metric))
        }
        return out
    }

    /// Per-iteration curves: for each metric, per-seed values, mean and CI at each iteration.
    func curves(_ rows: [UnitResult], owner: String) -> JSONValue {
        guard let iterations = rows.first?.iterations.count, iterations > 0 else { return .object([:]) }
        let names = Set(rows.flatMap { $0.iterations.flatMap { $0.metrics.keys } }).sorted()
        var out: [String: JSONValue] = [:]
        let labels = (0..<iterations).map { i in Summary.mean(rows.map { Double($0.iterations[i].expertLabels) }) }
        for metric in names {
            var means: [JSONValue] = [], cis: [JSONValue] = []
            for i in 0..<iterations {
                let values = rows.map { $0.iterations[i].metrics[metric] ?? .nan }
                let s = Summary(perSeed: values, stream: bootstrapStream(owner, "curve", metric, "iteration=\(i + 1)"))
                means.append(.number(s.mean))
                cis.append(.array([.number(s.ci95.low), .number(s.ci95.high)]))
            }
            out[metric] = .object([
                "iteration": .array((1...iterations).map { .integer($0) }),
                "expert_labels": .array(labels.map(JSONValue.number)),
                "per_seed": .array(rows.map { r in .array(r.iterations.map { .number($0.metrics[metric] ?? .nan) }) }),
                "mean": .array(means),
                "ci95": .array(cis),
            ])
        }
        return .object(out)
    }

    /// `results.json` (DESIGN.md schema, extended with the algorithm, the expert's scores and
    /// per-iteration curves).
    public func json() -> JSONValue {
        var methods: [String: JSONValue] = [:]
        for (m, method) in spec.methods.enumerated() {
            let rows = units[m]
            methods[method.name] = .object([
                "algorithm": .string(method.algorithm.rawValue),
                "metrics": .object(summaries(rows, owner: method.name).mapValues(\.json)),
                "curves": curves(rows, owner: method.name),
            ])
        }
        return .object([
            "format": .string("understudy-results/1"),
            "experiment": .string(spec.name),
            "title": .string(spec.title),
            "environment": .string(spec.environment.id),
            "seed": .integer(Int(bitPattern: UInt(spec.seed))),
            "seeds": .integer(spec.seeds),
            "methods": .object(methods),
            "expert": .object(["metrics": .object(summaries(expert, owner: "expert").mapValues(\.json))]),
        ])
    }

    /// `results.csv`: one row per method and seed (the expert last), metrics in sorted columns.
    public func csv() -> CSVTable {
        let all = units.flatMap { $0 } + expert
        let names = metricNames(all)
        var table = CSVTable(columns: ["method", "algorithm", "seed_index"] + names)
        for (m, method) in spec.methods.enumerated() {
            for r in units[m] {
                table.rows.append([.string(method.name), .string(method.algorithm.rawValue), .integer(r.seedIndex)]
                                  + names.map { r.metrics[$0].map(CSVField.number) ?? .empty })
            }
        }
        for r in expert {
            table.rows.append([.string("Expert"), .string("expert"), .integer(r.seedIndex)] + names.map { r.metrics[$0].map(CSVField.number) ?? .empty })
        }
        return table
    }

    /// `trajectories.json`: every seed's first evaluation episode per method and for the
    /// expert, DAgger's relabels and GAIL's discriminator grids — what the figures draw.
    public func trajectoriesJSON() -> JSONValue {
        func rowsJSON(_ rows: [UnitResult]) -> JSONValue {
            .array(rows.map { r in
                .object([
                    "seed_index": .integer(r.seedIndex),
                    "states": .array(r.trajectory.map { .array($0.map(JSONValue.number)) }),
                    "relabels": .array(r.relabels.map { .object(["state": .array($0.state.map(JSONValue.number)), "label": .array($0.label.map(JSONValue.number))]) }),
                    "grids": UnitResult.gridsJSON(r.grids),
                ])
            })
        }
        var methods: [String: JSONValue] = [:]
        for (m, method) in spec.methods.enumerated() { methods[method.name] = rowsJSON(units[m]) }
        return .object([
            "format": .string("understudy-trajectories/1"),
            "environment": .string(spec.environment.id),
            "methods": .object(methods),
            "expert": rowsJSON(expert),
        ])
    }
}

extension UnitResult {
    static func gridsJSON(_ grids: [String: Grid]) -> JSONValue {
        .object(grids.mapValues { g in
            .object(["x": .array([.number(g.xMin), .number(g.xMax)]), "y": .array([.number(g.yMin), .number(g.yMax)]),
                     "columns": .integer(g.columns), "rows": .integer(g.rows), "values": .array(g.values.map(JSONValue.number))])
        })
    }
}

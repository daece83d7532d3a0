import UnderstudyDeterminism

/// The results of a run, assembled from its units in a fixed order (methods in spec order,
/// seeds ascending, metrics sorted by name).
public struct RunResults: Sendable {
    public var study: Study
    public var cells: [CellResults]

    /// The units of one cell of the grid (the only one without a sweep).
    public struct CellResults: Sendable {
        /// units[m][k]: method m of the spec on seed k.
        public var units: [[UnitResult]]
        /// The expert driving the evaluation episodes, one unit per seed.
        public var expert: [UnitResult]
    }

    public init(study: Study, cells: [CellResults]) {
        self.study = study
        self.cells = cells
    }

    public var spec: ExperimentSpec { study.spec }

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

    /// The `methods` and `expert` members for one cell; `prefix` names its bootstrap streams.
    func cellJSON(_ cell: CellResults, prefix: String) -> (methods: JSONValue, expert: JSONValue) {
        var methods: [String: JSONValue] = [:]
        for (m, method) in spec.methods.enumerated() {
            let rows = cell.units[m]
            methods[method.name] = .object([
                "algorithm": .string(method.algorithm.rawValue),
                "metrics": .object(summaries(rows, owner: prefix + method.name).mapValues(\.json)),
                "curves": curves(rows, owner: prefix + method.name),
            ])
        }
        return (.object(methods), .object(["metrics": .object(summaries(cell.expert, owner: prefix + "expert").mapValues(\.json))]))
    }

    /// `results.json` (docs/ARCHITECTURE.md, "Output formats"; with the algorithm, expert scores and
    /// per-iteration curves). With a sweep, `cells` holds that for every cell and each method
    /// gets `sweep`: every final metric against the cells, for the metric-vs-value figures.
    public func json() -> JSONValue {
        var top: [String: JSONValue] = [
            "format": .string("understudy-results/1"),
            "experiment": .string(spec.name),
            "title": .string(spec.title),
            "environment": .string(spec.environment.id),
            "seed": .integer(Int(bitPattern: UInt(spec.seed))),
            "seeds": .integer(spec.seeds),
        ]
        guard study.isSweep else {
            let (methods, expert) = cellJSON(cells[0], prefix: "")
            top["methods"] = methods
            top["expert"] = expert
            if let transfer = transferJSON() { top["transfer"] = transfer }
            return .object(top)
        }
        top["sweep"] = .object(["axes": .array(study.axes.map { .object(["key": .string($0.key), "values": .array($0.values.map(Study.json))]) })])
        top["cells"] = .array(zip(study.cells, cells).map { cell, results in
            let (methods, expert) = cellJSON(results, prefix: cell.id + "/")
            return .object([
                "id": .string(cell.id),
                "values": .object(Dictionary(uniqueKeysWithValues: cell.assignments.map { ($0.key, Study.json($0.value)) })),
                "methods": methods,
                "expert": expert,
            ])
        })
        var methods: [String: JSONValue] = [:]
        for (m, method) in spec.methods.enumerated() {
            let names = Set(cells.flatMap { $0.units[m].flatMap { $0.metrics.keys } }).sorted()
            var sweep: [String: JSONValue] = [:]
            for metric in names {
                var means: [JSONValue] = [], cis: [JSONValue] = [], perSeed: [JSONValue] = []
                for (cell, results) in zip(study.cells, cells) {
                    let values = results.units[m].map { $0.metrics[metric] ?? .nan }
                    let s = Summary(perSeed: values, stream: bootstrapStream(cell.id, method.name, metric))
                    means.append(.number(s.mean))
                    cis.append(.array([.number(s.ci95.low), .number(s.ci95.high)]))
                    perSeed.append(.array(values.map(JSONValue.number)))
                }
                sweep[metric] = .object(["cell": .array(study.cells.map { .string($0.id) }), "per_seed": .array(perSeed),
                                         "mean": .array(means), "ci95": .array(cis)])
            }
            methods[method.name] = .object(["algorithm": .string(method.algorithm.rawValue), "sweep": .object(sweep)])
        }
        top["methods"] = .object(methods)
        return .object(top)
    }

    /// `results.csv`: one row per (cell,) method and seed (the expert last in each cell),
    /// swept keys then metrics in sorted columns.
    public func csv() -> CSVTable {
        let all = cells.flatMap { $0.units.flatMap { $0 } + $0.expert }
        let names = metricNames(all)
        let keys = study.axes.map(\.key)
        var table = CSVTable(columns: keys + ["method", "algorithm", "seed_index"] + names)
        for (cell, results) in zip(study.cells, cells) {
            let swept = cell.assignments.map { CSVField.string("\($0.value)") }
            for (m, method) in spec.methods.enumerated() {
                for r in results.units[m] {
                    table.rows.append(swept + [.string(method.name), .string(method.algorithm.rawValue), .integer(r.seedIndex)]
                                      + names.map { r.metrics[$0].map(CSVField.number) ?? .empty })
                }
            }
            for r in results.expert {
                table.rows.append(swept + [.string("Expert"), .string("expert"), .integer(r.seedIndex)] + names.map { r.metrics[$0].map(CSVField.number) ?? .empty })
            }
        }
        return table
    }

    /// `trajectories.json`: every seed's first evaluation episode per method and for the
    /// expert, DAgger's relabels and GAIL's discriminator grids — what the figures draw. With a
    /// sweep, seed 0 of every cell (the file would otherwise grow with the grid).
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
        func cellJSON(_ results: CellResults, seeds: Int) -> (JSONValue, JSONValue) {
            var methods: [String: JSONValue] = [:]
            for (m, method) in spec.methods.enumerated() { methods[method.name] = rowsJSON(Array(results.units[m].prefix(seeds))) }
            return (.object(methods), rowsJSON(Array(results.expert.prefix(seeds))))
        }
        var top: [String: JSONValue] = ["format": .string("understudy-trajectories/1"), "environment": .string(spec.environment.id)]
        if study.isSweep {
            top["cells"] = .array(zip(study.cells, cells).map { cell, results in
                let (methods, expert) = cellJSON(results, seeds: 1)
                return .object(["id": .string(cell.id), "methods": methods, "expert": expert])
            })
        } else {
            let (methods, expert) = cellJSON(cells[0], seeds: spec.seeds)
            top["methods"] = methods
            top["expert"] = expert
            if let transfer = transferTrajectoriesJSON() { top["transfer"] = transfer }
        }
        return .object(top)
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

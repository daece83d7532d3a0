import UnderstudyDeterminism
import UnderstudyImitation

/// What one work unit (one method on one seed) produced. Stored as canonical JSON as soon as
/// the unit finishes; final results are assembled only from these stored forms.
public struct UnitResult: Sendable, Hashable {
    /// The sweep cell (`labels.bias=0.01`), or "" without a sweep.
    public var cell: String = ""
    public var method: String
    public var seedIndex: Int
    /// One entry per iteration of the loop.
    public var iterations: [IterationPoint]
    /// The final student's metrics (mean over evaluation episodes), incl. `training_error`
    /// and `expert_labels`.
    public var metrics: [String: Double]
    /// States of the final student's first evaluation episode.
    public var trajectory: [[Double]]
    /// Expert relabels of states the student visited (DAgger's corrective arrows).
    public var relabels: [Relabel]
    /// Named grids for figures, e.g. GAIL's discriminator map: name → row-major values.
    public var grids: [String: Grid]
    /// The final student (or the expert) in each changed car of `[[transfer]]`, and the
    /// re-optimised students of `[reoptimise]` (GAIL's unit); empty without `[[transfer]]`.
    public var transfer: [TransferEvaluation] = []

    public struct IterationPoint: Sendable, Hashable {
        public var expertLabels: Int
        public var metrics: [String: Double]
    }

    /// Values on a regular grid over [xMin, xMax] × [yMin, yMax], row-major from yMin.
    public struct Grid: Sendable, Hashable {
        public var xMin, xMax, yMin, yMax: Double
        public var columns, rows: Int
        public var values: [Double]
    }

    public var id: String { UnitResult.id(cell: cell, method: method, seedIndex: seedIndex) }
    public static func id(cell: String = "", method: String, seedIndex: Int) -> String {
        (cell.isEmpty ? "" : cell + "/") + "\(method)/seed=\(seedIndex)"
    }

    public var json: JSONValue {
        var fields = fieldsJSON
        if !cell.isEmpty { fields["cell"] = .string(cell) }
        if !transfer.isEmpty { fields["transfer"] = .array(transfer.map(\.json)) }
        return .object(fields)
    }

    var fieldsJSON: [String: JSONValue] {
        [
            "method": .string(method),
            "seed_index": .integer(seedIndex),
            "iterations": .array(iterations.map { p in
                .object(["expert_labels": .integer(p.expertLabels), "metrics": numbers(p.metrics)])
            }),
            "metrics": numbers(metrics),
            "trajectory": .array(trajectory.map(vector)),
            "relabels": .array(relabels.map { .object(["state": vector($0.state), "label": vector($0.label)]) }),
            "grids": UnitResult.gridsJSON(grids),
        ]
    }

    public init(method: String, seedIndex: Int, iterations: [IterationPoint], metrics: [String: Double],
                trajectory: [[Double]], relabels: [Relabel], grids: [String: Grid] = [:]) {
        self.method = method
        self.seedIndex = seedIndex
        self.iterations = iterations
        self.metrics = metrics
        self.trajectory = trajectory
        self.relabels = relabels
        self.grids = grids
    }

    /// Reads a stored unit back; `source` names it in errors.
    public init(json: JSONValue, source: String) throws {
        let r = JSONReader(source: source)
        let o = try r.object(json, "")
        cell = o["cell"] == nil ? "" : try r.string(o["cell"], "cell")
        method = try r.string(o["method"], "method")
        seedIndex = try r.int(o["seed_index"], "seed_index")
        iterations = try r.array(o["iterations"], "iterations").enumerated().map { i, p in
            let po = try r.object(p, "iterations[\(i)]")
            return IterationPoint(expertLabels: try r.int(po["expert_labels"], "iterations[\(i)].expert_labels"),
                                  metrics: try r.numbers(po["metrics"], "iterations[\(i)].metrics"))
        }
        metrics = try r.numbers(o["metrics"], "metrics")
        trajectory = try r.array(o["trajectory"], "trajectory").enumerated().map { try r.vector($1, "trajectory[\($0)]") }
        relabels = try r.array(o["relabels"], "relabels").enumerated().map { i, v in
            let lo = try r.object(v, "relabels[\(i)]")
            return Relabel(state: try r.vector(lo["state"], "relabels[\(i)].state"), label: try r.vector(lo["label"], "relabels[\(i)].label"))
        }
        var grids: [String: Grid] = [:]
        for (name, g) in try r.object(o["grids"], "grids") {
            let go = try r.object(g, "grids.\(name)")
            let x = try r.vector(go["x"], "grids.\(name).x"), y = try r.vector(go["y"], "grids.\(name).y")
            guard x.count == 2, y.count == 2 else { throw ExperimentError.malformed(source: source, path: "grids.\(name)", found: "bad extent", expected: "[min, max]") }
            grids[name] = Grid(xMin: x[0], xMax: x[1], yMin: y[0], yMax: y[1], columns: try r.int(go["columns"], "columns"),
                               rows: try r.int(go["rows"], "rows"), values: try r.vector(go["values"], "grids.\(name).values"))
        }
        self.grids = grids
        transfer = try o["transfer"].map { try r.array($0, "transfer").enumerated().map { try TransferEvaluation(json: $1, "transfer[\($0)]", r) } } ?? []
    }
}

private func numbers(_ d: [String: Double]) -> JSONValue { .object(d.mapValues(JSONValue.number)) }
private func vector(_ v: [Double]) -> JSONValue { .array(v.map(JSONValue.number)) }

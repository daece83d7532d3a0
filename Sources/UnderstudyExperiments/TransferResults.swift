import UnderstudyDeterminism

/// The `transfer` members of `results.json` and `trajectories.json` (seeds/README.md,
/// "Reward transfer"): per changed car, every student's metrics over seeds with bootstrap CIs
/// (streams `<name>/bootstrap/transfer/<change>/<student>/<metric>`), the re-optimised
/// student's curves, the expert's metrics, and every seed's first evaluation path.
extension RunResults {
    /// Each student's units in `change`, seeds ascending; nil when a seed lacks it.
    func transferRows(_ units: [UnitResult], change: String, student: String) -> [UnitResult]? {
        let rows = units.compactMap { u in
            u.transfer.first(where: { $0.change == change && $0.student == student }).map { $0.asUnit(seedIndex: u.seedIndex) }
        }
        return rows.count == units.count ? rows : nil
    }

    /// Whose units hold each student's evaluations: a method's own, or (re-optimised) GAIL's.
    func transferSources(_ cell: CellResults) -> [(student: String, units: [UnitResult])] {
        var out = spec.methods.enumerated().map { (student: $1.name, units: cell.units[$0]) }
        if let r = spec.transfer.reoptimise, let m = spec.methods.firstIndex(where: { $0.name == r.reward }) {
            out.append((r.name, cell.units[m]))
        }
        return out
    }

    /// `{CHANGE: {"settings": {key: value}, "methods": {NAME: {"metrics", "curves"}}, "expert": {"metrics"}}}`,
    /// or nil without `[[transfer]]`.
    func transferJSON() -> JSONValue? {
        guard !spec.transfer.isEmpty, !study.isSweep, let cell = cells.first else { return nil }
        var out: [String: JSONValue] = [:]
        for change in spec.transfer.changes {
            var methods: [String: JSONValue] = [:]
            for (student, units) in transferSources(cell) {
                guard let rows = transferRows(units, change: change.name, student: student) else { continue }
                let owner = "transfer/\(change.name)/\(student)"
                methods[student] = .object([
                    "metrics": .object(summaries(rows, owner: owner).mapValues(\.json)),
                    "curves": curves(rows, owner: owner),
                ])
            }
            var entry: [String: JSONValue] = [
                "settings": .object(Dictionary(uniqueKeysWithValues: change.settings.map { ($0.key, JSONValue.number($0.value)) })),
                "methods": .object(methods),
            ]
            if let expert = transferRows(cell.expert, change: change.name, student: "Expert") {
                entry["expert"] = .object(["metrics": .object(summaries(expert, owner: "transfer/\(change.name)/expert").mapValues(\.json))])
            }
            out[change.name] = .object(entry)
        }
        return .object(out)
    }

    /// `{CHANGE: {"methods": {NAME: [{"seed_index", "states"}]}, "expert": [...]}}`, or nil
    /// without `[[transfer]]`.
    func transferTrajectoriesJSON() -> JSONValue? {
        guard !spec.transfer.isEmpty, !study.isSweep, let cell = cells.first else { return nil }
        func rowsJSON(_ rows: [UnitResult]) -> JSONValue {
            .array(rows.map { r in
                .object(["seed_index": .integer(r.seedIndex), "states": .array(r.trajectory.map { .array($0.map(JSONValue.number)) })])
            })
        }
        var out: [String: JSONValue] = [:]
        for change in spec.transfer.changes {
            var methods: [String: JSONValue] = [:]
            for (student, units) in transferSources(cell) {
                if let rows = transferRows(units, change: change.name, student: student) { methods[student] = rowsJSON(rows) }
            }
            out[change.name] = .object(["methods": .object(methods),
                                        "expert": rowsJSON(transferRows(cell.expert, change: change.name, student: "Expert") ?? [])])
        }
        return .object(out)
    }
}

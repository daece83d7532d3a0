import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyImitation

/// The gridworld's two methods — maximum-entropy IRL and tabular BC — and the transfer test
/// every gridworld unit ends with: the method's policy (for IRL: the soft-optimal policy of the
/// learned reward on the new layout, solved afresh; for BC: its table, cell for cell) and the
/// expert's (optimal for the true reward there) drive `evaluation.episodes` episodes on the
/// spec's `transfer_layout`, from the streams `seed=K/transfer/evaluation/episode=j`, so all
/// meet the same slips. Their means are the metrics `transfer_return` and `transfer_success`.
extension UnitComputation {
    func gridworldMethod(_ environment: any Environment, _ method: MethodSpec) throws -> UnitResult {
        guard let world = environment as? Gridworld else {
            throw ExperimentError.unitFailed(unit: method.name, reason: "algorithm \"\(method.algorithm.rawValue)\" needs the gridworld")
        }
        let expert = GridworldExpert(world: world)
        let context = self.context(world, expert, method: method.name)
        switch method.settings {
        case .maxEntIRL(let settings):
            var loop = ImitationLoop(context: context, method: MaxEntIRL(settings: settings, expert: expert, in: context))
            let result = try loop.run()
            let irl = result.method
            var unit = renamingTrainingError(unitResult(method.name, result.records, result.evaluation.episodes, []), to: "feature_count_gap")
            let learned = irl.reward(on: world.layout)
            unit.metrics["reward_correlation"] = Self.correlation(learned, world.reward, layout: world.layout)
            unit.metrics["gradient_steps"] = Double(irl.steps)
            unit.grids = [
                "true_reward": Self.grid(world.reward, world.layout),
                "learned_reward": Self.grid(learned, world.layout),
                "expert_visitation": Self.grid(irl.expertVisitation, world.layout),
                "learned_visitation": Self.grid(irl.expectedVisitation, world.layout),
            ]
            if let layout = world.config.transferLayout {
                let target = Gridworld(config: world.config, layout: layout)
                let policy = SoftPolicy(reward: irl.reward(on: layout), dynamics: target.dynamics, horizon: world.config.horizon,
                                        discount: world.config.discount)
                unit.metrics.merge(transfer(target) { state in .discrete(policy.greedyAction(step: Int(state[2]), cell: target.cell(of: state))) }) { $1 }
                unit.grids["transfer_learned_reward"] = Self.grid(irl.reward(on: layout), layout)
            }
            return unit
        case .tabularBC:
            var loop = ImitationLoop(context: context, method: TabularBC(expert: expert, in: context))
            let result = try loop.run()
            let bc = result.method
            var unit = unitResult(method.name, result.records, result.evaluation.episodes, [])
            if let layout = world.config.transferLayout {
                let target = Gridworld(config: world.config, layout: layout)
                unit.metrics.merge(transfer(target) { state in .discrete(bc.action(row: Int(state[0]), column: Int(state[1]))) }) { $1 }
            }
            return unit
        default:
            throw ExperimentError.unitFailed(unit: method.name, reason: "not a gridworld method")
        }
    }

    /// The expert's reference, with its transfer scores when the spec has a transfer layout.
    func gridworldExpertTransfer(_ reference: UnitResult, _ environment: any Environment) -> UnitResult {
        guard let world = environment as? Gridworld, let layout = world.config.transferLayout else { return reference }
        let target = Gridworld(config: world.config, layout: layout)
        let expert = GridworldExpert(world: target)
        var result = reference
        result.metrics.merge(transfer(target) { expert.action(for: $0) }) { $1 }
        return result
    }

    /// `transfer_return` and `transfer_success`: `policy` on `target`'s evaluation episodes.
    func transfer(_ target: Gridworld, policy: @escaping @Sendable ([Double]) -> Action) -> [String: Double] {
        let evaluation = evaluate(target, episodes: spec.evaluation.episodes, seedStream: seedStream.child("transfer")) { state, _, _ in
            policy(state)
        }
        return evaluation.meanMetrics.reduce(into: [:]) { $0["transfer_" + $1.key] = $1.value }
    }

    /// The unit with the loop's `training_error` renamed (IRL fits no labels: its round error
    /// is the relative feature-count gap).
    func renamingTrainingError(_ unit: UnitResult, to name: String) -> UnitResult {
        var u = unit
        func rename(_ m: inout [String: Double]) {
            if let e = m.removeValue(forKey: "training_error") { m[name] = e }
        }
        for i in u.iterations.indices { rename(&u.iterations[i].metrics) }
        rename(&u.metrics)
        return u
    }

    /// Per-cell values as a grid over [0, columns] × [0, rows], row 0 of the grid at the bottom:
    /// the layout's last line (its first line is drawn at the top). Walls hold 0; figures mask
    /// them from the layout.
    static func grid(_ values: [Double], _ layout: GridLayout) -> UnitResult.Grid {
        var out: [Double] = []
        out.reserveCapacity(values.count)
        for r in stride(from: layout.rows - 1, through: 0, by: -1) {
            for c in 0..<layout.columns { out.append(values[r * layout.columns + c]) }
        }
        return UnitResult.Grid(xMin: 0, xMax: Double(layout.columns), yMin: 0, yMax: Double(layout.rows),
                               columns: layout.columns, rows: layout.rows, values: out)
    }

    /// Pearson's correlation of `a` and `b` over the layout's open cells (sums in cell order);
    /// 0 when either is constant.
    static func correlation(_ a: [Double], _ b: [Double], layout: GridLayout) -> Double {
        let open = layout.terrain.indices.filter { layout.terrain[$0] != nil }
        var ma = 0.0, mb = 0.0
        for s in open { ma += a[s]; mb += b[s] }
        ma /= Double(open.count); mb /= Double(open.count)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for s in open {
            sab += (a[s] - ma) * (b[s] - mb)
            saa += (a[s] - ma) * (a[s] - ma)
            sbb += (b[s] - mb) * (b[s] - mb)
        }
        return saa > 0 && sbb > 0 ? sab / (saa.squareRoot() * sbb.squareRoot()) : 0
    }
}

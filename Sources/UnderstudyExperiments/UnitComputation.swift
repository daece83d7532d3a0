import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyImitation
import UnderstudyLearning

extension Runner.Unit {
    /// Computes this unit — a method on one seed, or the expert's reference episodes — from
    /// its cell's spec alone. Streams are named `<experiment>/<cell>/seed=<k>/…`, so a unit's
    /// numbers depend on nothing but its own name. `threads` is how many threads the unit may
    /// use inside (the policy search's candidate groups); it changes the time, never a bit.
    public func compute(in cell: Study.Cell, threads: Int = 1) throws -> UnitResult {
        try UnitComputation(spec: cell.spec, cell: cell.id, unit: self, threads: max(1, threads)).run()
    }
}

/// What computing one `Runner.Unit` needs: its cell's spec, the cell's name and the unit.
struct UnitComputation: Sendable {
    var spec: ExperimentSpec
    /// The sweep cell's name ("" without a sweep): part of every stream's path.
    var cell: String
    var unit: Runner.Unit
    /// Threads the method may use inside the unit.
    var threads: Int = 1

    var seedStream: RandomStream {
        RandomStream(seed: spec.seed, path: spec.name + (cell.isEmpty ? "" : "/" + cell) + "/seed=\(unit.seedIndex)")
    }

    func makeEnvironment() throws -> any Environment {
        try spec.environment.make()
    }

    func run() throws -> UnitResult {
        let environment = try makeEnvironment()
        guard let expert = makeExpert(for: environment) else {
            throw ExperimentError.noExpert(environment: environment.id)
        }
        guard let m = unit.method else { return gridworldExpertTransfer(try expertReference(environment, expert), environment) }
        let method = spec.methods[m]
        switch method.settings {
        case .supervised(let settings, let policy):
            let student = try makeStudent(policy, environment, stream: seedStream.child(method.name).child("init"))
            return try imitate(environment, expert, student, settings, method.name)
        case .gail(let settings):
            return try adversarial(environment, expert, settings, method.name)
        case .rl(let settings):
            return try reinforce(environment, expert, settings, method.name)
        case .maxEntIRL, .tabularBC:
            return try gridworldMethod(environment, method)
        }
    }

    /// What every method of this unit's seed shares (`method` names the method's own streams).
    func context<E: Environment>(_ environment: E, _ expert: any Expert, method: String) -> ImitationContext<E> {
        var context = ImitationContext(environment: environment, expert: expert, sensor: labeler(expert, environment.actionSpace),
                                       seedStream: seedStream, methodStream: seedStream.child(method),
                                       demonstrationEpisodes: spec.demonstrations.episodes, collectionSteps: collectionSteps,
                                       evaluationEpisodes: spec.evaluation.episodes,
                                       observationNoise: ObservationNoise(standardDeviation: [spec.environment.observationNoise]))
        context.threads = threads
        return context
    }

    /// Steps per collected episode: the demonstration length (`steps`, or `laps` of the loop).
    var collectionSteps: Int? {
        if let steps = spec.demonstrations.steps { return steps }
        if let laps = spec.demonstrations.laps {
            let c = spec.environment.drivingLoop
            return Int((laps * c.lapLength / (c.speed * c.dt)).rounded(.up))
        }
        return nil
    }

    /// The expert as recorded: its action through the spec's sensor.
    func labeler(_ expert: any Expert, _ space: ActionSpace) -> @Sendable ([Double], inout RandomStream) -> Action {
        let noise = LabelNoise(bias: spec.labels.bias.isEmpty ? [0] : spec.labels.bias,
                               standardDeviation: spec.labels.spread.isEmpty ? [0] : spec.labels.spread,
                               flipProbability: spec.labels.flip)
        return { state, stream in noise.apply(to: expert.action(for: state), in: space, using: &stream) }
    }

    func makeStudent(_ policy: PolicySpec, _ environment: any Environment, stream: RandomStream) throws -> any Learner {
        switch policy.model {
        case .nearestNeighbour:
            return NearestNeighbourPolicy(standardizeInputs: policy.standardize)
        case .mlp:
            var s = stream
            let discrete: Bool
            if case .discrete = environment.actionSpace { discrete = true } else { discrete = false }
            let options = MLPLearner.TrainingOptions(epochs: policy.epochs, batchSize: policy.batchSize, learningRate: policy.learningRate,
                                                     standardizeInputs: policy.standardize, standardizeTargets: policy.standardize && !discrete)
            return try MLPLearner(layerWidths: [environment.observationSize] + policy.hidden + [environment.actionSpace.outputSize],
                                  hiddenActivation: policy.activation,
                                  loss: discrete ? .softmaxCrossEntropy : .meanSquaredError, options: options, stream: &s)
        }
    }

    /// BC and DAgger: the imitation loop, differing only in who collects.
    func imitate<E: Environment, L: Learner>(_ environment: E, _ expert: any Expert, _ student: L,
                                             _ settings: SupervisedSettings, _ name: String) throws -> UnitResult {
        var loop = ImitationLoop(context: context(environment, expert, method: name),
                                 method: SupervisedImitation(student: student, settings: settings))
        let result = try loop.run()
        var unit = unitResult(name, result.records, result.evaluation.episodes, result.method.relabels)
        unit.transfer = try transferEvaluations(of: result.method, name, in: loop.context)
        return unit
    }

    /// GAIL: learns from the expert's demonstrated states only; the sensor's labels never
    /// reach it, and it asks the expert for no labels (`expert_labels` = 0).
    func adversarial<E: Environment>(_ environment: E, _ expert: any Expert, _ settings: GAILSettings,
                                     _ name: String) throws -> UnitResult {
        let context = context(environment, expert, method: name)
        var loop = ImitationLoop(context: context, method: try GAIL(settings: settings, in: context))
        let result = try loop.run()
        var grids: [String: UnitResult.Grid] = [:]
        if let track = environment as? DrivingLoop, settings.discriminatorInput == .state {
            grids["discriminator"] = discriminatorMap(track, result.method.discriminator.network, result.method.inputScaling)
        }
        var unit = unitResult(name, result.records, result.evaluation.episodes, [], grids: grids)
        unit.transfer = try transferEvaluations(of: result.method, name, in: context)
            + reoptimised(on: result.method, name, expert: expert)
        return unit
    }

    /// RL alone: CMA-ES on the environment's own return (from BC's fit with `init = "bc"`).
    func reinforce<E: Environment>(_ environment: E, _ expert: any Expert, _ settings: RLSettings,
                                   _ name: String) throws -> UnitResult {
        let context = context(environment, expert, method: name)
        var loop = ImitationLoop(context: context, method: try ReinforcementLearning(settings: settings, in: context))
        let result = try loop.run()
        var unit = unitResult(name, result.records, result.evaluation.episodes, [])
        unit.transfer = try transferEvaluations(of: result.method, name, in: context)
        return unit
    }

    func unitResult(_ name: String, _ records: [IterationRecord], _ evaluation: [Episode], _ relabels: [Relabel],
                    grids: [String: UnitResult.Grid] = [:]) -> UnitResult {
        let iterations = records.map { r in
            var metrics = r.metrics
            // GAIL and RL fit no labels, so they have no training error to report.
            if let error = r.trainingError { metrics["training_error"] = error }
            // What the method cost so far: expert-demonstrated states and environment steps
            // (collection and search; evaluation apart).
            metrics["demonstration_states"] = Double(r.demonstrationStates)
            metrics["environment_steps"] = Double(r.environmentSteps.training)
            metrics["evaluation_steps"] = Double(r.environmentSteps.evaluation)
            return UnitResult.IterationPoint(expertLabels: r.expertLabels, metrics: metrics)
        }
        var final = iterations.last?.metrics ?? [:]
        final["expert_labels"] = Double(records.last?.expertLabels ?? 0)
        var result = UnitResult(method: name, seedIndex: unit.seedIndex, iterations: iterations, metrics: final,
                                trajectory: evaluation.first?.states ?? [], relabels: relabels, grids: grids)
        result.cell = cell
        return result
    }

    /// The expert driving the same evaluation episodes as every student: the reference line.
    func expertReference(_ environment: any Environment, _ expert: any Expert) throws -> UnitResult {
        let evaluation = evaluate(environment, episodes: spec.evaluation.episodes, seedStream: seedStream) { state, _, _ in
            expert.action(for: state)
        }
        var result = UnitResult(method: "Expert", seedIndex: unit.seedIndex, iterations: [], metrics: evaluation.meanMetrics,
                                trajectory: evaluation.episodes.first?.states ?? [], relabels: [])
        result.cell = cell
        result.transfer = try expertTransfer(expert)
        return result
    }

    /// D(s) over the plane around the track, for a car heading along the track (the heading
    /// of the nearest centre-line point), as the report's heatmap draws it.
    func discriminatorMap(_ loop: DrivingLoop, _ discriminator: MLP, _ scaling: Standardizer) -> UnitResult.Grid {
        let track = loop.track
        let margin = 3 * track.halfWidth
        let xMax = track.straightLength / 2 + track.radius + margin, yMax = track.radius + margin
        let columns = 96, rows = max(8, Int((Double(columns) * yMax / xMax).rounded()))
        var values: [Double] = []
        values.reserveCapacity(columns * rows)
        for r in 0..<rows {
            let y = -yMax + (Double(r) + 0.5) * 2 * yMax / Double(rows)
            for c in 0..<columns {
                let x = -xMax + (Double(c) + 0.5) * 2 * xMax / Double(columns)
                let heading = track.project(x: x, y: y).tangentHeading
                values.append(PortableMath.sigmoid(discriminator.forward(scaling.transform(loop.observation(forState: x, y, heading)))[0]))
            }
        }
        return UnitResult.Grid(xMin: -xMax, xMax: xMax, yMin: -yMax, yMax: yMax, columns: columns, rows: rows, values: values)
    }
}

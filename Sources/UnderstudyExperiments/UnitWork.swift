import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyImitation
import UnderstudyLearning

/// One work unit: a method on one seed (or the expert's reference episodes), computed from
/// the spec alone. Streams are named `<experiment>/seed=<k>/…`, so a unit's numbers depend
/// on nothing but its own name.
struct UnitWork: Sendable {
    var spec: ExperimentSpec
    /// The sweep cell's name ("" without a sweep): part of every stream's path.
    var cell: String
    var unit: Runner.Unit

    var seedStream: RandomStream {
        RandomStream(seed: spec.seed, path: spec.name + (cell.isEmpty ? "" : "/" + cell) + "/seed=\(unit.seedIndex)")
    }

    func makeEnvironment() throws -> any Environment {
        try EnvironmentRegistry.make(id: spec.environment.id, drivingLoop: spec.environment.drivingLoop)
    }

    func run() throws -> UnitResult {
        let environment = try makeEnvironment()
        guard let expert = makeExpert(for: environment) else {
            throw RunError.invalid("no expert for environment \(environment.id)")
        }
        guard let m = unit.method else { return expertReference(environment, expert) }
        let method = spec.methods[m]
        switch method.algorithm {
        case .bc, .dagger:
            return try imitate(environment, expert, method)
        case .gail:
            return try adversarial(environment, expert, method)
        }
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
                                  hiddenActivation: Activation(rawValue: policy.activation) ?? .tanh,
                                  loss: discrete ? .softmaxCrossEntropy : .meanSquaredError, options: options, stream: &s)
        }
    }

    /// BC and DAgger: the imitation loop, differing only in who collects.
    func imitate(_ environment: any Environment, _ expert: any Expert, _ method: MethodSpec) throws -> UnitResult {
        let methodStream = seedStream.child(method.name)
        let student = try makeStudent(method.policy, environment, stream: methodStream.child("init"))
        var settings = method.algorithm == .bc
            ? ImitationSettings.behaviouralCloning(iterations: method.iterations, demonstrationEpisodes: spec.demonstrations.episodes,
                                                   episodesPerIteration: method.episodesPerIteration, collectionSteps: collectionSteps,
                                                   aggregate: method.aggregate, evaluationEpisodes: spec.evaluation.episodes)
            : ImitationSettings.dagger(iterations: method.iterations, betaDecay: method.betaDecay,
                                       demonstrationEpisodes: spec.demonstrations.episodes,
                                       episodesPerIteration: method.episodesPerIteration, collectionSteps: collectionSteps,
                                       aggregate: method.aggregate, evaluationEpisodes: spec.evaluation.episodes)
        settings.observationNoise = ObservationNoise(standardDeviation: [spec.environment.observationNoise])
        let result = runLoop(environment, student, expert, settings, methodStream)
        return unitResult(method.name, result.records, result.evaluation, result.relabels.map {
            UnitResult.LabelledState(state: $0.state, label: ActionCoding(environment.actionSpace).target($0.label))
        })
    }

    func runLoop<E: Environment, L: Learner>(_ environment: E, _ student: L, _ expert: any Expert,
                                             _ settings: ImitationSettings, _ methodStream: RandomStream) -> ImitationResult {
        var loop = ImitationLoop(environment: environment, expert: expert,
                                 label: labeler(expert, environment.actionSpace), student: student, settings: settings,
                                 seedStream: seedStream, methodStream: methodStream)
        return loop.run()
    }

    func unitResult(_ name: String, _ records: [IterationRecord], _ evaluation: [Episode], _ relabels: [UnitResult.LabelledState],
                    grids: [String: UnitResult.Grid] = [:], supervised: Bool = true) -> UnitResult {
        var final = records.last?.metrics ?? [:]
        // GAIL fits no labels, so it has no training error to report.
        if supervised { final["training_error"] = records.last?.trainingError ?? 0 }
        final["expert_labels"] = Double(records.last?.expertLabels ?? 0)
        let iterations = records.map { r in
            var metrics = r.metrics
            if supervised { metrics["training_error"] = r.trainingError }
            return UnitResult.IterationPoint(expertLabels: r.expertLabels, metrics: metrics)
        }
        var result = UnitResult(method: name, seedIndex: unit.seedIndex, iterations: iterations, metrics: final,
                                trajectory: evaluation.first?.states ?? [], relabels: relabels, grids: grids)
        result.cell = cell
        return result
    }

    /// The expert driving the same evaluation episodes as every student: the reference line.
    func expertReference(_ environment: any Environment, _ expert: any Expert) -> UnitResult {
        var episodes: [Episode] = []
        var metrics: [[String: Double]] = []
        for j in 0..<spec.evaluation.episodes {
            let root = seedStream.child("evaluation").child("episode=\(j)")
            let episode = rollout(environment, resetStream: root.child("reset"), policyStream: root.child("policy")) { state, _, _ in
                expert.action(for: state)
            }
            metrics.append(environment.episodeMetrics(states: episode.states, rewards: episode.rewards))
            episodes.append(episode)
        }
        var result = UnitResult(method: "Expert", seedIndex: unit.seedIndex, iterations: [], metrics: meanMetrics(metrics),
                                trajectory: episodes.first?.states ?? [], relabels: [])
        result.cell = cell
        return result
    }

    /// GAIL: learns from the expert's demonstrated states only; the sensor's labels never
    /// reach it, and it asks the expert for no labels (`expert_labels` = 0).
    func adversarial(_ environment: any Environment, _ expert: any Expert, _ method: MethodSpec) throws -> UnitResult {
        let g = method.gail ?? GAILSpec()
        var settings = GAILSettings()
        settings.iterations = method.iterations
        settings.reward = GAILReward(rawValue: g.reward) ?? .logD
        settings.stateAction = g.discriminatorInput == "state-action"
        settings.discriminatorHidden = g.discriminatorHidden
        settings.discriminatorSteps = g.discriminatorSteps
        settings.discriminatorLearningRate = g.discriminatorLearningRate
        settings.discriminatorBatch = g.discriminatorBatch
        settings.labelSmoothing = g.labelSmoothing
        settings.discriminatorNoise = g.discriminatorNoise
        settings.negatives = GAILNegatives(rawValue: g.negatives) ?? .population
        settings.standardizeInputs = g.standardize
        settings.policyHidden = g.policyHidden
        settings.population = g.population
        settings.sigma = g.sigma
        settings.generationsPerUpdate = g.generationsPerUpdate
        settings.rolloutsPerCandidate = g.rolloutsPerCandidate
        settings.demonstrationSteps = collectionSteps
        settings.demonstrationEpisodes = spec.demonstrations.episodes
        settings.evaluationEpisodes = spec.evaluation.episodes
        return try runGAIL(environment, expert, settings, method.name)
    }

    func runGAIL<E: Environment>(_ environment: E, _ expert: any Expert, _ settings: GAILSettings, _ name: String) throws -> UnitResult {
        let gail = GAIL(environment: environment, expert: expert, settings: settings,
                        seedStream: seedStream, methodStream: seedStream.child(name))
        let result = try gail.run()
        var grids: [String: UnitResult.Grid] = [:]
        if let loop = environment as? DrivingLoop, !settings.stateAction {
            grids["discriminator"] = discriminatorMap(loop, result.discriminator, result.inputScaling)
        }
        return unitResult(name, result.records, result.evaluation, [], grids: grids, supervised: false)
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

import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyImitation
import UnderstudyLearning

/// One student (a method's final student, the re-optimised student or the expert) driving the
/// evaluation episodes of one changed car of `[[transfer]]`: what `UnitResult.transfer` holds.
public struct TransferEvaluation: Sendable, Hashable {
    /// The change's name (`[[transfer]] name`).
    public var change: String
    /// The method's name, the re-optimised student's name, or "Expert".
    public var student: String
    /// Mean over the evaluation episodes of each episode metric (plus the search's cost for a
    /// re-optimised student).
    public var metrics: [String: Double]
    /// States of the first evaluation episode.
    public var trajectory: [[Double]]
    /// The re-optimised student's rounds in the changed car; empty for trained students.
    public var iterations: [UnitResult.IterationPoint]

    public init(change: String, student: String, metrics: [String: Double], trajectory: [[Double]],
                iterations: [UnitResult.IterationPoint] = []) {
        self.change = change
        self.student = student
        self.metrics = metrics
        self.trajectory = trajectory
        self.iterations = iterations
    }

    var json: JSONValue {
        .object([
            "change": .string(change),
            "student": .string(student),
            "metrics": .object(metrics.mapValues(JSONValue.number)),
            "trajectory": .array(trajectory.map { .array($0.map(JSONValue.number)) }),
            "iterations": .array(iterations.map { p in
                .object(["expert_labels": .integer(p.expertLabels), "metrics": .object(p.metrics.mapValues(JSONValue.number))])
            }),
        ])
    }

    init(json: JSONValue, _ key: String, _ r: JSONReader) throws {
        let o = try r.object(json, key)
        change = try r.string(o["change"], key + ".change")
        student = try r.string(o["student"], key + ".student")
        metrics = try r.numbers(o["metrics"], key + ".metrics")
        trajectory = try r.array(o["trajectory"], key + ".trajectory").enumerated().map { try r.vector($1, "\(key).trajectory[\($0)]") }
        iterations = try r.array(o["iterations"], key + ".iterations").enumerated().map { i, p in
            let po = try r.object(p, "\(key).iterations[\(i)]")
            return UnitResult.IterationPoint(expertLabels: try r.int(po["expert_labels"], "\(key).iterations[\(i)].expert_labels"),
                                             metrics: try r.numbers(po["metrics"], "\(key).iterations[\(i)].metrics"))
        }
    }

    /// As a unit row, so the run's summaries and curves treat it as any method's unit.
    func asUnit(seedIndex: Int) -> UnitResult {
        UnitResult(method: student, seedIndex: seedIndex, iterations: iterations, metrics: metrics, trajectory: trajectory, relabels: [])
    }
}

/// Reward transfer inside a unit: the unit's own student, trained on the original car, also
/// drives each changed car; GAIL's unit named by `[reoptimise] reward` re-optimises a fresh
/// student on its own final discriminator in each changed car. Doing both inside the unit that
/// trained the student (or the discriminator) keeps every unit dependent on its name alone:
/// `--jobs`, shards and resumes cannot change a byte.
extension UnitComputation {
    /// The changed cars of `[[transfer]]`, in spec order.
    func changedCars() throws -> [(change: TransferSpec.Change, car: DrivingLoop)] {
        try spec.transfer.changes.map { ($0, try DrivingLoop(config: $0.drivingLoop)) }
    }

    /// `method`'s final student driving the evaluation episodes (the same starts,
    /// `seed=K/evaluation/episode=j`) of every changed car.
    func transferEvaluations<M: ImitationMethod, E: Environment>(of method: M, _ name: String,
                                                                  in context: ImitationContext<E>) throws -> [TransferEvaluation] {
        try changedCars().map { change, car in
            let evaluation = evaluate(car, episodes: spec.evaluation.episodes, seedStream: seedStream,
                                      observationNoise: context.observationNoise) { _, observation, _ in
                method.act(observation, in: context)
            }
            return TransferEvaluation(change: change.name, student: name, metrics: evaluation.meanMetrics,
                                      trajectory: evaluation.episodes.first?.states ?? [])
        }
    }

    /// The expert of the original car (the controller that demonstrated) in every changed car.
    func expertTransfer(_ expert: any Expert) throws -> [TransferEvaluation] {
        try changedCars().map { change, car in
            let evaluation = evaluate(car, episodes: spec.evaluation.episodes, seedStream: seedStream) { state, _, _ in
                expert.action(for: state)
            }
            return TransferEvaluation(change: change.name, student: "Expert", metrics: evaluation.meanMetrics,
                                      trajectory: evaluation.episodes.first?.states ?? [])
        }
    }

    /// With `[reoptimise] reward = name`: in every changed car a fresh student searched by
    /// CMA-ES on r = GAIL's reward of `gail`'s final discriminator (this seed's), through the
    /// imitation loop (`FrozenRewardSearch`), under streams `seed=K/<reoptimised name>/<change>`.
    func reoptimised(on gail: GAIL, _ name: String, expert: any Expert) throws -> [TransferEvaluation] {
        guard let settings = spec.transfer.reoptimise, settings.reward == name else { return [] }
        return try changedCars().map { change, car in
            var searchContext = self.context(car, expert, method: settings.name)
            searchContext.methodStream = searchContext.methodStream.child(change.name)
            let method = try FrozenRewardSearch(reward: gail.settings.reward, discriminator: gail.discriminator.network,
                                                inputScaling: gail.inputScaling, search: gail.settings.search,
                                                iterations: settings.iterations, in: searchContext)
            var loop = ImitationLoop(context: searchContext, method: method)
            let result = try loop.run()
            let unit = unitResult(settings.name, result.records, result.evaluation.episodes, [])
            return TransferEvaluation(change: change.name, student: settings.name, metrics: unit.metrics,
                                      trajectory: unit.trajectory, iterations: unit.iterations)
        }
    }
}

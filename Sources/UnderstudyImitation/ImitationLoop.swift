import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyLearning

/// Who drives while states are collected (step 1 of the loop). This is the only thing that
/// separates behavioural cloning from DAgger.
public enum Collector: Sendable, Hashable {
    /// π_D = π_E in every iteration: behavioural cloning.
    case expert
    /// π_D = β_i·π_E + (1 − β_i)·π_θ, per step, with β_0 = 1 (the expert's demonstration) and
    /// β_i = decay^i afterwards; decay 0 is pure DAgger (the student drives from iteration 1).
    case student(betaDecay: Double)

    /// The probability that the expert drives a step of iteration `i`.
    public func beta(iteration i: Int) -> Double {
        switch self {
        case .expert: return 1
        case .student(let decay):
            if i == 0 { return 1 }
            var b = 1.0
            for _ in 0..<i { b *= decay }
            return b
        }
    }
}

/// The knobs of the imitation loop.
public struct ImitationSettings: Sendable, Hashable {
    /// Rounds of collect → label → fit.
    public var iterations: Int
    /// Expert episodes recorded in iteration 0 (the demonstrations).
    public var demonstrationEpisodes: Int
    /// Episodes collected in each later iteration.
    public var episodesPerIteration: Int
    /// Step cap per collected episode (e.g. one lap of demonstration); nil: the time limit.
    public var collectionSteps: Int?
    public var collector: Collector
    /// DAgger aggregates every iteration's data; without it each fit sees only the newest.
    public var aggregate: Bool
    /// Episodes on which the student is scored after every iteration.
    public var evaluationEpisodes: Int
    /// How many relabelled states of the first student-collected iteration to keep for figures.
    public var keptRelabels: Int
    /// Noise on what the student observes, in collection and evaluation alike.
    public var observationNoise: ObservationNoise = .none

    public init(iterations: Int, demonstrationEpisodes: Int = 1, episodesPerIteration: Int = 1, collectionSteps: Int? = nil,
                collector: Collector, aggregate: Bool = true, evaluationEpisodes: Int = 1,
                keptRelabels: Int = 0) {
        self.iterations = iterations
        self.demonstrationEpisodes = demonstrationEpisodes
        self.episodesPerIteration = episodesPerIteration
        self.collectionSteps = collectionSteps
        self.collector = collector
        self.aggregate = aggregate
        self.evaluationEpisodes = evaluationEpisodes
        self.keptRelabels = keptRelabels
    }
}

/// A state the expert was asked about: what the student saw and the (sensor's) answer.
public struct Relabel: Sendable, Hashable {
    public var state: [Double]
    public var label: Action
}

/// What one iteration of the loop achieved, measured on the evaluation episodes.
public struct IterationRecord: Sendable {
    public var iteration: Int
    /// Expert queries so far (dataset labels, aggregated or not): DAgger's real cost.
    public var expertLabels: Int
    /// The student's error on the data it was fitted to (MSE, or error rate for discrete actions).
    public var trainingError: Double
    /// Mean over evaluation episodes of each of the environment's episode metrics.
    public var metrics: [String: Double]
}

public struct ImitationResult: Sendable {
    public var records: [IterationRecord]
    /// The final student's evaluation episodes.
    public var evaluation: [Episode]
    /// Per-episode metrics of the final evaluation episodes.
    public var evaluationMetrics: [[String: Double]]
    /// Expert relabels of the states the student visited in its first iteration at the wheel
    /// (DAgger's corrective arrows).
    public var relabels: [Relabel]
}

/// The lecture's imitation loop, written once:
/// 1. collect states with a policy π_D; 2. label each state with the expert, Y = π_E(X);
/// 3. minimise the loss L_θ(X, Y) for the student π_θ; 4. repeat.
///
/// Streams (all named under `seedStream`, the `…/seed=K` root, or `methodStream` below it):
/// iteration 0 collects and labels from `seed=K/demonstrations/…` so every method sees the
/// same demonstration; later iterations use `method/iteration=i/…`; evaluation resets come
/// from `seed=K/evaluation/episode=j` so every method and iteration meets the same starts.
public struct ImitationLoop<Env: Environment, Student: Learner>: Sendable {
    public var environment: Env
    /// π_E as it drives (the true expert).
    public var expert: any Expert
    /// π_E as it is recorded: the expert's action through the (possibly miscalibrated) sensor.
    public var label: @Sendable (_ state: [Double], _ stream: inout RandomStream) -> Action
    public var student: Student
    public var settings: ImitationSettings
    public var seedStream: RandomStream
    public var methodStream: RandomStream

    public init(environment: Env, expert: any Expert,
                label: @escaping @Sendable (_ state: [Double], _ stream: inout RandomStream) -> Action,
                student: Student, settings: ImitationSettings,
                seedStream: RandomStream, methodStream: RandomStream) {
        self.environment = environment
        self.expert = expert
        self.label = label
        self.student = student
        self.settings = settings
        self.seedStream = seedStream
        self.methodStream = methodStream
    }

    var coding: ActionCoding { ActionCoding(environment.actionSpace) }

    /// The student's action for an observation.
    func studentAction(_ observation: [Double]) -> Action {
        coding.action(student.predict(observation))
    }

    public mutating func run(progress: (@Sendable (Int) -> Void)? = nil) -> ImitationResult {
        var inputs: [[Double]] = []
        var targets: [[Double]] = []
        var expertLabels = 0
        var records: [IterationRecord] = []
        var relabels: [Relabel] = []
        let coding = self.coding

        for i in 0..<settings.iterations {
            // 1. Collect states with π_D.
            let root = i == 0 ? seedStream.child("demonstrations") : methodStream.child("iteration=\(i)")
            let beta = settings.collector.beta(iteration: i)
            let student = self.student, expert = self.expert
            var newInputs: [[Double]] = []
            var newTargets: [[Double]] = []
            var labels = root.child("labels")
            var iterationRelabels: [Relabel] = []
            for j in 0..<(i == 0 ? settings.demonstrationEpisodes : settings.episodesPerIteration) {
                let episodeRoot = root.child("episode=\(j)")
                let episode = rollout(environment, maxSteps: settings.collectionSteps,
                                      resetStream: episodeRoot.child("reset"),
                                      policyStream: episodeRoot.child("mixture"),
                                      observationNoise: settings.observationNoise) { state, observation, stream in
                    if beta >= 1 { return expert.action(for: state) }
                    if beta > 0 && stream.nextUniform() < beta { return expert.action(for: state) }
                    return coding.action(student.predict(observation))
                }
                // 2. Label every visited state with the expert (through its sensor).
                for t in 0..<episode.length {
                    let y = label(episode.states[t], &labels)
                    newInputs.append(episode.observations[t])
                    newTargets.append(coding.target(y))
                    if beta < 1 && iterationRelabels.count < settings.keptRelabels {
                        iterationRelabels.append(Relabel(state: episode.states[t], label: y))
                    }
                }
            }
            // Keep the first student-driven iteration's relabels: there the student still strays
            // and the expert's corrections are largest (what the report's arrows show).
            if relabels.isEmpty { relabels = iterationRelabels }
            expertLabels += newInputs.count
            if settings.aggregate {
                inputs += newInputs
                targets += newTargets
            } else {
                inputs = newInputs
                targets = newTargets
            }

            // 3. Minimise the loss on the (aggregated) dataset.
            var fitStream = methodStream.child("iteration=\(i)").child("fit")
            self.student.fit(inputs: inputs, targets: targets, stream: &fitStream)
            let error = trainingError(inputs: inputs, targets: targets)

            // Score the student after this iteration.
            let (episodes, perEpisode) = evaluate()
            records.append(IterationRecord(iteration: i, expertLabels: expertLabels, trainingError: error,
                                           metrics: meanMetrics(perEpisode)))
            progress?(i + 1)
            // 4. Repeat.
            if i == settings.iterations - 1 {
                return ImitationResult(records: records, evaluation: episodes,
                                       evaluationMetrics: perEpisode, relabels: relabels)
            }
        }
        return ImitationResult(records: records, evaluation: [], evaluationMetrics: [], relabels: relabels)
    }

    /// The student drives the evaluation episodes alone.
    public func evaluate() -> ([Episode], [[String: Double]]) {
        let student = self.student, coding = self.coding
        var episodes: [Episode] = []
        var metrics: [[String: Double]] = []
        for j in 0..<settings.evaluationEpisodes {
            let root = seedStream.child("evaluation").child("episode=\(j)")
            let episode = rollout(environment, resetStream: root.child("reset"), policyStream: root.child("policy"),
                                  observationNoise: settings.observationNoise) { _, observation, _ in
                coding.action(student.predict(observation))
            }
            metrics.append(environment.episodeMetrics(states: episode.states, rewards: episode.rewards))
            episodes.append(episode)
        }
        return (episodes, metrics)
    }

    /// The lecture's training error: mean squared error on continuous targets, the
    /// misclassification rate on discrete ones (Learning's definitions).
    public func trainingError(inputs: [[Double]], targets: [[Double]]) -> Double {
        guard !inputs.isEmpty else { return 0 }
        switch environment.actionSpace {
        case .discrete: return classificationErrorRate(of: student, inputs: inputs, targets: targets)
        case .box: return meanSquaredError(of: student, inputs: inputs, targets: targets)
        }
    }
}

/// Mean of each metric over episodes, keys in sorted order.
public func meanMetrics(_ perEpisode: [[String: Double]]) -> [String: Double] {
    guard let first = perEpisode.first else { return [:] }
    var out: [String: Double] = [:]
    for key in first.keys.sorted() {
        var sum = 0.0
        for m in perEpisode { sum += m[key] ?? .nan }
        out[key] = sum / Double(perEpisode.count)
    }
    return out
}

import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyLearning

// MARK: - The loop

/// The lecture's imitation loop, written once:
/// 1. collect states with a policy π_D; 2. label each state with the expert, Y = π_E(X);
/// 3. minimise the loss L_θ(X, Y) for the student π_θ; 4. repeat.
///
/// A method is a configuration of these stages (`ImitationMethod`):
///
/// | stage | behavioural cloning | DAgger | GAIL |
/// |---|---|---|---|
/// | 1. collect | the expert drives | the student drives (β-mixture) | the student drives, beside the expert's demonstrated states |
/// | 2. label | the expert's action through its sensor | the same | the discriminator learns 1 on expert, 0 on student states |
/// | 3. fit | a supervised loss | the same, on the aggregated data | CMA-ES generations on Σ r(s), r = log D(s) |
///
/// After every round the student drives the evaluation episodes alone (`evaluate`), and what
/// it achieved becomes that round's `IterationRecord`.
public struct ImitationLoop<Env: Environment, Method: ImitationMethod>: Sendable {
    /// What every method shares: environment, expert, sensor and streams.
    public var context: ImitationContext<Env>
    /// The method being run; `run()` leaves it as the last round did.
    public var method: Method

    /// A loop that runs `method` in `context`.
    public init(context: ImitationContext<Env>, method: Method) {
        self.context = context
        self.method = method
    }

    /// Runs every round; `progress` hears the number of rounds done.
    public mutating func run(progress: (@Sendable (Int) -> Void)? = nil) throws -> ImitationResult<Method> {
        var records: [IterationRecord] = []
        var evaluation = Evaluation(episodes: [], metrics: [])
        var evaluationSteps = 0
        for i in 0..<method.iterations {
            // 1. Collect states with π_D.
            let collected = method.collect(iteration: i, in: context)
            // 2. Label each state: the expert's action (BC, DAgger) or the discriminator's verdict (GAIL).
            let labelled = method.label(collected, iteration: i, in: context)
            // 3. Fit the student to the labels.
            let fit = try method.fit(labelled, iteration: i, in: context)

            // Score the student after this round.
            let method = self.method, context = self.context
            evaluation = evaluate(context.environment, episodes: context.evaluationEpisodes, seedStream: context.seedStream,
                                  observationNoise: context.observationNoise) { _, observation, _ in
                method.act(observation, in: context)
            }
            evaluationSteps += evaluation.episodes.reduce(0) { $0 + $1.length }
            var steps = method.environmentSteps
            steps.evaluation = evaluationSteps
            records.append(IterationRecord(iteration: i, expertLabels: fit.expertLabels, trainingError: fit.trainingError,
                                           demonstrationStates: method.demonstrationStates, environmentSteps: steps,
                                           metrics: evaluation.meanMetrics))
            progress?(i + 1)
            // 4. Repeat.
        }
        return ImitationResult(records: records, evaluation: evaluation, method: method)
    }
}

/// What every method of one run shares: the environment, the expert and its sensor, the named
/// streams, the demonstrations and the evaluation episodes.
///
/// Streams: the demonstrations come from `seed=K/demonstrations/episode=j/…` (`seedStream` is
/// the `…/seed=K` root), so every method sees the same demonstration; a method's own draws
/// come from `methodStream` (`…/seed=K/<method>`); evaluation resets from
/// `seed=K/evaluation/episode=j`, so every method and iteration meets the same starts.
public struct ImitationContext<Env: Environment>: Sendable {
    /// The environment, reset from the context's streams for every episode.
    public var environment: Env
    /// π_E as it drives (the true expert).
    public var expert: any Expert
    /// π_E as it is recorded: the expert's action through the (possibly miscalibrated) sensor.
    public var sensor: @Sendable (_ state: [Double], _ stream: inout RandomStream) -> Action
    /// The root of one repetition (`…/seed=K`): demonstrations and evaluation starts come from it.
    public var seedStream: RandomStream
    /// The method's own stream (`…/seed=K/<method>`).
    public var methodStream: RandomStream
    /// Expert episodes recorded before the first fit (the demonstrations).
    public var demonstrationEpisodes: Int
    /// Step cap per collected episode (e.g. one lap of demonstration); nil: the time limit.
    public var collectionSteps: Int?
    /// Episodes on which the student is scored after every round.
    public var evaluationEpisodes: Int
    /// Noise on what the student observes, in collection and evaluation alike.
    public var observationNoise: ObservationNoise
    /// Threads a method may use inside one round (the policy search scores groups of
    /// candidates at once); results never depend on it. 1 unless the runner has more cores
    /// than units.
    public var threads = 1

    /// A context whose expert is recorded through `sensor` (which draws any noise from the stream it is handed).
    public init(environment: Env, expert: any Expert,
                sensor: @escaping @Sendable (_ state: [Double], _ stream: inout RandomStream) -> Action,
                seedStream: RandomStream, methodStream: RandomStream, demonstrationEpisodes: Int = 1,
                collectionSteps: Int? = nil, evaluationEpisodes: Int = 1, observationNoise: ObservationNoise = .none) {
        self.environment = environment
        self.expert = expert
        self.sensor = sensor
        self.seedStream = seedStream
        self.methodStream = methodStream
        self.demonstrationEpisodes = demonstrationEpisodes
        self.collectionSteps = collectionSteps
        self.evaluationEpisodes = evaluationEpisodes
        self.observationNoise = observationNoise
    }

    /// A context whose expert is recorded exactly (no sensor noise).
    public init(environment: Env, expert: any Expert, seedStream: RandomStream, methodStream: RandomStream,
                demonstrationEpisodes: Int = 1, collectionSteps: Int? = nil, evaluationEpisodes: Int = 1) {
        self.init(environment: environment, expert: expert, sensor: { state, _ in expert.action(for: state) },
                  seedStream: seedStream, methodStream: methodStream, demonstrationEpisodes: demonstrationEpisodes,
                  collectionSteps: collectionSteps, evaluationEpisodes: evaluationEpisodes)
    }

    /// The students' action coding for this environment.
    public var coding: ActionCoding { ActionCoding(environment.actionSpace) }

    /// `count` episodes driven by `policy` under `root/episode=j` (resets from `…/reset`, the
    /// policy's draws from `…/mixture`), each capped at `collectionSteps`.
    public func collect(_ count: Int, under root: RandomStream, policy: ActingPolicy) -> [Episode] {
        (0..<count).map { j in
            let episodeRoot = root.child("episode=\(j)")
            return rollout(environment, maxSteps: collectionSteps, resetStream: episodeRoot.child("reset"),
                           policyStream: episodeRoot.child("mixture"), observationNoise: observationNoise, policy: policy)
        }
    }

    /// The expert's demonstrations: the same episodes for every method of a seed.
    public func demonstrations() -> [Episode] {
        let expert = self.expert
        return collect(demonstrationEpisodes, under: seedStream.child("demonstrations")) { state, _, _ in expert.action(for: state) }
    }
}

/// A method as a configuration of the loop's stages. Each stage may keep state in the method
/// (the student, a dataset, a discriminator, a search); what must exist before the first
/// round (GAIL's demonstrations, D and search) is set up by the method's initialiser.
public protocol ImitationMethod: Sendable {
    /// What stage 1 hands to stage 2.
    associatedtype Collected
    /// What stage 2 hands to stage 3.
    associatedtype Labelled

    /// Rounds of collect → label → fit.
    var iterations: Int { get }
    /// 1. Collect states with π_D.
    mutating func collect<E: Environment>(iteration i: Int, in context: ImitationContext<E>) -> Collected
    /// 2. Label the collected states.
    mutating func label<E: Environment>(_ collected: Collected, iteration i: Int, in context: ImitationContext<E>) -> Labelled
    /// 3. Fit the student to the labels.
    mutating func fit<E: Environment>(_ labelled: Labelled, iteration i: Int, in context: ImitationContext<E>) throws -> FitSummary
    /// π_θ as it drives now, from what it observes.
    func act<E: Environment>(_ observation: [Double], in context: ImitationContext<E>) -> Action
    /// Environment steps the method's own rollouts took so far (collection and search; the
    /// loop counts the evaluation episodes). Every rollout's `length`, counted once.
    var environmentSteps: StepCounts { get }
    /// Expert-demonstrated states the method learned from (0 for a method that uses none).
    var demonstrationStates: Int { get }
}

/// Environment steps by purpose: what a method cost in interaction.
public struct StepCounts: Sendable, Hashable {
    /// Steps of episodes collected to learn from: the expert's demonstrations, DAgger's and
    /// GAIL's student rollouts.
    public var collection = 0
    /// Steps of the policy search's candidate rollouts (GAIL, RL).
    public var search = 0
    /// Steps of the evaluation episodes, which teach the student nothing (counted apart).
    public var evaluation = 0

    /// Counts by purpose (all 0 by default).
    public init(collection: Int = 0, search: Int = 0, evaluation: Int = 0) {
        self.collection = collection
        self.search = search
        self.evaluation = evaluation
    }

    /// The steps that trained the student: collection and search.
    public var training: Int { collection + search }
}

/// What a fit reports to the loop's record.
public struct FitSummary: Sendable {
    /// Expert queries so far (dataset labels, aggregated or not): DAgger's real cost.
    public var expertLabels: Int
    /// The student's error on the data it was fitted to; nil for a method that fits no labels (GAIL).
    public var trainingError: Double?

    /// A summary of one fit.
    public init(expertLabels: Int, trainingError: Double?) {
        self.expertLabels = expertLabels
        self.trainingError = trainingError
    }
}

/// What one round of the loop achieved, measured on the evaluation episodes.
public struct IterationRecord: Sendable {
    /// The round, from 0 (the fit to the demonstrations).
    public var iteration: Int
    /// Expert queries so far (dataset labels, aggregated or not): DAgger's real cost.
    public var expertLabels: Int
    /// The student's error on the data it was fitted to (MSE, or error rate for discrete
    /// actions); nil for a method that fits no labels (GAIL).
    public var trainingError: Double?
    /// Expert-demonstrated states learned from so far.
    public var demonstrationStates: Int
    /// Environment steps so far, by purpose (cumulative).
    public var environmentSteps: StepCounts
    /// Mean over evaluation episodes of each of the environment's episode metrics.
    public var metrics: [String: Double]
}

/// What `ImitationLoop.run()` returns.
public struct ImitationResult<Method: ImitationMethod>: Sendable {
    /// One record per round, in order.
    public var records: [IterationRecord]
    /// The final student's evaluation episodes and their metrics.
    public var evaluation: Evaluation
    /// The method as the last round left it: the final student, and what else it learned
    /// (DAgger's relabels, GAIL's discriminator).
    public var method: Method
}

// MARK: - Stages learned from expert labels: behavioural cloning and DAgger

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

/// A state the expert was asked about while the student drove (DAgger's corrective arrows):
/// where the car was and the sensor's answer, as the student's target vector (the action
/// itself for continuous actions, one-hot for discrete ones).
public struct Relabel: Sendable, Hashable {
    /// The state the student visited.
    public var state: [Double]
    /// The expert's label for it, through the sensor.
    public var label: [Double]

    /// A relabelled state.
    public init(state: [Double], label: [Double]) {
        self.state = state
        self.label = label
    }
}

/// The knobs of the supervised loop (BC and DAgger); `BehaviouralCloning.swift` and
/// `DAgger.swift` name its two configurations.
public struct SupervisedSettings: Sendable, Hashable {
    /// Rounds of collect → label → fit.
    public var iterations: Int
    /// Episodes collected in each round after the demonstrations.
    public var episodesPerIteration: Int
    /// Who drives while states are collected: the expert (BC) or the student (DAgger).
    public var collector: Collector
    /// DAgger aggregates every round's data; without it each fit sees only the newest.
    public var aggregate: Bool
    /// How many relabelled states of the first student-collected round to keep for figures.
    public var keptRelabels: Int

    /// Settings from their parts; `.behaviouralCloning()` and `.dagger()` are the usual ones.
    public init(iterations: Int, episodesPerIteration: Int = 1, collector: Collector, aggregate: Bool = true, keptRelabels: Int = 0) {
        self.iterations = iterations
        self.episodesPerIteration = episodesPerIteration
        self.collector = collector
        self.aggregate = aggregate
        self.keptRelabels = keptRelabels
    }
}

/// The supervised configuration of the loop: collect with the settings' collector, label
/// every visited state with the expert through its sensor, minimise the student's loss on
/// the (aggregated) data.
public struct SupervisedImitation<Student: Learner>: ImitationMethod {
    /// The learner being fitted.
    public var student: Student
    /// Rounds, collector and aggregation.
    public var settings: SupervisedSettings
    /// The loop's rounds: `settings.iterations`.
    public var iterations: Int { settings.iterations }

    /// The data the student is fitted to, and the expert labels asked for so far.
    public private(set) var inputs: [[Double]] = []
    /// The expert's labels (learner targets) for `inputs`, row for row.
    public private(set) var targets: [[Double]] = []
    /// Expert queries so far: DAgger's real cost.
    public private(set) var expertLabels = 0
    /// Expert relabels of the states the student visited in its first round at the wheel, where
    /// it still strays and the corrections are largest (DAgger's arrows in the report).
    public private(set) var relabels: [Relabel] = []
    /// Environment steps of every collected episode so far (demonstrations included).
    public private(set) var environmentSteps = StepCounts()
    /// States of episodes the expert drove alone: every round of BC, DAgger's first.
    public private(set) var demonstrationStates = 0

    /// The method with a fresh `student`.
    public init(student: Student, settings: SupervisedSettings) {
        self.student = student
        self.settings = settings
    }

    /// Round 0 replays the demonstrations; later rounds let π_D = β_i·π_E + (1 − β_i)·π_θ drive
    /// under `method/iteration=i`.
    public mutating func collect<E: Environment>(iteration i: Int, in context: ImitationContext<E>) -> (episodes: [Episode], beta: Double) {
        let episodes: [Episode], beta: Double
        if i == 0 {
            (episodes, beta) = (context.demonstrations(), 1)
        } else {
            beta = settings.collector.beta(iteration: i)
            let student = self.student, expert = context.expert, coding = context.coding
            episodes = context.collect(settings.episodesPerIteration, under: context.methodStream.child("iteration=\(i)")) { state, observation, stream in
                if beta >= 1 { return expert.action(for: state) }
                if beta > 0 && stream.nextUniform() < beta { return expert.action(for: state) }
                return coding.action(student.predict(observation))
            }
        }
        let steps = episodes.reduce(0) { $0 + $1.length }
        environmentSteps.collection += steps
        // Episodes the expert drove alone are demonstrations (BC's every round, DAgger's first).
        if beta >= 1 { demonstrationStates += steps }
        return (episodes, beta)
    }

    /// Every visited state gets the expert's action as its sensor records it, drawn in order
    /// from the round's `labels` stream.
    public mutating func label<E: Environment>(_ collected: (episodes: [Episode], beta: Double), iteration i: Int,
                                               in context: ImitationContext<E>) -> (inputs: [[Double]], targets: [[Double]]) {
        let root = i == 0 ? context.seedStream.child("demonstrations") : context.methodStream.child("iteration=\(i)")
        var labels = root.child("labels")
        var inputs: [[Double]] = [], targets: [[Double]] = [], kept: [Relabel] = []
        for episode in collected.episodes {
            for t in 0..<episode.length {
                let y = context.sensor(episode.states[t], &labels)
                inputs.append(episode.observations[t])
                targets.append(context.coding.target(y))
                if collected.beta < 1 && kept.count < settings.keptRelabels { kept.append(Relabel(state: episode.states[t], label: targets[targets.count - 1])) }
            }
        }
        if relabels.isEmpty { relabels = kept }
        return (inputs, targets)
    }

    /// Minimises the student's loss on the data (aggregated over rounds, or the newest only).
    public mutating func fit<E: Environment>(_ labelled: (inputs: [[Double]], targets: [[Double]]), iteration i: Int,
                                             in context: ImitationContext<E>) throws -> FitSummary {
        expertLabels += labelled.inputs.count
        if settings.aggregate {
            inputs += labelled.inputs
            targets += labelled.targets
        } else {
            (inputs, targets) = labelled
        }
        var stream = context.methodStream.child("iteration=\(i)").child("fit")
        student.fit(inputs: inputs, targets: targets, stream: &stream)
        return FitSummary(expertLabels: expertLabels, trainingError: trainingError(in: context.environment.actionSpace))
    }

    /// The student's action for `observation`, decoded from its output by the action coding.
    public func act<E: Environment>(_ observation: [Double], in context: ImitationContext<E>) -> Action {
        context.coding.action(student.predict(observation))
    }

    /// The lecture's training error: mean squared error on continuous targets, the
    /// misclassification rate on discrete ones (Learning's definitions).
    public func trainingError(in space: ActionSpace) -> Double {
        guard !inputs.isEmpty else { return 0 }
        switch space {
        case .discrete: return classificationErrorRate(of: student, inputs: inputs, targets: targets)
        case .box: return meanSquaredError(of: student, inputs: inputs, targets: targets)
        }
    }
}

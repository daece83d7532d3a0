import Determinism
import Environments
import Learning

/// How the student is rewarded from the discriminator's output D(s) = σ(logit(s)).
public enum GAILReward: String, Sendable, Hashable, CaseIterable {
    /// r = log D(s), the lecture's reward (always ≤ 0: episodes need a fixed horizon).
    case logD = "log-d"
    /// r = −log(1 − D(s)), the original GAIL paper's (Ho & Ermon 2016) generator reward (≥ 0).
    case negLogOneMinusD = "-log(1-d)"
    /// r = logit(s) = log D − log(1 − D), the AIRL-style sum of both.
    case logit

    @inlinable public func reward(logit z: Double) -> Double {
        switch self {
        case .logD: return PortableMath.logSigmoid(z)
        case .negLogOneMinusD: return PortableMath.softplus(z)
        case .logit: return z
        }
    }
}

/// GAIL's hyperparameters; defaults follow DESIGN.md's feasibility sketch on the driving loop
/// (student MLP 4→16→1, discriminator 4→32→32→1, 50 Adam steps at 1e-3 per update, CMA-ES
/// population 16, σ0 0.3, 10 generations per discriminator update).
public struct GAILSettings: Sendable, Hashable {
    public var iterations = 100
    public var reward = GAILReward.logD
    /// Discriminate (observation, action) pairs instead of observations alone.
    public var stateAction = false
    public var discriminatorHidden = [32, 32]
    public var discriminatorSteps = 50
    public var discriminatorLearningRate = 1e-3
    public var discriminatorBatch = 64
    public var policyHidden = [16]
    public var population = 16
    public var sigma = 0.3
    public var generationsPerUpdate = 10
    /// Rollouts averaged per candidate (different resets).
    public var rolloutsPerCandidate = 1
    /// Step cap of each expert demonstration episode (e.g. one lap); nil: the time limit.
    public var demonstrationSteps: Int? = nil
    public var demonstrationEpisodes = 1
    public var evaluationEpisodes = 1

    public init() {}
}

/// The final state of a GAIL run: per-iteration scores, the student's evaluation episodes
/// and the discriminator (for its heatmap).
public struct GAILResult: Sendable {
    public var records: [IterationRecord]
    public var evaluation: [Episode]
    public var discriminator: MLP
    public var student: MLP
}

/// Generative adversarial imitation (the lecture's inverse-RL method) as a configuration of
/// the imitation loop: (1) collect states with the student; (2) the "labels" are the
/// discriminator's — 1 on expert states, 0 on student states — and D_φ is trained by BCE;
/// (3) the student is improved by CMA-ES on the return of r(s) = log D_φ(s); (4) repeat.
/// The expert's actions are never used: only its demonstrated states.
///
/// Streams: demonstrations from `seed=K/demonstrations/…` (the same lap BC and DAgger see),
/// everything else under `methodStream`; evaluation starts from `seed=K/evaluation/…`.
public struct GAIL<Env: Environment>: Sendable {
    public var environment: Env
    public var expert: any Expert
    public var settings: GAILSettings
    public var seedStream: RandomStream
    public var methodStream: RandomStream

    public init(environment: Env, expert: any Expert, settings: GAILSettings, seedStream: RandomStream, methodStream: RandomStream) {
        self.environment = environment
        self.expert = expert
        self.settings = settings
        self.seedStream = seedStream
        self.methodStream = methodStream
    }

    var coding: ActionCoding { ActionCoding(environment.actionSpace) }
    var discriminatorInputWidth: Int {
        environment.observationSize + (settings.stateAction ? environment.actionSpace.outputSize : 0)
    }

    func discriminatorInput(_ observation: [Double], _ action: Action) -> [Double] {
        settings.stateAction ? observation + coding.target(action) : observation
    }

    /// One rollout of the student with parameters `theta`; returns the episode and its
    /// discriminator return Σ r(s_t).
    func studentRollout(_ policy: MLP, _ discriminator: MLP?, resetStream: RandomStream) -> (Episode, Double) {
        let coding = self.coding
        let episode = rollout(environment, resetStream: resetStream, policyStream: resetStream.child("policy")) { _, observation, _ in
            coding.action(policy.forward(observation))
        }
        guard let discriminator else { return (episode, 0) }
        var total = 0.0
        for t in 0..<episode.length {
            let z = discriminator.forward(discriminatorInput(episode.observations[t], episode.actions[t]))[0]
            total += settings.reward.reward(logit: z)
        }
        return (episode, total)
    }

    public func run(progress: (@Sendable (Int) -> Void)? = nil) throws -> GAILResult {
        let coding = self.coding
        let expert = self.expert
        // The expert's demonstrated states (and actions, used only by a state-action D).
        var expertInputs: [[Double]] = []
        for j in 0..<settings.demonstrationEpisodes {
            let root = seedStream.child("demonstrations").child("episode=\(j)")
            let demo = rollout(environment, maxSteps: settings.demonstrationSteps, resetStream: root.child("reset"),
                               policyStream: root.child("mixture")) { state, _, _ in expert.action(for: state) }
            for t in 0..<demo.length { expertInputs.append(discriminatorInput(demo.observations[t], demo.actions[t])) }
        }

        var initStream = methodStream.child("init")
        var student = try MLP(layerWidths: [environment.observationSize] + settings.policyHidden + [environment.actionSpace.outputSize],
                              hiddenActivation: .tanh, stream: &initStream)
        var discriminatorInit = methodStream.child("discriminator-init")
        // D_φ is initialised once, at the start (the lecture), and keeps learning across iterations.
        var discriminator = try MLP(layerWidths: [discriminatorInputWidth] + settings.discriminatorHidden + [1],
                                    hiddenActivation: .tanh, stream: &discriminatorInit)
        var adam = try Adam(parameterCount: discriminator.parameterCount, learningRate: settings.discriminatorLearningRate)
        var options = CMAESOptions()
        options.populationSize = settings.population
        options.tolFun = 0
        options.tolFunHist = 0
        options.tolX = 0
        options.tolFlatFitness = Int.max
        var search = try CMAES(x0: student.parameters, sigma0: settings.sigma, options: options, stream: methodStream.child("cmaes"))

        var records: [IterationRecord] = []
        for i in 0..<settings.iterations {
            let iterationStream = methodStream.child("iteration=\(i)")
            // 1. Collect states with the student.
            var studentInputs: [[Double]] = []
            for r in 0..<settings.rolloutsPerCandidate {
                let (episode, _) = studentRollout(student, nil, resetStream: iterationStream.child("collect=\(r)"))
                for t in 0..<episode.length { studentInputs.append(discriminatorInput(episode.observations[t], episode.actions[t])) }
            }
            // 2. Train D_φ: 1 on expert states, 0 on student states (balanced minibatches).
            var batches = iterationStream.child("discriminator")
            let half = settings.discriminatorBatch / 2
            for _ in 0..<settings.discriminatorSteps {
                var inputs: [[Double]] = [], targets: [[Double]] = []
                inputs.reserveCapacity(2 * half)
                for _ in 0..<half {
                    inputs.append(expertInputs[batches.nextInt(below: expertInputs.count)]); targets.append([1])
                    inputs.append(studentInputs[batches.nextInt(below: studentInputs.count)]); targets.append([0])
                }
                let (_, gradient) = discriminator.lossAndGradient(inputs: inputs, targets: targets, loss: .binaryCrossEntropyWithLogits)
                var p = discriminator.parameters
                adam.step(parameters: &p, gradient: gradient)
                discriminator.parameters = p
            }
            // 3. Improve π_θ by CMA-ES on the return of r(s) from D_φ.
            let frozen = discriminator
            for g in 0..<settings.generationsPerUpdate {
                let candidates = search.ask()
                let resets = (0..<settings.rolloutsPerCandidate).map { iterationStream.child("generation=\(g)").child("reset=\($0)") }
                var fitness: [Double] = []
                fitness.reserveCapacity(candidates.count)
                for theta in candidates {
                    var policy = student
                    policy.parameters = theta
                    var total = 0.0
                    for reset in resets { total += studentRollout(policy, frozen, resetStream: reset).1 }
                    fitness.append(-total / Double(resets.count))   // CMA-ES minimises
                }
                search.tell(fitness)
            }
            student.parameters = search.mean

            // Score the student after this iteration.
            let (_, metrics) = evaluate(student)
            records.append(IterationRecord(iteration: i, expertLabels: 0, trainingError: 0, metrics: meanMetrics(metrics)))
            progress?(i + 1)
        }
        let (episodes, _) = evaluate(student)
        return GAILResult(records: records, evaluation: episodes, discriminator: discriminator, student: student)
    }

    /// The student drives the evaluation episodes alone (the same starts as every method).
    public func evaluate(_ policy: MLP) -> ([Episode], [[String: Double]]) {
        let coding = self.coding
        var episodes: [Episode] = []
        var metrics: [[String: Double]] = []
        for j in 0..<settings.evaluationEpisodes {
            let root = seedStream.child("evaluation").child("episode=\(j)")
            let episode = rollout(environment, resetStream: root.child("reset"), policyStream: root.child("policy")) { _, observation, _ in
                coding.action(policy.forward(observation))
            }
            metrics.append(environment.episodeMetrics(states: episode.states, rewards: episode.rewards))
            episodes.append(episode)
        }
        return (episodes, metrics)
    }
}

import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyLearning

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

/// Which student states train the discriminator (step 2).
public enum GAILNegatives: String, Sendable, Hashable, CaseIterable {
    /// Rollouts of the current student (the CMA-ES mean) only.
    case student
    /// Those, plus the rollouts of every candidate of the last CMA-ES generation: more and
    /// more varied negatives, so D also learns where the search is about to go.
    case population
}

/// GAIL's hyperparameters. Defaults follow a measured feasibility sketch on the driving loop
/// (student MLP 4→16→1, discriminator 4→32→32→1, 50 Adam steps at 1e-3 per update, CMA-ES
/// population 16, σ0 0.3, 10 generations per discriminator update), plus what made it robust
/// on the stadium (measured; see seeds/README.md): negatives from the whole last generation,
/// inputs standardised with the demonstrations' statistics, and instance noise on D.
public struct GAILSettings: Sendable, Hashable {
    public var iterations = 100
    public var reward = GAILReward.logD
    /// Discriminate (observation, action) pairs instead of observations alone.
    public var stateAction = false
    public var discriminatorHidden = [32, 32]
    public var discriminatorSteps = 50
    public var discriminatorLearningRate = 1e-3
    /// Minibatch size of a discriminator step, half expert and half student inputs.
    public var discriminatorBatch = 64
    /// One-sided label smoothing: expert targets are 1 − this (Salimans et al. 2016, §3.4).
    public var labelSmoothing = 0.0
    /// Instance noise on D's training inputs, in standardised units (see Discriminator). Without
    /// it D became a knife edge around the demonstrated curve and the search lost its signal:
    /// 10 seeds of seeds/driving-loop.toml, on-road 0.80 → 0.996 with 0.05 (0.97 with 0.1,
    /// 0.83 with 0.2); seeds/gail-pendulum.toml −234 → −162 (expert −131).
    public var discriminatorNoise = 0.05
    public var negatives = GAILNegatives.population
    /// Standardise the student's and D's observation inputs with the mean and standard
    /// deviation of the demonstrated observations (fixed once, so the reward stays comparable).
    public var standardizeInputs = true
    public var policyHidden = [16]
    public var population = 16
    public var sigma = 0.3
    public var generationsPerUpdate = 10
    /// Rollouts per candidate, from resets shared by every candidate of a generation (common
    /// random numbers); the fitness is their mean return.
    public var rolloutsPerCandidate = 1
    /// Step cap of each expert demonstration episode (e.g. one lap); nil: the time limit.
    public var demonstrationSteps: Int? = nil
    public var demonstrationEpisodes = 1
    public var evaluationEpisodes = 1

    public init() {}
}

/// D_φ(s) = σ(f_φ(s)): an MLP giving a logit, trained by Adam on binary cross-entropy with
/// logits (numerically stable: softplus), expert inputs labelled 1 and student inputs 0.
public struct Discriminator: Sendable {
    public private(set) var network: MLP
    var adam: Adam
    public var batchSize: Int
    public var labelSmoothing: Double
    /// Standard deviation of the Gaussian "instance noise" added to every training input
    /// (Sønderby et al. 2016): D is smooth at this scale, so r(s) still ranks states that are
    /// near, but not on, the demonstrations.
    public var inputNoise: Double

    /// A freshly initialised discriminator (tanh hidden layers, one logit output).
    public init(inputWidth: Int, hidden: [Int], learningRate: Double, batchSize: Int = 64, labelSmoothing: Double = 0,
                inputNoise: Double = 0, stream: inout RandomStream) throws {
        network = try MLP(layerWidths: [inputWidth] + hidden + [1], hiddenActivation: .tanh, stream: &stream)
        adam = try Adam(parameterCount: network.parameterCount, learningRate: learningRate)
        self.batchSize = max(2, batchSize)
        self.labelSmoothing = labelSmoothing
        self.inputNoise = inputNoise
    }

    /// One Adam step on a balanced minibatch: batchSize/2 expert and as many student inputs,
    /// drawn with replacement from `stream`. Returns the minibatch's mean loss.
    @discardableResult
    public mutating func update(expert: [[Double]], student: [[Double]], stream: inout RandomStream) -> Double {
        precondition(!expert.isEmpty && !student.isEmpty, "the discriminator needs expert and student inputs")
        let half = batchSize / 2
        var inputs: [[Double]] = [], targets: [[Double]] = []
        inputs.reserveCapacity(2 * half)
        targets.reserveCapacity(2 * half)
        for _ in 0..<half {
            inputs.append(expert[stream.nextInt(below: expert.count)]); targets.append([1 - labelSmoothing])
            inputs.append(student[stream.nextInt(below: student.count)]); targets.append([0])
        }
        if inputNoise > 0 {
            for i in inputs.indices { for k in inputs[i].indices { inputs[i][k] += inputNoise * stream.nextNormal() } }
        }
        let (loss, gradient) = network.lossAndGradient(inputs: inputs, targets: targets, loss: .binaryCrossEntropyWithLogits)
        var p = network.parameters
        adam.step(parameters: &p, gradient: gradient)
        network.parameters = p
        return loss
    }

    /// f_φ(input), the logit of D.
    public func logit(_ input: [Double]) -> Double { network.forward(input)[0] }

    /// D(input) = σ(f_φ(input)), the probability that the input is the expert's.
    public func probability(_ input: [Double]) -> Double { PortableMath.sigmoid(logit(input)) }
}

/// The final state of a GAIL run: per-iteration scores, the student's evaluation episodes
/// and the discriminator (for its heatmap).
public struct GAILResult: Sendable {
    public var records: [IterationRecord]
    public var evaluation: [Episode]
    public var discriminator: MLP
    public var student: MLP
    /// The rescaling applied to observations before the student and D see them.
    public var inputScaling: Standardizer
}

/// Generative adversarial imitation (the lecture's inverse-RL method) as a configuration of
/// the imitation loop: (1) collect states with the student; (2) the "labels" are the
/// discriminator's — 1 on expert states, 0 on student states — and D_φ is trained by BCE;
/// (3) the student is improved by CMA-ES on the return of r(s) = log D_φ(s); (4) repeat.
/// The expert's actions are never used: only its demonstrated states.
///
/// Every student episode runs the environment's full horizon: with r ≤ 0 a shorter episode
/// would pay, so a terminated episode stays in its final (absorbing) state until the horizon,
/// scored, and shown to D, as that state (Kostrikov et al. 2019, "Discriminator-Actor-Critic").
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

    public func run(progress: (@Sendable (Int) -> Void)? = nil) throws -> GAILResult {
        // The expert's demonstrated states (and actions, used only by a state-action D).
        var demonstrations: [Episode] = []
        let expert = self.expert
        for j in 0..<settings.demonstrationEpisodes {
            let root = seedStream.child("demonstrations").child("episode=\(j)")
            demonstrations.append(rollout(environment, maxSteps: settings.demonstrationSteps, resetStream: root.child("reset"),
                                          policyStream: root.child("mixture")) { state, _, _ in expert.action(for: state) })
        }
        let scaling = settings.standardizeInputs
            ? try Standardizer(fitting: demonstrations.flatMap(\.observations), stdFloor: 1e-6)
            : Standardizer(identity: environment.observationSize)
        var expertInputs: [[Double]] = []
        for demo in demonstrations {
            for t in 0..<demo.length {
                let z = scaling.transform(demo.observations[t])
                expertInputs.append(settings.stateAction ? z + coding.target(demo.actions[t]) : z)
            }
        }

        var initStream = methodStream.child("init")
        var student = try MLP(layerWidths: [environment.observationSize] + settings.policyHidden + [environment.actionSpace.outputSize],
                              hiddenActivation: .tanh, stream: &initStream)
        // D_φ is initialised once, at the start (the lecture), and keeps learning across iterations.
        var discriminatorInit = methodStream.child("discriminator-init")
        var discriminator = try Discriminator(inputWidth: discriminatorInputWidth, hidden: settings.discriminatorHidden,
                                              learningRate: settings.discriminatorLearningRate, batchSize: settings.discriminatorBatch,
                                              labelSmoothing: settings.labelSmoothing, inputNoise: settings.discriminatorNoise,
                                              stream: &discriminatorInit)
        var options = CMAESOptions()
        options.populationSize = settings.population
        options.tolFun = 0
        options.tolFunHist = 0
        options.tolX = 0
        options.tolFlatFitness = Int.max
        options.tolStagnation = 0
        options.tolFacUpX = .greatestFiniteMagnitude
        options.tolConditionCov = .greatestFiniteMagnitude
        var search = try CMAES(x0: student.parameters, sigma0: settings.sigma, options: options, stream: methodStream.child("cmaes"))
        let rollouts = StudentRollouts(environment: environment, settings: settings, scaling: scaling)

        var records: [IterationRecord] = []
        var lastGeneration: [[Double]] = []
        for i in 0..<settings.iterations {
            let iterationStream = methodStream.child("iteration=\(i)")
            // 1. Collect states with the student (and, with `negatives = population`, those the
            //    last generation's candidates visited).
            var studentInputs = lastGeneration
            for r in 0..<settings.rolloutsPerCandidate {
                studentInputs += rollouts.run(student, nil, reset: iterationStream.child("collect=\(r)"), record: true).visited
            }
            // 2. Train D_φ: 1 on expert states, 0 on student states (balanced minibatches).
            var batches = iterationStream.child("discriminator")
            for _ in 0..<settings.discriminatorSteps {
                discriminator.update(expert: expertInputs, student: studentInputs, stream: &batches)
            }
            // 3. Improve π_θ by CMA-ES generations on the return of r(s) from the frozen D_φ.
            let frozen = discriminator.network
            for g in 0..<settings.generationsPerUpdate {
                let candidates = search.ask()
                let resets = (0..<settings.rolloutsPerCandidate).map { iterationStream.child("generation=\(g)").child("reset=\($0)") }
                let record = settings.negatives == .population && g == settings.generationsPerUpdate - 1
                if record { lastGeneration = [] }
                var fitness: [Double] = []
                fitness.reserveCapacity(candidates.count)
                for theta in candidates {
                    var policy = student
                    policy.parameters = theta
                    var total = 0.0
                    for reset in resets {
                        let outcome = rollouts.run(policy, frozen, reset: reset, record: record)
                        total += outcome.discriminatorReturn
                        if record { lastGeneration += outcome.visited }
                    }
                    fitness.append(-total / Double(resets.count))   // CMA-ES minimises
                }
                search.tell(fitness)
            }
            student.parameters = search.mean

            // Score the student after this iteration.
            let (_, metrics) = evaluate(student, scaling: scaling)
            records.append(IterationRecord(iteration: i, expertLabels: 0, trainingError: 0, metrics: meanMetrics(metrics)))
            progress?(i + 1)
            // 4. Repeat.
        }
        let (episodes, _) = evaluate(student, scaling: scaling)
        return GAILResult(records: records, evaluation: episodes, discriminator: discriminator.network, student: student,
                          inputScaling: scaling)
    }

    /// The student drives the evaluation episodes alone (the same starts as every method).
    public func evaluate(_ policy: MLP, scaling: Standardizer) -> ([Episode], [[String: Double]]) {
        let coding = self.coding
        var episodes: [Episode] = []
        var metrics: [[String: Double]] = []
        for j in 0..<settings.evaluationEpisodes {
            let root = seedStream.child("evaluation").child("episode=\(j)")
            let episode = rollout(environment, resetStream: root.child("reset"), policyStream: root.child("policy")) { _, observation, _ in
                coding.action(policy.forward(scaling.transform(observation)))
            }
            metrics.append(environment.episodeMetrics(states: episode.states, rewards: episode.rewards))
            episodes.append(episode)
        }
        return (episodes, metrics)
    }
}

/// The student's fixed-horizon rollouts during the search: millions of steps, so the policy
/// and D run on reused scratch buffers and nothing but the visited inputs (when asked) is kept.
struct StudentRollouts<Env: Environment>: Sendable {
    var environment: Env
    var settings: GAILSettings
    var scaling: Standardizer

    /// One episode of `policy` from `reset`, run to the horizon (a terminated episode stays in
    /// its final state); Σ_t r(s_t) under `discriminator` (0 without one) and, when `record`,
    /// the discriminator inputs of all horizon steps.
    func run(_ policy: MLP, _ discriminator: MLP?, reset: RandomStream, record: Bool) -> (discriminatorReturn: Double, visited: [[Double]]) {
        var env = environment
        var resetStream = reset
        env.reset(using: &resetStream)
        let horizon = env.maxEpisodeSteps
        let width = env.observationSize
        let actions = env.actionSpace.outputSize
        let inputWidth = width + (settings.stateAction ? actions : 0)
        let reward = settings.reward
        var visited: [[Double]] = []
        if record { visited.reserveCapacity(horizon) }
        var total = 0.0
        var input = [Double](repeating: 0, count: inputWidth)      // standardised observation (+ action)
        var output = [Double](repeating: 0, count: actions)
        var policyScratch = [Double](repeating: 0, count: policy.forwardWorkspaceCount)
        var logit = [0.0]
        var discriminatorScratch = [Double](repeating: 0, count: discriminator?.forwardWorkspaceCount ?? 0)
        let mean = scaling.mean, std = scaling.std

        /// r(s_t) of the current `input` (and records it).
        func score() -> Double {
            if record { visited.append(input) }
            guard let discriminator else { return 0 }
            input.withUnsafeBufferPointer { x in
                logit.withUnsafeMutableBufferPointer { z in
                    discriminatorScratch.withUnsafeMutableBufferPointer { w in discriminator.forward(x, into: z, workspace: w) }
                }
            }
            return reward.reward(logit: logit[0])
        }

        var t = 0
        while t < horizon {
            let observation = env.observation
            for k in 0..<width { input[k] = (observation[k] - mean[k]) / std[k] }
            input.withUnsafeBufferPointer { x in
                output.withUnsafeMutableBufferPointer { y in
                    policyScratch.withUnsafeMutableBufferPointer { w in policy.forward(UnsafeBufferPointer(rebasing: x[0..<width]), into: y, workspace: w) }
                }
            }
            let action: Action
            switch env.actionSpace {
            case .discrete:
                var best = 0
                for j in 0..<actions where output[j] > output[best] { best = j }
                action = .discrete(best)
                if settings.stateAction { for j in 0..<actions { input[width + j] = j == best ? 1 : 0 } }
            case .box(let low, let high):
                for j in 0..<actions { output[j] = min(max(output[j], low[j]), high[j]) }
                action = .continuous(output)
                if settings.stateAction { for j in 0..<actions { input[width + j] = output[j] } }
            }
            total += score()
            let transition = env.step(action)
            t += 1
            if transition.terminated && t < horizon {
                // The absorbing state: the final observation (with the last action) until the horizon.
                let final = env.observation
                for k in 0..<width { input[k] = (final[k] - mean[k]) / std[k] }
                let r = score()
                total += Double(horizon - t) * r
                if record { for _ in (t + 1)..<horizon { visited.append(input) } }
                break
            }
        }
        return (total, visited)
    }
}

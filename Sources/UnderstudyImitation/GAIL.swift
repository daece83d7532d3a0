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

    /// The reward of a state whose discriminator logit is `z`, computed stably from the logit.
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
    /// Discriminator updates (the loop's rounds), each followed by `generationsPerUpdate` CMA-ES generations.
    public var iterations = 100
    /// How the student is rewarded from D(s).
    public var reward = GAILReward.logD
    /// What D sees: observations alone, or (observation, action) pairs.
    public var discriminatorInput = GAILDiscriminatorInput.state
    /// Hidden layer widths of the discriminator's MLP.
    public var discriminatorHidden = [32, 32]
    /// Adam steps per discriminator update.
    public var discriminatorSteps = 50
    /// Adam's learning rate for the discriminator.
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
    /// Which student states train the discriminator.
    public var negatives = GAILNegatives.population
    /// Standardise the student's and D's observation inputs with the mean and standard
    /// deviation of the demonstrated observations (fixed once, so the reward stays comparable).
    public var standardizeInputs = true
    /// Hidden layer widths of the student's MLP (its weights are what CMA-ES searches).
    public var policyHidden = [16]
    /// CMA-ES population size (λ).
    public var population = 16
    /// CMA-ES initial step size σ0.
    public var sigma = 0.3
    /// CMA-ES generations between discriminator updates.
    public var generationsPerUpdate = 10
    /// Rollouts per candidate, from resets shared by every candidate of a generation (common
    /// random numbers); the fitness is their mean return.
    public var rolloutsPerCandidate = 1

    /// The defaults above.
    public init() {}

    var stateAction: Bool { discriminatorInput == .stateAction }
}

/// What the discriminator sees (step 2).
public enum GAILDiscriminatorInput: String, Sendable, Hashable, CaseIterable {
    case state
    /// (observation, action) pairs: the action one-hot (discrete) or as a vector (continuous).
    case stateAction = "state-action"
}



/// Generative adversarial imitation (the lecture's inverse-RL method) as a configuration of
/// the imitation loop: (1) collect states with the student, beside the expert's demonstrated
/// states; (2) the "labels" are the discriminator's — 1 on expert states, 0 on student
/// states — and D_φ is trained by BCE; (3) the student is improved by CMA-ES on the return of
/// r(s) = log D_φ(s); (4) repeat. The expert's actions are never used: only its demonstrated
/// states (Ho & Ermon, "Generative Adversarial Imitation Learning", NeurIPS 2016).
///
/// Every student episode of the search runs the environment's full horizon: with r ≤ 0 a
/// shorter episode would pay, so a terminated episode stays in its final (absorbing) state
/// until the horizon, scored, and shown to D, as that state (Kostrikov et al. 2019,
/// "Discriminator-Actor-Critic").
///
/// Streams, under the context's `methodStream`: `init` (student), `discriminator-init`,
/// `cmaes`, and per round `iteration=i/collect=r`, `iteration=i/discriminator`,
/// `iteration=i/generation=g/reset=r`.
public struct GAIL: ImitationMethod {
    /// The hyperparameters this run uses.
    public let settings: GAILSettings
    /// The loop's rounds: `settings.iterations`.
    public var iterations: Int { settings.iterations }
    /// The rescaling applied to observations before the student and D see them.
    public let inputScaling: Standardizer
    /// The demonstrated states as D sees them (standardised; plus actions for a state-action D).
    let expertInputs: [[Double]]
    /// π_θ: an MLP on standardised observations, its parameters the CMA-ES mean.
    public private(set) var student: MLP
    /// D_φ, initialised once, at the start (the lecture), and learning across rounds.
    public private(set) var discriminator: Discriminator
    var search: CMAES
    /// The states the last CMA-ES generation visited (with `negatives = population`).
    var lastGeneration: [[Double]] = []

    /// Records the demonstrations and sets up the student, D and the search.
    public init<E: Environment>(settings: GAILSettings, in context: ImitationContext<E>) throws {
        self.settings = settings
        let environment = context.environment, coding = context.coding
        let demonstrations = context.demonstrations()
        inputScaling = settings.standardizeInputs
            ? try Standardizer(fitting: demonstrations.flatMap(\.observations), stdFloor: 1e-6)
            : Standardizer(identity: environment.observationSize)
        var expertInputs: [[Double]] = []
        for demo in demonstrations {
            for t in 0..<demo.length {
                let z = inputScaling.transform(demo.observations[t])
                expertInputs.append(settings.stateAction ? z + coding.target(demo.actions[t]) : z)
            }
        }
        self.expertInputs = expertInputs

        var initStream = context.methodStream.child("init")
        student = try MLP(layerWidths: [environment.observationSize] + settings.policyHidden + [environment.actionSpace.outputSize],
                          hiddenActivation: .tanh, stream: &initStream)
        var discriminatorInit = context.methodStream.child("discriminator-init")
        let inputWidth = environment.observationSize + (settings.stateAction ? environment.actionSpace.outputSize : 0)
        discriminator = try Discriminator(inputWidth: inputWidth, hidden: settings.discriminatorHidden,
                                          learningRate: settings.discriminatorLearningRate, batchSize: settings.discriminatorBatch,
                                          labelSmoothing: settings.labelSmoothing, inputNoise: settings.discriminatorNoise,
                                          stream: &discriminatorInit)
        // A fixed budget of generations: none of CMA-ES's own stopping rules apply.
        var options = CMAESOptions()
        options.populationSize = settings.population
        options.tolFun = 0
        options.tolFunHist = 0
        options.tolX = 0
        options.tolFlatFitness = Int.max
        options.tolStagnation = 0
        options.tolFacUpX = .greatestFiniteMagnitude
        options.tolConditionCov = .greatestFiniteMagnitude
        search = try CMAES(x0: student.parameters, sigma0: settings.sigma, options: options, stream: context.methodStream.child("cmaes"))
    }

    /// The student's states (and, with `negatives = population`, those the last generation's
    /// candidates visited).
    public func collect<E: Environment>(iteration i: Int, in context: ImitationContext<E>) -> [[Double]] {
        var studentInputs = lastGeneration
        let round = context.methodStream.child("iteration=\(i)")
        for r in 0..<settings.rolloutsPerCandidate {
            studentInputs += searchRollout(student, nil, reset: round.child("collect=\(r)"), recordInputs: true, in: context).inputs
        }
        return studentInputs
    }

    /// Trains D_φ: 1 on expert states, 0 on student states (balanced minibatches); the
    /// student is then scored by this frozen D.
    public mutating func label<E: Environment>(_ studentInputs: [[Double]], iteration i: Int, in context: ImitationContext<E>) -> MLP {
        var batches = context.methodStream.child("iteration=\(i)").child("discriminator")
        for _ in 0..<settings.discriminatorSteps {
            discriminator.update(expert: expertInputs, student: studentInputs, stream: &batches)
        }
        return discriminator.network
    }

    /// CMA-ES generations on the return of r(s) under the frozen D; the student becomes the
    /// search's mean. Candidates of a generation share their resets (common random numbers).
    public mutating func fit<E: Environment>(_ frozen: MLP, iteration i: Int, in context: ImitationContext<E>) throws -> FitSummary {
        let round = context.methodStream.child("iteration=\(i)")
        for g in 0..<settings.generationsPerUpdate {
            let candidates = search.ask()
            let resets = (0..<settings.rolloutsPerCandidate).map { round.child("generation=\(g)").child("reset=\($0)") }
            let record = settings.negatives == .population && g == settings.generationsPerUpdate - 1
            if record { lastGeneration = [] }
            var fitness: [Double] = []
            fitness.reserveCapacity(candidates.count)
            for theta in candidates {
                var policy = student
                policy.parameters = theta
                var total = 0.0
                for reset in resets {
                    let outcome = searchRollout(policy, frozen, reset: reset, recordInputs: record, in: context)
                    total += outcome.return
                    if record { lastGeneration += outcome.inputs }
                }
                fitness.append(-total / Double(resets.count))   // CMA-ES minimises
            }
            search.tell(fitness)
        }
        student.parameters = search.mean
        return FitSummary(expertLabels: 0, trainingError: nil)
    }

    /// The student's action for `observation`: the CMA-ES mean's MLP, standardised inputs, decoded by the action coding.
    public func act<E: Environment>(_ observation: [Double], in context: ImitationContext<E>) -> Action {
        context.coding.action(student.forward(inputScaling.transform(observation)))
    }

    /// One search episode of `policy` from `reset` through the rollout engine, run to the
    /// horizon (a terminated episode stays in its final state): Σ_t r(s_t) under
    /// `discriminator` (0 without one) and, when `recordInputs`, D's inputs of all horizon
    /// steps. Millions of these run per GAIL run, so the policy and D work on reused buffers.
    func searchRollout<E: Environment>(_ policy: MLP, _ discriminator: MLP?, reset: RandomStream, recordInputs: Bool,
                                       in context: ImitationContext<E>) -> (return: Double, inputs: [[Double]]) {
        let environment = context.environment
        let horizon = environment.maxEpisodeSteps
        let width = environment.observationSize
        let space = environment.actionSpace, actions = space.outputSize
        let stateAction = settings.stateAction, reward = settings.reward
        let mean = inputScaling.mean, std = inputScaling.std
        var inputs: [[Double]] = []
        if recordInputs { inputs.reserveCapacity(horizon) }
        var total = 0.0
        var input = [Double](repeating: 0, count: width + (stateAction ? actions : 0))   // standardised observation (+ action)
        var output = [Double](repeating: 0, count: actions)
        var policyScratch = [Double](repeating: 0, count: policy.forwardWorkspaceCount)
        var logit = [0.0]
        var discriminatorScratch = [Double](repeating: 0, count: discriminator?.forwardWorkspaceCount ?? 0)

        /// r(s_t) of the current `input` (and records it).
        func score() -> Double {
            if recordInputs { inputs.append(input) }
            guard let discriminator else { return 0 }
            input.withUnsafeBufferPointer { x in
                logit.withUnsafeMutableBufferPointer { z in
                    discriminatorScratch.withUnsafeMutableBufferPointer { w in discriminator.forward(x, into: z, workspace: w) }
                }
            }
            return reward.reward(logit: logit[0])
        }
        func standardize(_ observation: [Double]) {
            for k in 0..<width { input[k] = (observation[k] - mean[k]) / std[k] }
        }

        let episode = rollout(environment, resetStream: reset, policyStream: reset, recording: false) { _, observation, _ in
            standardize(observation)
            input.withUnsafeBufferPointer { x in
                output.withUnsafeMutableBufferPointer { y in
                    policyScratch.withUnsafeMutableBufferPointer { w in
                        policy.forward(UnsafeBufferPointer(rebasing: x[0..<width]), into: y, workspace: w)
                    }
                }
            }
            let action: Action
            switch space {
            case .discrete:
                var best = 0
                for j in 0..<actions where output[j] > output[best] { best = j }
                action = .discrete(best)
                if stateAction { for j in 0..<actions { input[width + j] = j == best ? 1 : 0 } }
            case .box(let low, let high):
                for j in 0..<actions { output[j] = min(max(output[j], low[j]), high[j]) }
                action = .continuous(output)
                if stateAction { for j in 0..<actions { input[width + j] = output[j] } }
            }
            total += score()
            return action
        }
        if episode.terminated && episode.length < horizon {
            // The absorbing state: the final observation (with the last action) until the horizon.
            standardize(episode.finalObservation)
            total += Double(horizon - episode.length) * score()
            if recordInputs { for _ in (episode.length + 1)..<horizon { inputs.append(input) } }
        }
        return (total, inputs)
    }
}

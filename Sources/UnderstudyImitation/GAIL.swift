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

    /// `reward(logit:)` of every logit, in place, through PortableMath's array forms (the
    /// same bits): the batched search's rewards of one step.
    @inlinable public func rewards(logits z: UnsafeMutableBufferPointer<Double>) {
        switch self {
        case .logD: PortableMath.logSigmoid(UnsafeBufferPointer(z), into: z)
        case .negLogOneMinusD: PortableMath.softplus(UnsafeBufferPointer(z), into: z)
        case .logit: break
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
    /// What D sees: observations alone, (observation, action) pairs, or transitions (s, s′).
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
    /// The share of D's student inputs drawn from earlier rounds' student states (a replay of
    /// `replayPerRound` states kept from every round) rather than the current round's. Without
    /// it D forgets what it rejected once the students stop going there, r(s) there drifts, and
    /// a student that had found the expert's states can leave them again (the late dips of
    /// the driving loop); the GAN literature's history of generated samples (Shrivastava et
    /// al. 2017). 0 turns it off. With 0.5 and `selectFrom` 10 (measured per master seed; see
    /// seeds/README.md) the driving loop's GAIL held the road from round 100 to 200 on every
    /// seed tried, and gail-pendulum's worst seeds came from −333/−664 to −205/−281.
    public var replayFraction = 0.5
    /// States of each round's student inputs kept for the replay, drawn uniformly.
    public var replayPerRound = 1000
    /// How many of the latest rounds' CMA-ES means compete for the student: after each round
    /// every one of them drives the round's shared resets and the one whose return under the
    /// round's D is highest acts (the newest among equals). 1: the student is the latest mean.
    /// The mean is no policy the search ever scored, and one round's mean can leave the
    /// demonstrated states that the previous round's kept; D, trained on every earlier student
    /// (with `replay`), is the judge GAIL already has — no environment reward, no expert action.
    public var selectFrom = 10
    /// How many of the latest rounds' CMA-ES means the acting student averages, weight by
    /// weight (tail averaging of the iterates: Polyak & Juditsky 1992; for GANs' generators,
    /// Yazıcı et al. 2019). 1: off. It takes the place of `selectFrom`, which must then be 1.
    /// Each round's D pulls the mean a little way off, and the average cancels much of that
    /// wander: on the driving loop GAIL's students drive about 0.06 from the centre line with 5,
    /// against about 0.2 with the newest mean or the selection (seeds/README.md). The search
    /// itself still moves from its own mean, and D still sees the search's students.
    public var averageMeans = 1
    /// The student and its search (the student's and D's observation inputs are standardised
    /// with the demonstrations' statistics when `search.standardizeInputs`, fixed once so the
    /// reward stays comparable).
    public var search = PolicySearchSettings()


    /// The defaults above.
    public init() {}

    var stateAction: Bool { discriminatorInput == .stateAction }
}

/// What the discriminator sees (step 2).
public enum GAILDiscriminatorInput: String, Sendable, Hashable, CaseIterable {
    case state
    /// (observation, action) pairs: the action one-hot (discrete) or as a vector (continuous).
    case stateAction = "state-action"
    /// (observation, next observation) pairs, both standardised: what a step did, seen through
    /// the states alone (no expert action; Torabi et al. 2019, "GAIfO"). A state D scores where
    /// a student is, not how fast it gets there: on Pendulum a student that pumps once more
    /// than the expert passes through the expert's states; its transitions differ.
    case transition

    /// D's input width for observations of `observations` numbers and actions of `actions`.
    public func width(observations: Int, actions: Int) -> Int {
        switch self {
        case .state: observations
        case .stateAction: observations + actions
        case .transition: 2 * observations
        }
    }
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
/// `iteration=i/replay`, `iteration=i/generation=g/reset=r`, `iteration=i/select/reset=r`.
public struct GAIL: ImitationMethod {
    /// The hyperparameters this run uses.
    public let settings: GAILSettings
    /// The loop's rounds: `settings.iterations`.
    public var iterations: Int { settings.iterations }
    /// The rescaling applied to observations before the student and D see them.
    public var inputScaling: Standardizer { policy.inputScaling }
    /// The demonstrated states as D sees them (standardised; with actions for a state-action D, paired with the next for a transition D).
    let expertInputs: [[Double]]
    /// π_θ and its CMA-ES search.
    public private(set) var policy: PolicySearch
    /// π_θ, the student that acts: an MLP on standardised observations, the CMA-ES mean
    /// (with `selectFrom` > 1, the best of the latest means under the last D; with
    /// `averageMeans` > 1, the average of the latest means).
    public var student: MLP { selected ?? policy.student }
    /// The latest CMA-ES means, newest last (with `selectFrom` or `averageMeans` > 1).
    var recentMeans: [[Double]] = []
    /// The chosen or averaged mean, once a round has run with selection or averaging on.
    var selected: MLP?
    /// D_φ, initialised once, at the start (the lecture), and learning across rounds.
    public private(set) var discriminator: Discriminator
    /// The states the last CMA-ES generation visited (with `negatives = population`).
    var lastGeneration: [[Double]] = []
    /// Student inputs of earlier rounds D keeps rejecting (`settings.replayPerRound` a round).
    var replay: [[Double]] = []
    /// Environment steps of the demonstrations, the student's collection and the search so far.
    public private(set) var environmentSteps: StepCounts
    /// The demonstrated states D learns to accept.
    public let demonstrationStates: Int

    /// Records the demonstrations and sets up the student, D and the search.
    public init<E: Environment>(settings: GAILSettings, in context: ImitationContext<E>) throws {
        guard settings.averageMeans == 1 || settings.selectFrom == 1 else {
            throw LearningError.invalidOption(name: "averageMeans", value: "\(settings.averageMeans)",
                                              expected: "1 when selectFrom > 1 (each chooses the acting student)")
        }
        self.settings = settings
        let environment = context.environment, coding = context.coding
        let demonstrations = context.demonstrations()
        demonstrationStates = demonstrations.reduce(0) { $0 + $1.length }
        environmentSteps = StepCounts(collection: demonstrationStates)
        policy = try PolicySearch(settings: settings.search, demonstrations: demonstrations, in: context)
        var expertInputs: [[Double]] = []
        for demo in demonstrations {
            let z = demo.observations[0..<demo.length].map(policy.inputScaling.transform)
            switch settings.discriminatorInput {
            case .state: expertInputs += z
            case .stateAction: expertInputs += z.indices.map { z[$0] + coding.target(demo.actions[$0]) }
            case .transition:
                // The demonstration's last step leads to its final observation.
                let next = z.dropFirst() + [policy.inputScaling.transform(demo.finalObservation)]
                expertInputs += zip(z, next).map { $0 + $1 }
            }
        }
        self.expertInputs = expertInputs
        var discriminatorInit = context.methodStream.child("discriminator-init")
        let inputWidth = settings.discriminatorInput.width(observations: environment.observationSize,
                                                           actions: environment.actionSpace.outputSize)
        discriminator = try Discriminator(inputWidth: inputWidth, hidden: settings.discriminatorHidden,
                                          learningRate: settings.discriminatorLearningRate, batchSize: settings.discriminatorBatch,
                                          labelSmoothing: settings.labelSmoothing, inputNoise: settings.discriminatorNoise,
                                          stream: &discriminatorInit)
    }

    /// The student's states (and, with `negatives = population`, those the last generation's
    /// candidates visited).
    public mutating func collect<E: Environment>(iteration i: Int, in context: ImitationContext<E>) -> [[Double]] {
        var studentInputs = lastGeneration
        let round = context.methodStream.child("iteration=\(i)")
        for r in 0..<settings.search.rolloutsPerCandidate {
            let outcome = searchRollout(policy.student, nil, reset: round.child("collect=\(r)"), recordInputs: true, in: context)
            studentInputs += outcome.inputs
            environmentSteps.collection += outcome.steps
        }
        return studentInputs
    }

    /// Trains D_φ: 1 on expert states, 0 on student states (balanced minibatches); the
    /// student is then scored by this frozen D.
    public mutating func label<E: Environment>(_ studentInputs: [[Double]], iteration i: Int, in context: ImitationContext<E>) -> MLP {
        let round = context.methodStream.child("iteration=\(i)")
        var batches = round.child("discriminator")
        for _ in 0..<settings.discriminatorSteps {
            discriminator.update(expert: expertInputs, student: studentInputs, replay: replay, replayFraction: settings.replayFraction,
                                 stream: &batches)
        }
        if settings.replayFraction > 0 && !studentInputs.isEmpty {
            var keep = round.child("replay")
            for _ in 0..<settings.replayPerRound { replay.append(studentInputs[keep.nextInt(below: studentInputs.count)]) }
        }
        return discriminator.network
    }

    /// CMA-ES generations on the return of r(s) under the frozen D; the student becomes the
    /// search's mean. Candidates of a generation share their resets (common random numbers).
    public mutating func fit<E: Environment>(_ frozen: MLP, iteration i: Int, in context: ImitationContext<E>) throws -> FitSummary {
        let keep = settings.negatives == .population
        var search = policy
        let gail = self
        let result = search.improve(round: context.methodStream.child("iteration=\(i)"), threads: context.threads) { parameters, resets, last in
            gail.searchRollouts(parameters, frozen, resets: resets, recordInputs: keep && last, in: context)
        }
        environmentSteps.search += result.steps
        policy = search
        if keep { lastGeneration = result.lastGeneration.flatMap(\.visited) }
        if settings.selectFrom > 1 { select(under: frozen, round: context.methodStream.child("iteration=\(i)"), in: context) }
        if settings.averageMeans > 1 { average() }
        return FitSummary(expertLabels: policy.expertLabels, trainingError: nil)
    }

    /// Keeps the new mean among the latest `count`.
    mutating func remember(latest count: Int) {
        recentMeans.append(policy.student.parameters)
        if recentMeans.count > count { recentMeans.removeFirst(recentMeans.count - count) }
    }

    /// Keeps the new mean among the latest `averageMeans` and makes their average the student
    /// (summed oldest first, then divided: the same bits on every machine).
    mutating func average() {
        remember(latest: settings.averageMeans)
        var sum = [Double](repeating: 0, count: policy.student.parameters.count)
        for mean in recentMeans { for j in sum.indices { sum[j] += mean[j] } }
        var averaged = policy.student
        averaged.parameters = sum.map { $0 / Double(recentMeans.count) }
        selected = averaged
    }

    /// Keeps the new mean among the latest `selectFrom` and makes the one with the highest
    /// mean return under `frozen`, over the shared resets `round/select/reset=r`, the student.
    mutating func select<E: Environment>(under frozen: MLP, round: RandomStream, in context: ImitationContext<E>) {
        remember(latest: settings.selectFrom)
        let resets = (0..<settings.search.rolloutsPerCandidate).map { round.child("select").child("reset=\($0)") }
        let (parameters, laneResets) = PolicySearch.lanes(recentMeans[...], resets)
        let outcomes = searchRollouts(parameters, frozen, resets: laneResets, recordInputs: false, in: context)
        let (totals, steps) = PolicySearch.totals(outcomes, resets: resets.count)
        environmentSteps.search += steps
        var best = 0, bestReturn = -Double.infinity
        for (c, total) in totals.enumerated() where total >= bestReturn { best = c; bestReturn = total }
        var chosen = policy.student
        chosen.parameters = recentMeans[best]
        selected = chosen
    }

    /// The student's action for `observation`: `student`'s MLP, standardised inputs, decoded by the action coding.
    public func act<E: Environment>(_ observation: [Double], in context: ImitationContext<E>) -> Action {
        policy.act(observation, coding: context.coding, network: student)
    }

    /// One search episode of `policy` from `reset`, run to the horizon, scored by r(s) under
    /// `discriminator` (0 without one): `PolicySearch.rewardRollout` with this GAIL's reward and input.
    func searchRollout<E: Environment>(_ policy: MLP, _ discriminator: MLP?, reset: RandomStream, recordInputs: Bool,
                                       in context: ImitationContext<E>) -> (return: Double, inputs: [[Double]], steps: Int) {
        self.policy.rewardRollout(policy, reward: settings.reward, discriminator: discriminator, input: settings.discriminatorInput,
                                  reset: reset, recordInputs: recordInputs, in: context)
    }

    /// `searchRollout` for many policies at once: lane `i` runs the student's shape with
    /// `parameters[i]` from `resets[i]` through the batched rollout engine, and D scores the
    /// active lanes' inputs of each step together. Per lane the same return (the same sum in
    /// the same order, the same absorbing tail), steps and inputs as `searchRollout`.
    func searchRollouts<E: Environment>(_ parameters: [[Double]], _ discriminator: MLP?, resets: [RandomStream], recordInputs: Bool,
                                        in context: ImitationContext<E>) -> [SearchOutcome] {
        let horizon = context.environment.maxEpisodeSteps
        let reward = settings.reward, kind = settings.discriminatorInput
        let n = parameters.count
        let observations = context.environment.observationSize
        let width = kind.width(observations: observations, actions: context.environment.actionSpace.outputSize)
        var totals = [Double](repeating: 0, count: n)
        var visited = Array(repeating: [[Double]](), count: n)
        var packed = [Double](repeating: 0, count: n * width)
        var lanesOf = [Int](repeating: 0, count: n)
        var logits = [Double](repeating: 0, count: n)
        var workspace = [Double](repeating: 0, count: discriminator?.laneWorkspaceCount(lanes: n) ?? 0)
        // Transitions: each lane's previous standardised observation, once its first step has opened one.
        var previous = [Double](repeating: 0, count: kind == .transition ? n * observations : 0)
        var opened = [Bool](repeating: false, count: n)
        let (episodes, last, _) = policy.rollout(lanes: parameters, resets: resets, appendingAction: settings.stateAction,
                                                 in: context) { inputs, active in
            // D's inputs of the active lanes, packed side by side.
            var m = 0
            for i in 0..<n where active[i] {
                let row = m * width
                if kind == .transition {
                    let o = i * observations
                    for k in 0..<observations {
                        packed[row + k] = previous[o + k]
                        packed[row + observations + k] = inputs[o + k]
                        previous[o + k] = inputs[o + k]
                    }
                    guard opened[i] else { opened[i] = true; continue }
                } else {
                    for k in 0..<width { packed[row + k] = inputs[i * width + k] }
                }
                if recordInputs { visited[i].append(Array(packed[row..<(row + width)])) }
                lanesOf[m] = i
                m += 1
            }
            guard let discriminator, m > 0 else { return }
            packed.withUnsafeBufferPointer { x in
                logits.withUnsafeMutableBufferPointer { z in
                    workspace.withUnsafeMutableBufferPointer { w in discriminator.forward(lanes: m, inputs: x, into: z, workspace: w) }
                    reward.rewards(logits: UnsafeMutableBufferPointer(rebasing: z[0..<m]))
                }
            }
            for q in 0..<m { totals[lanesOf[q]] += logits[q] }
        }
        var outcomes: [SearchOutcome] = []
        outcomes.reserveCapacity(n)
        var score = LearnedRewardScorer(reward: reward, discriminator: discriminator)
        for (i, episode) in episodes.enumerated() {
            var total = totals[i]
            let final = inputScaling.transform(episode.finalObservation)
            if kind == .transition {
                // The last step's transition, to the final observation.
                let closing = Array(previous[(i * observations)..<((i + 1) * observations)]) + final
                if recordInputs { visited[i].append(closing) }
                total += score(closing)
            }
            if episode.terminated && episode.length < horizon {
                // The absorbing state, as `rewardRollout` scores it.
                var input: [Double]
                if kind == .transition {
                    input = final + final
                } else {
                    input = Array(last[(i * width)..<((i + 1) * width)])
                    input.replaceSubrange(0..<observations, with: final)
                }
                if recordInputs { visited[i].append(input) }
                total += Double(horizon - episode.length) * score(input)
                if recordInputs { for _ in (episode.length + 1)..<horizon { visited[i].append(input) } }
            }
            outcomes.append(SearchOutcome(return: total, steps: episode.length, visited: visited[i]))
        }
        return outcomes
    }
}

import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyLearning

extension PolicySearch {
    /// One search episode of `policy` from `reset` through the rollout engine, run to the
    /// environment's horizon and scored by a learned reward: Σ_t r(x_t) with r = `reward` of the
    /// discriminator's logit (0 without a discriminator), x_t the `input` D reads at step t: the
    /// standardised observation, with the action, or the transition (s_t, s_t+1) — the last one
    /// to the final observation. A terminated episode stays in its final (absorbing) state until
    /// the horizon, scored as that state (for transitions: from it to itself; Kostrikov et al.
    /// 2019), so with r ≤ 0 ending early never pays. Returns the return, the environment steps
    /// taken and, when `recordInputs`, the discriminator's inputs of all horizon steps. GAIL's
    /// search and the frozen-reward search both score their candidates here.
    public func rewardRollout<E: Environment>(_ policy: MLP, reward: GAILReward, discriminator: MLP?, input kind: GAILDiscriminatorInput,
                                              reset: RandomStream, recordInputs: Bool,
                                              in context: ImitationContext<E>) -> (return: Double, inputs: [[Double]], steps: Int) {
        let horizon = context.environment.maxEpisodeSteps
        let observations = context.environment.observationSize
        var inputs: [[Double]] = []
        if recordInputs { inputs.reserveCapacity(horizon) }
        var total = 0.0
        var scorer = LearnedRewardScorer(reward: reward, discriminator: discriminator)
        /// r(x) of one input (and records it).
        func score(_ input: [Double]) -> Double {
            if recordInputs { inputs.append(input) }
            return scorer(input)
        }
        var previous: [Double]?
        let (episode, last) = rollout(policy, reset: reset, appendingAction: kind == .stateAction, in: context) { input in
            guard kind == .transition else { total += score(input); return }
            if let previous { total += score(previous + input) }
            previous = input
        }
        let final = inputScaling.transform(episode.finalObservation)
        if kind == .transition, let previous { total += score(previous + final) }
        if episode.terminated && episode.length < horizon {
            // The absorbing state: the final observation (with the last action) until the horizon.
            var input = last
            if kind == .transition { input = final + final } else { input.replaceSubrange(0..<observations, with: final) }
            total += Double(horizon - episode.length) * score(input)
            if recordInputs { for _ in (episode.length + 1)..<horizon { inputs.append(input) } }
        }
        return (total, inputs, episode.length)
    }
}

/// r(x) = `reward` of the discriminator's logit for one input at a time (0 without a
/// discriminator), through the one-input forward into buffers it reuses: how a search episode's
/// single inputs are scored (`PolicySearch.rewardRollout`, and the final and absorbing inputs of
/// `GAIL.searchRollouts`), so both paths give the same bits.
struct LearnedRewardScorer {
    let reward: GAILReward
    let discriminator: MLP?
    private var logit = [0.0]
    private var scratch: [Double]

    init(reward: GAILReward, discriminator: MLP?) {
        self.reward = reward
        self.discriminator = discriminator
        scratch = [Double](repeating: 0, count: discriminator?.forwardWorkspaceCount ?? 0)
    }

    mutating func callAsFunction(_ input: [Double]) -> Double {
        guard let discriminator else { return 0 }
        input.withUnsafeBufferPointer { x in
            logit.withUnsafeMutableBufferPointer { z in
                scratch.withUnsafeMutableBufferPointer { w in discriminator.forward(x, into: z, workspace: w) }
            }
        }
        return reward.reward(logit: logit[0])
    }
}

/// A fresh student optimised by CMA-ES on a frozen learned reward: the return of
/// r(s) = `reward`(D(s)) under a discriminator that no longer learns — GAIL's final D, reused in
/// another environment (reward transfer, issue 16). In the loop's terms it collects nothing and
/// labels nothing; its fit stage is `search.generationsPerUpdate` CMA-ES generations, as GAIL's
/// is, scored by `PolicySearch.rewardRollout`. The student sees observations standardised as D
/// saw them (`inputScaling`, GAIL's), and starts from a random MLP (its own `init` stream).
///
/// Streams, under the context's `methodStream`: `init`, `cmaes`, and per round
/// `iteration=i/generation=g/reset=r`.
public struct FrozenRewardSearch: ImitationMethod {
    /// How D's logit becomes the reward (GAIL's `reward` setting: log D by default).
    public let reward: GAILReward
    /// f_φ, the frozen discriminator's logit network (on standardised observations).
    public let discriminator: MLP
    /// Rounds of the loop, each `search.generationsPerUpdate` CMA-ES generations.
    public let iterations: Int
    /// π_θ and its CMA-ES search.
    public private(set) var policy: PolicySearch
    /// Environment steps of the search so far (no collection: nothing is demonstrated again).
    public private(set) var environmentSteps = StepCounts()
    /// 0: the student learns from the reward alone (D learned from the demonstrations before).
    public var demonstrationStates: Int { 0 }

    /// A fresh student (random MLP of `search.policyHidden`) and its search, on the frozen
    /// `discriminator`'s reward; `inputScaling` is the scaling D was trained with.
    public init<E: Environment>(reward: GAILReward, discriminator: MLP, inputScaling: Standardizer, search: PolicySearchSettings,
                                iterations: Int, in context: ImitationContext<E>) throws {
        precondition(discriminator.layerWidths.first == context.environment.observationSize,
                     "the frozen discriminator must read the environment's observations (a state-only D)")
        self.reward = reward
        self.discriminator = discriminator
        self.iterations = iterations
        var settings = search
        settings.initialization = .random
        policy = try PolicySearch(settings: settings, inputScaling: inputScaling, demonstrations: [], in: context)
    }

    /// Nothing: the search's candidates collect their own episodes.
    public func collect<E: Environment>(iteration i: Int, in context: ImitationContext<E>) {}

    /// Nothing: the reward is frozen.
    public func label<E: Environment>(_ collected: Void, iteration i: Int, in context: ImitationContext<E>) {}

    /// CMA-ES generations on Σ r(s) under the frozen D; the student becomes the search's mean.
    public mutating func fit<E: Environment>(_ labelled: Void, iteration i: Int, in context: ImitationContext<E>) throws -> FitSummary {
        var search = policy
        let current = policy, reward = reward, discriminator = discriminator
        environmentSteps.search += search.improve(round: context.methodStream.child("iteration=\(i)")) { candidate, reset, _ in
            let outcome = current.rewardRollout(candidate, reward: reward, discriminator: discriminator, input: .state,
                                                reset: reset, recordInputs: false, in: context)
            return SearchOutcome(return: outcome.return, steps: outcome.steps)
        }
        policy = search
        return FitSummary(expertLabels: 0, trainingError: nil)
    }

    /// The student's action: the CMA-ES mean's MLP on standardised inputs.
    public func act<E: Environment>(_ observation: [Double], in context: ImitationContext<E>) -> Action {
        policy.act(observation, coding: context.coding)
    }
}

import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyLearning

/// RL's settings: the rounds and the policy search (the same student and CMA-ES as GAIL's).
public struct RLSettings: Sendable, Hashable {
    /// Rounds of `search.generationsPerUpdate` CMA-ES generations each.
    public var iterations = 100
    /// The student and its CMA-ES search.
    public var search = PolicySearchSettings()

    /// The defaults above.
    public init() {}
}

/// Reinforcement learning alone, the reference the lecture weighs imitation against: the
/// student is improved by CMA-ES on the environment's own return (classic control:
/// Gymnasium's reward; the driving loop: its progress reward), with no expert labels and no
/// discriminator. In the loop's terms it collects nothing and labels nothing: its fit stage
/// is the whole search. With `search.initialization = .bc` the search starts from BC's student
/// fitted to the demonstrations (bootstrapping); with `standardizeInputs` the demonstrations' mean and
/// spread scale its inputs, so they count as demonstration states.
///
/// Streams, under the context's `methodStream`: `init`, `init/bc`, `cmaes`, and per round
/// `iteration=i/generation=g/reset=r`.
public struct ReinforcementLearning: ImitationMethod {
    /// The hyperparameters this run uses.
    public let settings: RLSettings
    /// The loop's rounds: `settings.iterations`.
    public var iterations: Int { settings.iterations }
    /// π_θ and its CMA-ES search.
    public private(set) var policy: PolicySearch
    /// Environment steps of the demonstrations (when used) and the search so far.
    public private(set) var environmentSteps: StepCounts
    /// Demonstrated states used: for input scaling and, with `init = bc`, BC's fit.
    public let demonstrationStates: Int

    /// Records the demonstrations it needs and sets up the student and the search.
    public init<E: Environment>(settings: RLSettings, in context: ImitationContext<E>) throws {
        self.settings = settings
        let needsDemonstrations = settings.search.standardizeInputs || settings.search.initialization != .random
        let demonstrations = needsDemonstrations ? context.demonstrations() : []
        demonstrationStates = demonstrations.reduce(0) { $0 + $1.length }
        environmentSteps = StepCounts(collection: demonstrationStates)
        policy = try PolicySearch(settings: settings.search, demonstrations: demonstrations, in: context)
    }

    /// Nothing: the search's candidates collect their own episodes.
    public func collect<E: Environment>(iteration i: Int, in context: ImitationContext<E>) {}

    /// Nothing: the environment's reward is the only signal.
    public func label<E: Environment>(_ collected: Void, iteration i: Int, in context: ImitationContext<E>) {}

    /// CMA-ES generations on the episode return (episodes end as the environment ends them).
    public mutating func fit<E: Environment>(_ labelled: Void, iteration i: Int, in context: ImitationContext<E>) throws -> FitSummary {
        var search = policy
        let current = policy
        let result = search.improve(round: context.methodStream.child("iteration=\(i)"), threads: context.threads) { parameters, resets, _ in
            current.rollout(lanes: parameters, resets: resets, appendingAction: false, in: context) { _, _ in }
                .episodes.map { SearchOutcome(return: $0.totalReward, steps: $0.length) }
        }
        environmentSteps.search += result.steps
        policy = search
        return FitSummary(expertLabels: policy.expertLabels, trainingError: nil)
    }

    /// The student's action: the CMA-ES mean's MLP on standardised inputs.
    public func act<E: Environment>(_ observation: [Double], in context: ImitationContext<E>) -> Action {
        policy.act(observation, coding: context.coding)
    }
}

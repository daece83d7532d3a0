import UnderstudyDeterminism
import UnderstudyEnvironments

/// Maximum-entropy IRL's settings (`[method.maxent]` in a spec).
public struct MaxEntSettings: Sendable, Hashable {
    /// Rounds of the loop; the student is evaluated after each.
    public var iterations = 40
    /// Gradient steps per round.
    public var stepsPerIteration = 10
    /// The first step size η of gradient ascent on the weights (then adapted, see `MaxEntIRL`).
    public var learningRate = 0.05
    /// The steps stop once Σ_k |μ_E,k − μ_k| ≤ tolerance · Σ_k |μ_E,k|.
    public var tolerance = 1e-4

    /// The defaults above.
    public init() {}
}

/// Maximum-entropy inverse reinforcement learning (Ziebart et al. 2008) on a gridworld, as a
/// configuration of the imitation loop: it learns the weights w of a reward r(s) = w · φ(s)
/// linear in the gridworld's features, such that the soft-optimal policy of r visits features
/// as often as the expert did.
///
/// - Demonstrations (set up before the first round): the expert's soft-policy episodes
///   (`gridworldDemonstrations`) give the discounted feature counts
///   μ_E = mean over episodes of Σ_{t<T} γ^t φ(s_t).
/// - Each fit runs gradient steps on w from w = 0: soft value iteration gives π_w
///   (`SoftPolicy`), forward propagation from the start gives the expected discounted
///   visitation D_w(s) = Σ_t γ^t P(s_t = s), and the gradient is μ_E − Σ_s D_w(s) φ(s).
///   It is the gradient of the concave dual g(w) = w · μ_E − V_0^w(start); with deterministic
///   moves g equals the demonstrations' mean log-likelihood Σ_t γ^t log π_t(a_t | s_t), and
///   under slip it is that likelihood's gradient in expectation over the moves.
/// - Step size: gradient ascent with a backtracking step. A step w + η·∇ is taken when g rises
///   by at least 10⁻⁴·η·|∇|² (Armijo); then η grows by 1.5. Otherwise η halves and the step is
///   retried (at most 50 times). Steps stop once the relative gap is ≤ `tolerance`.
/// - π_θ acts greedily: the most likely action of π_w at the current step and cell.
///
/// The round's `trainingError` is the relative feature-count gap
/// Σ_k |μ_E,k − μ_k| / Σ_k |μ_E,k| after its steps. No randomness beyond the demonstrations.
public struct MaxEntIRL: ImitationMethod {
    /// The hyperparameters this run uses.
    public let settings: MaxEntSettings
    /// The loop's rounds: `settings.iterations`.
    public var iterations: Int { settings.iterations }
    /// The world the demonstrations came from.
    public let world: Gridworld
    /// The features of the world's cells.
    public let features: GridworldFeatures
    /// The demonstrations (recorded in full).
    public let demonstrations: [Episode]
    /// μ_E: the demonstrations' mean discounted feature counts.
    public let expertCounts: [Double]
    /// The demonstrations' mean (undiscounted) visits per cell; sums to the horizon.
    public let expertVisitation: [Double]
    /// The learned weights w, in `GridworldFeatures.names` order.
    public private(set) var weights: [Double]
    /// π_w, the soft-optimal policy of the learned reward.
    public private(set) var policy: SoftPolicy
    /// μ_w: the expected discounted feature counts of π_w.
    public private(set) var expectedCounts: [Double]
    /// The current step size η.
    public private(set) var stepSize: Double
    /// Gradient steps taken so far.
    public private(set) var steps = 0
    /// Environment steps of the demonstrations (IRL needs no others).
    public let environmentSteps: StepCounts
    /// Demonstrated states learned from.
    public let demonstrationStates: Int

    /// Records the demonstrations (from `expert`'s soft policy) and starts from w = 0.
    public init(settings: MaxEntSettings, expert: GridworldExpert, in context: ImitationContext<Gridworld>) {
        self.settings = settings
        world = context.environment
        features = GridworldFeatures(layout: world.layout)
        demonstrations = gridworldDemonstrations(context, expert: expert)
        let steps = demonstrations.reduce(0) { $0 + $1.length }
        demonstrationStates = steps
        environmentSteps = StepCounts(collection: steps)
        (expertCounts, expertVisitation) = MaxEntIRL.counts(demonstrations, world: world, features: features)
        weights = [Double](repeating: 0, count: GridworldFeatures.count)
        stepSize = settings.learningRate
        (policy, expectedCounts) = MaxEntIRL.solve(weights, world: world, features: features)
    }

    /// Nothing new: the demonstrations were recorded at set-up.
    public func collect<E: Environment>(iteration i: Int, in context: ImitationContext<E>) {}

    /// Nothing: the demonstrations' feature counts are the only labels.
    public func label<E: Environment>(_ collected: Void, iteration i: Int, in context: ImitationContext<E>) {}

    /// `stepsPerIteration` gradient steps (fewer once the gap is within tolerance).
    public mutating func fit<E: Environment>(_ labelled: Void, iteration i: Int, in context: ImitationContext<E>) throws -> FitSummary {
        for _ in 0..<settings.stepsPerIteration where relativeGap > settings.tolerance {
            guard ascend() else { break }
        }
        return FitSummary(expertLabels: 0, trainingError: relativeGap)
    }

    /// The greedy action of π_w at the observation's step and cell.
    public func act<E: Environment>(_ observation: [Double], in context: ImitationContext<E>) -> Action {
        let t = min(max(Int(observation.count > 2 ? observation[2] : 0), 0), world.config.horizon - 1)
        return .discrete(policy.greedyAction(step: t, cell: world.cell(of: observation)))
    }

    /// μ_E − μ_w at the current weights: the gradient of the dual (and of the log-likelihood,
    /// see the type's notes).
    public var gradient: [Double] { zip(expertCounts, expectedCounts).map { $0 - $1 } }

    /// μ_E − μ_w at any weights `w`.
    public func gradient(at w: [Double]) -> [Double] {
        let (_, counts) = MaxEntIRL.solve(w, world: world, features: features)
        return zip(expertCounts, counts).map { $0 - $1 }
    }

    /// Σ_k |μ_E,k − μ_w,k| / Σ_k |μ_E,k|.
    public var relativeGap: Double {
        var gap = 0.0, scale = 0.0
        for k in expertCounts.indices {
            gap += abs(expertCounts[k] - expectedCounts[k])
            scale += abs(expertCounts[k])
        }
        return scale > 0 ? gap / scale : gap
    }

    /// The learned reward of every cell of `layout` (walls 0).
    public func reward(on layout: GridLayout) -> [Double] { GridworldFeatures(layout: layout).reward(weights: weights) }

    /// The expected (undiscounted) visits per cell of π_w from the start; sums to the horizon.
    public var expectedVisitation: [Double] {
        SoftPolicy.visitation(policy.stateDistributions(from: world.layout.start, dynamics: world.dynamics), discount: 1)
    }

    /// g(w) = w · μ_E − V_0^w(start), the dual the steps climb.
    public func dual(_ w: [Double]) -> Double {
        let solved = SoftPolicy(reward: features.reward(weights: w), dynamics: world.dynamics, horizon: world.config.horizon,
                                discount: world.config.discount)
        var value = 0.0
        for k in w.indices { value += w[k] * expertCounts[k] }
        return value - solved.v[world.layout.start]
    }

    /// The demonstrations' mean discounted log-likelihood under π_w:
    /// mean over episodes of Σ_{t<T} γ^t log π_t(a_t | s_t).
    public func logLikelihood(_ w: [Double]) -> Double {
        let solved = SoftPolicy(reward: features.reward(weights: w), dynamics: world.dynamics, horizon: world.config.horizon,
                                discount: world.config.discount)
        var total = 0.0
        for episode in demonstrations {
            var weight = 1.0, sum = 0.0
            for t in 0..<episode.length {
                sum += weight * solved.logProbability(step: t, cell: world.cell(of: episode.states[t]), action: actionIndex(episode.actions[t]))
                weight *= world.config.discount
            }
            total += sum
        }
        return demonstrations.isEmpty ? 0 : total / Double(demonstrations.count)
    }

    // MARK: - Implementation details

    /// One backtracking gradient step; false when no step size up to 2⁻⁵⁰·η raises the dual.
    mutating func ascend() -> Bool {
        let g = gradient
        var norm = 0.0
        for x in g { norm += x * x }
        let current = dual(weights)
        for _ in 0..<50 {
            let trial = zip(weights, g).map { $0 + stepSize * $1 }
            if dual(trial) >= current + 1e-4 * stepSize * norm {
                weights = trial
                (policy, expectedCounts) = MaxEntIRL.solve(weights, world: world, features: features)
                stepSize *= 1.5
                steps += 1
                return true
            }
            stepSize /= 2
        }
        return false
    }

    /// π_w and its expected discounted feature counts.
    static func solve(_ w: [Double], world: Gridworld, features: GridworldFeatures) -> (SoftPolicy, [Double]) {
        let policy = SoftPolicy(reward: features.reward(weights: w), dynamics: world.dynamics, horizon: world.config.horizon,
                                discount: world.config.discount)
        let d = policy.stateDistributions(from: world.layout.start, dynamics: world.dynamics)
        return (policy, features.expectation(SoftPolicy.visitation(d, discount: world.config.discount)))
    }

    /// The demonstrations' mean discounted feature counts and mean visits per cell.
    static func counts(_ episodes: [Episode], world: Gridworld, features: GridworldFeatures) -> ([Double], [Double]) {
        var mu = [Double](repeating: 0, count: GridworldFeatures.count)
        var visits = [Double](repeating: 0, count: world.layout.cellCount)
        for episode in episodes {
            var weight = 1.0
            for t in 0..<episode.length {
                let s = world.cell(of: episode.states[t])
                for k in mu.indices { mu[k] += weight * features.vectors[s][k] }
                visits[s] += 1
                weight *= world.config.discount
            }
        }
        let n = Double(max(episodes.count, 1))
        return (mu.map { $0 / n }, visits.map { $0 / n })
    }
}

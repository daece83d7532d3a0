import UnderstudyDeterminism

/// The gridworld's expert: the soft-optimal policy of the true reward (`SoftPolicy`, solved on
/// the world's own layout). `action(for:)` is its mode (`SoftPolicy.greedyAction`), which the
/// expert's reference episodes drive; `sample(for:using:)` draws from the soft policy itself,
/// which is how the demonstrations are made: maximum-entropy IRL assumes a demonstrator that
/// is noisily optimal in exactly this sense.
public struct GridworldExpert: Expert {
    /// The world it acts in.
    public let world: Gridworld
    /// π_t(a | s) for the true reward.
    public let policy: SoftPolicy

    /// The expert of `world` (its layout, true weights, horizon and discount).
    public init(world: Gridworld) {
        self.world = world
        policy = SoftPolicy(reward: world.reward, dynamics: world.dynamics, horizon: world.config.horizon,
                            discount: world.config.discount)
    }

    /// The most likely action of the soft policy (its mode).
    public func action(for state: [Double]) -> Action {
        .discrete(policy.greedyAction(step: Self.step(state, world.config.horizon), cell: world.cell(of: state)))
    }

    /// An action drawn from π_t(· | s) (one uniform from `stream`).
    public func sample(for state: [Double], using stream: inout RandomStream) -> Action {
        .discrete(stream.categorical(policy.probabilities(step: Self.step(state, world.config.horizon), cell: world.cell(of: state))))
    }

    /// The time step of a state vector, within 0…T−1.
    static func step(_ state: [Double], _ horizon: Int) -> Int {
        state.count > 2 ? min(max(Int(state[2]), 0), horizon - 1) : 0
    }
}

import UnderstudyDeterminism

/// A gridworld (Ziebart et al. 2008's setting for maximum-entropy IRL): an agent moves up,
/// down, left, right or stays on a rectangular layout of terrain cells (`GridLayout`), earning
/// r(s) = w · φ(s) in every cell it starts a step from, where φ is one indicator per terrain
/// type and one for the goal (`GridworldFeatures`). Episodes start on the layout's `S` and
/// last exactly `horizon` steps; reaching `G` does not end them (staying there keeps earning
/// the goal's reward).
///
/// With `slip` > 0 a move is replaced, with that probability, by one drawn uniformly from all
/// five actions. The draws come from the stream `reset(using:)` is handed, through its child
/// `slip` (e.g. `…/evaluation/episode=0/reset/slip`), so episodes are reproducible and
/// independent of what the policy draws. State and observation are both
/// `[row, column, step]`: the policy of a finite-horizon task depends on the time step.
public struct Gridworld: Environment {
    /// The id specs use, `gridworld`.
    public static let id = "gridworld"

    /// Layout, weights, slip, horizon and discount.
    public let config: GridworldConfig
    /// The layout this instance runs on (the config's own or its transfer layout).
    public let layout: GridLayout
    /// P(s′ | s, a) of the layout.
    public let dynamics: GridworldDynamics
    /// The true reward of every cell.
    public let reward: [Double]
    /// The agent's cell.
    public private(set) var cell: Int
    /// Steps since the last reset.
    public private(set) var elapsedSteps = 0
    /// Where slip draws come from in the current episode.
    var slipStream: RandomStream

    /// A gridworld on `config`'s layout, or on `layout` (e.g. the transfer layout) with the
    /// config's weights, slip, horizon and discount.
    public init(config: GridworldConfig = GridworldConfig(), layout: GridLayout? = nil) {
        self.config = config
        self.layout = layout ?? config.layout
        dynamics = GridworldDynamics(layout: self.layout, slip: config.slip)
        reward = GridworldFeatures(layout: self.layout).reward(weights: config.weights)
        cell = self.layout.start
        slipStream = RandomStream(seed: 0, path: "gridworld/slip")
    }

    /// The environment's id, as specs name it.
    public var id: String { Self.id }
    /// Names of the state's components, in order.
    public var stateNames: [String] { ["row", "column", "step"] }
    /// Length of the observation vector the policy sees.
    public var observationSize: Int { 3 }
    /// Up, down, left, right, stay.
    public var actionSpace: ActionSpace { .discrete(GridworldDynamics.actionCount) }
    /// The horizon: every episode lasts this many steps.
    public var maxEpisodeSteps: Int { config.horizon }
    /// `[row, column, step]`.
    public var state: [Double] {
        [Double(cell / layout.columns), Double(cell % layout.columns), Double(elapsedSteps)]
    }
    /// The same as the state: the whole gridworld is visible.
    public var observation: [Double] { state }

    /// The cell index of a state vector `[row, column, step]` of this layout.
    public func cell(of state: [Double]) -> Int {
        let r = min(max(Int(state[0]), 0), layout.rows - 1), c = min(max(Int(state[1]), 0), layout.columns - 1)
        return r * layout.columns + c
    }

    /// Back to the start; the episode's slip draws come from `stream.child("slip")`.
    public mutating func reset(using stream: inout RandomStream) {
        cell = layout.start
        elapsedSteps = 0
        slipStream = stream.child("slip")
    }

    /// Starts from `[row, column, step]`; slip draws continue from the current slip stream.
    public mutating func reset(to state: [Double]) {
        cell = self.cell(of: state)
        elapsedSteps = state.count > 2 ? max(0, Int(state[2])) : 0
    }

    /// Earns the reward of the current cell, then moves (possibly slipping).
    public mutating func step(_ action: Action) -> Transition {
        var move: Int
        switch action {
        case .discrete(let a): move = min(max(a, 0), GridworldDynamics.actionCount - 1)
        case .continuous(let v): move = min(max(Int(v.first ?? 4), 0), GridworldDynamics.actionCount - 1)
        }
        if config.slip > 0 {
            // Two draws every step, slipped or not, so the stream's position depends on the step only.
            let u = slipStream.nextUniform()
            let other = slipStream.nextInt(below: GridworldDynamics.actionCount)
            if u < config.slip { move = other }
        }
        let earned = reward[cell]
        cell = layout.neighbour(of: cell, move: move)
        elapsedSteps += 1
        return Transition(observation: observation, reward: earned, terminated: false, truncated: elapsedSteps >= config.horizon)
    }

    /// `return` (Σ r(s_t) over the episode's steps, true weights) and `success` (1 when the
    /// agent stood on the goal at any time of the episode, else 0).
    public func episodeMetrics(states: [[Double]], rewards: [Double]) -> [String: Double] {
        var total = 0.0
        for r in rewards { total += r }
        let reached = states.contains { $0.count >= 2 && cell(of: $0) == layout.goal }
        return ["return": total, "success": reached ? 1 : 0]
    }
}

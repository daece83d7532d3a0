import UnderstudyDeterminism

/// What an environment accepts: a choice among `n` actions, or a box of real vectors.
public enum ActionSpace: Sendable, Hashable {
    case discrete(Int)
    case box(low: [Double], high: [Double])

    /// Length of the vector a learner predicts for one action: `n` class scores for a
    /// discrete space, one number per dimension for a box.
    public var outputSize: Int {
        switch self {
        case .discrete(let n): return n
        case .box(let low, _): return low.count
        }
    }
}

/// One action: an index into a discrete space or a real vector.
public enum Action: Sendable, Hashable {
    case discrete(Int)
    case continuous([Double])
}

/// What one `step` returns, as Gymnasium's `step()` does.
public struct Transition: Sendable, Hashable {
    /// What the policy observes after the step.
    public var observation: [Double]
    /// The step's reward.
    public var reward: Double
    /// The episode ended in a terminal state (pole fell, flag reached).
    public var terminated: Bool
    /// The time limit ended the episode (`maxEpisodeSteps` reached).
    public var truncated: Bool

    /// A transition from its parts.
    public init(observation: [Double], reward: Double, terminated: Bool, truncated: Bool) {
        self.observation = observation
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
    }
}

/// What `step(_:observation:)` returns: a `Transition` without its observation.
public typealias StepOutcome = (reward: Double, terminated: Bool, truncated: Bool)

/// A simulator behind one interface: reset from a named stream, step, observe.
///
/// `state` is the full simulator state (what experts see, what figures draw, what demos
/// record as `states`); `observation` is what a student sees. Both are plain vectors so they
/// serialise canonically. Environments are values: copying one copies its whole state.
public protocol Environment: Sendable {
    /// Gymnasium-style id, e.g. "CartPole-v1" or "driving-loop".
    var id: String { get }
    /// Names of the state components, e.g. ["x", "x_dot", "theta", "theta_dot"].
    var stateNames: [String] { get }
    var observationSize: Int { get }
    var actionSpace: ActionSpace { get }
    /// The time limit (Gymnasium's TimeLimit wrapper): `step` reports `truncated` at this count.
    var maxEpisodeSteps: Int { get }
    /// Steps taken since the last reset.
    var elapsedSteps: Int { get }
    var state: [Double] { get }
    var observation: [Double] { get }

    /// Draws an initial state from the environment's reset distribution.
    mutating func reset(using stream: inout RandomStream)
    /// Starts an episode from a given state (replaying demonstrations, relabelling).
    mutating func reset(to state: [Double])
    mutating func step(_ action: Action) -> Transition
    /// `step(_:)` without allocating: the same step, the observation written into the first
    /// `observationSize` elements of `observation` (which must hold at least that many). For
    /// loops that step millions of times and reuse one buffer, as Gymnasium users reuse one
    /// NumPy array; the built-in environments step here without building a `Transition`.
    mutating func step(_ action: Action, observation: inout [Double]) -> StepOutcome

    /// Per-episode metrics of a trajectory of states (`states[0]` is the initial state,
    /// then one per step) and its rewards, e.g. `return` or the driving loop's
    /// `on_road_fraction`. Keys are snake_case metric names.
    func episodeMetrics(states: [[Double]], rewards: [Double]) -> [String: Double]

    /// What `batch(lanes:)` makes: a struct-of-arrays `LaneBatch` for the built-in
    /// environments, `ScalarLanes` (scalar copies) for any other.
    associatedtype Batch: BatchedEnvironment = ScalarLanes<Self>
    /// `lanes` copies of this environment (configuration and current state) stepped together,
    /// each lane bit-identical to this scalar environment.
    func batch(lanes: Int) -> Batch
}

extension Environment {
    /// `step(_:)`, its observation copied into `observation`: the fallback for environments
    /// that only build `Transition`s.
    public mutating func step(_ action: Action, observation: inout [Double]) -> StepOutcome {
        let t = step(action)
        precondition(observation.count >= t.observation.count, "the observation buffer holds \(observation.count) of \(t.observation.count) values")
        observation.withUnsafeMutableBufferPointer { buffer in
            for (i, value) in t.observation.enumerated() { buffer[i] = value }
        }
        return (t.reward, t.terminated, t.truncated)
    }
}

extension Environment where Batch == ScalarLanes<Self> {
    /// `lanes` scalar copies of this environment, stepped one by one.
    public func batch(lanes: Int) -> ScalarLanes<Self> { ScalarLanes(self, lanes: lanes) }
}

/// An expert: a policy with access to the full simulator state.
public protocol Expert: Sendable {
    func action(for state: [Double]) -> Action
}

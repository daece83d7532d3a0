import UnderstudyDeterminism

/// The batch of any environment that is not `LaneSteppable`: an array of scalar environments
/// stepped one by one through `step(_:observation:)`, each lane's latest observation kept so
/// that `writeObservations` copies it instead of building it again. It keeps the batched entry
/// points usable with every environment, e.g. the gridworld and test doubles.
public struct ScalarLanes<E: Environment>: BatchedEnvironment {
    /// The lanes, each a scalar environment.
    public private(set) var lanes: [E]
    /// Number of lanes.
    public var laneCount: Int { lanes.count }
    /// Length of one lane's observation.
    public let observationSize: Int
    /// Doubles per lane in an actions buffer.
    public let actionWidth: Int
    /// The time limit of every lane.
    public let maxEpisodeSteps: Int
    let space: ActionSpace
    /// Lane `i`'s current observation at `i * observationSize`.
    var observations: [Double]

    /// `count` copies of `prototype`.
    public init(_ prototype: E, lanes count: Int) {
        precondition(count >= 1, "a batch needs at least one lane")
        lanes = Array(repeating: prototype, count: count)
        observationSize = prototype.observationSize
        space = prototype.actionSpace
        actionWidth = space.batchWidth
        maxEpisodeSteps = prototype.maxEpisodeSteps
        observations = Array((0..<count).map { _ in prototype.observation }.joined())
    }

    /// Keeps `observation` as lane `lane`'s current one.
    mutating func keep(_ observation: [Double], lane: Int) {
        for k in 0..<observationSize { observations[lane * observationSize + k] = observation[k] }
    }

    /// Steps lane `lane` has taken since its last reset.
    public func elapsedSteps(lane: Int) -> Int { lanes[lane].elapsedSteps }
    /// Lane `lane`'s full simulator state.
    public func state(lane: Int) -> [Double] { lanes[lane].state }
    /// Draws lane `lane`'s initial state with the scalar `reset(using:)`.
    public mutating func reset(lane: Int, using stream: inout RandomStream) {
        lanes[lane].reset(using: &stream)
        keep(lanes[lane].observation, lane: lane)
    }
    /// Puts lane `lane` in `state`.
    public mutating func reset(lane: Int, to state: [Double]) {
        lanes[lane].reset(to: state)
        keep(lanes[lane].observation, lane: lane)
    }

    /// Steps every active lane with the scalar `step(_:observation:)`.
    public mutating func step(actions: [Double], active: [Bool], rewards: inout [Double],
                              terminated: inout [Bool], truncated: inout [Bool]) {
        let w = actionWidth
        var observation = [Double](repeating: 0, count: observationSize)
        actions.withUnsafeBufferPointer { a in
            for i in lanes.indices where active[i] {
                let t = lanes[i].step(space.action(a.baseAddress! + i * w), observation: &observation)
                keep(observation, lane: i)
                rewards[i] = t.reward
                terminated[i] = t.terminated
                truncated[i] = t.truncated
            }
        }
    }

    /// Writes every active lane's observation at `i * observationSize`.
    public func writeObservations(into buffer: inout [Double], active: [Bool]) {
        for i in lanes.indices where active[i] {
            for k in 0..<observationSize { buffer[i * observationSize + k] = observations[i * observationSize + k] }
        }
    }
}

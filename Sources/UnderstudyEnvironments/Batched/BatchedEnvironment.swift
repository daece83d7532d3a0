import UnderstudyDeterminism

/// N instances ("lanes") of one environment stepped together, each lane bit-identical to the
/// scalar environment it was made from: the same reset draws from the lane's own stream, the
/// same arithmetic in the same order on every step, its own termination and time limit.
///
/// Everything a step reads and writes lives in caller-owned buffers, lane-major: lane `i`'s
/// actions at `actions[i * actionWidth ..< (i + 1) * actionWidth]` (a discrete action is its
/// index as a `Double`), its observation at `i * observationSize`, its reward and flags at
/// `i`. A step allocates nothing, so a policy search can run millions of lane-steps on a few
/// reused arrays. Lanes are independent: stepping lane 3 never changes lane 4's numbers, and
/// lanes whose `active` flag is false are left exactly as they are (a finished episode waits
/// while the others run on).
///
/// Get one from a scalar environment with `Environment.batch(lanes:)`.
public protocol BatchedEnvironment: Sendable {
    /// Number of lanes.
    var laneCount: Int { get }
    /// Length of one lane's observation.
    var observationSize: Int { get }
    /// Doubles per lane in an actions buffer: 1 for a discrete space (the index), the box's
    /// dimension otherwise.
    var actionWidth: Int { get }
    /// The time limit of every lane (the scalar environment's).
    var maxEpisodeSteps: Int { get }

    /// Steps lane `lane` has taken since its last reset.
    func elapsedSteps(lane: Int) -> Int
    /// Lane `lane`'s full simulator state, in the scalar environment's `stateNames` order.
    func state(lane: Int) -> [Double]
    /// Draws lane `lane`'s initial state from `stream`, exactly as the scalar `reset(using:)` does.
    mutating func reset(lane: Int, using stream: inout RandomStream)
    /// Puts lane `lane` in `state`, as the scalar `reset(to:)` does.
    mutating func reset(lane: Int, to state: [Double])
    /// Steps every lane whose `active[i]` is true with its action, writing its reward and
    /// flags at index `i` (other lanes' entries are left untouched).
    mutating func step(actions: [Double], active: [Bool], rewards: inout [Double],
                       terminated: inout [Bool], truncated: inout [Bool])
    /// Writes the observation of every lane whose `active[i]` is true at `i * observationSize`.
    func writeObservations(into buffer: inout [Double], active: [Bool])
}

extension ActionSpace {
    /// Doubles one action takes in a batched actions buffer: 1 for a discrete space (the
    /// index), the box's dimension otherwise.
    public var batchWidth: Int {
        switch self {
        case .discrete: return 1
        case .box(let low, _): return low.count
        }
    }

    /// The scalar `Action` a lane's slice of an actions buffer means.
    func action(_ buffer: UnsafePointer<Double>) -> Action {
        switch self {
        case .discrete: return .discrete(Int(buffer[0]))
        case .box(let low, _): return .continuous((0..<low.count).map { buffer[$0] })
        }
    }
}

import UnderstudyDeterminism

/// Gymnasium 1.4's `MountainCarContinuous-v0`, step for step, including its mixed precision.
///
/// `continuous_mountain_car.py` (lines 116–190) stores the state as float32 after every step,
/// while a freshly reset state is float64; under NumPy 2's promotion rules (NEP 50) the
/// arithmetic of a step therefore depends on the state's dtype and on whether the clamped
/// force is the float32 action or the Python float ±1. We track the dtype (`stateIsFloat32`)
/// and evaluate each operation in the precision NumPy uses:
///
/// - force = min(max(a, −1), 1): the float32 action when −1 ≤ a ≤ 1, else the Python float ±1.
/// - With a float32 force, `force * 0.0015 − 0.0025 cos(3 p)` is float32 (each Python float
///   rounded to float32 first); with ±1 it is a double.
/// - On a float32 state, `3 * p` is float32, `velocity += …` a float32 addition, and the
///   comparisons with Python floats (0.07, 0.6, −1.2, 0.45) happen in float32.
/// - The reward uses the unclamped action: 100·[goal] − 0.1 a² (doubles, `math.pow`).
public struct MountainCarContinuous: Environment {
    /// The Gymnasium id, `MountainCarContinuous-v0`.
    public static let id = "MountainCarContinuous-v0"

    static let minPosition = -1.2
    static let maxPosition = 0.6
    static let maxSpeed = 0.07
    static let goalPosition = 0.45
    static let power = 0.0015

    /// Car position along the valley.
    public var position: Double { stateIsFloat32 ? Double(position32) : position64 }
    /// Car velocity.
    public var velocity: Double { stateIsFloat32 ? Double(velocity32) : velocity64 }
    // The state in the dtype NumPy holds it in: float64 after a reset, float32 after a step.
    // Keeping float32 as Float keeps conversions off the step's dependent chain.
    private var position64 = 0.0, velocity64 = 0.0
    private var position32: Float = 0, velocity32: Float = 0
    /// Steps since the last reset.
    public private(set) var elapsedSteps = 0
    /// False after a reset (NumPy holds float64), true after any step (float32).
    public private(set) var stateIsFloat32 = false

    /// MountainCarContinuous at rest; call `reset(using:)` before the first step.
    public init() {}

    /// The environment's id, as specs name it.
    public var id: String { Self.id }
    /// Names of the state's components, in order.
    public var stateNames: [String] { ["position", "velocity"] }
    /// Length of the observation vector the policy sees.
    public var observationSize: Int { 2 }
    /// The actions the policy may take.
    public var actionSpace: ActionSpace { .box(low: [-1], high: [1]) }
    /// The time limit: steps before an episode is truncated.
    public var maxEpisodeSteps: Int { 999 }
    /// The full state, in `stateNames` order.
    public var state: [Double] { [position, velocity] }
    /// The state as float32 (`np.array(state, dtype=np.float32)`).
    public var observation: [Double] { observationArray(count: 2, writeObservation) }

    /// Position uniform in [−0.6, −0.4), velocity 0 (`continuous_mountain_car.py:190`).
    public mutating func reset(using stream: inout RandomStream) {
        position64 = stream.uniform(-0.6, -0.4)
        velocity64 = 0
        elapsedSteps = 0
        stateIsFloat32 = false
    }

    /// Starts from `state` held as float64, as a reset leaves it.
    public mutating func reset(to state: [Double]) {
        precondition(state.count == 2, "MountainCarContinuous-v0 state has 2 components")
        (position64, velocity64) = (state[0], state[1])
        elapsedSteps = 0
        stateIsFloat32 = false
    }

    /// One step with `action`, as Gymnasium's `step()` takes it: (reward, terminated, truncated).
    @inline(__always)
    public mutating func advance(_ action: Action) -> StepOutcome {
        advance(action.firstComponent)
    }

    /// One step without building the observation; the action is first rounded to float32
    /// (the action space's dtype).
    @inline(__always)
    public mutating func advance(_ rawAction: Double) -> (Double, Bool, Bool) {
        let a = Float(rawAction)
        let forceIsAction = a >= -1 && a <= 1   // else Python's min/max return the float ±1
        let terminated: Bool
        if stateIsFloat32 {
            let p = position32
            var v = velocity32
            // `math.cos` of the float32 3·p widened to double: glibc's libm `cos`.
            let gravity = 0.0025 * PortableMath.glibcCos(Double(Float(3) * p))
            if forceIsAction {
                v = v + (a * Float(Self.power) - Float(gravity))
            } else {
                v = v + Float((a > 0 ? Self.power : -Self.power) - gravity)
            }
            // The clamps rarely bind: as predicted branches (not minss/maxss) they stay off the
            // chain from one step's position to the next.
            if _slowPath(v > Float(Self.maxSpeed)) { v = Float(Self.maxSpeed) }
            if _slowPath(v < Float(-Self.maxSpeed)) { v = Float(-Self.maxSpeed) }
            var q = p + v
            if _slowPath(q > Float(Self.maxPosition)) { q = Float(Self.maxPosition) }
            if _slowPath(q < Float(Self.minPosition)) { q = Float(Self.minPosition) }
            if q == Float(Self.minPosition) && v < 0 { v = 0 }
            terminated = q >= Float(Self.goalPosition) && v >= 0
            position32 = q
            velocity32 = v
        } else {
            let p = position64
            var v = velocity64
            let gravity = 0.0025 * PortableMath.glibcCos(3 * p)
            if forceIsAction {
                v = v + Double(a * Float(Self.power) - Float(gravity))
            } else {
                v = v + ((a > 0 ? Self.power : -Self.power) - gravity)
            }
            if v > Self.maxSpeed { v = Self.maxSpeed }
            if v < -Self.maxSpeed { v = -Self.maxSpeed }
            var q = p + v
            if q > Self.maxPosition { q = Self.maxPosition }
            if q < Self.minPosition { q = Self.minPosition }
            if q == Self.minPosition && v < 0 { v = 0 }
            terminated = q >= Self.goalPosition && v >= 0
            position32 = Float(q)
            velocity32 = Float(v)
            stateIsFloat32 = true
        }
        elapsedSteps += 1
        let ad = Double(a)
        let reward = (terminated ? 100.0 : 0.0) - ad * ad * 0.1
        return (reward, terminated, elapsedSteps >= maxEpisodeSteps)
    }

    /// The episode's metrics (e.g. its return and length), as reports show them.
    public func episodeMetrics(states: [[Double]], rewards: [Double]) -> [String: Double] {
        var metrics = classicControlMetrics(rewards: rewards)
        let reached = states.last.map { $0[0] >= Self.goalPosition } ?? false
        metrics["reached_goal"] = reached ? 1 : 0
        return metrics
    }
}

extension MountainCarContinuous: LaneSteppable {
    /// MountainCarContinuous's batch: struct-of-arrays lanes stepped through `advance`.
    public typealias Batch = LaneBatch<MountainCarContinuous>

    /// The batch's step, compiled for `MountainCarContinuous`.
    public static func stepLanes(_ batch: inout LaneBatch<MountainCarContinuous>, actions: [Double], active: [Bool], rewards: inout [Double],
                                 terminated: inout [Bool], truncated: inout [Bool]) {
        batch.stepEachLane(actions: actions, active: active, rewards: &rewards, terminated: &terminated, truncated: &truncated)
    }

    /// The batch's observations, compiled for `MountainCarContinuous`.
    public static func observeLanes(_ batch: LaneBatch<MountainCarContinuous>, into buffer: inout [Double], active: [Bool]) {
        batch.observeEachLane(into: &buffer, active: active)
    }
    /// Position, velocity, the step count and the state's dtype (float32 after a step).
    public static var laneWidth: Int { 4 }

    /// Writes the state, step count and dtype flag into `slot`.
    @inline(__always)
    public func store(into slot: LaneSlot) {
        slot[0] = position; slot[1] = velocity; slot[2] = Double(elapsedSteps); slot[3] = stateIsFloat32 ? 1 : 0
    }

    /// Takes the state, step count and dtype flag from `slot`.
    @inline(__always)
    public mutating func load(from slot: LaneSlot) {
        // Both forms, without a branch: only the one `stateIsFloat32` names is read.
        (position64, velocity64) = (slot[0], slot[1])
        (position32, velocity32) = (Float(slot[0]), Float(slot[1]))
        elapsedSteps = Int(slot[2])
        stateIsFloat32 = slot[3] != 0
    }

    /// One step with the force at `action[0]`.
    @inline(__always)
    public mutating func advance(laneAction action: UnsafePointer<Double>) -> StepOutcome {
        advance(action[0])
    }

    /// The state as float32, into `buffer`.
    @inline(__always)
    public func writeObservation(into buffer: UnsafeMutablePointer<Double>) {
        buffer[0] = float32(position); buffer[1] = float32(velocity)
    }
}

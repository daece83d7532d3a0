import UnderstudyDeterminism

/// Gymnasium 1.4's `Pendulum-v1`, step for step: semi-implicit Euler with dt = 0.05, θ not
/// wrapped in the state, a float32 action and NumPy 2's float32 arithmetic where the action
/// enters (NEP 50: `3.0 * u` and `0.001 * u**2` are float32 operations).
///
/// Follows `gymnasium/envs/classic_control/pendulum.py` (lines 102–142, 282). θ = 0 is
/// upright; the cost is angle_normalize(θ)² + 0.1 θ̇² + 0.001 u².
public struct Pendulum: Environment {
    /// The Gymnasium id, `Pendulum-v1`.
    public static let id = "Pendulum-v1"

    static let maxSpeed = 8.0
    static let maxTorque: Float = 2.0
    static let dt = 0.05
    static let g = 10.0
    static let m = 1.0
    static let l = 1.0
    /// `3 * g / (2 * l)` and `3.0 / (m * l**2)`, evaluated as Python does.
    static let gravityTerm = 3 * g / (2 * l)
    static let torqueGain = Float(3.0 / (m * l * l))
    /// The Python float 0.001, rounded to float32 as NumPy does when it meets a float32.
    static let torqueCost = Float(0.001 as Double)

    /// Angle from upright, radians.
    public private(set) var theta = 0.0
    /// Angular velocity.
    public private(set) var thetaDot = 0.0
    /// Steps since the last reset.
    public private(set) var elapsedSteps = 0

    /// Pendulum at rest; call `reset(using:)` before the first step.
    public init() {}

    /// The environment's id, as specs name it.
    public var id: String { Self.id }
    /// Names of the state's components, in order.
    public var stateNames: [String] { ["theta", "theta_dot"] }
    /// Length of the observation vector the policy sees.
    public var observationSize: Int { 3 }
    /// The actions the policy may take.
    public var actionSpace: ActionSpace { .box(low: [-2], high: [2]) }
    /// The time limit: steps before an episode is truncated.
    public var maxEpisodeSteps: Int { 200 }
    /// The full state, in `stateNames` order.
    public var state: [Double] { [theta, thetaDot] }
    /// `[cos θ, sin θ, θ̇]` as float32 (`pendulum.py` `_get_obs`).
    public var observation: [Double] { observationArray(count: 3, writeObservation) }

    /// θ uniform in [−π, π), θ̇ uniform in [−1, 1), as `pendulum.py`'s default reset bounds.
    public mutating func reset(using stream: inout RandomStream) {
        theta = stream.uniform(-Double.pi, Double.pi)
        thetaDot = stream.uniform(-1, 1)
        elapsedSteps = 0
    }

    /// Puts the environment in `state` (in `stateNames` order), as a replay starts.
    public mutating func reset(to state: [Double]) {
        precondition(state.count == 2, "Pendulum-v1 state has 2 components")
        (theta, thetaDot) = (state[0], state[1])
        elapsedSteps = 0
    }

    /// One step with `action`, as Gymnasium's `step()` takes it: (reward, terminated, truncated).
    @inline(__always)
    public mutating func advance(_ action: Action) -> StepOutcome {
        advance(action.firstComponent)
    }

    /// One step without building the observation. The torque is rounded to float32 (the
    /// action space's dtype), then clipped to ±2.
    @inline(__always)
    public mutating func advance(_ torque: Double) -> (Double, Bool, Bool) {
        // NumPy 2.4 evaluates `np.sin` of a float64 with glibc's libm `sin` (not its own SIMD code).
        let (costs, newTheta, newThetaDot) = Self.swing(theta, thetaDot, torque: torque, sinTheta: PortableMath.glibcSin(theta))
        theta = newTheta
        thetaDot = newThetaDot
        elapsedSteps += 1
        return (-costs, false, elapsedSteps >= maxEpisodeSteps)
    }

    /// pendulum.py's step from (θ, θ̇) with `torque` and sin θ: its cost and the new (θ, θ̇).
    /// The one formula of the scalar step and the batch's.
    @inline(__always)
    static func swing(_ theta: Double, _ thetaDot: Double, torque: Double, sinTheta: Double) -> (Double, Double, Double) {
        let u = min(max(Float(torque), -maxTorque), maxTorque)
        let normalized = angleNormalize(theta)
        // `u**2` of NumPy's float32 scalar u is libm's powf(u, 2), not u*u.
        let costs = pythonSquare(normalized) + 0.1 * pythonSquare(thetaDot) + Double(torqueCost * PortableMath.glibcPowf(u, 2))
        var newThetaDot = thetaDot + (gravityTerm * sinTheta + Double(torqueGain * u)) * dt
        newThetaDot = min(max(newThetaDot, -maxSpeed), maxSpeed)
        return (costs, theta + newThetaDot * dt, newThetaDot)
    }

    /// The episode's metrics (e.g. its return and length), as reports show them.
    public func episodeMetrics(states: [[Double]], rewards: [Double]) -> [String: Double] {
        classicControlMetrics(rewards: rewards)
    }
}

/// `((x + π) mod 2π) − π` with Python's floored modulo (NumPy's `npy_divmod`: `fmod`, then
/// shift by the divisor when the signs differ), so the result lies in [−π, π).
@inline(__always)
func angleNormalize(_ x: Double) -> Double {
    let period = 2 * Double.pi
    let a = x + Double.pi
    var r = PortableMath.truncatingRemainder(a, dividingBy: period)
    if r != 0 {
        if (r < 0) != (period < 0) { r += period }
    } else {
        r = 0   // copysign(0, period) with a positive period
    }
    return r - Double.pi
}

extension Pendulum: LaneSteppable {
    /// Pendulum's batch: struct-of-arrays lanes stepped through `advance`.
    public typealias Batch = LaneBatch<Pendulum>

    /// The batch's step on its struct-of-arrays storage: sin θ for every lane through the array
    /// kernel, then `swing` lane by lane — the scalar step's operations on each lane.
    public static func stepLanes(_ batch: inout LaneBatch<Pendulum>, actions: [Double], active: [Bool], rewards: inout [Double],
                                 terminated: inout [Bool], truncated: inout [Bool]) {
        let n = batch.laneCount, w = batch.actionWidth, limit = Double(batch.maxEpisodeSteps)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { sines in
            batch.withStepBuffers(actions: actions, active: active, rewards: &rewards, terminated: &terminated,
                                  truncated: &truncated) { theta, a, r, t, u in
                // Component c of lane i at c·n + i (`store(into:)`'s order).
                let thetaDot = theta + n, steps = theta + 2 * n
                PortableMath.glibcSin(UnsafeBufferPointer(start: theta, count: n), into: sines)
                for i in 0..<n where active[i] {
                    let (costs, newTheta, newThetaDot) = swing(theta[i], thetaDot[i], torque: a[i * w], sinTheta: sines[i])
                    (theta[i], thetaDot[i]) = (newTheta, newThetaDot)
                    steps[i] += 1
                    r[i] = -costs
                    t[i] = false
                    u[i] = steps[i] >= limit
                }
            }
        }
    }

    /// The batch's observations straight from its storage, cos θ and sin θ through the array
    /// kernels, then `writeObservation(cosine:sine:thetaDot:into:)` lane by lane.
    public static func observeLanes(_ batch: LaneBatch<Pendulum>, into buffer: inout [Double], active: [Bool]) {
        let n = batch.laneCount
        precondition(buffer.count >= n * 3 && active.count >= n, "observation buffer needs \(n) lanes")
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n) { trig in
            let cosines = trig.baseAddress!, sines = cosines + n
            batch.storage.withUnsafeBufferPointer { storage in
                let theta = storage.baseAddress!, thetaDot = theta + n
                PortableMath.glibcCos(UnsafeBufferPointer(start: theta, count: n), into: UnsafeMutableBufferPointer(start: cosines, count: n))
                PortableMath.glibcSin(UnsafeBufferPointer(start: theta, count: n), into: UnsafeMutableBufferPointer(start: sines, count: n))
                buffer.withUnsafeMutableBufferPointer { out in
                    for i in 0..<n where active[i] {
                        writeObservation(cosine: cosines[i], sine: sines[i], thetaDot: thetaDot[i], into: out.baseAddress! + i * 3)
                    }
                }
            }
        }
    }
    /// θ, θ̇ and the step count.
    public static var laneWidth: Int { 3 }

    /// Writes the state and step count into `slot`.
    @inline(__always)
    public func store(into slot: LaneSlot) {
        slot[0] = theta; slot[1] = thetaDot; slot[2] = Double(elapsedSteps)
    }

    /// Takes the state and step count from `slot`.
    @inline(__always)
    public mutating func load(from slot: LaneSlot) {
        (theta, thetaDot) = (slot[0], slot[1])
        elapsedSteps = Int(slot[2])
    }

    /// One step with the torque at `action[0]`.
    @inline(__always)
    public mutating func advance(laneAction action: UnsafePointer<Double>) -> StepOutcome {
        advance(action[0])
    }

    /// `[cos θ, sin θ, θ̇]` as float32, into `buffer`.
    @inline(__always)
    public func writeObservation(into buffer: UnsafeMutablePointer<Double>) {
        Self.writeObservation(cosine: PortableMath.glibcCos(theta), sine: PortableMath.glibcSin(theta), thetaDot: thetaDot, into: buffer)
    }

    /// The one observation formula, the scalar step's and the batch's: (cos θ, sin θ, θ̇), each
    /// rounded to float32 as Gymnasium's float32 observation array rounds it.
    @inline(__always)
    static func writeObservation(cosine: Double, sine: Double, thetaDot: Double, into buffer: UnsafeMutablePointer<Double>) {
        buffer[0] = float32(cosine)
        buffer[1] = float32(sine)
        buffer[2] = float32(thetaDot)
    }
}

import UnderstudyDeterminism

/// Gymnasium 1.4's `Acrobot-v1`, step for step: one classic RK4 step of dt = 0.2 on the
/// "book" dynamics, then `wrap` of both angles into [−π, π] and `bound` of the velocities to
/// ±4π and ±9π; float64 state, float32 observations, reward −1 until the tip is a link's
/// length above the pivot.
///
/// Follows `gymnasium/envs/classic_control/acrobot.py` (lines 161–292 and its `wrap`, `bound`,
/// `rk4`), keeping NumPy's order of operations: with unit masses, lengths and inertias many
/// factors are exact (1·x), and the ones that are not (1.5·9.8, 0.5·9.8, 0.2/6) are computed
/// as Python computes them.
public struct Acrobot: Environment {
    /// The Gymnasium id, `Acrobot-v1`.
    public static let id = "Acrobot-v1"

    static let dt = 0.2
    static let maxVelocity1 = 4 * Double.pi
    static let maxVelocity2 = 9 * Double.pi
    /// `AVAIL_TORQUE = [-1.0, 0.0, +1]`.
    static let torques: (Double, Double, Double) = (-1.0, 0.0, 1.0)

    /// Angle of the first link from hanging down, radians.
    public private(set) var theta1 = 0.0
    /// Angle of the second link relative to the first, radians.
    public private(set) var theta2 = 0.0
    /// Angular velocity of the first link.
    public private(set) var dTheta1 = 0.0
    /// Angular velocity of the second link.
    public private(set) var dTheta2 = 0.0
    /// Steps since the last reset.
    public private(set) var elapsedSteps = 0

    /// Acrobot at rest; call `reset(using:)` before the first step.
    public init() {}

    /// The environment's id, as specs name it.
    public var id: String { Self.id }
    /// Names of the state's components, in order.
    public var stateNames: [String] { ["theta1", "theta2", "dtheta1", "dtheta2"] }
    /// Length of the observation vector the policy sees.
    public var observationSize: Int { 6 }
    /// The actions the policy may take.
    public var actionSpace: ActionSpace { .discrete(3) }
    /// The time limit: steps before an episode is truncated.
    public var maxEpisodeSteps: Int { 500 }
    /// The full state, in `stateNames` order.
    public var state: [Double] { [theta1, theta2, dTheta1, dTheta2] }
    /// `[cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2]` as float32 (`acrobot.py` `_get_ob`).
    public var observation: [Double] { observationArray(count: 6, writeObservation) }

    /// Each component uniform in [−0.1, 0.1), rounded to float32 as `acrobot.py:208` does.
    public mutating func reset(using stream: inout RandomStream) {
        theta1 = float32(stream.uniform(-0.1, 0.1))
        theta2 = float32(stream.uniform(-0.1, 0.1))
        dTheta1 = float32(stream.uniform(-0.1, 0.1))
        dTheta2 = float32(stream.uniform(-0.1, 0.1))
        elapsedSteps = 0
    }

    /// Puts the environment in `state` (in `stateNames` order), as a replay starts.
    public mutating func reset(to state: [Double]) {
        precondition(state.count == 4, "Acrobot-v1 state has 4 components")
        (theta1, theta2, dTheta1, dTheta2) = (state[0], state[1], state[2], state[3])
        elapsedSteps = 0
    }

    /// One step with `action`, as Gymnasium's `step()` takes it: (reward, terminated, truncated).
    @inline(__always)
    public mutating func advance(_ action: Action) -> StepOutcome {
        advance(action.discreteIndex)
    }

    /// One step without building the observation.
    @inline(__always)
    public mutating func advance(_ action: Int) -> (Double, Bool, Bool) {
        precondition(action >= 0 && action < 3, "Acrobot-v1 actions are 0, 1, 2")
        let torque = action == 0 ? Self.torques.0 : (action == 1 ? Self.torques.1 : Self.torques.2)
        let y0 = SIMD4(theta1, theta2, dTheta1, dTheta2)
        // rk4(derivs, y0, [0, dt]): dt = t[1] − t[0], dt2 = dt / 2.0.
        let dt = Self.dt - 0.0
        let dt2 = dt / 2.0
        let k1 = Self.derivatives(y0, torque)
        let k2 = Self.derivatives(y0 + dt2 * k1, torque)
        let k3 = Self.derivatives(y0 + dt2 * k2, torque)
        let k4 = Self.derivatives(y0 + dt * k3, torque)
        let y1 = y0 + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)

        theta1 = wrap(y1[0], -Double.pi, Double.pi)
        theta2 = wrap(y1[1], -Double.pi, Double.pi)
        dTheta1 = bound(y1[2], -Self.maxVelocity1, Self.maxVelocity1)
        dTheta2 = bound(y1[3], -Self.maxVelocity2, Self.maxVelocity2)
        elapsedSteps += 1

        let terminated = -PortableMath.glibcCos(theta1) - PortableMath.glibcCos(theta2 + theta1) > 1.0
        return (terminated ? 0.0 : -1.0, terminated, elapsedSteps >= maxEpisodeSteps)
    }

    /// `_dsdt` with the "book" equations; m1 = m2 = l1 = 1, lc1 = lc2 = 0.5, I1 = I2 = 1,
    /// g = 9.8. Each line notes the Python expression it evaluates.
    @inline(__always)
    static func derivatives(_ s: SIMD4<Double>, _ a: Double) -> SIMD4<Double> {
        let (theta1, theta2, dtheta1, dtheta2) = (s[0], s[1], s[2], s[3])
        let g = 9.8
        // NumPy's `cos`/`sin` of float64 scalars call glibc's libm, which is not correctly rounded.
        let cos2 = PortableMath.glibcCos(theta2)
        let sin2 = PortableMath.glibcSin(theta2)
        // m1*lc1**2 + m2*(l1**2 + lc2**2 + 2*l1*lc2*cos(theta2)) + I1 + I2
        let d1 = 0.25 + 1.0 * (1.0 + 0.25 + 1.0 * cos2) + 1.0 + 1.0
        // m2*(lc2**2 + l1*lc2*cos(theta2)) + I2
        let d2 = 1.0 * (0.25 + 0.5 * cos2) + 1.0
        // m2*lc2*g*cos(theta1 + theta2 - pi/2.0)
        let phi2 = 0.5 * g * PortableMath.glibcCos(theta1 + theta2 - Double.pi / 2.0)
        // -m2*l1*lc2*dtheta2**2*sin(theta2) - 2*m2*l1*lc2*dtheta2*dtheta1*sin(theta2)
        //   + (m1*lc1 + m2*l1)*g*cos(theta1 - pi/2) + phi2
        let phi1 = -0.5 * pythonSquare(dtheta2) * sin2
            - 1.0 * dtheta2 * dtheta1 * sin2
            + (0.5 + 1.0) * g * PortableMath.glibcCos(theta1 - Double.pi / 2)
            + phi2
        // (a + d2/d1*phi1 - m2*l1*lc2*dtheta1**2*sin(theta2) - phi2) / (m2*lc2**2 + I2 - d2**2/d1)
        let ddtheta2 = (a + d2 / d1 * phi1 - 0.5 * pythonSquare(dtheta1) * sin2 - phi2)
            / (0.25 + 1.0 - pythonSquare(d2) / d1)
        let ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
        return SIMD4(dtheta1, dtheta2, ddtheta1, ddtheta2)
    }

    /// The episode's metrics (e.g. its return and length), as reports show them.
    public func episodeMetrics(states: [[Double]], rewards: [Double]) -> [String: Double] {
        classicControlMetrics(rewards: rewards)
    }
}

extension Acrobot: LaneSteppable {
    /// Acrobot's batch: struct-of-arrays lanes stepped through `advance`.
    public typealias Batch = LaneBatch<Acrobot>

    /// The batch's step, compiled for `Acrobot`.
    public static func stepLanes(_ batch: inout LaneBatch<Acrobot>, actions: [Double], active: [Bool], rewards: inout [Double],
                                 terminated: inout [Bool], truncated: inout [Bool]) {
        batch.stepEachLane(actions: actions, active: active, rewards: &rewards, terminated: &terminated, truncated: &truncated)
    }

    /// The batch's observations, compiled for `Acrobot`.
    public static func observeLanes(_ batch: LaneBatch<Acrobot>, into buffer: inout [Double], active: [Bool]) {
        batch.observeEachLane(into: &buffer, active: active)
    }
    /// θ1, θ2, θ̇1, θ̇2 and the step count.
    public static var laneWidth: Int { 5 }

    /// Writes the state and step count into `slot`.
    @inline(__always)
    public func store(into slot: LaneSlot) {
        slot[0] = theta1; slot[1] = theta2; slot[2] = dTheta1; slot[3] = dTheta2; slot[4] = Double(elapsedSteps)
    }

    /// Takes the state and step count from `slot`.
    @inline(__always)
    public mutating func load(from slot: LaneSlot) {
        (theta1, theta2, dTheta1, dTheta2) = (slot[0], slot[1], slot[2], slot[3])
        elapsedSteps = Int(slot[4])
    }

    /// One step with the action index at `action[0]`.
    @inline(__always)
    public mutating func advance(laneAction action: UnsafePointer<Double>) -> StepOutcome {
        advance(Int(action[0]))
    }

    /// `[cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2]` as float32, into `buffer`.
    @inline(__always)
    public func writeObservation(into buffer: UnsafeMutablePointer<Double>) {
        buffer[0] = float32(PortableMath.glibcCos(theta1)); buffer[1] = float32(PortableMath.glibcSin(theta1))
        buffer[2] = float32(PortableMath.glibcCos(theta2)); buffer[3] = float32(PortableMath.glibcSin(theta2))
        buffer[4] = float32(dTheta1); buffer[5] = float32(dTheta2)
    }
}

/// `acrobot.py`'s `wrap`: shift by M − m until m ≤ x ≤ M.
///
/// Gymnasium's loop runs |x| / (M − m) times, and for ever when x is infinite or so large that
/// x − (M − m) == x — which a replayed file can ask for (an initial angle of 1.8e18, a velocity
/// of 1e300; found by Fuzz/run.sh's `demos` target). No step from a state reset or a step gives
/// reaches |x| > `wrapShortcut` (at most π + dt · 9π), so for those values the loop is
/// Gymnasium's, bit for bit; beyond it, whole turns are removed at once with IEEE-exact
/// operations (a fused multiply-add; each round leaves at most 2⁻⁵² of the value, so a few
/// rounds reach any finite value; an infinite x becomes NaN), then the loop finishes in a
/// step or two.
@inline(__always)
func wrap(_ x: Double, _ m: Double, _ M: Double) -> Double {
    let diff = M - m
    var x = x
    while x.magnitude > wrapShortcut { x = x.addingProduct(-(x / diff).rounded(.towardZero), diff) }
    while x > M { x = x - diff }
    while x < m { x = x + diff }
    return x
}

/// Beyond this magnitude `wrap` removes whole turns at once (no reachable angle comes close).
let wrapShortcut = 1e3

/// `acrobot.py`'s `bound`: `min(max(x, m), M)`.
@inline(__always)
func bound(_ x: Double, _ m: Double, _ M: Double) -> Double {
    min(max(x, m), M)
}

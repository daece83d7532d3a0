import UnderstudyDeterminism

/// Gymnasium 1.4's `CartPole-v1`, step for step: explicit Euler with τ = 0.02 on a float64
/// state, float32 observations, reward 1 on every step including the one that terminates.
///
/// Constants and the order of every operation follow
/// `gymnasium/envs/classic_control/cartpole.py` (lines 125–197), so replayed episodes agree
/// bit for bit with Gymnasium (Tests/UnderstudyEnvironmentsTests/Fixtures replays its episodes).
public struct CartPole: Environment {
    /// The Gymnasium id, `CartPole-v1`.
    public static let id = "CartPole-v1"

    // cartpole.py:125–137, computed the way Python computes them.
    static let gravity = 9.8
    static let massCart = 1.0
    static let massPole = 0.1
    static let totalMass = massPole + massCart
    static let length = 0.5
    static let poleMassLength = massPole * length
    static let forceMagnitude = 10.0
    static let tau = 0.02
    static let thetaThreshold = 12 * 2 * Double.pi / 360
    static let xThreshold = 2.4

    /// Cart position.
    public private(set) var x = 0.0
    /// Cart velocity.
    public private(set) var xDot = 0.0
    /// Pole angle from upright, radians.
    public private(set) var theta = 0.0
    /// Pole angular velocity.
    public private(set) var thetaDot = 0.0
    /// Steps since the last reset.
    public private(set) var elapsedSteps = 0
    /// Gymnasium's `steps_beyond_terminated`: stepping on after the pole fell earns 0.
    var alreadyTerminated = false

    /// CartPole at rest; call `reset(using:)` before the first step.
    public init() {}

    /// The environment's id, as specs name it.
    public var id: String { Self.id }
    /// Names of the state's components, in order.
    public var stateNames: [String] { ["x", "x_dot", "theta", "theta_dot"] }
    /// Length of the observation vector the policy sees.
    public var observationSize: Int { 4 }
    /// The actions the policy may take.
    public var actionSpace: ActionSpace { .discrete(2) }
    /// The time limit: steps before an episode is truncated.
    public var maxEpisodeSteps: Int { 500 }
    /// The full state, in `stateNames` order.
    public var state: [Double] { [x, xDot, theta, thetaDot] }
    /// `np.array(state, dtype=np.float32)`.
    public var observation: [Double] { observationArray(count: 4, writeObservation) }

    /// Each component uniform in [−0.05, 0.05), as `cartpole.py:243` (our stream, not NumPy's).
    public mutating func reset(using stream: inout RandomStream) {
        x = stream.uniform(-0.05, 0.05)
        xDot = stream.uniform(-0.05, 0.05)
        theta = stream.uniform(-0.05, 0.05)
        thetaDot = stream.uniform(-0.05, 0.05)
        elapsedSteps = 0
        alreadyTerminated = false
    }

    /// Puts the environment in `state` (in `stateNames` order), as a replay starts.
    public mutating func reset(to state: [Double]) {
        precondition(state.count == 4, "CartPole-v1 state has 4 components")
        (x, xDot, theta, thetaDot) = (state[0], state[1], state[2], state[3])
        elapsedSteps = 0
        alreadyTerminated = false
    }

    /// One step with `action`, as Gymnasium's `step()` takes it: (reward, terminated, truncated).
    @inline(__always)
    public mutating func advance(_ action: Action) -> StepOutcome {
        advance(action.discreteIndex)
    }

    /// One step without building the observation: (reward, terminated, truncated).
    @inline(__always)
    public mutating func advance(_ action: Int) -> (Double, Bool, Bool) {
        // `math.cos`/`math.sin`: glibc's libm, which is not correctly rounded.
        (x, xDot, theta, thetaDot) = Self.euler(x, xDot, theta, thetaDot, action: action,
                                                cosTheta: PortableMath.glibcCos(theta), sinTheta: PortableMath.glibcSin(theta))
        elapsedSteps += 1
        let terminated = Self.isOutOfBounds(x, theta)
        var reward = 1.0
        if terminated {
            if alreadyTerminated { reward = 0 }
            alreadyTerminated = true
        }
        return (reward, terminated, elapsedSteps >= maxEpisodeSteps)
    }

    /// cartpole.py's Euler step from (x, ẋ, θ, θ̇) with `action` and cos θ, sin θ: the one
    /// formula of the scalar step and the batch's.
    @inline(__always)
    static func euler(_ x: Double, _ xDot: Double, _ theta: Double, _ thetaDot: Double, action: Int,
                      cosTheta: Double, sinTheta: Double) -> (Double, Double, Double, Double) {
        let force = action == 1 ? forceMagnitude : -forceMagnitude
        let temp = (force + poleMassLength * (thetaDot * thetaDot) * sinTheta) / totalMass
        let thetaAcc = (gravity * sinTheta - cosTheta * temp)
            / (length * (4.0 / 3.0 - massPole * (cosTheta * cosTheta) / totalMass))
        let xAcc = temp - poleMassLength * thetaAcc * cosTheta / totalMass
        return (x + tau * xDot, xDot + tau * xAcc, theta + tau * thetaDot, thetaDot + tau * thetaAcc)
    }

    /// Whether the cart or the pole has left its bounds (cartpole.py's `terminated`).
    @inline(__always)
    static func isOutOfBounds(_ x: Double, _ theta: Double) -> Bool {
        x < -xThreshold || x > xThreshold || theta < -thetaThreshold || theta > thetaThreshold
    }

    /// The episode's metrics (e.g. its return and length), as reports show them.
    public func episodeMetrics(states: [[Double]], rewards: [Double]) -> [String: Double] {
        classicControlMetrics(rewards: rewards)
    }
}

extension CartPole: LaneSteppable {
    /// CartPole's batch: struct-of-arrays lanes stepped through `advance`.
    public typealias Batch = LaneBatch<CartPole>

    /// The batch's step on its struct-of-arrays storage: θ's cos and sin for every lane through
    /// the array kernels, then `euler` and the scalar step's ending rules lane by lane — the
    /// scalar step's operations on each lane, without loading it into a copy of the environment.
    public static func stepLanes(_ batch: inout LaneBatch<CartPole>, actions: [Double], active: [Bool], rewards: inout [Double],
                                 terminated: inout [Bool], truncated: inout [Bool]) {
        let n = batch.laneCount, w = batch.actionWidth, limit = Double(batch.maxEpisodeSteps)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n) { trig in
            let cosines = trig.baseAddress!, sines = cosines + n
            batch.withStepBuffers(actions: actions, active: active, rewards: &rewards, terminated: &terminated,
                                  truncated: &truncated) { x, a, r, t, u in
                // Component c of lane i at c·n + i (`store(into:)`'s order).
                let xDot = x + n, theta = x + 2 * n, thetaDot = x + 3 * n, steps = x + 4 * n, done = x + 5 * n
                PortableMath.glibcCos(UnsafeBufferPointer(start: theta, count: n), into: UnsafeMutableBufferPointer(start: cosines, count: n))
                PortableMath.glibcSin(UnsafeBufferPointer(start: theta, count: n), into: UnsafeMutableBufferPointer(start: sines, count: n))
                for i in 0..<n where active[i] {
                    (x[i], xDot[i], theta[i], thetaDot[i]) = euler(x[i], xDot[i], theta[i], thetaDot[i], action: Int(a[i * w]),
                                                                   cosTheta: cosines[i], sinTheta: sines[i])
                    steps[i] += 1
                    let ended = isOutOfBounds(x[i], theta[i])
                    r[i] = ended && done[i] != 0 ? 0 : 1
                    if ended { done[i] = 1 }
                    t[i] = ended
                    u[i] = steps[i] >= limit
                }
            }
        }
    }

    /// The batch's observations straight from its struct-of-arrays storage (`writeObservation`'s
    /// float32 rounding of each component).
    public static func observeLanes(_ batch: LaneBatch<CartPole>, into buffer: inout [Double], active: [Bool]) {
        let n = batch.laneCount
        precondition(buffer.count >= n * 4 && active.count >= n, "observation buffer needs \(n) lanes")
        batch.storage.withUnsafeBufferPointer { storage in
            buffer.withUnsafeMutableBufferPointer { out in
                let s = storage.baseAddress!, o = out.baseAddress!
                for i in 0..<n where active[i] {
                    for c in 0..<4 { o[i * 4 + c] = float32(s[c * n + i]) }
                }
            }
        }
    }
    /// x, ẋ, θ, θ̇, the step count and `steps_beyond_terminated`'s flag.
    public static var laneWidth: Int { 6 }

    /// Writes the state, step count and termination flag into `slot`.
    @inline(__always)
    public func store(into slot: LaneSlot) {
        slot[0] = x; slot[1] = xDot; slot[2] = theta; slot[3] = thetaDot
        slot[4] = Double(elapsedSteps); slot[5] = alreadyTerminated ? 1 : 0
    }

    /// Takes the state, step count and termination flag from `slot`.
    @inline(__always)
    public mutating func load(from slot: LaneSlot) {
        (x, xDot, theta, thetaDot) = (slot[0], slot[1], slot[2], slot[3])
        elapsedSteps = Int(slot[4])
        alreadyTerminated = slot[5] != 0
    }

    /// One step with the action index at `action[0]`.
    @inline(__always)
    public mutating func advance(laneAction action: UnsafePointer<Double>) -> StepOutcome {
        advance(Int(action[0]))
    }

    /// `np.array(state, dtype=np.float32)`, into `buffer`.
    @inline(__always)
    public func writeObservation(into buffer: UnsafeMutablePointer<Double>) {
        buffer[0] = float32(x); buffer[1] = float32(xDot); buffer[2] = float32(theta); buffer[3] = float32(thetaDot)
    }
}

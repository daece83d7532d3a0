import UnderstudyDeterminism

/// Balances CartPole with linear state feedback: push right when
/// 1·x + 1.5·ẋ + 18·θ + 3·θ̇ > 0. The gains are a hand-tuned stabilising feedback (cart
/// terms small and of the same sign as the pole's, so the cart drifts back to the centre);
/// it balances for the full 500 steps from every reset state (tested on 100 resets).
public struct CartPoleExpert: Expert {
    /// The feedback gains on x, ẋ, θ and θ̇.
    public var gains: (x: Double, xDot: Double, theta: Double, thetaDot: Double) = (1.0, 1.5, 18.0, 3.0)

    /// The expert with the gains above.
    public init() {}

    /// Push right (1) when the weighted state is positive, else left (0).
    public func action(for state: [Double]) -> Action {
        let u = gains.x * state[0] + gains.xDot * state[1] + gains.theta * state[2] + gains.thetaDot * state[3]
        return .discrete(u > 0 ? 1 : 0)
    }
}

/// Swings the pendulum up by pumping energy, then holds it with a linear stabiliser.
///
/// With Gymnasium's dynamics θ̈ = 15 sin θ + 3u (θ = 0 upright), E = ½θ̇² + 15 cos θ is
/// conserved without torque and dE/dt = 3uθ̇; upright at rest has E = 15. Away from upright
/// the expert applies u = k (15 − E) θ̇ (pushing along θ̇ when short of energy; a kick when at
/// rest); within |θ| < 0.5 rad and |θ̇| < 4 it applies u = −(10 θ + 2 θ̇). Clipped to ±2.
/// Mean return over 20 resets: about −140 (Gymnasium's good policies reach −150 to −200).
public struct PendulumExpert: Expert {
    /// k in u = k (15 − E) θ̇, the swing-up's energy pump.
    public var pumpGain = 1.0
    /// The stabiliser's gains on angle and velocity near upright.
    public var stabiliserGains: (angle: Double, velocity: Double) = (10, 2)

    /// The expert with the gains above.
    public init() {}

    /// The torque for `state` (θ, θ̇): swing up, or stabilise near upright; clipped to ±2.
    public func action(for state: [Double]) -> Action {
        let angle = angleNormalize(state[0])
        let velocity = state[1]
        let u: Double
        if abs(angle) < 0.5 && abs(velocity) < 4 {
            u = -(stabiliserGains.angle * angle + stabiliserGains.velocity * velocity)
        } else {
            let energy = 0.5 * velocity * velocity + 15 * PortableMath.cos(angle)
            u = pumpGain * (15 - energy) * (velocity == 0 ? 1 : velocity)
        }
        return .continuous([min(max(u, -2), 2)])
    }
}

/// Bang-bang on the sign of the velocity: full throttle in the direction of motion (left
/// when at rest), which builds the swing that reaches the flag in about 80 steps;
/// return ≈ 92 (Gymnasium's "solved" threshold is 90).
public struct MountainCarContinuousExpert: Expert {
    /// The bang-bang expert.
    public init() {}

    /// Full throttle in the direction of motion (left at rest).
    public func action(for state: [Double]) -> Action {
        .continuous([state[1] > 0 ? 1 : -1])
    }
}

/// Pumps energy into the Acrobot with bang-bang torque on the sign of θ̇2 − 0.3 θ̇1 (+1 when
/// positive, else −1): the swing grows until the tip clears the goal line. Measured against
/// Gymnasium over 300 resets: 83 steps on average, 208 at most; over the tests' 100 resets of
/// our own: 85 on average, 412 at most (the time limit is 500). The pure θ̇2 law averages 89
/// but stalls in about 1 reset in 300.
public struct AcrobotExpert: Expert {
    /// The energy-pumping expert.
    public init() {}

    /// Torque +1 when θ̇2 − 0.3 θ̇1 is positive, else −1.
    public func action(for state: [Double]) -> Action {
        .discrete(state[3] - 0.3 * state[2] > 0 ? 2 : 0)
    }
}

/// Follows the centre line and steers back from any offset and heading, so it can relabel any
/// state DAgger visits: aim at heading tangent + atan(gain · offset) (offset positive outside,
/// so it aims inwards), and turn by speed·dt·curvature + headingGain · (aim − heading), wrapped
/// to (−π, π] and clamped to ±maxSteering.
public struct DrivingLoopExpert: Expert {
    /// The track it steers along.
    public let track: StadiumTrack
    /// Distance the car moves per step.
    public let stepLength: Double
    /// Largest steering angle per step; actions are clipped to it.
    public let maxSteering: Double
    /// Steering per unit of lateral offset from the centre line.
    public var offsetGain = 0.5
    /// Steering per radian of heading error.
    public var headingGain = 0.5

    /// An expert for a track, speed and steering limit.
    public init(track: StadiumTrack, stepLength: Double, maxSteering: Double) {
        self.track = track
        self.stepLength = stepLength
        self.maxSteering = maxSteering
    }

    /// The expert for `environment`'s track, step length and steering limit.
    public init(environment: DrivingLoop) {
        self.init(track: environment.track, stepLength: environment.stepLength, maxSteering: environment.config.maxSteering)
    }

    /// The steering for `state` (x, y, heading): back towards the centre line and along it, clipped.
    public func action(for state: [Double]) -> Action {
        .continuous([steering(x: state[0], y: state[1], heading: state[2])])
    }

    /// The turning angle in state (x, y, heading).
    public func steering(x: Double, y: Double, heading: Double) -> Double {
        let p = track.project(x: x, y: y)
        let aim = p.tangentHeading + PortableMath.atan(offsetGain * p.offset)
        let delta = stepLength * p.curvature + headingGain * wrapAngle(aim - heading)
        return min(max(delta, -maxSteering), maxSteering)
    }
}

/// The expert for an environment: the matching policy above, or nil for an unknown type.
public func makeExpert(for environment: any Environment) -> (any Expert)? {
    switch environment {
    case is CartPole: return CartPoleExpert()
    case is Pendulum: return PendulumExpert()
    case is MountainCarContinuous: return MountainCarContinuousExpert()
    case is Acrobot: return AcrobotExpert()
    case let loop as DrivingLoop: return DrivingLoopExpert(environment: loop)
    case let world as Gridworld: return GridworldExpert(world: world)
    default: return nil
    }
}

/// The driving loop's track, car and episode settings, with defaults that reproduce the
/// lecture's setting: a stadium with 10-unit straights and radius-10 ends, road
/// half-width 1, speed·dt = 0.2 per step, steering clamped to ±0.3 rad, a two-lap horizon.
/// `DrivingLoopConfig.circle` is the feasibility sketch's circle (R = 10).
public struct DrivingLoopConfig: Sendable, Hashable {
    /// What the student observes.
    public enum Observation: String, Sendable, Hashable, CaseIterable {
        /// (x/scale, y/scale, cos heading, sin heading): the expert's corrections are a
        /// function of this, so DAgger can learn them.
        case pose
        /// (x/scale, y/scale) only: the expert's policy is not realisable from it.
        case position
    }

    /// Length of each straight (0 makes a circle).
    public var straightLength = 10.0
    /// Radius of the semicircular ends (and of the circle).
    public var radius = 10.0
    /// Half the road's width: the car is on the road within this distance of the centre line.
    public var halfWidth = 1.0
    /// Distance travelled per unit of time.
    public var speed = 1.0
    /// Time per step.
    public var dt = 0.2
    /// Largest turning angle per step, radians.
    public var maxSteering = 0.3
    /// Steps per episode; `nil` means two laps' worth, ⌈2 · lapLength / (speed·dt)⌉.
    public var horizon: Int? = nil
    /// What the student observes: the pose, or the position only.
    public var observation: Observation = .pose
    /// Positions are divided by this in observations; `nil` means radius + straightLength/2,
    /// the track's half-extent along x, so observations are of order 1.
    public var trackScale: Double? = nil
    /// Standard deviation of the start's lateral offset from the centre line (0: none).
    public var startOffsetNoise = 0.0
    /// Standard deviation of the start heading, radians (0: none).
    public var startHeadingNoise = 0.0
    /// The steering actuator's constant error δ, radians: the car turns by
    /// `steeringGain · command + steeringOffset` each step (the command clamped to
    /// ±maxSteering first). The track and what the student observes are unchanged, so a
    /// changed actuator is a changed car on the same road (reward transfer, issue 16).
    public var steeringOffset = 0.0
    /// The steering actuator's gain: the car turns by `steeringGain` × the clamped command
    /// (plus `steeringOffset`). 1 and 0 turn exactly by the command.
    public var steeringGain = 1.0

    /// The lecture's loop: the defaults above.
    public init() {}

    /// The feasibility sketch's track: a circle of radius 10.
    public static var circle: DrivingLoopConfig {
        var c = DrivingLoopConfig()
        c.straightLength = 0
        return c
    }

    /// Length of one lap along the centre line.
    public var lapLength: Double { 2 * straightLength + 2 * Double.pi * radius }
    /// Steps per episode: `horizon`, or two laps' worth.
    public var resolvedHorizon: Int { horizon ?? Int((2 * lapLength / (speed * dt)).rounded(.up)) }
    /// The divisor of positions in observations: `trackScale`, or radius + straightLength/2.
    public var resolvedTrackScale: Double { trackScale ?? radius + straightLength / 2 }

    /// The same settings with `horizon` and `trackScale` filled in (what files record).
    public var resolved: DrivingLoopConfig {
        var c = self
        c.horizon = resolvedHorizon
        c.trackScale = resolvedTrackScale
        return c
    }

    /// Checks every field; throws the first problem found (`EnvironmentError.invalidDrivingLoop`,
    /// naming the field and the valid range).
    public func validate() throws(EnvironmentError) {
        func check(_ ok: Bool, _ field: String, _ message: String) throws(EnvironmentError) {
            if !ok { throw .invalidDrivingLoop(field: field, message: message) }
        }
        try check(straightLength.isFinite && straightLength >= 0, "straight_length", "must be ≥ 0 (got \(straightLength))")
        try check(radius.isFinite && radius > 0, "radius", "must be > 0 (got \(radius))")
        try check(halfWidth.isFinite && halfWidth > 0 && halfWidth < radius, "half_width",
                  "must be > 0 and less than the radius \(radius) (got \(halfWidth))")
        try check(speed.isFinite && speed > 0, "speed", "must be > 0 (got \(speed))")
        try check(dt.isFinite && dt > 0, "dt", "must be > 0 (got \(dt))")
        // The step speed·dt is blamed on dt when only dt was changed, so the error points at it.
        let step = speed == Self().speed && dt != Self().dt ? "dt" : "speed"
        try check(speed * dt < radius, step, "speed·dt must be shorter than the radius (got \(speed * dt))")
        try check(maxSteering.isFinite && maxSteering > 0 && maxSteering < Double.pi, "max_steering",
                  "must be in (0, π) (got \(maxSteering))")
        if let horizon { try check(horizon >= 1, "horizon", "must be ≥ 1 (got \(horizon))") }
        if let trackScale { try check(trackScale.isFinite && trackScale > 0, "track_scale", "must be > 0 (got \(trackScale))") }
        try check(startOffsetNoise.isFinite && startOffsetNoise >= 0, "start_offset_noise", "must be ≥ 0 (got \(startOffsetNoise))")
        try check(startHeadingNoise.isFinite && startHeadingNoise >= 0, "start_heading_noise", "must be ≥ 0 (got \(startHeadingNoise))")
        try check(steeringOffset.isFinite && abs(steeringOffset) <= maxSteering, "steering_offset",
                  "must be within ±max_steering \(maxSteering) (got \(steeringOffset))")
        try check(steeringGain.isFinite && steeringGain > 0 && steeringGain <= 4, "steering_gain", "must be in (0, 4] (got \(steeringGain))")
        try check(steeringGain * maxSteering + abs(steeringOffset) < Double.pi, "steering_gain",
                  "the largest turn steering_gain · max_steering + |steering_offset| must be less than π (got \(steeringGain * maxSteering + abs(steeringOffset)))")
        try check(lapLength / (speed * dt) * 2 < 1e8, step, "a lap needs too many steps (lap \(lapLength), step \(speed * dt))")
    }
}

import UnderstudyDeterminism

/// The lecture's driving loop (docs/ARCHITECTURE.md, "Where the lecture lives"): a car at
/// fixed speed on a stadium-shaped road; the action is the turning angle per step.
///
/// State (x, y, heading); a step clamps δ to ±maxSteering, turns (`heading += gain·δ + offset`,
/// the actuator's `steeringGain` and `steeringOffset`, 1 and 0 by default; kept in (−π, π]), then advances speed·dt along the new heading. Episodes never terminate — leaving
/// the road is measured, not punished by an early end, because with GAIL's reward log D ≤ 0 an
/// early end teaches the student to crash at once.
///
/// The reward is progress until the car first leaves the road: each step earns its advance
/// along the centre line in step lengths (≈ 1 driving forward, negative backwards) as long as
/// the car has stayed on the road; from the first step that ends off the road on, nothing. The
/// expert, always on the road, earns laps · lap length / step length; a car circling on the road
/// nets no progress. (Two rewards that paid after leaving were exploited by the RL baseline:
/// on-road progress alone paid circles straddling the road's edge for their forward arcs, and
/// progress minus 1 a step off the road made circling in place the safe optimum.)
public struct DrivingLoop: Environment {
    /// The environment's id, `driving-loop`.
    public static let id = "driving-loop"

    /// The settings this loop was made with.
    public let config: DrivingLoopConfig
    /// The stadium the car drives round.
    public let track: StadiumTrack
    /// Distance travelled per step, speed·dt.
    public let stepLength: Double
    /// The time limit: steps before an episode is truncated.
    public let maxEpisodeSteps: Int
    let inverseScale: Double

    /// The car's x position.
    public private(set) var x = 0.0
    /// The car's y position.
    public private(set) var y = 0.0
    /// The car's heading, radians.
    public private(set) var heading = 0.0
    /// cos and sin of `heading`, kept with it (`turn(to:)`): a step needs them to move and again
    /// to observe.
    private(set) var headingCosine = 1.0, headingSine = 0.0
    /// Steps since the last reset.
    public private(set) var elapsedSteps = 0
    /// Where the car is along the track (kept for the reward).
    var projection: StadiumTrack.Projection
    /// Whether the car has left the road since the reset (it earns nothing from then on).
    public private(set) var hasLeftRoad = false

    /// - Throws: `EnvironmentError.invalidDrivingLoop` when the configuration is out of range.
    public init(config: DrivingLoopConfig = DrivingLoopConfig()) throws {
        try config.validate()
        self.config = config
        track = StadiumTrack(straightLength: config.straightLength, radius: config.radius, halfWidth: config.halfWidth)
        stepLength = config.speed * config.dt
        maxEpisodeSteps = config.resolvedHorizon
        inverseScale = 1 / config.resolvedTrackScale
        (x, y, heading) = (0, -config.radius, 0)
        projection = track.project(x: 0, y: -config.radius)
    }

    /// The environment's id, as specs name it.
    public var id: String { Self.id }
    /// Names of the state's components, in order.
    public var stateNames: [String] { ["x", "y", "heading"] }
    /// Length of the observation vector the policy sees.
    public var observationSize: Int { config.observation == .pose ? 4 : 2 }
    /// The actions the policy may take.
    public var actionSpace: ActionSpace { .box(low: [-config.maxSteering], high: [config.maxSteering]) }
    /// The full state, in `stateNames` order.
    public var state: [Double] { [x, y, heading] }

    /// The pose (x/scale, y/scale, cos heading, sin heading), or (x/scale, y/scale) with
    /// `observation = .position`.
    public var observation: [Double] { observationArray(count: observationSize) { writeObservation(into: $0) } }

    /// The observation a student would see in a given state (for relabelling and figures).
    public func observation(forState x: Double, _ y: Double, _ heading: Double) -> [Double] {
        observationArray(count: observationSize) { writeObservation(forState: x, y, heading, into: $0) }
    }

    /// The observation in a given state, written into `buffer` (`observationSize` doubles).
    @inline(__always)
    func writeObservation(forState x: Double, _ y: Double, _ heading: Double, into buffer: UnsafeMutablePointer<Double>) {
        writeObservation(x, y, cosine: PortableMath.cos(heading), sine: PortableMath.sin(heading), into: buffer)
    }

    /// The one formula of every observation: the position scaled, then (with `.pose`) the
    /// heading's cos and sin, evaluated only then.
    @inline(__always)
    func writeObservation(_ x: Double, _ y: Double, cosine: @autoclosure () -> Double, sine: @autoclosure () -> Double,
                          into buffer: UnsafeMutablePointer<Double>) {
        buffer[0] = x * inverseScale
        buffer[1] = y * inverseScale
        if config.observation == .pose {
            buffer[2] = cosine()
            buffer[3] = sine()
        }
    }

    /// The start point (0, −R), heading east along the bottom straight, with optional
    /// Gaussian noise on the lateral offset and the heading (`startOffsetNoise`,
    /// `startHeadingNoise`, both standard deviations; no draws are taken when both are 0).
    public mutating func reset(using stream: inout RandomStream) {
        var offset = 0.0
        var h = 0.0
        if config.startOffsetNoise > 0 || config.startHeadingNoise > 0 {
            offset = config.startOffsetNoise * stream.nextNormal()
            h = config.startHeadingNoise * stream.nextNormal()
        }
        (x, y) = (0, -config.radius - offset)
        turn(to: wrapAngle(h))
        projection = track.project(x: x, y: y)
        hasLeftRoad = abs(projection.offset) > track.halfWidth
        elapsedSteps = 0
    }

    /// Puts the environment in `state` (in `stateNames` order), as a replay starts.
    public mutating func reset(to state: [Double]) {
        precondition(state.count == 3, "driving-loop state has 3 components")
        (x, y) = (state[0], state[1])
        turn(to: state[2])
        projection = track.project(x: x, y: y)
        hasLeftRoad = abs(projection.offset) > track.halfWidth
        elapsedSteps = 0
    }

    /// One step with `action`, as Gymnasium's `step()` takes it: (reward, terminated, truncated).
    @inline(__always)
    public mutating func advance(_ action: Action) -> StepOutcome {
        advance(action.firstComponent)
    }

    /// Sets the heading and its cos and sin.
    @inline(__always)
    mutating func turn(to h: Double) {
        heading = h
        headingCosine = PortableMath.cos(h)
        headingSine = PortableMath.sin(h)
    }

    /// One step without building the observation.
    @inline(__always)
    public mutating func advance(_ steering: Double) -> (Double, Bool, Bool) {
        let delta = min(max(steering, -config.maxSteering), config.maxSteering)
        var h = heading + (config.steeringGain * delta + config.steeringOffset)   // exactly heading + delta by default
        if h > Double.pi { h -= 2 * Double.pi } else if h <= -Double.pi { h += 2 * Double.pi }
        turn(to: h)
        x += stepLength * headingCosine
        y += stepLength * headingSine
        elapsedSteps += 1
        let next = track.project(x: x, y: y)
        var reward = 0.0
        if abs(next.offset) > track.halfWidth {
            hasLeftRoad = true
        } else if !hasLeftRoad {
            let lap = track.lapLength
            var progress = next.progress - projection.progress
            if progress > lap / 2 { progress -= lap } else if progress <= -lap / 2 { progress += lap }
            reward = progress / stepLength
        }
        projection = next
        return (reward, false, elapsedSteps >= maxEpisodeSteps)
    }

    /// `on_road_fraction` and `mean_abs_offset` over the states after each step (the initial
    /// state alone when there are no steps); `laps_completed`, fractional, is the unwrapped
    /// arc-length progress made before the car first leaves the road, over the lap length
    /// (negative when driving backwards); `steps_to_leave_road` is the first step after which the car is off
    /// the road, or the horizon if it never leaves; plus `return` and `episode_length`.
    public func episodeMetrics(states: [[Double]], rewards: [Double]) -> [String: Double] {
        var metrics = classicControlMetrics(rewards: rewards)
        guard let first = states.first else { return metrics }
        let visited = states.count > 1 ? states[1...] : states[0...]
        var onRoad = 0
        var offsetSum = 0.0
        var leftAt: Int? = nil
        for (i, s) in visited.enumerated() {
            let d = abs(track.signedOffset(x: s[0], y: s[1]))
            offsetSum += d
            if d <= track.halfWidth { onRoad += 1 } else if leftAt == nil { leftAt = i + 1 }
        }
        // Laps count progress along the centre line until the car first leaves the road, as
        // the reward does: a car circling the infield, spinning in place, or weaving across
        // the edge (forward on the road, back beside it) completes no laps.
        let lap = track.lapLength
        var previous = track.project(x: first[0], y: first[1])
        var unwrapped = 0.0
        for s in states.dropFirst() where abs(previous.offset) <= track.halfWidth {
            let p = track.project(x: s[0], y: s[1])
            guard abs(p.offset) <= track.halfWidth else { break }
            var delta = p.progress - previous.progress
            if delta > lap / 2 { delta -= lap } else if delta <= -lap / 2 { delta += lap }
            unwrapped += delta
            previous = p
        }
        metrics["on_road_fraction"] = Double(onRoad) / Double(visited.count)
        metrics["mean_abs_offset"] = offsetSum / Double(visited.count)
        metrics["laps_completed"] = unwrapped / lap
        metrics["steps_to_leave_road"] = Double(leftAt ?? maxEpisodeSteps)
        return metrics
    }
}

extension DrivingLoop: LaneSteppable {
    /// The driving loop's batch: struct-of-arrays lanes stepped through `advance`, each lane
    /// a copy of this loop (so every `DrivingLoopConfig` setting applies to both paths).
    public typealias Batch = LaneBatch<DrivingLoop>

    /// The batch's step, compiled for `DrivingLoop`.
    public static func stepLanes(_ batch: inout LaneBatch<DrivingLoop>, actions: [Double], active: [Bool], rewards: inout [Double],
                                 terminated: inout [Bool], truncated: inout [Bool]) {
        batch.stepEachLane(actions: actions, active: active, rewards: &rewards, terminated: &terminated, truncated: &truncated)
    }

    /// The batch's observations, compiled for `DrivingLoop`.
    public static func observeLanes(_ batch: LaneBatch<DrivingLoop>, into buffer: inout [Double], active: [Bool]) {
        batch.observeEachLane(into: &buffer, active: active)
    }
    /// x, y, heading, the step count, the projection kept for the reward (progress, offset,
    /// tangent heading, curvature), whether the car has left the road, and cos and sin of the heading.
    public static var laneWidth: Int { 11 }

    /// Writes the pose, step count, projection, road flag and the heading's cos and sin into `slot`.
    @inline(__always)
    public func store(into slot: LaneSlot) {
        slot[0] = x; slot[1] = y; slot[2] = heading; slot[3] = Double(elapsedSteps)
        slot[4] = projection.progress; slot[5] = projection.offset
        slot[6] = projection.tangentHeading; slot[7] = projection.curvature
        slot[8] = hasLeftRoad ? 1 : 0
        slot[9] = headingCosine; slot[10] = headingSine
    }

    /// Takes the pose, step count, projection, road flag and the heading's cos and sin from `slot`.
    @inline(__always)
    public mutating func load(from slot: LaneSlot) {
        (x, y, heading) = (slot[0], slot[1], slot[2])
        elapsedSteps = Int(slot[3])
        projection = StadiumTrack.Projection(progress: slot[4], offset: slot[5], tangentHeading: slot[6], curvature: slot[7])
        hasLeftRoad = slot[8] != 0
        (headingCosine, headingSine) = (slot[9], slot[10])
    }

    /// One step with the steering angle at `action[0]`.
    @inline(__always)
    public mutating func advance(laneAction action: UnsafePointer<Double>) -> StepOutcome {
        advance(action[0])
    }

    /// The observation of the current state, into `buffer`.
    @inline(__always)
    public func writeObservation(into buffer: UnsafeMutablePointer<Double>) {
        writeObservation(x, y, cosine: headingCosine, sine: headingSine, into: buffer)
    }
}

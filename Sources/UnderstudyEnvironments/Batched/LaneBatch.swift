import UnderstudyDeterminism

/// One lane's state inside a struct-of-arrays buffer: component `c` at `base[c * stride]`.
/// A `LaneSteppable` environment loads itself from a slot and stores itself back.
public struct LaneSlot {
    @usableFromInline let base: UnsafeMutablePointer<Double>
    @usableFromInline let stride: Int

    /// The slot of the lane whose component 0 is at `base`, components `stride` apart.
    @inlinable public init(base: UnsafeMutablePointer<Double>, stride: Int) {
        self.base = base
        self.stride = stride
    }

    /// Component `component` of the lane.
    @inlinable public subscript(component: Int) -> Double {
        get { base[component * stride] }
        nonmutating set { base[component * stride] = newValue }
    }
}

/// A scalar environment whose whole state fits in `laneWidth` doubles, so a `LaneBatch` can
/// keep N of them as struct-of-arrays and step each lane through the scalar environment's
/// own `advance` — one step function for both paths, so they cannot drift apart.
public protocol LaneSteppable: Environment {
    /// Doubles one lane's state takes: the simulator state, the step count and any flags.
    static var laneWidth: Int { get }
    /// Writes this environment's whole state (step count and flags included) into `slot`.
    func store(into slot: LaneSlot)
    /// Takes its whole state from `slot`, as `store(into:)` left it.
    mutating func load(from slot: LaneSlot)
    /// One step with `action`, without building the observation: what `step(_:)` and
    /// `step(_:observation:)` both run.
    mutating func advance(_ action: Action) -> StepOutcome
    /// One step with the action at `action` (a discrete index as a `Double`, or the box's
    /// components), exactly as `advance(_:)`.
    mutating func advance(laneAction action: UnsafePointer<Double>) -> StepOutcome
    /// Writes the observation (`observationSize` doubles, the same bits as `observation`).
    func writeObservation(into buffer: UnsafeMutablePointer<Double>)

    /// `batch.step(…)` compiled for this type: conformers write `batch.stepEachLane(…)`, so the
    /// per-lane loop is specialised for the concrete environment even when the caller is
    /// generic (one dynamic call per batch step instead of several per lane).
    static func stepLanes(_ batch: inout LaneBatch<Self>, actions: [Double], active: [Bool], rewards: inout [Double],
                          terminated: inout [Bool], truncated: inout [Bool])
    /// `batch.writeObservations(…)` compiled for this type: conformers write
    /// `batch.observeEachLane(…)`.
    static func observeLanes(_ batch: LaneBatch<Self>, into buffer: inout [Double], active: [Bool])
}

extension LaneSteppable {
    /// Applies `action` for one step, as Gymnasium's `step()` does.
    public mutating func step(_ action: Action) -> Transition {
        let (reward, terminated, truncated) = advance(action)
        return Transition(observation: observation, reward: reward, terminated: terminated, truncated: truncated)
    }

    /// `step(_:)` with the observation written into `observation`; nothing is allocated.
    public mutating func step(_ action: Action, observation: inout [Double]) -> StepOutcome {
        let outcome = advance(action)
        let size = observationSize
        observation.withUnsafeMutableBufferPointer { buffer in
            precondition(buffer.count >= size, "the observation buffer holds \(buffer.count) of \(size) values")
            writeObservation(into: buffer.baseAddress!)
        }
        return outcome
    }
}

extension LaneSteppable where Batch == LaneBatch<Self> {
    /// `lanes` copies of this environment as a struct-of-arrays batch.
    public func batch(lanes: Int) -> LaneBatch<Self> { LaneBatch(self, lanes: lanes) }
}

/// N lanes of a `LaneSteppable` environment in one flat struct-of-arrays buffer (component
/// `c` of lane `i` at `c * laneCount + i`). Each step loads a lane into a copy of the
/// prototype (which carries the configuration, e.g. the driving loop's track), runs the
/// scalar `advance` and stores it back: per lane the same operations as the scalar path.
public struct LaneBatch<E: LaneSteppable>: BatchedEnvironment {
    /// The environment every lane copies (its configuration, and the state lanes start in).
    public let prototype: E
    /// Number of lanes.
    public let laneCount: Int
    /// Length of one lane's observation.
    public let observationSize: Int
    /// Doubles per lane in an actions buffer.
    public let actionWidth: Int
    /// The time limit of every lane.
    public let maxEpisodeSteps: Int
    var storage: [Double]

    /// `lanes` lanes, each in the prototype's current state.
    public init(_ prototype: E, lanes: Int) {
        precondition(lanes >= 1, "a batch needs at least one lane")
        self.prototype = prototype
        laneCount = lanes
        observationSize = prototype.observationSize
        actionWidth = prototype.actionSpace.batchWidth
        maxEpisodeSteps = prototype.maxEpisodeSteps
        storage = [Double](repeating: 0, count: E.laneWidth * lanes)
        storage.withUnsafeMutableBufferPointer { s in
            for i in 0..<lanes { prototype.store(into: LaneSlot(base: s.baseAddress! + i, stride: lanes)) }
        }
    }

    /// Lane `lane` as a scalar environment.
    public func lane(_ lane: Int) -> E {
        precondition(lane >= 0 && lane < laneCount, "lane \(lane) out of 0..<\(laneCount)")
        var env = prototype
        storage.withUnsafeBufferPointer { s in
            env.load(from: LaneSlot(base: UnsafeMutablePointer(mutating: s.baseAddress! + lane), stride: laneCount))
        }
        return env
    }

    /// Replaces lane `lane` with the state of `environment`.
    public mutating func setLane(_ lane: Int, to environment: E) {
        precondition(lane >= 0 && lane < laneCount, "lane \(lane) out of 0..<\(laneCount)")
        let n = laneCount
        storage.withUnsafeMutableBufferPointer { s in environment.store(into: LaneSlot(base: s.baseAddress! + lane, stride: n)) }
    }

    /// Steps lane `lane` has taken since its last reset.
    public func elapsedSteps(lane: Int) -> Int { self.lane(lane).elapsedSteps }
    /// Lane `lane`'s full simulator state.
    public func state(lane: Int) -> [Double] { self.lane(lane).state }

    /// Draws lane `lane`'s initial state as the scalar `reset(using:)` does.
    public mutating func reset(lane: Int, using stream: inout RandomStream) {
        var env = prototype
        env.reset(using: &stream)
        setLane(lane, to: env)
    }

    /// Puts lane `lane` in `state`.
    public mutating func reset(lane: Int, to state: [Double]) {
        var env = prototype
        env.reset(to: state)
        setLane(lane, to: env)
    }

    /// Steps every active lane through the scalar `advance`.
    public mutating func step(actions: [Double], active: [Bool], rewards: inout [Double],
                              terminated: inout [Bool], truncated: inout [Bool]) {
        E.stepLanes(&self, actions: actions, active: active, rewards: &rewards, terminated: &terminated, truncated: &truncated)
    }

    /// Writes every active lane's observation at `i * observationSize`.
    public func writeObservations(into buffer: inout [Double], active: [Bool]) {
        E.observeLanes(self, into: &buffer, active: active)
    }

    /// The body of `step`: each active lane loaded into a copy of the prototype, advanced by
    /// the scalar step and stored back. Called from each environment's `stepLanes`, where it is
    /// compiled for the concrete type.
    @inline(__always)
    public mutating func stepEachLane(actions: [Double], active: [Bool], rewards: inout [Double],
                                      terminated: inout [Bool], truncated: inout [Bool]) {
        let n = laneCount, w = actionWidth
        let prototype = self.prototype
        withStepBuffers(actions: actions, active: active, rewards: &rewards, terminated: &terminated,
                        truncated: &truncated) { s, a, r, t, u in
            for i in 0..<n where active[i] {
                let slot = LaneSlot(base: s + i, stride: n)
                var env = prototype
                env.load(from: slot)
                (r[i], t[i], u[i]) = env.advance(laneAction: a + i * w)
                env.store(into: slot)
            }
        }
    }

    /// Checks a step's buffers against the lane count and hands `body` pointers to the storage
    /// (component `c` of lane `i` at `c * laneCount + i`), the actions (lane `i`'s at
    /// `i * actionWidth`), the rewards and the two ending flags: what every batch step writes
    /// through, `stepEachLane` and the struct-of-arrays steps of CartPole and Pendulum alike.
    @inline(__always)
    public mutating func withStepBuffers(
        actions: [Double], active: [Bool], rewards: inout [Double], terminated: inout [Bool], truncated: inout [Bool],
        _ body: (UnsafeMutablePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>,
                 UnsafeMutablePointer<Bool>, UnsafeMutablePointer<Bool>) -> Void
    ) {
        let n = laneCount
        precondition(actions.count >= n * actionWidth && active.count >= n && rewards.count >= n
                     && terminated.count >= n && truncated.count >= n, "batch buffers need \(n) lanes")
        storage.withUnsafeMutableBufferPointer { s in
            actions.withUnsafeBufferPointer { a in
                rewards.withUnsafeMutableBufferPointer { r in
                    terminated.withUnsafeMutableBufferPointer { t in
                        truncated.withUnsafeMutableBufferPointer { u in
                            body(s.baseAddress!, a.baseAddress!, r.baseAddress!, t.baseAddress!, u.baseAddress!)
                        }
                    }
                }
            }
        }
    }

    /// The body of `writeObservations`, compiled for the concrete type in each environment's
    /// `observeLanes`.
    @inline(__always)
    public func observeEachLane(into buffer: inout [Double], active: [Bool]) {
        let n = laneCount, width = observationSize
        precondition(buffer.count >= n * width && active.count >= n, "observation buffer needs \(n) lanes")
        let prototype = self.prototype
        storage.withUnsafeBufferPointer { s in
            let base = UnsafeMutablePointer(mutating: s.baseAddress!)   // read only: `load` never writes
            buffer.withUnsafeMutableBufferPointer { out in
                for i in 0..<n where active[i] {
                    var env = prototype
                    env.load(from: LaneSlot(base: base + i, stride: n))
                    env.writeObservation(into: out.baseAddress! + i * width)
                }
            }
        }
    }
}

import UnderstudyDeterminism
import UnderstudyEnvironments
import Foundation
import XCTest

/// Every lane of a batch is bit-identical to the scalar environment: random actions over many
/// episodes with resets mid-batch and idle lanes, and the Gymnasium recordings replayed
/// through the batch path.
final class BatchedEnvironmentTests: XCTestCase {
    /// A random action for `space`, as doubles; boxes are sampled beyond their bounds so the
    /// clipping paths run too.
    static func randomAction(_ space: ActionSpace, _ stream: inout RandomStream) -> [Double] {
        switch space {
        case .discrete(let n): return [Double(stream.nextInt(below: n))]
        case .box(let low, let high): return low.indices.map { stream.uniform(1.5 * low[$0], 1.5 * high[$0]) }
        }
    }

    static func action(_ space: ActionSpace, _ values: [Double]) -> Action {
        switch space {
        case .discrete: return .discrete(Int(values[0]))
        case .box: return .continuous(values)
        }
    }

    static func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    /// `lanes` lanes and as many scalar twins, `steps` batch steps of random actions; a lane
    /// whose episode ends is reset from its own stream `lane=i/episode=k`, and on about one
    /// step in five a lane sits out.
    func assertLanesMatchScalar<E: Environment>(_ prototype: E, lanes: Int = 7, steps: Int = 2500,
                                                file: StaticString = #filePath, line: UInt = #line) {
        let root = RandomStream(seed: 7, path: "tests/batched/\(prototype.id)")
        var batch = prototype.batch(lanes: lanes)
        var scalars = Array(repeating: prototype, count: lanes)
        var episodes = Array(repeating: 0, count: lanes)
        func resetLane(_ i: Int) {
            var a = root.child("lane=\(i)").child("episode=\(episodes[i])")
            var b = a
            batch.reset(lane: i, using: &a)
            scalars[i].reset(using: &b)
            XCTAssertEqual(a.nextUInt64(), b.nextUInt64(), "the batch reset took as many draws", file: file, line: line)
            episodes[i] += 1
        }
        for i in 0..<lanes { resetLane(i) }
        let space = prototype.actionSpace, width = space.batchWidth, obs = prototype.observationSize
        var actions = [Double](repeating: 0, count: lanes * width)
        var active = [Bool](repeating: true, count: lanes)
        var rewards = [Double](repeating: .nan, count: lanes)
        var terminated = [Bool](repeating: false, count: lanes), truncated = terminated
        var observations = [Double](repeating: 0, count: lanes * obs)
        var draws = root.child("actions")
        var ends = 0
        for t in 0..<steps {
            for i in 0..<lanes {
                active[i] = draws.nextInt(below: 5) != 0
                let a = Self.randomAction(space, &draws)
                for k in 0..<width { actions[i * width + k] = a[k] }
            }
            batch.step(actions: actions, active: active, rewards: &rewards, terminated: &terminated, truncated: &truncated)
            batch.writeObservations(into: &observations, active: active)
            for i in 0..<lanes where active[i] {
                let s = scalars[i].step(Self.action(space, Array(actions[(i * width)..<((i + 1) * width)])))
                let context = "\(prototype.id) lane \(i) batch step \(t)"
                XCTAssertEqual(rewards[i].bitPattern, s.reward.bitPattern, "\(context): reward", file: file, line: line)
                XCTAssertEqual(terminated[i], s.terminated, "\(context): terminated", file: file, line: line)
                XCTAssertEqual(truncated[i], s.truncated, "\(context): truncated", file: file, line: line)
                XCTAssertEqual(Self.bits(batch.state(lane: i)), Self.bits(scalars[i].state), "\(context): state", file: file, line: line)
                XCTAssertEqual(batch.elapsedSteps(lane: i), scalars[i].elapsedSteps, "\(context): steps", file: file, line: line)
                XCTAssertEqual(Self.bits(Array(observations[(i * obs)..<((i + 1) * obs)])), Self.bits(s.observation),
                               "\(context): observation", file: file, line: line)
                if s.terminated || s.truncated { ends += 1; resetLane(i) }
            }
        }
        XCTAssertGreaterThan(ends, lanes, "\(prototype.id): episodes must end and reset mid-batch", file: file, line: line)
    }

    func test_CartPole_lanesMatchScalar() { assertLanesMatchScalar(CartPole()) }
    func test_Pendulum_lanesMatchScalar() { assertLanesMatchScalar(Pendulum()) }
    func test_MountainCarContinuous_lanesMatchScalar() { assertLanesMatchScalar(MountainCarContinuous(), steps: 4000) }
    func test_Acrobot_lanesMatchScalar() { assertLanesMatchScalar(Acrobot()) }

    func test_DrivingLoop_lanesMatchScalar() throws {
        var config = DrivingLoopConfig()
        config.startOffsetNoise = 0.5
        config.startHeadingNoise = 0.3
        config.horizon = 300
        assertLanesMatchScalar(try DrivingLoop(config: config))
        var position = DrivingLoopConfig.circle
        position.observation = .position
        position.horizon = 120
        assertLanesMatchScalar(try DrivingLoop(config: position), lanes: 3, steps: 600)
    }

    /// An environment that is not `LaneSteppable` (it gets `ScalarLanes`): a plain forwarder.
    struct Plain<Wrapped: Environment>: Environment {
        var wrapped: Wrapped
        var id: String { wrapped.id }
        var stateNames: [String] { wrapped.stateNames }
        var observationSize: Int { wrapped.observationSize }
        var actionSpace: ActionSpace { wrapped.actionSpace }
        var maxEpisodeSteps: Int { wrapped.maxEpisodeSteps }
        var elapsedSteps: Int { wrapped.elapsedSteps }
        var state: [Double] { wrapped.state }
        var observation: [Double] { wrapped.observation }
        mutating func reset(using stream: inout RandomStream) { wrapped.reset(using: &stream) }
        mutating func reset(to state: [Double]) { wrapped.reset(to: state) }
        mutating func step(_ action: Action) -> Transition { wrapped.step(action) }
        func episodeMetrics(states: [[Double]], rewards: [Double]) -> [String: Double] { [:] }
    }

    /// Lanes of an environment without a struct-of-arrays batch (`ScalarLanes`) behave the same.
    func test_ScalarLanes_matchScalar() {
        XCTAssertTrue(Plain(wrapped: CartPole()).batch(lanes: 2) is ScalarLanes<Plain<CartPole>>)
        assertLanesMatchScalar(Plain(wrapped: CartPole()), lanes: 4, steps: 800)
        assertLanesMatchScalar(Plain(wrapped: Pendulum()), lanes: 3, steps: 500)
    }

    /// `step(_:observation:)` is `step(_:)` without the allocation: the same rewards, endings,
    /// observations and states, for every registered environment and for one that only builds
    /// `Transition`s (the protocol's fallback), with the buffer longer than the observation.
    func test_stepIntoBuffer_matchesStep() throws {
        func check<E: Environment>(_ prototype: E, steps: Int = 3000) {
            var stream = RandomStream(seed: 11, path: "tests/step-into/\(prototype.id)")
            var a = prototype, b = prototype
            var resets = stream.child("resets")
            var resetsB = resets
            a.reset(using: &resets)
            b.reset(using: &resetsB)
            var buffer = [Double](repeating: .nan, count: prototype.observationSize + 1)
            for t in 0..<steps {
                let action = Self.action(prototype.actionSpace, Self.randomAction(prototype.actionSpace, &stream))
                let expected = a.step(action)
                let outcome = b.step(action, observation: &buffer)
                XCTAssertEqual(Self.bits(Array(buffer.prefix(prototype.observationSize))), Self.bits(expected.observation),
                               "\(prototype.id) step \(t)")
                XCTAssertTrue(buffer.last!.isNaN, "\(prototype.id): wrote past the observation")
                XCTAssertEqual(outcome.reward.bitPattern, expected.reward.bitPattern, "\(prototype.id) step \(t)")
                XCTAssertEqual(outcome.terminated, expected.terminated)
                XCTAssertEqual(outcome.truncated, expected.truncated)
                XCTAssertEqual(Self.bits(b.state), Self.bits(a.state))
                if expected.terminated || expected.truncated {
                    a.reset(using: &resets)
                    b.reset(using: &resetsB)
                }
            }
        }
        for id in EnvironmentRegistry.ids { check(try EnvironmentRegistry.make(id: id)) }
        check(Plain(wrapped: Pendulum()), steps: 500)
    }

    /// A lane reset to a state reports that state and starts counting again.
    func test_resetToState_setsOneLaneOnly() {
        var batch = Pendulum().batch(lanes: 3)
        batch.reset(lane: 1, to: [0.5, -0.25])
        XCTAssertEqual(batch.state(lane: 1), [0.5, -0.25])
        XCTAssertEqual(batch.state(lane: 0), Pendulum().state)
        XCTAssertEqual(batch.elapsedSteps(lane: 1), 0)
    }

    // MARK: - The Gymnasium recordings through the batch path

    /// Every episode of a recording is a lane; all lanes step together, a lane idles once its
    /// episode is over; every state, reward, flag and observation equals Gymnasium's bits.
    func assertBatchReplaysExactly(_ fixture: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let demos = try Demonstrations.read(path: ReferenceReplayTests.fixture("\(fixture).json"))
        try replay(demos, in: demos.makeEnvironment(), fixture: fixture, file: file, line: line)
    }

    func replay<E: Environment>(_ demos: Demonstrations, in prototype: E, fixture: String, file: StaticString, line: UInt) throws {
        let episodes = demos.episodes
        XCTAssertFalse(episodes.isEmpty, file: file, line: line)
        var batch = prototype.batch(lanes: episodes.count)
        for (i, episode) in episodes.enumerated() { batch.reset(lane: i, to: episode.initialState) }
        let n = episodes.count, width = prototype.actionSpace.batchWidth, obs = prototype.observationSize
        var actions = [Double](repeating: 0, count: n * width)
        var rewards = [Double](repeating: 0, count: n)
        var terminated = [Bool](repeating: false, count: n), truncated = terminated
        var observations = [Double](repeating: 0, count: n * obs)
        let longest = episodes.map(\.stepCount).max()!
        var compared = 0
        for t in 0..<longest {
            let active = episodes.map { t < $0.stepCount }
            for (i, episode) in episodes.enumerated() where active[i] {
                switch episode.actions[t] {
                case .discrete(let k): actions[i * width] = Double(k)
                case .continuous(let v): for k in 0..<width { actions[i * width + k] = v[k] }
                }
            }
            batch.step(actions: actions, active: active, rewards: &rewards, terminated: &terminated, truncated: &truncated)
            batch.writeObservations(into: &observations, active: active)
            for (i, episode) in episodes.enumerated() where active[i] {
                let context = "\(fixture) episode \(i) step \(t)"
                XCTAssertEqual(Self.bits(batch.state(lane: i)), Self.bits(episode.states[t]), "\(context): state", file: file, line: line)
                XCTAssertEqual(rewards[i].bitPattern, episode.rewards[t].bitPattern, "\(context): reward", file: file, line: line)
                XCTAssertEqual(terminated[i], episode.terminated[t], "\(context): terminated", file: file, line: line)
                if episode.observations.count == episode.stepCount {
                    XCTAssertEqual(Self.bits(Array(observations[(i * obs)..<((i + 1) * obs)])), Self.bits(episode.observations[t]),
                                   "\(context): observation", file: file, line: line)
                }
                compared += 1
            }
        }
        XCTAssertEqual(compared, episodes.reduce(0) { $0 + $1.stepCount }, file: file, line: line)
    }

    func test_CartPole_batchReplaysGymnasium() throws {
        try assertBatchReplaysExactly("CartPole-v1"); try assertBatchReplaysExactly("CartPole-v1.fresh")
    }
    func test_Pendulum_batchReplaysGymnasium() throws {
        try assertBatchReplaysExactly("Pendulum-v1"); try assertBatchReplaysExactly("Pendulum-v1.fresh")
    }
    func test_MountainCarContinuous_batchReplaysGymnasium() throws {
        try assertBatchReplaysExactly("MountainCarContinuous-v0"); try assertBatchReplaysExactly("MountainCarContinuous-v0.fresh")
    }
    func test_Acrobot_batchReplaysGymnasium() throws {
        try assertBatchReplaysExactly("Acrobot-v1"); try assertBatchReplaysExactly("Acrobot-v1.fresh")
    }
}

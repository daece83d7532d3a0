import UnderstudyDeterminism
import UnderstudyEnvironments
import XCTest

final class DrivingLoopTests: XCTestCase {
    let stadium = StadiumTrack(straightLength: 10, radius: 10, halfWidth: 1)

    func test_project_knownPointsOnTheStadium() {
        let pi = Double.pi
        let lap = 20 + 20 * pi
        XCTAssertEqual(stadium.lapLength, lap, accuracy: 1e-12)
        // (x, y) → (progress, offset, tangent heading, curvature)
        let cases: [(Double, Double, Double, Double, Double, Double)] = [
            (0, -10, 0, 0, 0, 0),              // the start
            (3, -11, 3, 1, 0, 0),              // bottom straight, outside
            (-3, -9.5, lap - 3, -0.5, 0, 0),   // bottom straight, inside, before the start
            (15, 0, 5 + 5 * pi, 0, pi / 2, 0.1),       // right arc, middle
            (17, 0, 5 + 5 * pi, 2, pi / 2, 0.1),       // right arc, outside
            (0, 10.5, 10 + 10 * pi, 0.5, pi, 0),       // top straight, middle
            (-15, 0, 15 + 15 * pi, 0, -pi / 2, 0.1),   // left arc, middle
        ]
        for (x, y, s, offset, heading, curvature) in cases {
            let p = stadium.project(x: x, y: y)
            XCTAssertEqual(p.progress, s, accuracy: 1e-9, "progress at (\(x), \(y))")
            XCTAssertEqual(p.offset, offset, accuracy: 1e-12, "offset at (\(x), \(y))")
            XCTAssertEqual(p.tangentHeading, heading, accuracy: 1e-12, "heading at (\(x), \(y))")
            XCTAssertEqual(p.curvature, curvature, accuracy: 1e-12, "curvature at (\(x), \(y))")
            XCTAssertEqual(stadium.signedOffset(x: x, y: y), offset, accuracy: 1e-12)
        }
    }

    func test_pointAtProgress_isOnTheCentreLineAndInvertsProject() {
        for track in [stadium, StadiumTrack(straightLength: 0, radius: 10, halfWidth: 1)] {
            for i in 0..<100 {
                let s = track.lapLength * Double(i) / 100
                let p = track.point(atProgress: s)
                let q = track.project(x: p.x, y: p.y)
                XCTAssertEqual(q.offset, 0, accuracy: 1e-9)
                XCTAssertEqual(q.progress, s, accuracy: 1e-9)
                XCTAssertEqual(wrapAngle(q.tangentHeading - p.heading), 0, accuracy: 1e-9)
            }
        }
    }

    func test_roadEdges_lieAtHalfWidthFromTheCentreLine() {
        let (inner, outer) = stadium.roadEdges(count: 64)
        XCTAssertEqual(inner.count, 65)
        for p in inner { XCTAssertEqual(stadium.signedOffset(x: p.x, y: p.y), -1, accuracy: 1e-9) }
        for p in outer { XCTAssertEqual(stadium.signedOffset(x: p.x, y: p.y), 1, accuracy: 1e-9) }
    }

    func test_step_turnsThenAdvances() throws {
        var env = try DrivingLoop()
        env.reset(to: [0, -10, 0])
        let t = env.step(.continuous([0.1]))
        XCTAssertEqual(env.heading, 0.1)
        XCTAssertEqual(env.x, 0.2 * PortableMath.cos(0.1))
        XCTAssertEqual(env.y, -10 + 0.2 * PortableMath.sin(0.1))
        // The reward is the progress along the bottom straight, in step lengths: cos 0.1.
        XCTAssertEqual(t.reward, PortableMath.cos(0.1), accuracy: 1e-12)
        XCTAssertFalse(t.terminated)
        // Clamped to ±maxSteering.
        _ = env.step(.continuous([5]))
        XCTAssertEqual(env.heading, 0.4, accuracy: 1e-15)
        XCTAssertEqual(t.observation, [0.2 * PortableMath.cos(0.1) / 15, (-10 + 0.2 * PortableMath.sin(0.1)) / 15,
                                       PortableMath.cos(0.1), PortableMath.sin(0.1)])
    }

    func test_episodesDoNotTerminateOffTheRoad_andTruncateAtTheHorizon() throws {
        var config = DrivingLoopConfig.circle
        config.observation = .position
        var env = try DrivingLoop(config: config)
        XCTAssertEqual(env.maxEpisodeSteps, Int((4 * Double.pi * 10 / 0.2).rounded(.up)))
        XCTAssertEqual(env.observation.count, 2)
        var stream = RandomStream(seed: 0, path: "t")
        env.reset(using: &stream)
        let episode = DemoEpisode.rollout(&env) { _ in .continuous([0]) }   // drives straight off
        XCTAssertEqual(episode.stepCount, env.maxEpisodeSteps)
        XCTAssertFalse(episode.terminated.contains(true))
        let m = env.episodeMetrics(states: episode.trajectory, rewards: episode.rewards)
        // Straight east from (0, −10): off the road once √(x² + 100) − 10 > 1, i.e. x > √21.
        let leave = Int((21.0.squareRoot() / 0.2).rounded(.up))
        XCTAssertEqual(m["steps_to_leave_road"], Double(leave))
        XCTAssertEqual(m["on_road_fraction"]!, Double(leave - 1) / Double(episode.stepCount), accuracy: 1e-12)
    }

    func test_metrics_lapsCountUnwrappedProgress() throws {
        let env = try DrivingLoop(config: .circle)
        let track = env.track
        // 1.5 laps forwards along the centre line, in 300 points.
        let forwards = (0...300).map { i -> [Double] in
            let p = track.point(atProgress: 1.5 * track.lapLength * Double(i) / 300)
            return [p.x, p.y, p.heading]
        }
        let m = env.episodeMetrics(states: forwards, rewards: [Double](repeating: 1, count: 300))
        XCTAssertEqual(m["laps_completed"]!, 1.5, accuracy: 1e-9)
        XCTAssertEqual(m["on_road_fraction"], 1)
        XCTAssertEqual(m["mean_abs_offset"]!, 0, accuracy: 1e-9)
        XCTAssertEqual(m["return"], 300)
        let backwards = env.episodeMetrics(states: forwards.reversed(), rewards: [])
        XCTAssertEqual(backwards["laps_completed"]!, -1.5, accuracy: 1e-9)
    }

    func test_reset_withNoiseIsDeterministicAndNearTheStart() throws {
        var config = DrivingLoopConfig()
        config.startOffsetNoise = 0.1
        config.startHeadingNoise = 0.05
        var a = try DrivingLoop(config: config), b = a
        var s1 = RandomStream(seed: 9, path: "r"), s2 = RandomStream(seed: 9, path: "r")
        a.reset(using: &s1)
        b.reset(using: &s2)
        XCTAssertEqual(a.state, b.state)
        XCTAssertNotEqual(a.state, [0, -10, 0])
        XCTAssertLessThan(abs(a.track.signedOffset(x: a.x, y: a.y)), 0.6)
        var clean = try DrivingLoop()
        clean.reset(using: &s1)
        XCTAssertEqual(clean.state, [0, -10, 0])
    }

    func test_config_validationNamesTheField() {
        var c = DrivingLoopConfig()
        c.halfWidth = 0
        XCTAssertThrowsError(try DrivingLoop(config: c)) { error in
            XCTAssertEqual(invalidField(error), "half_width")
            XCTAssertTrue("\(error)".hasPrefix("driving-loop half_width: must be > 0"))
        }
        c = DrivingLoopConfig()
        c.maxSteering = -1
        XCTAssertThrowsError(try c.validate()) { XCTAssertEqual(invalidField($0), "max_steering") }
        c = DrivingLoopConfig()
        c.horizon = 0
        XCTAssertThrowsError(try c.validate()) { XCTAssertEqual(invalidField($0), "horizon") }
        c = DrivingLoopConfig()
        c.radius = .nan
        XCTAssertThrowsError(try c.validate()) { XCTAssertEqual(invalidField($0), "radius") }
    }
}

final class DrivingLoopLapsTests: XCTestCase {
    /// A car circling the infield goes round the loop's centre but never along the road: no laps.
    func test_lapsCount_onlyProgressMadeOnTheRoad() throws {
        let loop = try DrivingLoop(config: DrivingLoopConfig())
        let infield = (0...400).map { i -> [Double] in
            let a = Double(i) * 0.05
            return [5 * PortableMath.cos(a), 5 * PortableMath.sin(a), a + Double.pi / 2]
        }
        let m = loop.episodeMetrics(states: infield, rewards: [Double](repeating: 0, count: infield.count - 1))
        XCTAssertEqual(m["on_road_fraction"], 0)
        XCTAssertEqual(m["laps_completed"], 0)
    }

    /// A car weaving across the edge — a metre forward on the road, back beside it, again and
    /// again — stays where it is: laps stop at the first step off the road, as the reward does.
    func test_lapsStop_whereTheCarFirstLeavesTheRoad() throws {
        let loop = try DrivingLoop(config: DrivingLoopConfig())
        let off = -10 - 2 * loop.config.halfWidth
        var weaving: [[Double]] = [[0, -10, 0]]
        for _ in 0..<200 { weaving += [[1, -10, 0], [1, off, 0], [0, off, 0], [0, -10, 0]] }
        let m = loop.episodeMetrics(states: weaving, rewards: [Double](repeating: 0, count: weaving.count - 1))
        XCTAssertEqual(m["laps_completed"]!, 1 / loop.track.lapLength, accuracy: 1e-12)
    }
}

/// The field an `EnvironmentError.invalidDrivingLoop` names, or nil for any other error.
private func invalidField(_ error: Error) -> String? {
    if case EnvironmentError.invalidDrivingLoop(let field, _)? = error as? EnvironmentError { return field }
    return nil
}

final class DrivingLoopRewardTests: XCTestCase {
    /// The return is progress along the road, in step lengths: the expert's return over an
    /// episode equals laps_completed · lap / step length; spinning in place earns nothing.
    func test_return_measuresProgressOnTheRoad() throws {
        let env = try DrivingLoop()
        let expert = DrivingLoopExpert(environment: env)
        var driven = env
        driven.reset(to: [0, -10, 0])
        var states = [driven.state], rewards: [Double] = []
        for _ in 0..<env.maxEpisodeSteps {
            let t = driven.step(expert.action(for: driven.state))
            states.append(driven.state)
            rewards.append(t.reward)
        }
        let metrics = env.episodeMetrics(states: states, rewards: rewards)
        XCTAssertEqual(metrics["return"]!, metrics["laps_completed"]! * env.track.lapLength / env.stepLength, accuracy: 1e-6)
        XCTAssertGreaterThan(metrics["laps_completed"]!, 1.9)

        var spinning = env
        spinning.reset(to: [0, -10, 0])
        var spun = 0.0
        for _ in 0..<200 { spun += spinning.step(.continuous([env.config.maxSteering])).reward }
        // Circles tighter than the road, straddling its edge: the first arc off the road ends
        // the earning, so the whole episode earns what the first arc did.
        XCTAssertLessThan(spun, 10, "a car turning circles earns (almost) nothing")
        XCTAssertTrue(spinning.hasLeftRoad)
    }
}

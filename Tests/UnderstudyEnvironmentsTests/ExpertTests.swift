import UnderstudyDeterminism
import UnderstudyEnvironments
import XCTest

/// The experts are good enough to demonstrate: each meets a stated bar over many resets.
final class ExpertTests: XCTestCase {
    /// Mean return and mean episode length of `expert` over `episodes` resets.
    func evaluate<E: Environment>(_ env: E, _ expert: any Expert, episodes: Int) -> (meanReturn: Double, meanLength: Double, minReturn: Double) {
        var env = env
        var total = 0.0, length = 0.0, worst = Double.infinity
        for k in 0..<episodes {
            var stream = RandomStream(seed: 42, path: "test/expert/\(env.id)/episode=\(k)")
            env.reset(using: &stream)
            let e = DemoEpisode.rollout(&env) { expert.action(for: $0) }
            let r = e.rewards.reduce(0, +)
            total += r
            worst = min(worst, r)
            length += Double(e.stepCount)
        }
        return (total / Double(episodes), length / Double(episodes), worst)
    }

    func test_CartPoleExpert_balancesFor500StepsFromEveryReset() {
        let r = evaluate(CartPole(), CartPoleExpert(), episodes: 100)
        XCTAssertEqual(r.minReturn, 500)
    }

    func test_PendulumExpert_swingsUpAndHolds() {
        let r = evaluate(Pendulum(), PendulumExpert(), episodes: 20)
        print("Pendulum expert mean return over 20 resets: \(r.meanReturn)")
        XCTAssertGreaterThan(r.meanReturn, -200)
    }

    func test_MountainCarExpert_reachesTheFlagWithReturnAbove90() {
        let r = evaluate(MountainCarContinuous(), MountainCarContinuousExpert(), episodes: 20)
        XCTAssertGreaterThan(r.minReturn, 90)
    }

    func test_AcrobotExpert_reachesTheGoalWellBefore500Steps() {
        let r = evaluate(Acrobot(), AcrobotExpert(), episodes: 100)
        print("Acrobot expert mean episode length over 100 resets: \(r.meanLength)")
        XCTAssertLessThan(r.meanLength, 120)
        XCTAssertGreaterThan(r.minReturn, -499)   // every episode reaches the goal
    }

    func test_DrivingLoopExpert_staysOnTheRoadForTwoLaps() throws {
        for config in [DrivingLoopConfig(), DrivingLoopConfig.circle] {
            let env = try DrivingLoop(config: config)
            let expert = DrivingLoopExpert(environment: env)
            var e = env
            var stream = RandomStream(seed: 1, path: "test")
            e.reset(using: &stream)
            let episode = DemoEpisode.rollout(&e) { expert.action(for: $0) }
            let m = env.episodeMetrics(states: episode.trajectory, rewards: episode.rewards)
            XCTAssertEqual(m["on_road_fraction"], 1)
            XCTAssertEqual(m["laps_completed"]!, 2, accuracy: 0.02)
            XCTAssertLessThan(m["mean_abs_offset"]!, 0.1)
            XCTAssertEqual(m["steps_to_leave_road"], Double(env.maxEpisodeSteps))
        }
    }

    func test_DrivingLoopExpert_steersBackFromOffsetsAndHeadings() throws {
        let env = try DrivingLoop()
        let expert = DrivingLoopExpert(environment: env)
        for (offset, heading) in [(0.9, 0.0), (-0.9, 0.0), (0.0, 1.0), (0.0, -1.0), (0.8, -0.8), (-0.5, 3.0), (3.0, 0.5)] {
            var e = env
            e.reset(to: [0, -10 - offset, heading])
            let episode = DemoEpisode.rollout(&e) { expert.action(for: $0) }
            let last = episode.states.suffix(200)
            let worst = last.map { abs(env.track.signedOffset(x: $0[0], y: $0[1])) }.max()!
            XCTAssertLessThan(worst, 0.1, "start offset \(offset), heading \(heading)")
        }
    }

    func test_makeExpert_coversEveryEnvironment() throws {
        for id in EnvironmentRegistry.ids {
            XCTAssertNotNil(makeExpert(for: try EnvironmentRegistry.make(id: id)), id)
        }
    }
}

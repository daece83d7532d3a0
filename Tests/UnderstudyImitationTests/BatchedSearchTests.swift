import XCTest
import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyLearning
@testable import UnderstudyImitation

/// The policy search through the batched rollout engine gives, lane for lane, the bits of the
/// one-episode-at-a-time path: returns, steps, D's inputs and the absorbing tail; CMA-ES takes
/// the same path with one thread or two.
final class BatchedSearchTests: XCTestCase {
    func context<E: Environment>(_ environment: E, _ expert: any Expert, collection: Int? = nil) -> ImitationContext<E> {
        let seed = RandomStream(seed: 11, path: "batched-search-tests/\(environment.id)")
        return ImitationContext(environment: environment, expert: expert, seedStream: seed, methodStream: seed.child("GAIL"),
                                collectionSteps: collection)
    }

    /// Candidates around the student, some far enough to fall early (CartPole, Acrobot).
    func candidates(_ student: MLP, count: Int, spread: Double, _ stream: inout RandomStream) -> [[Double]] {
        (0..<count).map { c in student.parameters.map { $0 + spread * Double(c % 3 + 1) * stream.nextNormal() } }
    }

    func assertLanesMatchScalar<E: Environment>(_ context: ImitationContext<E>, input: GAILDiscriminatorInput, spread: Double,
                                                actionScale: Double = 1,
                                                file: StaticString = #filePath, line: UInt = #line) throws {
        var settings = GAILSettings()
        settings.discriminatorInput = input
        settings.search.actionScale = actionScale
        let gail = try GAIL(settings: settings, in: context)
        var stream = context.methodStream.child("test-candidates")
        let parameters = candidates(gail.student, count: 7, spread: spread, &stream)
        let resets = (0..<7).map { context.methodStream.child("test-reset=\($0 % 3)") }
        for discriminator in [gail.discriminator.network, nil] {
            for record in [true, false] {
                let lanes = gail.searchRollouts(parameters, discriminator, resets: resets, recordInputs: record, in: context)
                XCTAssertEqual(lanes.count, 7, file: file, line: line)
                for i in 0..<7 {
                    var policy = gail.student
                    policy.parameters = parameters[i]
                    let one = gail.searchRollout(policy, discriminator, reset: resets[i], recordInputs: record, in: context)
                    let what = "\(context.environment.id) \(input) lane \(i) D \(discriminator != nil) record \(record)"
                    XCTAssertEqual(lanes[i].return.bitPattern, one.return.bitPattern, "\(what): return", file: file, line: line)
                    XCTAssertEqual(lanes[i].steps, one.steps, "\(what): steps", file: file, line: line)
                    XCTAssertEqual(lanes[i].visited, one.inputs, "\(what): inputs", file: file, line: line)
                }
            }
        }
    }

    func test_CartPole_lanesMatchScalar() throws {
        let c = context(CartPole(), CartPoleExpert())
        try assertLanesMatchScalar(c, input: .state, spread: 1)
        try assertLanesMatchScalar(c, input: .stateAction, spread: 1)
        try assertLanesMatchScalar(c, input: .transition, spread: 1)
    }

    func test_Pendulum_lanesMatchScalar() throws {
        try assertLanesMatchScalar(context(Pendulum(), PendulumExpert()), input: .stateAction, spread: 0.5)
        try assertLanesMatchScalar(context(Pendulum(), PendulumExpert()), input: .transition, spread: 0.5)
    }

    func test_Acrobot_lanesMatchScalar() throws {
        try assertLanesMatchScalar(context(Acrobot(), AcrobotExpert()), input: .stateAction, spread: 2)
        try assertLanesMatchScalar(context(Acrobot(), AcrobotExpert()), input: .transition, spread: 2)
    }

    func test_DrivingLoop_lanesMatchScalar() throws {
        var config = DrivingLoopConfig()
        config.horizon = 80
        let loop = try DrivingLoop(config: config)
        try assertLanesMatchScalar(context(loop, DrivingLoopExpert(environment: loop), collection: 60), input: .state, spread: 0.3)
    }

    /// A continuous student's outputs scaled by `action_scale` before the clip, in the lanes as
    /// in the scalar rollout (the action D sees too).
    func test_actionScale_lanesMatchScalar() throws {
        var config = DrivingLoopConfig()
        config.horizon = 80
        let loop = try DrivingLoop(config: config)
        try assertLanesMatchScalar(context(loop, DrivingLoopExpert(environment: loop), collection: 60), input: .stateAction, spread: 0.3,
                                   actionScale: 0.05)
        try assertLanesMatchScalar(context(Pendulum(), PendulumExpert()), input: .stateAction, spread: 0.5, actionScale: 0.3)
    }

    /// RL's rollouts: the environment's own return, episode by episode.
    func test_rlRollouts_matchScalar() throws {
        let c = context(MountainCarContinuous(), MountainCarContinuousExpert())
        let search = try PolicySearch(settings: PolicySearchSettings(), demonstrations: c.demonstrations(), in: c)
        var stream = c.methodStream.child("test-candidates")
        let parameters = candidates(search.student, count: 5, spread: 1, &stream)
        let resets = (0..<5).map { c.methodStream.child("test-reset=\($0)") }
        let lanes = search.rollout(lanes: parameters, resets: resets, appendingAction: false, in: c) { _, _ in }
        for i in 0..<5 {
            var policy = search.student
            policy.parameters = parameters[i]
            let (one, last) = search.rollout(policy, reset: resets[i], appendingAction: false, in: c) { _ in }
            XCTAssertEqual(lanes.episodes[i].totalReward.bitPattern, one.totalReward.bitPattern, "lane \(i)")
            XCTAssertEqual(lanes.episodes[i].length, one.length, "lane \(i)")
            XCTAssertEqual(lanes.episodes[i].terminated, one.terminated, "lane \(i)")
            XCTAssertEqual(lanes.episodes[i].finalObservation, one.finalObservation, "lane \(i)")
            XCTAssertEqual(Array(lanes.inputs[(i * lanes.inputWidth)..<((i + 1) * lanes.inputWidth)]), last, "lane \(i)")
        }
    }

    /// CMA-ES generations scored one candidate at a time, as lanes on one thread and as lanes
    /// on two: the same mean, the same steps, the same last-generation inputs in the same order.
    func test_batchedImprove_takesTheSamePath_forAnyThreadCount() throws {
        let c = context(CartPole(), CartPoleExpert())
        var settings = GAILSettings()
        settings.search.population = 7
        settings.search.generationsPerUpdate = 3
        settings.search.rolloutsPerCandidate = 2
        settings.search.sigma = 1
        let gail = try GAIL(settings: settings, in: c)
        let frozen = gail.discriminator.network
        let round = c.methodStream.child("iteration=0")

        var oneByOne = gail.policy
        var visited: [[Double]] = []
        let steps = oneByOne.improve(round: round) { candidate, reset, last in
            let outcome = gail.searchRollout(candidate, frozen, reset: reset, recordInputs: last, in: c)
            if last { visited += outcome.inputs }
            return SearchOutcome(return: outcome.return, steps: outcome.steps)
        }
        for threads in [1, 2, 3] {
            var lanes = gail.policy
            let result = lanes.improve(round: round, threads: threads) { parameters, resets, last in
                gail.searchRollouts(parameters, frozen, resets: resets, recordInputs: last, in: c)
            }
            XCTAssertEqual(lanes.student.parameters.map(\.bitPattern), oneByOne.student.parameters.map(\.bitPattern), "threads \(threads)")
            XCTAssertEqual(result.steps, steps, "threads \(threads)")
            XCTAssertEqual(result.lastGeneration.flatMap(\.visited), visited, "threads \(threads)")
        }
    }

    /// A whole GAIL run with the search on one thread and on two: the same records and student.
    func test_gailRun_isTheSameWithTwoThreads() throws {
        var settings = GAILSettings()
        settings.iterations = 2
        settings.search.population = 6
        settings.search.generationsPerUpdate = 2
        var results: [ImitationResult<GAIL>] = []
        for threads in [1, 2] {
            var c = context(Pendulum(), PendulumExpert())
            c.threads = threads
            var loop = ImitationLoop(context: c, method: try GAIL(settings: settings, in: c))
            results.append(try loop.run())
        }
        XCTAssertEqual(results[0].method.student.parameters.map(\.bitPattern), results[1].method.student.parameters.map(\.bitPattern))
        XCTAssertEqual(results[0].records.map(\.metrics), results[1].records.map(\.metrics))
        XCTAssertEqual(results[0].records.map(\.environmentSteps.search), results[1].records.map(\.environmentSteps.search))
    }
}

import XCTest
import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyLearning
@testable import UnderstudyImitation

/// GAIL's parts: a discriminator that learns to tell two distributions apart, a reward that
/// is finite and ≤ 0 (so episodes need a fixed horizon), and a run that repeats bit for bit.
final class GAILTests: XCTestCase {

    /// `count` points of N(centre, spread²·I) in 2-D.
    private func cloud(_ count: Int, centre: (Double, Double), spread: Double, stream: inout RandomStream) -> [[Double]] {
        (0..<count).map { _ in [centre.0 + spread * stream.nextNormal(), centre.1 + spread * stream.nextNormal()] }
    }

    func test_discriminator_separatesTwoGaussians() throws {
        var data = RandomStream(seed: 7, path: "gail-tests/gaussians")
        let expert = cloud(300, centre: (1, 1), spread: 0.5, stream: &data)
        let student = cloud(300, centre: (-1, -1), spread: 0.5, stream: &data)
        var initStream = RandomStream(seed: 7, path: "gail-tests/discriminator-init")
        var d = try Discriminator(inputWidth: 2, hidden: [16], learningRate: 1e-2, batchSize: 64, stream: &initStream)
        var batches = RandomStream(seed: 7, path: "gail-tests/batches")
        let firstLoss = d.update(expert: expert, student: student, stream: &batches)
        var lastLoss = firstLoss
        for _ in 0..<300 { lastLoss = d.update(expert: expert, student: student, stream: &batches) }
        XCTAssertLessThan(lastLoss, 0.25 * firstLoss)

        // Fresh samples from the same two distributions: D is high on the expert's, low on the student's.
        let testExpert = cloud(200, centre: (1, 1), spread: 0.5, stream: &data)
        let testStudent = cloud(200, centre: (-1, -1), spread: 0.5, stream: &data)
        let correct = testExpert.filter { d.probability($0) > 0.5 }.count + testStudent.filter { d.probability($0) < 0.5 }.count
        XCTAssertGreaterThanOrEqual(Double(correct) / 400, 0.97)
        XCTAssertGreaterThan(d.probability([1, 1]), 0.95)
        XCTAssertLessThan(d.probability([-1, -1]), 0.05)
        // Midway between the clouds D is unsure.
        XCTAssertEqual(d.probability([0, 0]), 0.5, accuracy: 0.35)
    }

    /// The replay keeps D rejecting where earlier students went: trained on expert (1, 1)
    /// against today's student (−1, −1) only, D extrapolates and accepts (3, −3), far from
    /// both; with yesterday's student there in the replay it keeps rejecting it.
    func test_discriminatorReplay_keepsRejectingEarlierStudentStates() throws {
        var data = RandomStream(seed: 11, path: "gail-tests/replay")
        let expert = cloud(300, centre: (1, 1), spread: 0.3, stream: &data)
        let student = cloud(300, centre: (-1, -1), spread: 0.3, stream: &data)
        let earlier = cloud(300, centre: (3, -3), spread: 0.3, stream: &data)
        func trained(replayFraction: Double) throws -> Discriminator {
            var initStream = RandomStream(seed: 11, path: "gail-tests/replay-init")
            var d = try Discriminator(inputWidth: 2, hidden: [16], learningRate: 1e-2, batchSize: 64, stream: &initStream)
            var batches = RandomStream(seed: 11, path: "gail-tests/replay-batches")
            for _ in 0..<300 {
                d.update(expert: expert, student: student, replay: earlier, replayFraction: replayFraction, stream: &batches)
            }
            return d
        }
        let forgetting = try trained(replayFraction: 0), remembering = try trained(replayFraction: 0.5)
        XCTAssertGreaterThan(forgetting.probability([3, -3]), 0.5)
        XCTAssertLessThan(remembering.probability([3, -3]), 0.05)
        // Today's student and the expert are still told apart.
        XCTAssertLessThan(remembering.probability([-1, -1]), 0.05)
        XCTAssertGreaterThan(remembering.probability([1, 1]), 0.95)
    }

    func test_logDReward_isFiniteAndNonPositive_forEveryLogit() {
        for z in [-1e6, -745.0, -40, -1, -1e-12, 0, 1e-12, 1, 40, 745, 1e6] {
            let r = GAILReward.logD.reward(logit: z)
            XCTAssertTrue(r.isFinite, "log D(\(z)) = \(r)")
            XCTAssertLessThanOrEqual(r, 0, "log D(\(z)) = \(r)")
        }
        XCTAssertEqual(GAILReward.logD.reward(logit: 0), -0.6931471805599453)
        XCTAssertEqual(GAILReward.negLogOneMinusD.reward(logit: 0), 0.6931471805599453)
        XCTAssertGreaterThanOrEqual(GAILReward.negLogOneMinusD.reward(logit: -1e6), 0)
    }

    /// A small driving loop (short horizon) and a small search, so debug builds stay fast.
    private func smallRun(_ adjust: (inout GAILSettings) -> Void = { _ in }) throws -> (ImitationContext<DrivingLoop>, ImitationResult<GAIL>) {
        var config = DrivingLoopConfig()
        config.horizon = 120
        let loop = try DrivingLoop(config: config)
        var settings = GAILSettings()
        settings.iterations = 2
        settings.search.population = 6
        settings.search.generationsPerUpdate = 2
        settings.discriminatorSteps = 5
        adjust(&settings)
        let seed = RandomStream(seed: 20261124, path: "gail-tests/seed=0")
        let context = ImitationContext(environment: loop, expert: DrivingLoopExpert(environment: loop), seedStream: seed,
                                       methodStream: seed.child("GAIL"), collectionSteps: 100)
        var gail = ImitationLoop(context: context, method: try GAIL(settings: settings, in: context))
        return (context, try gail.run())
    }

    func test_GAIL_onTheDrivingLoop_isDeterministic() throws {
        let (_, a) = try smallRun()
        let (_, b) = try smallRun()
        XCTAssertEqual(a.method.student.parameters, b.method.student.parameters)
        XCTAssertEqual(a.method.discriminator.network.parameters, b.method.discriminator.network.parameters)
        XCTAssertEqual(a.records.map(\.metrics), b.records.map(\.metrics))
        XCTAssertEqual(a.evaluation.episodes.map(\.states), b.evaluation.episodes.map(\.states))
        XCTAssertEqual(a.records.count, 2)
        XCTAssertNil(a.records[0].trainingError, "GAIL fits no expert labels")
    }

    /// With `selectFrom` the acting student is the latest mean that scores best under the last
    /// D on the round's shared reset; the search itself still moves from its own mean.
    func test_selection_actsWithTheBestOfTheLatestMeansUnderTheLastD() throws {
        let (context, result) = try smallRun { $0.iterations = 4; $0.selectFrom = 3 }
        let gail = result.method
        XCTAssertEqual(gail.recentMeans.count, 3)
        XCTAssertEqual(gail.recentMeans.last, gail.policy.student.parameters)
        let reset = context.methodStream.child("iteration=\(result.records.count - 1)").child("select").child("reset=0")
        let returns = gail.recentMeans.map { mean -> Double in
            var network = gail.policy.student
            network.parameters = mean
            return gail.searchRollout(network, gail.discriminator.network, reset: reset, recordInputs: false, in: context).return
        }
        let best = returns.indices.last { returns[$0] == returns.max()! }!
        XCTAssertEqual(gail.student.parameters, gail.recentMeans[best])
        // With one mean to choose from, the student is the mean.
        let (_, plain) = try smallRun { $0.selectFrom = 1 }
        XCTAssertEqual(plain.method.student.parameters, plain.method.policy.student.parameters)
        XCTAssertTrue(plain.method.recentMeans.isEmpty)
    }

    /// With `averageMeans` the acting student is the average of the latest means, and the
    /// search (its means, and D) goes exactly as without it.
    func test_averaging_actsWithTheAverageOfTheLatestMeans_andLeavesTheSearchAlone() throws {
        let plain = try (2...4).map { rounds in try smallRun { $0.iterations = rounds; $0.selectFrom = 1 }.1.method }
        let means = plain.map(\.policy.student.parameters)
        let (_, result) = try smallRun { $0.iterations = 4; $0.selectFrom = 1; $0.averageMeans = 3 }
        let gail = result.method
        XCTAssertEqual(gail.policy.student.parameters, means[2], "the search moves from its own mean")
        XCTAssertEqual(gail.discriminator.network.parameters, plain[2].discriminator.network.parameters, "D learns as without averaging")
        XCTAssertEqual(gail.recentMeans, means)
        let average = means[0].indices.map { (means[0][$0] + means[1][$0] + means[2][$0]) / 3 }
        XCTAssertEqual(gail.student.parameters, average)
        XCTAssertNotEqual(gail.student.parameters, means[2])
    }

    /// Selection and averaging each choose the acting student: both at once is refused.
    func test_averaging_withSelection_isRefused() {
        XCTAssertThrowsError(try smallRun { $0.selectFrom = 3; $0.averageMeans = 2 }) { error in
            XCTAssertTrue("\(error)".contains("averageMeans"), "\(error)")
        }
    }

    func test_studentReturns_areFiniteAndNonPositive_underLogD() throws {
        let (context, result) = try smallRun()
        let gail = result.method, network = gail.discriminator.network
        let outcome = gail.searchRollout(gail.student, network, reset: RandomStream(seed: 1, path: "gail-tests/reset"),
                                         recordInputs: true, in: context)
        XCTAssertTrue(outcome.return.isFinite)
        XCTAssertLessThanOrEqual(outcome.return, 0)
        XCTAssertEqual(outcome.inputs.count, 120)
        for input in outcome.inputs {
            let r = GAILReward.logD.reward(logit: network.forward(input)[0])
            XCTAssertTrue(r.isFinite && r <= 0)
        }
    }

    /// With r ≤ 0 a shorter episode would pay; a pole that falls stays fallen until the horizon.
    func test_terminatedEpisode_isScoredUntilTheHorizon() throws {
        var settings = GAILSettings()
        settings.search.standardizeInputs = false
        let seed = RandomStream(seed: 1, path: "gail-tests/cartpole")
        let context = ImitationContext(environment: CartPole(), expert: CartPoleExpert(), seedStream: seed, methodStream: seed.child("GAIL"))
        let gail = try GAIL(settings: settings, in: context)
        // A policy that always pushes left: CartPole terminates long before its 500 steps.
        let policy = try MLP(layerWidths: [4, 2], hiddenActivation: .tanh, parameters: [0, 0, 0, 0, 0, 0, 0, 0, 1, 0])
        let constant = try MLP(layerWidths: [4, 1], hiddenActivation: .tanh, parameters: [0, 0, 0, 0, -1])
        let outcome = gail.searchRollout(policy, constant, reset: seed.child("reset"), recordInputs: true, in: context)
        XCTAssertEqual(outcome.inputs.count, 500)
        XCTAssertEqual(outcome.return, 500 * GAILReward.logD.reward(logit: -1), accuracy: 1e-9)
        XCTAssertEqual(outcome.inputs[499], outcome.inputs[498])
    }

    /// A transition D reads (s_t, s_t+1), standardised: the expert's pairs chain each
    /// demonstrated observation to the next, and the last one to the episode's final observation.
    func test_transitionInputs_pairEachDemonstratedObservationWithTheNext() throws {
        var settings = GAILSettings()
        settings.discriminatorInput = .transition
        let seed = RandomStream(seed: 3, path: "gail-tests/transition")
        let context = ImitationContext(environment: Pendulum(), expert: PendulumExpert(), seedStream: seed, methodStream: seed.child("GAIL"),
                                       demonstrationEpisodes: 2)
        let gail = try GAIL(settings: settings, in: context)
        let demonstrations = context.demonstrations()
        XCTAssertEqual(gail.discriminator.network.layerWidths.first, 6)
        XCTAssertEqual(gail.expertInputs.count, demonstrations.reduce(0) { $0 + $1.length })
        let z: ([Double]) -> [Double] = gail.inputScaling.transform
        let first = demonstrations[0], n = first.length
        XCTAssertEqual(gail.expertInputs[0], z(first.observations[0]) + z(first.observations[1]))
        XCTAssertEqual(gail.expertInputs[n - 1], z(first.observations[n - 1]) + z(first.finalObservation))
        XCTAssertEqual(gail.expertInputs[n], z(demonstrations[1].observations[0]) + z(demonstrations[1].observations[1]))
    }

    /// The student's transitions: one per step, the last to the final observation, then the
    /// absorbing state's transition to itself until the horizon.
    func test_transitionInputs_ofAFallenPole_endInTheAbsorbingState() throws {
        var settings = GAILSettings()
        settings.discriminatorInput = .transition
        settings.search.standardizeInputs = false
        let seed = RandomStream(seed: 1, path: "gail-tests/cartpole")
        let context = ImitationContext(environment: CartPole(), expert: CartPoleExpert(), seedStream: seed, methodStream: seed.child("GAIL"))
        let gail = try GAIL(settings: settings, in: context)
        let policy = try MLP(layerWidths: [4, 2], hiddenActivation: .tanh, parameters: [0, 0, 0, 0, 0, 0, 0, 0, 1, 0])
        let constant = try MLP(layerWidths: [8, 1], hiddenActivation: .tanh, parameters: [0, 0, 0, 0, 0, 0, 0, 0, -1])
        let outcome = gail.searchRollout(policy, constant, reset: seed.child("reset"), recordInputs: true, in: context)
        let episode = rollout(CartPole(), resetStream: seed.child("reset"), policyStream: seed.child("reset"), recording: true) { _, _, _ in
            .discrete(0)
        }
        XCTAssertTrue(episode.terminated)
        XCTAssertEqual(outcome.steps, episode.length)
        XCTAssertEqual(outcome.inputs.count, 500)
        XCTAssertEqual(outcome.return, 500 * GAILReward.logD.reward(logit: -1), accuracy: 1e-9)
        for t in 0..<(episode.length - 1) {
            XCTAssertEqual(outcome.inputs[t], episode.observations[t] + episode.observations[t + 1])
        }
        XCTAssertEqual(outcome.inputs[episode.length - 1], episode.observations[episode.length - 1] + episode.finalObservation)
        XCTAssertEqual(outcome.inputs[episode.length], episode.finalObservation + episode.finalObservation)
        XCTAssertEqual(outcome.inputs[499], outcome.inputs[episode.length])
    }
}

import XCTest
import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyLearning
import UnderstudyImitation

/// Counts every `step` of every copy of an environment (copies share the tally).
final class StepTally: @unchecked Sendable {
    var steps = 0
}

/// CartPole that reports each step to a shared tally: the ground truth for cost accounting.
struct CountingCartPole: Environment {
    var base = CartPole()
    let tally: StepTally

    var id: String { base.id }
    var stateNames: [String] { base.stateNames }
    var observationSize: Int { base.observationSize }
    var actionSpace: ActionSpace { base.actionSpace }
    var maxEpisodeSteps: Int { 60 }
    var elapsedSteps: Int { base.elapsedSteps }
    var state: [Double] { base.state }
    var observation: [Double] { base.observation }
    mutating func reset(using stream: inout RandomStream) { base.reset(using: &stream) }
    mutating func reset(to state: [Double]) { base.reset(to: state) }
    mutating func step(_ action: Action) -> Transition {
        tally.steps += 1
        var t = base.step(action)
        t.truncated = t.truncated || base.elapsedSteps >= maxEpisodeSteps
        return t
    }
    func episodeMetrics(states: [[Double]], rewards: [Double]) -> [String: Double] {
        base.episodeMetrics(states: states, rewards: rewards)
    }
}

/// The lecture weighs methods by what they cost; these tests pin the counting down: every
/// environment step any rollout takes is counted exactly once, in the right column.
final class CostAccountingTests: XCTestCase {
    func context(_ tally: StepTally, method: String) -> ImitationContext<CountingCartPole> {
        let seed = RandomStream(seed: 3, path: "cost-tests/seed=0")
        return ImitationContext(environment: CountingCartPole(tally: tally), expert: CartPoleExpert(), seedStream: seed,
                                methodStream: seed.child(method), demonstrationEpisodes: 2, evaluationEpisodes: 2)
    }

    /// Runs `make`'s method and checks the last record's steps against the tally.
    func assertCountsEveryStepOnce<M: ImitationMethod>(_ name: String, _ make: (ImitationContext<CountingCartPole>) throws -> M,
                                                       file: StaticString = #filePath, line: UInt = #line) throws -> IterationRecord {
        let tally = StepTally()
        let context = context(tally, method: name)
        var loop = ImitationLoop(context: context, method: try make(context))
        let record = try XCTUnwrap(try loop.run().records.last, file: file, line: line)
        let counted = record.environmentSteps
        XCTAssertEqual(counted.collection + counted.search + counted.evaluation, tally.steps, name, file: file, line: line)
        XCTAssertGreaterThan(counted.evaluation, 0, name, file: file, line: line)
        return record
    }

    func test_BCandDAgger_countCollectionAndEvaluationOnce() throws {
        let bc = try assertCountsEveryStepOnce("BC") { _ in
            SupervisedImitation(student: NearestNeighbourPolicy(), settings: .behaviouralCloning(iterations: 2))
        }
        XCTAssertEqual(bc.environmentSteps.search, 0)
        XCTAssertEqual(bc.demonstrationStates, bc.environmentSteps.collection, "BC's every episode is a demonstration")
        XCTAssertEqual(bc.expertLabels, bc.environmentSteps.collection)

        let dagger = try assertCountsEveryStepOnce("DAgger") { _ in
            SupervisedImitation(student: NearestNeighbourPolicy(), settings: .dagger(iterations: 3))
        }
        XCTAssertLessThan(dagger.demonstrationStates, dagger.environmentSteps.collection, "only round 0 is the expert's")
    }

    func test_GAILandRL_countSearchStepsApart() throws {
        var gailSettings = GAILSettings()
        gailSettings.iterations = 2
        gailSettings.discriminatorSteps = 2
        gailSettings.search.population = 4
        gailSettings.search.generationsPerUpdate = 2
        let gail = try assertCountsEveryStepOnce("GAIL") { try GAIL(settings: gailSettings, in: $0) }
        XCTAssertGreaterThan(gail.environmentSteps.search, 0)
        XCTAssertEqual(gail.expertLabels, 0)

        var rlSettings = RLSettings()
        rlSettings.iterations = 2
        rlSettings.search = gailSettings.search
        rlSettings.search.initialization = .bc(BCStudent(hidden: [4], training: .init(epochs: 5)))
        let rl = try assertCountsEveryStepOnce("RL") { try ReinforcementLearning(settings: rlSettings, in: $0) }
        XCTAssertGreaterThan(rl.environmentSteps.search, 0)
        XCTAssertGreaterThan(rl.demonstrationStates, 0, "init = bc learns from the demonstrations")
        XCTAssertEqual(rl.expertLabels, rl.demonstrationStates, "init = bc fits BC's student to every demonstrated label")

        gailSettings.search.initialization = rlSettings.search.initialization
        let gailFromBC = try assertCountsEveryStepOnce("GAIL from BC") { try GAIL(settings: gailSettings, in: $0) }
        XCTAssertEqual(gailFromBC.expertLabels, gailFromBC.demonstrationStates, "GAIL from BC pays for BC's labels")
    }

    /// RL from scratch improves CartPole's return; its steps are all its own.
    func test_RL_improvesTheEnvironmentsReturn() throws {
        var settings = RLSettings()
        settings.iterations = 4
        settings.search.standardizeInputs = false
        settings.search.population = 8
        settings.search.generationsPerUpdate = 3
        let record = try assertCountsEveryStepOnce("RL") { try ReinforcementLearning(settings: settings, in: $0) }
        XCTAssertEqual(record.demonstrationStates, 0, "RL alone with raw inputs uses no demonstration")
        XCTAssertGreaterThanOrEqual(record.metrics["return"] ?? 0, 50)
    }
}

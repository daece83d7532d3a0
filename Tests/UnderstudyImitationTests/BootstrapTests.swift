import XCTest
import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyLearning
import UnderstudyImitation

/// Bootstrapping ("fine-tune the BC-trained policy using RL") starts the search from BC's
/// student itself: the same network and the same actions, not a look-alike fitted with other
/// settings. The search moves that network on standardised actions, as BC trained it.
final class BootstrapTests: XCTestCase {
    func test_aBootstrappedSearch_startsFromBCsStudent_exactly() throws {
        let seed = RandomStream(seed: 5, path: "bootstrap-tests/seed=0")
        let context = ImitationContext(environment: Pendulum(), expert: PendulumExpert(), seedStream: seed,
                                       methodStream: seed.child("RL from BC"), demonstrationEpisodes: 2)
        let bc = BCStudent(hidden: [6], activation: .relu, training: .init(epochs: 20, batchSize: 32))
        var settings = PolicySearchSettings()
        settings.initialization = .bc(bc)
        let demonstrations = context.demonstrations()
        let search = try PolicySearch(settings: settings, demonstrations: demonstrations, in: context)

        // BC's student, trained on the same labels from the same streams.
        var initStream = context.methodStream.child("init")
        var learner = try MLPLearner(layerWidths: [3, 6, 1], hiddenActivation: .relu, options: bc.training, stream: &initStream)
        var labels = seed.child("demonstrations").child("labels")
        let inputs = demonstrations.flatMap(\.observations)
        let targets = demonstrations.flatMap { e in e.states.prefix(e.length).map { context.coding.target(context.sensor($0, &labels)) } }
        var batches = context.methodStream.child("init").child("bc")
        learner.fit(inputs: inputs, targets: targets, stream: &batches)

        XCTAssertEqual(search.student.layerWidths, [3, 6, 1])
        XCTAssertEqual(search.student.hiddenActivation, .relu)
        XCTAssertEqual(search.inputScaling, learner.inputStandardizer)
        XCTAssertEqual(search.student.parameters, learner.network.parameters, "the search moves BC's own network")
        for x in inputs {
            let bcAction = min(max(learner.predict(x)[0], -2), 2)   // Pendulum's torque box
            XCTAssertEqual(search.act(x, coding: context.coding), .continuous([bcAction]), "the student acts as BC's student, bit for bit")
        }
        XCTAssertLessThan(learner.epochLosses.last!, learner.epochLosses.first!, "BC's student learned something")
    }
}

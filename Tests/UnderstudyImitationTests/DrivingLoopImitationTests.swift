import XCTest
import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyImitation
import UnderstudyLearning

/// The lecture's claims, checked on the driving loop with a 1-nearest-neighbour student.
final class DrivingLoopImitationTests: XCTestCase {
    let environment = try! DrivingLoop(config: DrivingLoopConfig())
    var expert: DrivingLoopExpert { DrivingLoopExpert(environment: environment) }
    var oneLap: Int { Int((environment.config.lapLength / (environment.config.speed * environment.config.dt)).rounded(.up)) }

    func loop(collector: Collector, iterations: Int, noise: LabelNoise, seed: UInt64,
              index: Int) -> ImitationLoop<DrivingLoop, SupervisedImitation<NearestNeighbourPolicy>> {
        let expert = self.expert
        let space = environment.actionSpace
        let root = RandomStream(seed: seed, path: "test/seed=\(index)")
        let context = ImitationContext(environment: environment, expert: expert,
                                       sensor: { state, stream in noise.apply(to: expert.action(for: state), in: space, using: &stream) },
                                       seedStream: root, methodStream: root.child(collector == .expert ? "BC" : "DAgger"),
                                       collectionSteps: oneLap)
        let settings = SupervisedSettings(iterations: iterations, collector: collector, keptRelabels: 50)
        return ImitationLoop(context: context, method: SupervisedImitation(student: NearestNeighbourPolicy(), settings: settings))
    }

    func test_BC_hasZeroTrainingErrorAndStillLeavesTheRoad() throws {
        for seed: UInt64 in [1, 20261124] {
            var onRoad = 0.0
            for k in 0..<3 {
                var bc = loop(collector: .expert, iterations: 1, noise: .miscalibratedSteering, seed: seed, index: k)
                let result = try bc.run()
                XCTAssertEqual(result.records.last!.trainingError, 0, "1-NN reproduces its labels exactly")
                XCTAssertEqual(result.records.last!.expertLabels, oneLap)
                onRoad += result.records.last!.metrics["on_road_fraction"]!
            }
            XCTAssertLessThan(onRoad / 3, 0.5, "master seed \(seed)")
        }
    }

    func test_DAgger_recoversWithin20Iterations_underTheSameBiasedSensor() throws {
        var onRoad = 0.0
        for k in 0..<3 {
            var dagger = loop(collector: .student(betaDecay: 0), iterations: 20, noise: .miscalibratedSteering, seed: 20261124, index: k)
            let result = try dagger.run()
            onRoad += result.records.last!.metrics["on_road_fraction"]!
            XCTAssertEqual(result.records.last!.expertLabels, 20 * oneLap, "every visited state is relabelled")
            XCTAssertFalse(result.method.relabels.isEmpty)
        }
        XCTAssertGreaterThanOrEqual(onRoad / 3, 0.95)
    }

    func test_BC_withCalibratedLabels_staysOnTheRoad() throws {
        var bc = loop(collector: .expert, iterations: 1, noise: .none, seed: 20261124, index: 0)
        XCTAssertGreaterThanOrEqual(try bc.run().records.last!.metrics["on_road_fraction"]!, 0.95)
    }

    func test_BCandDAgger_shareTheDemonstration_andDifferOnlyInWhoCollects() throws {
        var bc = loop(collector: .expert, iterations: 1, noise: .miscalibratedSteering, seed: 5, index: 0)
        var dagger = loop(collector: .student(betaDecay: 0), iterations: 1, noise: .miscalibratedSteering, seed: 5, index: 0)
        // With one iteration both fit the same demonstration, so they are the same student.
        XCTAssertEqual(try bc.run().evaluation.episodes.first!.states, try dagger.run().evaluation.episodes.first!.states)
        XCTAssertEqual(Collector.student(betaDecay: 0.5).beta(iteration: 0), 1)
        XCTAssertEqual(Collector.student(betaDecay: 0.5).beta(iteration: 2), 0.25)
    }
}

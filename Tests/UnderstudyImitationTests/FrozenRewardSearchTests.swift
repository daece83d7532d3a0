import XCTest
import UnderstudyDeterminism
import UnderstudyEnvironments
import UnderstudyLearning
@testable import UnderstudyImitation

/// The frozen-reward search scores a candidate by Σ_t log D(s_t) of the frozen discriminator
/// over the states the candidate drives through, and leaves the discriminator as it was.
final class FrozenRewardSearchTests: XCTestCase {
    func test_candidateReturn_isTheSumOfLogDOverItsRollout() throws {
        var config = DrivingLoopConfig()
        config.horizon = 60
        config.steeringOffset = 0.05
        let loop = try DrivingLoop(config: config)
        let root = RandomStream(seed: 9, path: "frozen-reward-tests/seed=0")
        let context = ImitationContext(environment: loop, expert: DrivingLoopExpert(environment: loop), seedStream: root,
                                       methodStream: root.child("frozen"))
        var dStream = root.child("d")
        let d = try MLP(layerWidths: [4, 8, 1], hiddenActivation: .tanh, stream: &dStream)
        let scaling = try Standardizer(fitting: context.demonstrations().flatMap(\.observations), stdFloor: 1e-6)
        var method = try FrozenRewardSearch(reward: .logD, discriminator: d, inputScaling: scaling, search: PolicySearchSettings(),
                                            iterations: 1, in: context)
        let student = method.student
        let reset = root.child("reset")
        let scored = method.policy.rewardRollout(student, reward: .logD, discriminator: d, input: .state,
                                                 reset: reset, recordInputs: false, in: context)

        // The same episode through the recording rollout, scored by hand.
        let episode = rollout(loop, resetStream: reset, policyStream: reset, recording: true) { _, observation, _ in
            method.policy.act(observation, coding: context.coding)
        }
        var expected = 0.0
        for observation in episode.observations {
            expected += PortableMath.logSigmoid(d.forward(scaling.transform(observation))[0])
        }
        XCTAssertEqual(scored.steps, 60)
        XCTAssertEqual(scored.return, expected, accuracy: 1e-9 * max(1, abs(expected)))
        XCTAssertLessThan(scored.return, 0, "log D < 0")

        _ = try method.fit((), iteration: 0, in: context)
        XCTAssertEqual(method.discriminator, d, "the reward stays frozen")
        XCTAssertEqual(method.environmentSteps.search, PolicySearchSettings().generationsPerUpdate * PolicySearchSettings().population * 60)
    }
}

extension FrozenRewardSearch {
    /// The student, as the search's mean.
    var student: MLP { policy.student }
}

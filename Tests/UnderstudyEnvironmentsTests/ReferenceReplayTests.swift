import UnderstudyDeterminism
import UnderstudyEnvironments
import Foundation
import XCTest

/// Every Gymnasium 1.4 reference episode (Fixtures/*.json: `reset(seed=0)`, the state set to
/// `initial_state`, then `step` per recorded action) replays bit for bit in our simulators.
final class ReferenceReplayTests: XCTestCase {
    static func fixture(_ name: String) -> String {
        Bundle.module.path(forResource: "Fixtures/\(name)", ofType: nil)!
    }

    func assertReplaysExactly(_ env: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let demos = try Demonstrations.read(path: Self.fixture("\(env).json"))
        XCTAssertEqual(demos.env, env, file: file, line: line)
        XCTAssertEqual(demos.episodes.count, 5, file: file, line: line)
        for (k, r) in try demos.replay().enumerated() {
            XCTAssertTrue(r.isExact, "\(env) episode \(k): exact \(r.exactSteps)/\(r.steps), first divergence at \(r.firstDivergence ?? -1), max error \(r.maxAbsError)", file: file, line: line)
        }
    }

    func test_CartPole_replaysBitExact() throws { try assertReplaysExactly("CartPole-v1") }
    func test_Pendulum_replaysBitExact() throws { try assertReplaysExactly("Pendulum-v1") }
    func test_MountainCarContinuous_replaysBitExact() throws { try assertReplaysExactly("MountainCarContinuous-v0") }
    func test_Acrobot_replaysBitExact() throws { try assertReplaysExactly("Acrobot-v1") }
}

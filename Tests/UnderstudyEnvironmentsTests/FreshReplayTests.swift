import UnderstudyDeterminism
import UnderstudyEnvironments
import Foundation
import XCTest

/// Fresh Gymnasium 1.4 recordings (env.reset(seed) initial states, random and expert-ish
/// actions, float32 continuous actions) replay bit for bit. The Pendulum and Acrobot episodes
/// were picked because a port with correctly rounded sin/cos (or u*u for Pendulum's float32
/// u**2) diverges from them within their last 4 steps; they need glibc's sin, cos and powf.
final class FreshReplayTests: XCTestCase {
    func assertReplaysExactly(_ env: String, episodes: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = Bundle.module.path(forResource: "Fixtures/\(env).fresh.json", ofType: nil)!
        let demos = try Demonstrations.read(path: path)
        XCTAssertEqual(demos.env, env, file: file, line: line)
        XCTAssertEqual(demos.episodes.count, episodes, file: file, line: line)
        for (k, r) in try demos.replay().enumerated() {
            XCTAssertTrue(r.isExact, "\(env) fresh episode \(k): exact \(r.exactSteps)/\(r.steps), first divergence at \(r.firstDivergence ?? -1), max error \(r.maxAbsError)", file: file, line: line)
        }
    }

    func test_CartPole_freshRecordings_replayBitExact() throws { try assertReplaysExactly("CartPole-v1", episodes: 3) }
    func test_Pendulum_freshRecordings_replayBitExact() throws { try assertReplaysExactly("Pendulum-v1", episodes: 4) }
    func test_MountainCarContinuous_freshRecordings_replayBitExact() throws {
        try assertReplaysExactly("MountainCarContinuous-v0", episodes: 3)
    }
    func test_Acrobot_freshRecordings_replayBitExact() throws { try assertReplaysExactly("Acrobot-v1", episodes: 4) }
}

import XCTest
@testable import UnderstudyEnvironments

/// Acrobot's `wrap` (Gymnasium's loop) on values a replayed file can hold: it once looped for
/// ever on an initial angle of 1.8e18 (Fuzz/run.sh's `demos` target, a 10 s timeout).
final class AcrobotWrapTests: XCTestCase {
    /// Gymnasium's loop, as `acrobot.py` writes it.
    func gymnasiumWrap(_ x: Double) -> Double {
        var x = x
        while x > Double.pi { x = x - 2 * Double.pi }
        while x < -Double.pi { x = x + 2 * Double.pi }
        return x
    }

    func test_everyValueUpToTheShortcut_isGymnasiumsLoop_bitForBit() {
        var x = -wrapShortcut
        while x <= wrapShortcut {
            XCTAssertEqual(wrap(x, -Double.pi, Double.pi).bitPattern, gymnasiumWrap(x).bitPattern, "\(x)")
            x += 0.0137
        }
    }

    func test_hugeAndInfiniteAngles_endAtOnce() {
        for x in [1.8e18, -1.8e18, 1e30, 3.7e150, 1e300, -Double.greatestFiniteMagnitude, 1e3 + 0.5, 1375841.199532151] {
            let y = wrap(x, -Double.pi, Double.pi)
            XCTAssertTrue((-Double.pi...Double.pi).contains(y), "\(x) → \(y)")
        }
        XCTAssertTrue(wrap(.infinity, -Double.pi, Double.pi).isNaN)
        XCTAssertTrue(wrap(-.infinity, -Double.pi, Double.pi).isNaN)
    }

    /// The fuzzer's inputs: Acrobot episodes whose initial theta1 is 1807308556278458206, or
    /// whose dtheta1 of 6879205.99 makes the first step's angle too large for one round.
    func test_theFuzzersTimeout_replaysAtOnce() throws {
        let state = "[1807308556278458206,0.06974166631698608,0.02597660757601261,0.0003672152815852314]"
        let text = """
        {"format":"understudy-demos/1","env":"Acrobot-v1","state_names":["theta1","theta2","dtheta1","dtheta2"],
         "episodes":[{"initial_state":\(state),"actions":[[2],[2],[1]],"states":[[0,0,0,0],[0,0,0,0],[0,0,0,0]],
         "rewards":[-1,-1,-1],"terminated":[false,false,false]},
         {"initial_state":[0.1,0.2,1e300,-1e300],"actions":[[0]],"states":[[0,0,0,0]],"rewards":[-1],"terminated":[false]},
         {"initial_state":[5.07385560884527206,0.0697416636681,6879205.997660757601261,0.0307026152812835514],
          "actions":[[2],[2],[1]],"states":[[0,0,0,0],[0,0,0,0],[0,0,0,0]],"rewards":[-1,-1,-1],"terminated":[false,false,false]}]}
        """
        let replays = try Demonstrations.decode(text, file: "timeout.json").replay()
        XCTAssertEqual(replays.map(\.steps), [3, 1, 3])
        XCTAssertFalse(replays[0].isExact)
    }
}

import XCTest
import UnderstudyEnvironments
import UnderstudyImitation
@testable import UnderstudyExperiments

final class GridworldSpecTests: XCTestCase {
    static let spec = """
    name = "g"
    title = "G"
    seed = 1
    seeds = 2

    [env]
    id = "gridworld"
    horizon = 10
    discount = 0.9
    slip = 0.1
    layout = [
      "S..,",
      ".~~G",
    ]
    transfer_layout = ["G..S"]

    [env.reward]
    floor = -0.5
    goal = 2.0

    [[method]]
    name = "IRL"
    algorithm = "maxent-irl"

    [[method]]
    name = "BC"
    algorithm = "tabular-bc"
    """

    func testTheSpecReadsIntoTheGridworldAndItsMethods() throws {
        let spec = try ExperimentSpec(parsing: Self.spec, file: "g.toml")
        let g = spec.environment.gridworld
        XCTAssertEqual(g.layout.lines, ["S..,", ".~~G"])
        XCTAssertEqual(g.transferLayout?.lines, ["G..S"])
        XCTAssertEqual(g.weights, [-0.5, 0, 0, 2])
        XCTAssertEqual([g.horizon, g.layout.rows, g.layout.columns], [10, 2, 4])
        XCTAssertEqual(g.discount, 0.9)
        XCTAssertEqual(g.slip, 0.1)
        XCTAssertEqual(spec.methods.map(\.algorithm), [.maxentIRL, .tabularBC])
        XCTAssertEqual(spec.methods.map(\.iterations), [MaxEntSettings().iterations, 1])
        // The committed spec reads too.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("seeds/maxent-gridworld.toml"), encoding: .utf8)
        XCTAssertEqual(try ExperimentSpec(parsing: text, file: "maxent-gridworld.toml").seeds, 10)
    }

    /// Every bad value is one error at its own line and column (for layouts: the character's).
    func testBadValuesNameLineAndColumn() {
        let cases: [(String, String, String, String)] = [
            ("\"S..,\"", "\"S.x,\"", "g.toml:12:6:", "unknown terrain 'x'"),
            ("\".~~G\"", "\".~G\"", "g.toml:13:7:", "row 2 has 3 cells but row 1 has 4"),
            ("\".~~G\"", "\".~~.\"", "g.toml:12:4:", "no goal 'G'"),
            ("\".~~G\"", "\"S~~G\"", "g.toml:13:4:", "a second start 'S'"),
            ("[\"G..S\"]", "[\"G..S\", \"G\"]", "g.toml:15:30:", "row 2 has 1 cells"),
            ("discount = 0.9", "discount = -0.1", "g.toml:9:12:", "discount"),
            ("discount = 0.9", "discount = 1.0", "g.toml:9:12:", "discount"),
            ("slip = 0.1", "slip = 1.5", "g.toml:10:8:", "slip"),
            ("horizon = 10", "horizon = 0", "g.toml:8:11:", "horizon"),
            ("floor = -0.5", "lava = -0.5", "g.toml:18:1:", "unknown key 'env.reward.lava'"),
            ("id = \"gridworld\"", "id = \"CartPole-v1\"", "g.toml:23:13:", "needs the gridworld"),
            ("algorithm = \"tabular-bc\"", "algorithm = \"tabular-bc\"\niterations = 3", "g.toml:28:14:", "'iterations' is not used"),
            ("[[method]]\nname = \"IRL\"", "[demonstrations]\nsteps = 3\n\n[[method]]\nname = \"IRL\"", "g.toml:22:9:", "'steps' does not apply to the gridworld"),
        ]
        for (old, new, location, message) in cases {
            let text = Self.spec.replacingOccurrences(of: old, with: new)
            XCTAssertNotEqual(text, Self.spec, old)
            do {
                _ = try ExperimentSpec(parsing: text, file: "g.toml")
                XCTFail("\(new) was accepted")
            } catch {
                XCTAssertTrue(error.description.hasPrefix(location), "\(new): \(error.description)")
                XCTAssertTrue(error.description.contains(message), "\(new): \(error.description)")
            }
        }
    }
}

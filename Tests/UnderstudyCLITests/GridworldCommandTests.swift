import Foundation
import XCTest

/// The gridworld experiment through the binary: bad values exit 2 and write nothing; results
/// are the same bytes for any job count and when sharded and merged.
final class GridworldCommandTests: XCTestCase {
    static let spec = """
    name  = "tiny-grid"
    title = "Tiny gridworld"
    seed  = 5
    seeds = 2

    [env]
    id = "gridworld"
    horizon = 12
    slip = 0.1
    layout = ["S..,", ".~~.", "...G"]
    transfer_layout = ["G...", ".~~.", ",..S"]

    [demonstrations]
    episodes = 20

    [evaluation]
    episodes = 3

    [[method]]
    name = "IRL"
    algorithm = "maxent-irl"
    iterations = 3

    [[method]]
    name = "BC"
    algorithm = "tabular-bc"

    """

    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-grid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try Self.spec.write(to: scratch.appendingPathComponent("grid.toml"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    func run(_ args: [String]) throws -> CLI.Output { try CLI.run(args, directory: scratch) }
    func manifest(_ dir: String) throws -> String {
        try String(contentsOfFile: scratch.appendingPathComponent(dir + "/MANIFEST.sha256").path, encoding: .utf8)
    }

    func test_sameBytes_forAnyJobCount_andSharded() throws {
        let a = try run(["run", "grid.toml", "--out", "a", "--jobs", "1"])
        let b = try run(["run", "grid.toml", "--out", "b", "--jobs", "2"])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(b.status, 0, b.stderr)
        let m = try manifest("a")
        XCTAssertEqual(m, try manifest("b"))
        for figure in ["gridworld-rewards", "feature-count-gap", "gridworld-visitation", "gridworld-transfer"] {
            XCTAssertTrue(m.contains("figures/\(figure).png") && m.contains("figures/\(figure).svg"), figure)
        }
        for i in 1...2 { XCTAssertEqual(try run(["run", "grid.toml", "--shard", "\(i)/2", "--out", "s\(i)"]).status, 0) }
        let merged = try run(["merge", "s1", "s2", "--out", "merged"])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertEqual(try manifest("merged"), m)
        let results = try String(contentsOfFile: scratch.appendingPathComponent("a/results.json").path, encoding: .utf8)
        for metric in ["feature_count_gap", "reward_correlation", "transfer_success", "transfer_return"] {
            XCTAssertTrue(results.contains("\"\(metric)\""), metric)
        }
    }

    func test_badValue_exits2_withLineAndColumn_andWritesNothing() throws {
        for (old, new, location) in [("\"...G\"]", "\"..G\"]", "bad.toml:10:31: "),
                                     ("slip = 0.1", "slip = -0.1", "bad.toml:9:8: "),
                                     ("horizon = 12", "horizon = 12\ndiscount = 1", "bad.toml:9:12: ")] {
            try Self.spec.replacingOccurrences(of: old, with: new)
                .write(to: scratch.appendingPathComponent("bad.toml"), atomically: true, encoding: .utf8)
            let r = try run(["run", "bad.toml", "--out", "bad"])
            XCTAssertEqual(r.status, 2, r.stderr)
            XCTAssertTrue(r.stderr.hasPrefix("error: " + location), r.stderr)
            XCTAssertEqual(r.stderr.components(separatedBy: "error:").count, 2, r.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("bad").path))
        }
    }
}

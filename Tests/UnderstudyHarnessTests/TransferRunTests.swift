import Foundation
import XCTest
import UnderstudyDeterminism
import UnderstudyExperiments
@testable import UnderstudyHarness
import UnderstudyReports

/// A small reward-transfer spec runs into the same bytes with one worker or two, and sharded.
final class TransferRunTests: XCTestCase {
    var scratch: Scratch!
    override func setUpWithError() throws { scratch = try Scratch() }
    override func tearDown() { scratch.remove() }

    static let spec = """
        name  = "tiny-transfer"
        title = "Tiny reward transfer"
        seed  = 5
        seeds = 2

        [env]
        id = "driving-loop"
        laps = 0.3

        [demonstrations]
        laps = 0.3

        [labels]
        bias = [0.01]
        spread = [0.01]

        [[method]]
        name = "BC"
        algorithm = "bc"

        [[method]]
        name = "GAIL"
        algorithm = "gail"
        iterations = 2

        [method.gail]
        population = 4
        generations_per_update = 2

        [[transfer]]
        name = "offset"
        steering_offset = 0.05

        [[transfer]]
        name = "fast"
        speed = 1.5

        [reoptimise]
        reward = "GAIL"
        iterations = 2

        """

    func test_transferRun_isTheSameWithOneOrTwoJobsAndSharded() throws {
        let loaded = try Harness.loadSpec(try scratch.write("tiny-transfer.toml", Self.spec))
        try ExperimentRun(loaded, jobs: 1).run(into: scratch.path("one"))
        try ExperimentRun(loaded, jobs: 2).run(into: scratch.path("two"))
        XCTAssertEqual(try scratch.manifest(scratch.path("one")), try scratch.manifest(scratch.path("two")))
        let run = ExperimentRun(loaded, jobs: 1)
        try run.run(Shard(index: 2, count: 2), into: scratch.path("s2"))
        try run.run(Shard(index: 1, count: 2), into: scratch.path("s1"))
        try ShardMerge([scratch.path("s1"), scratch.path("s2")]).write(into: scratch.path("merged"))
        XCTAssertEqual(try scratch.manifest(scratch.path("merged")), try scratch.manifest(scratch.path("one")))

        // Every student and the expert are in both changed cars, with the report's transfer figures.
        let results = try StoredResults(json: JSONParser.parse(AtomicFile.readText(scratch.path("one/results.json"))), source: "results.json")
        XCTAssertEqual(results.transfer.keys.sorted(), ["fast", "offset"])
        for (_, t) in results.transfer {
            XCTAssertEqual(t.methods.keys.sorted(), ["BC", "GAIL", "GAIL re-optimised"])
            XCTAssertEqual(t.methods["BC"]?.metrics["on_road_fraction"]?.perSeed.count, 2)
            XCTAssertNotNil(t.expert["laps_completed"])
            XCTAssertNotNil(t.methods["GAIL re-optimised"]?.curves["on_road_fraction"], "the re-optimisation's rounds are curves")
        }
        for figure in ["transfer-offset", "transfer-fast", "transfer-on-road-laps", "transfer-reoptimisation"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.path("one/figures/\(figure).png")), figure)
        }
        // Every transfer figure's caption names the quantities on its axes, as every report figure's does.
        for f in try Report.figures(runDirectory: scratch.path("one")) where f.name.hasPrefix("transfer-") {
            for axes in f.figure.axes {
                for label in [axes.xLabel, axes.yLabel].compactMap({ $0 }) {
                    XCTAssertTrue(f.caption.contains(label), "\(f.name): caption does not name \"\(label)\"")
                }
            }
        }
        let page = try AtomicFile.readText(scratch.path("one/index.html"))
        XCTAssertTrue(page.contains("In the changed cars (reward transfer)"))
        XCTAssertTrue(page.contains("Changed car &quot;offset&quot;: steering_offset = 0.05"))
    }
}

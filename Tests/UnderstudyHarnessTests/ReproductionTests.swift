import Foundation
import XCTest
import UnderstudyDeterminism
import UnderstudyExperiments
@testable import UnderstudyHarness

/// `understudy reproduce` in-process: every spec of a seeds folder is staged, swapped into
/// reports/ only when complete, and linked from reports/index.html.
final class ReproductionTests: XCTestCase {
    var scratch: Scratch!
    var reports: String { scratch.path("reports") }

    override func setUpWithError() throws { scratch = try Scratch() }
    override func tearDown() { scratch.remove() }

    func test_everySpec_isStagedThenSwappedIn_andIndexed() throws {
        try scratch.write("seeds/b.toml", Scratch.spec(name: "beta"))
        try scratch.write("seeds/a.toml", Scratch.spec(name: "alpha"))
        try scratch.write("seeds/README.md", "not a spec")
        let paths = try Reproduction.specPaths(in: scratch.path("seeds"))
        XCTAssertEqual(paths, [scratch.path("seeds/a.toml"), scratch.path("seeds/b.toml")])
        // An older report of alpha is replaced; a different spec's leftover staging is dropped.
        try scratch.write("reports/alpha/spec.toml", "old")
        try scratch.write("reports/.staging-beta/spec.toml", "another spec")
        try scratch.write("reports/.staging-beta/stale.txt", "left by a killed run")

        let reproduction = Reproduction(reports: reports, jobs: 2)
        for (_, loaded) in try Reproduction.load(paths) { try reproduction.reproduce(loaded) }
        XCTAssertEqual(try reproduction.writeIndex(), reports + "/index.html")

        let entries = try FileManager.default.contentsOfDirectory(atPath: reports).sorted()
        XCTAssertEqual(entries, ["alpha", "beta", "index.html"], "no staging or old folders are left")
        XCTAssertFalse(FileManager.default.fileExists(atPath: reports + "/beta/stale.txt"))
        let index = try AtomicFile.readText(reports + "/index.html")
        XCTAssertTrue(index.contains("href=\"alpha/index.html\"") && index.contains("href=\"beta/index.html\""), index)
        // The staged report is the report `understudy run` writes.
        try ExperimentRun(try Harness.loadSpec(paths[0]), jobs: 1).run(into: scratch.path("direct"))
        XCTAssertEqual(try scratch.manifest(reports + "/alpha"), try scratch.manifest(scratch.path("direct")))
    }

    func test_twoSpecsOfOneName_areRefused_beforeAnythingRuns() throws {
        let a = try scratch.write("seeds/a.toml", Scratch.spec(name: "same"))
        let b = try scratch.write("seeds/b.toml", Scratch.spec(name: "same", seed: 12))
        XCTAssertThrows(.sameReportName("same", b, a)) {
            try Reproduction.load([a, b])
        }
        XCTAssertEqual(HarnessError.sameReportName("same", b, a).description,
                       "\(b): name \"same\" is also used by \(a) (expected one spec per report folder)")
    }

    func test_aBadSpecOrAnEmptyFolder_isBadInput() throws {
        try FileManager.default.createDirectory(atPath: scratch.path("empty"), withIntermediateDirectories: true)
        XCTAssertThrows(.noSpecs(in: scratch.path("empty"))) {
            try Reproduction.specPaths(in: scratch.path("empty"))
        }
        XCTAssertEqual(HarnessError.noSpecs(in: "seeds").description, "seeds: no .toml specs found (expected seeds/*.toml)")
        let bad = try scratch.write("bad.toml", Scratch.spec().replacingOccurrences(of: "seeds = 1", with: "seeds = -1"))
        guard case .spec(let error)? = harnessError({ try Reproduction.load([bad]) }) else { return XCTFail("expected a spec error") }
        XCTAssertEqual(error.file, bad)
        XCTAssertEqual(error.line, 4)
        XCTAssertTrue(HarnessError.spec(error).description.hasPrefix("\(bad):4:9: "), "\(error)")
    }

    /// `reproduce` checks its specs against the limits `--allow-large` chooses, before any runs.
    func test_limits_areCheckedAtLoad_andLiftedWhenAsked() throws {
        let wide = try scratch.write("wide.toml", Scratch.spec().replacingOccurrences(of: "algorithm = \"bc\"\n",
                                                                                   with: "algorithm = \"rl\"\n[method.rl]\npolicy_hidden = [4096]\n"))
        guard case .spec(let error)? = harnessError({ try Reproduction.load([wide]) }) else { return XCTFail("expected a spec error") }
        XCTAssertTrue("\(error)".contains("method[0].rl.policy_hidden") && "\(error)".contains("memory_per_unit"), "\(error)")
        XCTAssertEqual(try Reproduction.load([wide], limits: .unlimited).map(\.path), [wide])
    }

    /// A reports folder that is a file or a symbolic link is refused before anything runs.
    func test_aReportsFolderThatIsAFileOrALink_isRefused() throws {
        let file = try scratch.write("file", "mine")
        XCTAssertThrows(.runDirectory(.notADirectory(file, flag: "--reports"))) { try Reproduction(reports: file, jobs: 1).checkReportsFolder() }
        try FileManager.default.createSymbolicLink(atPath: scratch.path("link"), withDestinationPath: scratch.path("elsewhere"))
        XCTAssertThrows(.runDirectory(.symbolicLink(scratch.path("link"), flag: "--reports"))) {
            try Reproduction(reports: scratch.path("link"), jobs: 1).checkReportsFolder()
        }
        XCTAssertNoThrow(try Reproduction(reports: reports, jobs: 1).checkReportsFolder())
    }
}

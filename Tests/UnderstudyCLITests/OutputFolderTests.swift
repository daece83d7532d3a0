import Foundation
import XCTest

/// Output paths that belong to someone else: every writing command refuses them (exit 2)
/// before it writes, and leaves the files there as they were.
final class OutputFolderTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try RunCommandTests.spec.write(to: url("tiny.toml"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func url(_ path: String) -> URL { scratch.appendingPathComponent(path) }
    func read(_ path: String) -> String? { try? String(contentsOf: url(path), encoding: .utf8) }
    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: url(path).path) }
    func put(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url(path), atomically: true, encoding: .utf8)
    }

    @discardableResult
    func run(_ args: [String], status: Int32, mentions fragment: String? = nil,
             file: StaticString = #filePath, line: UInt = #line) throws -> CLI.Output {
        let out = try CLI.run(args, directory: scratch)
        XCTAssertEqual(out.status, status, "\(args): \(out.stderr)", file: file, line: line)
        if let fragment { XCTAssertTrue(out.stderr.contains(fragment), "\(args): \(out.stderr)", file: file, line: line) }
        return out
    }

    func test_compare_refusesAFolderThatIsNotAnEarlierComparison() throws {
        try run(["run", "tiny.toml", "--out", "a", "--jobs", "1"], status: 0)
        try run(["run", "tiny.toml", "--out", "b", "--jobs", "1"], status: 0)
        let manifest = read("b/MANIFEST.sha256")
        try run(["compare", "a", "b", "--out", "b2"], status: 0)
        // Into another run (which it would have overwritten) or a folder of the user's own figures.
        try run(["run", "tiny.toml", "--out", "c", "--jobs", "1"], status: 0)
        try run(["compare", "a", "b", "--out", "c"], status: 2, mentions: "c is not empty and holds no comparison.json")
        XCTAssertEqual(read("c/MANIFEST.sha256"), manifest)
        try run(["verify", "--manifest-only", "c"], status: 0)
        try put("mine/figures/plot.png", "my figure")
        try run(["compare", "a", "b", "--out", "mine"], status: 2, mentions: "holds no comparison.json")
        XCTAssertEqual(read("mine/figures/plot.png"), "my figure")
        // An earlier comparison is replaced.
        try run(["compare", "a", "b", "--out", "b2"], status: 0)
    }

    func test_reproduce_replacesOnlyAReport() throws {
        try put("notes/tiny/notes.txt", "keep me")
        try run(["reproduce", "tiny.toml", "--reports", "notes", "--jobs", "1"], status: 2, mentions: "holds no spec.toml")
        XCTAssertEqual(read("notes/tiny/notes.txt"), "keep me")
        try put("file/tiny", "a file")
        try run(["reproduce", "tiny.toml", "--reports", "file", "--jobs", "1"], status: 2, mentions: "is a file")
        XCTAssertEqual(read("file/tiny"), "a file")
        try run(["reproduce", "tiny.toml", "--reports", "reports", "--jobs", "1"], status: 0)
        try run(["reproduce", "tiny.toml", "--reports", "reports", "--jobs", "1"], status: 0)
    }

    func test_demosRecord_refusesAFolderOfOtherFiles() throws {
        try run(["run", "tiny.toml", "--out", "a", "--jobs", "1"], status: 0)
        try run(["demos", "record", "--env", "CartPole-v1", "--episodes", "1", "--seed", "1", "--out", "a"], status: 2,
                mentions: "holds no episode_lengths.npy")
        XCTAssertFalse(exists("a/states.npy"))
        try run(["verify", "--manifest-only", "a"], status: 0)
        try run(["demos", "record", "--env", "CartPole-v1", "--episodes", "1", "--seed", "1", "--out", "npy"], status: 0)
        try run(["demos", "record", "--env", "CartPole-v1", "--episodes", "2", "--seed", "1", "--out", "npy"], status: 0)
    }

    func test_diffImage_replacesOnlyAnImage() throws {
        try run(["run", "tiny.toml", "--out", "a", "--jobs", "1"], status: 0)
        let png = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: url("a/figures").path).first { $0.hasSuffix(".png") })
        try put("notes.txt", "keep me")
        try run(["diff-image", "a/figures/" + png, "a/figures/" + png, "--out", "notes.txt"], status: 2, mentions: "not a PNG")
        XCTAssertEqual(read("notes.txt"), "keep me")
        try run(["diff-image", "a/figures/" + png, "a/figures/" + png, "--out", "diff.png"], status: 0)
        try run(["diff-image", "a/figures/" + png, "a/figures/" + png, "--out", "diff.png"], status: 0)
    }

    func test_report_refusesASpecTheResultsWereNotRunFrom() throws {
        try run(["run", "tiny.toml", "--out", "a", "--jobs", "1"], status: 0)
        try put("a/spec.toml", RunCommandTests.spec.replacingOccurrences(of: "name  = \"tiny\"", with: "name  = \"other\""))
        try run(["report", "a"], status: 2, mentions: "results.json holds \"tiny\"")
    }

    func test_verify_reportsAnEditedSpec_asADifference() throws {
        try run(["run", "tiny.toml", "--out", "a", "--jobs", "1"], status: 0)
        try put("a/spec.toml", "zz\n")
        let out = try run(["verify", "a"], status: 1)
        XCTAssertTrue(out.text.contains("spec.toml: bytes differ from MANIFEST.sha256"), out.text)
    }

    func test_anOutputPathThroughAFile_isRefusedBeforeAnythingRuns() throws {
        try put("notes.txt", "keep me")
        try run(["run", "tiny.toml", "--out", "notes.txt/run", "--jobs", "1"], status: 2, mentions: "notes.txt is a file, not a folder")
        XCTAssertEqual(read("notes.txt"), "keep me")
    }

    func test_submit_checksWhatTheMergeJobWouldRefuse_upFront() throws {
        try put("notes.txt", "keep me")
        try run(["submit", "tiny.toml", "--slurm", "--out", "notes.txt"], status: 2, mentions: "notes.txt is a file")
        try put("mine/notes", "mine")
        try run(["submit", "tiny.toml", "--slurm", "--work", "mine"], status: 2, mentions: "holds no spec.toml")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: url("mine").path), ["notes"])
        try run(["submit", "tiny.toml", "--slurm", "--understudy", "/nonexistent/understudy"], status: 2, mentions: "no executable file there")
        XCTAssertFalse(exists("reports"))
    }

    func test_merge_namesAMissingUnit() throws {
        try run(["run", "tiny.toml", "--shard", "1/1", "--out", "shard", "--jobs", "1"], status: 0)
        try FileManager.default.removeItem(at: url("shard/units/BC~seed=0.json"))
        try run(["merge", "shard", "--out", "merged"], status: 2, mentions: "unit BC/seed=0 is missing")
        XCTAssertFalse(exists("merged"))
    }

    func test_reproduce_namesAMissingSeedsFolder() throws {
        try run(["reproduce", "--seeds-directory", "nope"], status: 2, mentions: "nope: no such directory")
    }
}

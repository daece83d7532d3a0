import Foundation
import XCTest

/// Bad input a user would hand the tool: one clear `error:` line, exit status 2, nothing lost.
final class BadInputTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func write(_ name: String, _ text: String) throws { try text.write(to: scratch.appendingPathComponent(name), atomically: true, encoding: .utf8) }

    func assertBadInput(_ args: [String], mentions fragment: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let out = try CLI.run(args, directory: scratch)
        XCTAssertEqual(out.status, 2, "\(args): \(out.stderr)", file: file, line: line)
        XCTAssertTrue(out.stderr.hasPrefix("error: "), "\(args): \(out.stderr)", file: file, line: line)
        XCTAssertTrue(out.stderr.contains(fragment), "\(args): \(out.stderr)", file: file, line: line)
        XCTAssertFalse(out.stderr.contains("Fatal error"), file: file, line: line)
    }

    func test_truncatedDemonstrations_giveAPositionedError() throws {
        try write("cut.json", "{\"format\": \"understudy-demos/1\", \"env\": \"CartPole-v1\", \"episodes\": [{\"initial_state\": [0.1, 0.2,")
        try assertBadInput(["demos", "verify", "cut.json"], mentions: "cut.json:1:")
    }

    func test_corruptAndTruncatedPNGs_areRefused() throws {
        try write("text.png", "this is not an image")
        try assertBadInput(["diff-image", "text.png", "text.png"], mentions: "text.png: not a PNG image")
        try assertBadInput(["diff-image", "missing.png", "text.png"], mentions: "missing.png")
    }

    func test_specErrors_nameFileLineAndColumn_andSuggest() throws {
        try write("typo.toml", """
        name = "typo"
        title = "Typo"
        seed = 1
        seeds = 2

        [env]
        id = "CartPole-v1"

        [[method]]
        name = "BC"
        algoritm = "bc"
        """)
        let out = try CLI.run(["check", "typo.toml"], directory: scratch)
        XCTAssertEqual(out.status, 2)
        XCTAssertTrue(out.stderr.contains("typo.toml:9:1: missing required key 'method[0].algorithm'") || out.stderr.contains("typo.toml:11:1"), out.stderr)
        XCTAssertTrue(out.stderr.contains("algoritm"), out.stderr)
    }

    func test_corruptStoredUnit_isReported_notTrusted() throws {
        try write("tiny.toml", RunCommandTests.spec)
        XCTAssertEqual(try CLI.run(["run", "tiny.toml", "--shard", "1/1", "--out", "shard"], directory: scratch).status, 0)
        let unit = scratch.appendingPathComponent("shard/units/BC~seed=0.json")
        let text = try String(contentsOf: unit, encoding: .utf8)
        try String(text.prefix(text.count / 2)).write(to: unit, atomically: true, encoding: .utf8)
        // The digest shard.json lists for the unit catches it before it is parsed.
        try assertBadInput(["merge", "shard", "--out", "merged"], mentions: "unit BC/seed=0 does not match the digest in shard.json")
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("merged/results.json").path))
    }
}

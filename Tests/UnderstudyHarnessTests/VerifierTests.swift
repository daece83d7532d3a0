import Foundation
import XCTest
import UnderstudyDeterminism
@testable import UnderstudyHarness

/// `understudy verify` in-process: a run is byte-identical to a re-run of its spec, and any
/// changed, missing or extra file is named — by the manifest check and by the re-run.
final class VerifierTests: XCTestCase {
    var scratch: Scratch!
    var run: String { scratch.path("run") }

    override func setUpWithError() throws {
        scratch = try Scratch()
        try ExperimentRun(try scratch.loadSpec(), jobs: 2).run(into: run)
    }

    override func tearDown() { scratch.remove() }

    func test_anUntouchedRun_isByteIdenticalToARerun() throws {
        let report = try Verifier(jobs: 2).verify(run)
        XCTAssertEqual(report.differences, [])
        XCTAssertEqual(report.lines, ["\(run): \(report.fileCount) files byte-identical to a re-run of its spec"])
        XCTAssertNoThrow(try Verifier.conclude(checked: 1, differences: 0))
    }

    func test_aChangedFile_isNamedByTheManifestCheck_andByTheRerun() throws {
        var bytes = try AtomicFile.read(run + "/results.csv")
        bytes[bytes.count / 2] ^= 0x01
        try AtomicFile.write(bytes, to: run + "/results.csv")

        let quick = try Verifier(jobs: 1, manifestOnly: true).verify(run)
        XCTAssertEqual(quick.differences, [.edited("results.csv")])
        XCTAssertEqual(quick.lines, ["\(run): results.csv: bytes differ from MANIFEST.sha256 (edited or corrupt)"])

        // The manifest is rewritten to match the edit: only the re-run can tell.
        _ = try Manifest.write(directory: run)
        XCTAssertEqual(try Verifier(jobs: 1, manifestOnly: true).verify(run).differences, [])
        let full = try Verifier(jobs: 2).verify(run)
        XCTAssertEqual(full.differences, [.differsFromRerun("results.csv", pixels: nil)])
        XCTAssertEqual(full.lines, ["\(run): results.csv: differs from a re-run of its spec"])
        XCTAssertThrows(.differences(count: 1)) { try Verifier.conclude(checked: 1, differences: 1) }
        XCTAssertTrue(HarnessError.differences(count: 1).isDifference)
    }

    func test_missingAndExtraFiles_areNamed() throws {
        try FileManager.default.removeItem(atPath: run + "/index.html")
        try scratch.write("run/notes.txt", "added by hand")
        let report = try Verifier(jobs: 1, manifestOnly: true).verify(run)
        XCTAssertEqual(report.differences, [.missing("index.html"), .notInManifest("notes.txt")])
        XCTAssertEqual(report.lines, ["\(run): index.html: missing", "\(run): notes.txt: not in MANIFEST.sha256"])
    }

    func test_aMalformedManifest_isBadInput_withItsPosition() throws {
        try scratch.write("run/MANIFEST.sha256", "not a manifest line\n")
        let error = harnessError { try Verifier(jobs: 1, manifestOnly: true).verify(run) }
        XCTAssertEqual(error, .manifest(.malformedManifestLine(file: run + "/MANIFEST.sha256", line: 1)))
        XCTAssertEqual(error?.isDifference, false)
        XCTAssertTrue(error?.description.hasPrefix("\(run)/MANIFEST.sha256:1:1: malformed manifest line") ?? false, "\(String(describing: error))")
    }

    func test_arguments_areSortedIntoRunsAndSkippedFiles() throws {
        XCTAssertTrue(try RunArguments.isRunDirectory(run))
        XCTAssertFalse(try RunArguments.isRunDirectory(run + "/index.html"))
        XCTAssertThrows(.noRunDirectory(scratch.path("nowhere"))) { try RunArguments.isRunDirectory(scratch.path("nowhere")) }
        XCTAssertThrows(.noRunDirectories) { try Verifier.conclude(checked: 0, differences: 0) }
    }
}

import Foundation
import XCTest

/// The committed reports/ are what the specs give: this build (debug, where the tests run)
/// re-runs one and must write the same bytes as the release build that made it.
final class ReportsReproduceTests: XCTestCase {
    func test_committedReport_isByteIdenticalToARerun_inThisBuild() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let report = root.appendingPathComponent("reports/driving-loop-clean").path
        guard FileManager.default.fileExists(atPath: report + "/MANIFEST.sha256") else {
            throw XCTSkip("reports/driving-loop-clean is not in this checkout")
        }
        let out = try CLI.run(["verify", report, "--jobs", "2"])
        XCTAssertEqual(out.status, 0, out.text + out.stderr)
        XCTAssertTrue(out.text.contains("byte-identical"), out.text)
    }
}

import XCTest
import UnderstudyDeterminism
import UnderstudyExperiments
import UnderstudyTOML
import UnderstudyReports
@testable import UnderstudyHarness

/// The one error type of the harness: library errors keep their type inside it, render as one
/// line without the `error: ` the CLI adds, and only differences found exit 1.
final class HarnessErrorTests: XCTestCase {
    func test_libraryErrors_keepTheirType() {
        let spec = SpecError(file: "a.toml", position: TOMLPosition(line: 4, column: 9), message: "seeds: found -1", expected: "an integer ≥ 1")
        XCTAssertEqual(HarnessError(spec), .spec(spec))
        XCTAssertEqual(HarnessError(ExperimentError.locked(path: "r", pid: 7)), .run(.locked(path: "r", pid: 7)))
        XCTAssertEqual(HarnessError(DeterminismError.malformedManifestLine(file: "m", line: 2)), .manifest(.malformedManifestLine(file: "m", line: 2)))
        XCTAssertEqual(HarnessError(HarnessError.noRunDirectories), .noRunDirectories)
        XCTAssertEqual(HarnessError(CocoaLikeError()), .other("something odd"))
        XCTAssertEqual(HarnessError(spec).description, "a.toml:4:9: seeds: found -1 (expected an integer ≥ 1)")
    }

    func test_messages_carryNoErrorPrefix_andOnlyDifferencesExit1() {
        let table: [(HarnessError, String, Bool)] = [
            (.report(.missing(path: "r/results.json", what: "missing")), "r/results.json: missing", false),
            (.manifest(.malformedManifestLine(file: "m", line: 2)), "m:2:1: malformed manifest line (expected '<64 lowercase hex digits>  <relative path>')", false),
            (.noRunDirectory("x"), "x: no such run directory (expected a directory written by `understudy run`)", false),
            (.other("error: from elsewhere"), "from elsewhere", false),
            (.differences(count: 1), "1 difference found", true),
            (.differences(count: 3), "3 differences found", true),
            (.runsDiffer("a", "b"), "a and b differ", true),
        ]
        for (error, message, isDifference) in table {
            XCTAssertEqual(error.description, message)
            XCTAssertEqual(error.isDifference, isDifference, message)
        }
    }

    private struct CocoaLikeError: Error, CustomStringConvertible { var description: String { "something odd" } }
}

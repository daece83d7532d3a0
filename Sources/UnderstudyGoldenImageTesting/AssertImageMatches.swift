import UnderstudyGoldenImage
import XCTest

/// Fails the current XCTest test unless `image` matches the PNG golden at `golden`
/// (byte-identical pixels, or at most `maxDifferingPixels` pixels beyond pixelmatch's
/// `threshold`). On failure the message names the written `.actual`, `.expected` and `.diff`
/// images; with `UNDERSTUDY_RECORD=1` the golden is (re)written and the test fails with
/// "recorded"; `UNDERSTUDY_GOLDEN_FAILURES` chooses where failure images go.
public func assertImageMatches(
    _ image: RGBAImage, golden: String, threshold: Double = 0.1, maxDifferingPixels: Int = 0,
    file: StaticString = #filePath, line: UInt = #line, function: String = #function
) {
    let options = GoldenOptions(threshold: threshold, maxDifferingPixels: maxDifferingPixels).withEnvironment()
    let result = compareToGolden(image, golden: golden, options: options, testName: testFilterName(function))
    if !result.passed { XCTFail(result.message, file: file, line: line) }
}

/// `test_foo()` → `test_foo`, the form `swift test --filter` takes.
func testFilterName(_ function: String) -> String {
    if let paren = function.firstIndex(of: "(") { return String(function[..<paren]) }
    return function
}

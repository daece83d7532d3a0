@_exported import UnderstudyGoldenImage
import XCTest

/// Fails the current XCTest test unless `image` matches its PNG golden: byte-identical
/// pixels, or at most `maxDifferingPixels` (or `maxDifferingFraction` of the pixels, the
/// larger) beyond pixelmatch's `threshold`.
///
/// - `golden`: a path; nil names it automatically beside the test file,
///   `__Goldens__/<TestFile>/<test name>.<n>.png` (`GoldenNames/next(testFile:function:)`).
/// - `record`: this call's `GoldenRecordMode`; nil takes the enclosing
///   `withGoldenImageRecording(_:operation:)`'s, then `UNDERSTUDY_RECORD`'s, then
///   `.missing` (a first run records what is missing and fails with "recorded").
///
/// On failure the message names the golden and the written `.actual`, `.expected` and
/// `.diff` images (outside the source tree unless `UNDERSTUDY_GOLDEN_FAILURES` says where).
public func assertImageMatches(
    _ image: RGBAImage, golden: String? = nil, threshold: Double = 0.1, maxDifferingPixels: Int = 0,
    maxDifferingFraction: Double = 0, record: GoldenRecordMode? = nil,
    file: StaticString = #filePath, line: UInt = #line, function: String = #function
) {
    let path = golden ?? GoldenNames.next(testFile: file, function: function)
    let options = GoldenOptions(threshold: threshold, maxDifferingPixels: maxDifferingPixels,
                                maxDifferingFraction: maxDifferingFraction, recordMode: record).withEnvironment()
    let result = compareToGolden(image, golden: path, options: options, testName: GoldenNames.testName(function))
    if !result.passed { XCTFail(result.message, file: file, line: line) }
}

@_exported import UnderstudyGoldenImage
import Testing

/// The Swift Testing form of `assertImageMatches`: records an `Issue` at the caller's source
/// location unless `image` matches its golden, and returns whether it did. Arguments as
/// there: `golden` nil names it `__Goldens__/<TestFile>/<test name>.<n>.png`; `record` nil
/// takes the `.goldenImages(record:)` trait's mode, then `UNDERSTUDY_RECORD`'s, then `.missing`.
@discardableResult
public func expectImageMatches(
    _ image: RGBAImage, golden: String? = nil, threshold: Double = 0.1, maxDifferingPixels: Int = 0,
    maxDifferingFraction: Double = 0, record: GoldenRecordMode? = nil,
    filePath: StaticString = #filePath, function: String = #function,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    let path = golden ?? GoldenNames.next(testFile: filePath, function: function)
    let options = GoldenOptions(threshold: threshold, maxDifferingPixels: maxDifferingPixels,
                                maxDifferingFraction: maxDifferingFraction, recordMode: record).withEnvironment()
    let result = compareToGolden(image, golden: path, options: options, testName: GoldenNames.testName(function))
    if !result.passed { Issue.record(Comment(rawValue: result.message), sourceLocation: sourceLocation) }
    return result.passed
}

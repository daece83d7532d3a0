import UnderstudyGoldenImage
import Testing

/// The Swift Testing flavour of `assertImageMatches`: records an `Issue` at the caller's
/// source location unless `image` matches the golden; returns whether it did.
@discardableResult
public func expectImageMatches(
    _ image: RGBAImage, golden: String, threshold: Double = 0.1, maxDifferingPixels: Int = 0,
    function: String = #function, sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    let options = GoldenOptions(threshold: threshold, maxDifferingPixels: maxDifferingPixels).withEnvironment()
    let result = compareToGolden(image, golden: golden, options: options, testName: testFilterName(function))
    if !result.passed { Issue.record(Comment(rawValue: result.message), sourceLocation: sourceLocation) }
    return result.passed
}

import Testing
import UnderstudyGoldenImage

/// A Swift Testing trait that sets the record mode of every golden-image comparison in a
/// test or suite (swift-snapshot-testing's `.snapshots(record:)`):
///
/// ``swift
/// @Suite(.goldenImages(record: .failed)) struct ChartTests { … }
/// ``
public struct GoldenImageTrait: SuiteTrait, TestTrait, TestScoping {
    /// The mode comparisons in scope use unless they pass their own.
    public var record: GoldenRecordMode

    /// Applies to every test in a suite.
    public var isRecursive: Bool { true }

    /// Runs the test with `record` as the enclosing record mode.
    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        try await withGoldenImageRecording(record) { try await function() }
    }
}

extension Trait where Self == GoldenImageTrait {
    /// Golden images in this test or suite are recorded as `record` says.
    public static func goldenImages(record: GoldenRecordMode) -> Self { GoldenImageTrait(record: record) }
}

// MARK: - Public API

/// When a comparison writes the golden instead of (or after) comparing, as
/// swift-snapshot-testing's `SnapshotTestingConfiguration.Record`.
///
/// Every write makes the comparison fail with ``GoldenComparison/recorded(golden:size:)``, so a
/// recording run never passes silently: re-run to compare against what was written.
public enum GoldenRecordMode: String, Sendable, Equatable, CaseIterable {
    /// Write every golden, whether or not one exists.
    case all
    /// Write goldens that do not exist yet; compare the others. The default, so a first run
    /// records what is missing.
    case missing
    /// Write goldens that do not exist or do not match; compare the others.
    case failed
    /// Never write; a missing golden is a failure that says how to record it (for CI).
    case never

    /// The mode named by `UNDERSTUDY_RECORD`: `all`, `missing`, `failed` or `never`; also
    /// `1`/`true`/`yes` for `all` and `0`/`false`/`no`/empty for `never`. nil when the
    /// variable is unset or names no mode.
    public static var fromEnvironment: GoldenRecordMode? {
        guard let value = environmentValue("UNDERSTUDY_RECORD") else { return nil }
        return GoldenRecordMode(environmentValue: value)
    }

    /// Parses an `UNDERSTUDY_RECORD` value (see ``fromEnvironment``).
    public init?(environmentValue value: String) {
        let lowered = value.lowercased()
        if let mode = GoldenRecordMode(rawValue: lowered) { self = mode; return }
        if ["1", "true", "yes"].contains(lowered) { self = .all; return }
        if ["", "0", "false", "no"].contains(lowered) { self = .never; return }
        return nil
    }

    /// The record mode of the enclosing `withGoldenImageRecording(_:operation:)` (a
    /// suite's or test's), or nil outside one. A task-local, so parallel tests do not see
    /// each other's modes.
    @TaskLocal public static var current: GoldenRecordMode?

    /// The mode a comparison uses: the call's own if given, else the enclosing scope's, else
    /// `UNDERSTUDY_RECORD`'s, else ``missing``.
    public static func resolved(call: GoldenRecordMode?) -> GoldenRecordMode {
        call ?? current ?? fromEnvironment ?? .missing
    }
}

/// Runs `operation` with `mode` as the record mode of every golden-image comparison in it
/// that does not pass its own (per suite in XCTest: wrap `super.invokeTest()` in an
/// `invokeTest()` override; Swift Testing has the `.goldenImages(record:)` trait).
public func withGoldenImageRecording<R>(_ mode: GoldenRecordMode, operation: () throws -> R) rethrows -> R {
    try GoldenRecordMode.$current.withValue(mode, operation: operation)
}

/// The `async` form of `withGoldenImageRecording(_:operation:)`.
public func withGoldenImageRecording<R>(_ mode: GoldenRecordMode, operation: () async throws -> R) async rethrows -> R {
    try await GoldenRecordMode.$current.withValue(mode, operation: operation)
}

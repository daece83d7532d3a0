#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Public API

/// How to compare with a golden image, and when to record it and where artifacts go.
public struct GoldenOptions: Sendable, Equatable {
    /// pixelmatch threshold in 0…1 (0.1 is pixelmatch's default).
    public var threshold: Double
    /// How many pixels may differ perceptually and still pass.
    public var maxDifferingPixels: Int
    /// The same allowance as a fraction of the image's pixels (0.001 is one pixel in a
    /// thousand); the larger of the two allowances applies.
    public var maxDifferingFraction: Double
    /// Count anti-aliasing differences too.
    public var includeAA: Bool
    /// When to write the golden; nil takes the enclosing `withGoldenImageRecording` scope's
    /// mode, then `UNDERSTUDY_RECORD`'s, then ``GoldenRecordMode/missing``.
    public var recordMode: GoldenRecordMode?
    /// Where `<name>.actual.png`, `.expected.png` and `.diff.png` go on failure; nil means
    /// `UNDERSTUDY_GOLDEN_FAILURES` if set, else outside the source tree, in
    /// `<temporary directory>/understudy-golden-failures/<folder of the golden>/`, which for
    /// ``goldenPath(_:testFile:)``'s layout is one folder per test file.
    public var failuresDirectory: String?

    /// Options with pixelmatch's default threshold and no allowance, the record mode left to
    /// the scope and environment, and failure artifacts in their default place.
    public init(threshold: Double = 0.1, maxDifferingPixels: Int = 0, maxDifferingFraction: Double = 0,
                includeAA: Bool = false, recordMode: GoldenRecordMode? = nil, failuresDirectory: String? = nil) {
        self.threshold = threshold
        self.maxDifferingPixels = maxDifferingPixels
        self.maxDifferingFraction = maxDifferingFraction
        self.includeAA = includeAA
        self.recordMode = recordMode
        self.failuresDirectory = failuresDirectory
    }

    /// How many of `totalPixels` may differ: the larger of the count and the fraction.
    public func allowedDifferingPixels(totalPixels: Int) -> Int {
        max(maxDifferingPixels, Int((maxDifferingFraction * Double(totalPixels)).rounded(.down)))
    }

    /// These options with what is unset taken from the environment: the record mode (see
    /// ``GoldenRecordMode/resolved(call:)``) and `UNDERSTUDY_GOLDEN_FAILURES` (a directory).
    public func withEnvironment() -> GoldenOptions {
        var options = self
        options.recordMode = GoldenRecordMode.resolved(call: recordMode)
        if options.failuresDirectory == nil, let directory = environmentValue("UNDERSTUDY_GOLDEN_FAILURES"), !directory.isEmpty {
            options.failuresDirectory = directory
        }
        return options
    }
}

/// The outcome of comparing an image with its golden.
public enum GoldenComparison: Sendable, Equatable {
    /// Decoded pixels are byte-identical.
    case identical(golden: String)
    /// Some pixels differ perceptually, but no more than allowed.
    case withinTolerance(golden: String, differingPixels: Int, totalPixels: Int)
    /// The record mode wrote the golden (a failure: re-run to compare).
    case recorded(golden: String, size: String)
    /// There is no golden at the path yet.
    case missingGolden(golden: String, recordCommand: String)
    /// The golden exists but cannot be decoded.
    case unreadableGolden(golden: String, error: GoldenImageError)
    /// Sizes differ; `artifacts` lists the actual and expected images written.
    case sizeMismatch(golden: String, actualSize: String, expectedSize: String, artifacts: [String])
    /// Too many pixels differ; `artifacts` lists the actual, expected and diff images written.
    case differs(golden: String, differingPixels: Int, antialiasedPixels: Int, totalPixels: Int,
                 allowed: Int, threshold: Double, artifacts: [String])
    /// Writing the golden or the failure artifacts failed.
    case cannotWrite(golden: String, error: GoldenImageError)

    /// Whether a test should pass.
    public var passed: Bool {
        switch self {
        case .identical, .withinTolerance: true
        default: false
        }
    }

    /// One line for a test failure (or a pass, for logs).
    public var message: String {
        switch self {
        case let .identical(golden):
            return "\(golden): identical"
        case let .withinTolerance(golden, differing, total):
            return "\(golden): \(differing) of \(total) pixels differ (within the allowed count)"
        case let .recorded(golden, size):
            return "\(golden): recorded a new golden image (\(size)); re-run to compare against it"
        case let .missingGolden(golden, command):
            return "\(golden): no golden image yet (record it with: \(command))"
        case let .unreadableGolden(golden, error):
            return "\(golden): cannot use the golden image: \(error.message.dropErrorPrefix) (re-record it with UNDERSTUDY_RECORD=all)"
        case let .sizeMismatch(golden, actual, expected, artifacts):
            return "\(golden): the image is \(actual) but the golden is \(expected) (expected equal sizes); wrote \(artifacts.joined(separator: ", "))"
        case let .differs(golden, differing, antialiased, total, allowed, threshold, artifacts):
            let aa = antialiased > 0 ? ", \(antialiased) more only by anti-aliasing" : ""
            return "\(golden): \(differing) of \(total) pixels differ (allowed \(allowed), threshold \(threshold)\(aa)); wrote \(artifacts.joined(separator: ", "))"
        case let .cannotWrite(golden, error):
            return "\(golden): \(error.message.dropErrorPrefix)"
        }
    }
}

/// Compares `image` with the PNG golden at `golden`, or records it as the record mode says
/// (``GoldenOptions/recordMode``, resolved by ``GoldenRecordMode/resolved(call:)``), writing
/// failure artifacts as `options` say. Byte-identical decoded pixels pass at once; otherwise
/// pixelmatch counts differing pixels against ``GoldenOptions/allowedDifferingPixels(totalPixels:)``.
///
/// - Parameters:
///   - image: the pixels under test.
///   - golden: the golden PNG's path (see ``goldenPath(_:testFile:)``).
///   - options: tolerance, record mode and where failure images go.
///   - testName: used in the hint for recording a missing golden
///     (`UNDERSTUDY_RECORD=missing swift test --filter <testName>`).
public func compareToGolden(_ image: RGBAImage, golden: String, options: GoldenOptions,
                            testName: String? = nil) -> GoldenComparison {
    let mode = GoldenRecordMode.resolved(call: options.recordMode)
    let exists = FileIO.exists(golden)
    if mode == .all || (!exists && (mode == .missing || mode == .failed)) {
        return record(image, golden: golden)
    }
    guard exists else {
        let filter = testName.map { " --filter \($0)" } ?? ""
        return .missingGolden(golden: golden, recordCommand: "UNDERSTUDY_RECORD=missing swift test\(filter)")
    }
    let result = compare(image, golden: golden, options: options)
    if mode == .failed && !result.passed { return record(image, golden: golden) }
    return result
}

/// The conventional golden path beside a test file: `<test file's directory>/__Goldens__/
/// <TestFile>/<name>.png` (swift-snapshot-testing's `__Snapshots__/<TestFile>/<test>.<n>.png`
/// with our folder name; automatic names come from ``GoldenNames/next(testFile:function:)``).
/// SwiftPM warns about files it does not know in a test target, so declare the folder:
/// `exclude: ["__Goldens__"]`, or `resources: [.copy("__Goldens__")]` to reach it from the bundle.
public func goldenPath(_ name: String, testFile: StaticString = #filePath) -> String {
    let file = "\(testFile)"
    var base = FileIO.baseName(file)
    if base.hasSuffix(".swift") { base.removeLast(6) }
    return FileIO.join(FileIO.join(FileIO.join(FileIO.directoryName(file), "__Goldens__"), base), name + ".png")
}

// MARK: - Implementation details

/// Writes the golden (creating its folder) and reports it as recorded.
func record(_ image: RGBAImage, golden: String) -> GoldenComparison {
    do {
        try FileIO.makeDirectories(FileIO.directoryName(golden))
        try image.writePNG(to: golden)
        return .recorded(golden: golden, size: image.sizeDescription)
    } catch {
        return .cannotWrite(golden: golden, error: error)
    }
}

/// Compares with an existing golden, writing artifacts on failure.
func compare(_ image: RGBAImage, golden: String, options: GoldenOptions) -> GoldenComparison {
    let goldenBytes: [UInt8]
    let expected: RGBAImage
    do {
        goldenBytes = try FileIO.read(golden)
        expected = try RGBAImage(pngData: goldenBytes, name: golden)
    } catch {
        return .unreadableGolden(golden: golden, error: error)
    }
    if expected == image { return .identical(golden: golden) }

    let directory = options.failuresDirectory ?? environmentValue("UNDERSTUDY_GOLDEN_FAILURES").flatMap { $0.isEmpty ? nil : $0 }
    let artifacts = FailureArtifacts(golden: golden, directory: directory)
    guard expected.width == image.width, expected.height == image.height else {
        do {
            try artifacts.write(actual: image, expectedBytes: goldenBytes, diff: nil)
        } catch {
            return .cannotWrite(golden: golden, error: error)
        }
        return .sizeMismatch(golden: golden, actualSize: image.sizeDescription,
                             expectedSize: expected.sizeDescription, artifacts: artifacts.paths(withDiff: false))
    }
    let matchOptions = PixelMatchOptions(threshold: options.threshold, includeAA: options.includeAA)
    let allowed = options.allowedDifferingPixels(totalPixels: image.pixelCount)
    do {
        let counts = try PixelMatch.compare(expected, image, options: matchOptions)
        if counts.differingPixels <= allowed {
            return .withinTolerance(golden: golden, differingPixels: counts.differingPixels,
                                    totalPixels: image.pixelCount)
        }
        let withDiff = try PixelMatch.compare(expected, image, options: matchOptions, makeDiffImage: true)
        try artifacts.write(actual: image, expectedBytes: goldenBytes, diff: withDiff.diffImage)
        return .differs(golden: golden, differingPixels: counts.differingPixels,
                        antialiasedPixels: counts.antialiasedPixels, totalPixels: image.pixelCount,
                        allowed: allowed, threshold: options.threshold,
                        artifacts: artifacts.paths(withDiff: true))
    } catch {
        return .cannotWrite(golden: golden, error: error)
    }
}

/// Where a failing comparison's images go: `<dir>/<name>.actual.png`, `.expected.png`, `.diff.png`.
struct FailureArtifacts {
    let directory: String
    let name: String

    init(golden: String, directory: String?) {
        var name = FileIO.baseName(golden)
        if name.lowercased().hasSuffix(".png") { name.removeLast(4) }
        self.name = name
        self.directory = directory ?? FileIO.join(FailureArtifacts.defaultRoot, FileIO.baseName(FileIO.directoryName(golden)))
    }

    /// `$TMPDIR/understudy-golden-failures` (or under `/tmp`): outside the source tree, so
    /// failures never end up in a commit, and the same folder across runs.
    static var defaultRoot: String {
        let temporary = environmentValue("TMPDIR").flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return FileIO.join(temporary, "understudy-golden-failures")
    }

    var actualPath: String { FileIO.join(directory, name + ".actual.png") }
    var expectedPath: String { FileIO.join(directory, name + ".expected.png") }
    var diffPath: String { FileIO.join(directory, name + ".diff.png") }

    func paths(withDiff: Bool) -> [String] {
        withDiff ? [actualPath, expectedPath, diffPath] : [actualPath, expectedPath]
    }

    /// Writes the actual image, a byte copy of the golden, and the diff image if any.
    func write(actual: RGBAImage, expectedBytes: [UInt8], diff: RGBAImage?) throws(GoldenImageError) {
        try FileIO.makeDirectories(directory)
        try actual.writePNG(to: actualPath)
        try FileIO.writeAtomically(expectedBytes, to: expectedPath)
        if let diff { try diff.writePNG(to: diffPath) }
    }
}

func environmentValue(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
}

extension String {
    /// The message without its leading `error: `, for embedding in a longer line.
    var dropErrorPrefix: Substring { hasPrefix("error: ") ? dropFirst(7) : Substring(self) }
}

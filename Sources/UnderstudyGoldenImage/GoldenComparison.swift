#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Public API

/// How to compare with a golden image, and where to record and write artifacts.
public struct GoldenOptions: Sendable, Equatable {
    /// pixelmatch threshold in 0…1 (0.1 is pixelmatch's default).
    public var threshold: Double
    /// How many pixels may differ perceptually and still pass.
    public var maxDifferingPixels: Int
    /// Count anti-aliasing differences too.
    public var includeAA: Bool
    /// Write (or overwrite) the golden instead of comparing; the comparison then fails with
    /// "recorded", as swift-snapshot-testing does, so a recording run never passes silently.
    public var record: Bool
    /// Where `<name>.actual.png`, `.expected.png` and `.diff.png` go on failure; nil means
    /// `__failures__/` beside the golden.
    public var failuresDirectory: String?

    public init(threshold: Double = 0.1, maxDifferingPixels: Int = 0, includeAA: Bool = false,
                record: Bool = false, failuresDirectory: String? = nil) {
        self.threshold = threshold
        self.maxDifferingPixels = maxDifferingPixels
        self.includeAA = includeAA
        self.record = record
        self.failuresDirectory = failuresDirectory
    }

    /// These options with `record` and `failuresDirectory` read from the environment:
    /// `UNDERSTUDY_RECORD` (recording unless unset, empty, `0` or `false`) and
    /// `UNDERSTUDY_GOLDEN_FAILURES` (a directory).
    public func withEnvironment() -> GoldenOptions {
        var options = self
        if let value = environmentValue("UNDERSTUDY_RECORD") {
            options.record = !["", "0", "false", "no"].contains(value.lowercased())
        }
        if let directory = environmentValue("UNDERSTUDY_GOLDEN_FAILURES"), !directory.isEmpty {
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
    /// Record mode wrote the golden (a failure: re-run to compare).
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
            return "\(golden): recorded a new golden image (\(size)); re-run without UNDERSTUDY_RECORD to compare against it"
        case let .missingGolden(golden, command):
            return "\(golden): no golden image yet (record it with: \(command))"
        case let .unreadableGolden(golden, error):
            return "\(golden): cannot use the golden image: \(error.message.dropErrorPrefix) (re-record it with UNDERSTUDY_RECORD=1)"
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

/// Compares `image` with the PNG golden at `golden` (or records it), writing failure
/// artifacts as `options` say. Byte-identical decoded pixels pass at once; otherwise
/// pixelmatch counts differing pixels against `options.maxDifferingPixels`.
///
/// - Parameter testName: used in the hint for recording a missing golden
///   (`UNDERSTUDY_RECORD=1 swift test --filter <testName>`).
public func compareToGolden(_ image: RGBAImage, golden: String, options: GoldenOptions,
                            testName: String? = nil) -> GoldenComparison {
    if options.record {
        do {
            try image.writePNG(to: golden)
            return .recorded(golden: golden, size: image.sizeDescription)
        } catch {
            return .cannotWrite(golden: golden, error: error)
        }
    }
    guard FileIO.exists(golden) else {
        let filter = testName.map { " --filter \($0)" } ?? ""
        return .missingGolden(golden: golden, recordCommand: "UNDERSTUDY_RECORD=1 swift test\(filter)")
    }
    let goldenBytes: [UInt8]
    let expected: RGBAImage
    do {
        goldenBytes = try FileIO.read(golden)
        expected = try RGBAImage(pngData: goldenBytes, name: golden)
    } catch {
        return .unreadableGolden(golden: golden, error: error)
    }
    if expected == image { return .identical(golden: golden) }

    let artifacts = FailureArtifacts(golden: golden, directory: options.failuresDirectory)
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
    do {
        let counts = try PixelMatch.compare(expected, image, options: matchOptions)
        if counts.differingPixels <= options.maxDifferingPixels {
            return .withinTolerance(golden: golden, differingPixels: counts.differingPixels,
                                    totalPixels: image.pixelCount)
        }
        let withDiff = try PixelMatch.compare(expected, image, options: matchOptions, makeDiffImage: true)
        try artifacts.write(actual: image, expectedBytes: goldenBytes, diff: withDiff.diffImage)
        return .differs(golden: golden, differingPixels: counts.differingPixels,
                        antialiasedPixels: counts.antialiasedPixels, totalPixels: image.pixelCount,
                        allowed: options.maxDifferingPixels, threshold: options.threshold,
                        artifacts: artifacts.paths(withDiff: true))
    } catch {
        return .cannotWrite(golden: golden, error: error)
    }
}

/// The conventional golden path beside a test file, as swift-snapshot-testing lays out its
/// references: `<test file's directory>/__Goldens__/<TestFile>/<name>.png`.
public func goldenPath(_ name: String, testFile: StaticString = #filePath) -> String {
    let file = "\(testFile)"
    var base = FileIO.baseName(file)
    if base.hasSuffix(".swift") { base.removeLast(6) }
    return FileIO.join(FileIO.join(FileIO.join(FileIO.directoryName(file), "__Goldens__"), base), name + ".png")
}

// MARK: - Implementation details

/// Where a failing comparison's images go: `<dir>/<name>.actual.png`, `.expected.png`, `.diff.png`.
struct FailureArtifacts {
    let directory: String
    let name: String

    init(golden: String, directory: String?) {
        var name = FileIO.baseName(golden)
        if name.lowercased().hasSuffix(".png") { name.removeLast(4) }
        self.name = name
        self.directory = directory ?? FileIO.join(FileIO.directoryName(golden), "__failures__")
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

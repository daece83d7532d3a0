import Foundation
import UnderstudyDeterminism
import UnderstudyExperiments
import UnderstudyTOML
import UnderstudyReports

/// Everything the harness can fail with, typed to the command line: each case renders the
/// one-line message of docs/ARCHITECTURE.md ("Command line"), without the `error: ` prefix the CLI adds, and
/// says whether it is a difference found (exit 1) or bad input (exit 2).
public enum HarnessError: Error, Equatable, CustomStringConvertible {
    // MARK: Bad input

    /// A spec that cannot be read or is invalid: `file:line:col: what (expected what)`.
    case spec(SpecError)
    /// A directory that cannot take this run (a file, another spec's run, in use…).
    case runDirectory(RunDirectoryProblem)
    /// A run that failed in the runner: a work unit that could not run, a corrupt stored unit.
    case run(ExperimentError)
    /// A malformed MANIFEST.sha256 (positioned: `file:line:col`).
    case manifest(DeterminismError)
    /// A report or comparison that cannot be drawn from the stored files.
    case report(ReportError)
    /// A file that cannot be read or written.
    case file(DeterminismError)
    /// A path given as a run directory that is none.
    case noRunDirectory(String)
    /// `understudy verify` was given paths, but no directory among them.
    case noRunDirectories
    /// The output directory (`--out`) is, or lies `inside`, an input (the second string):
    /// writing there would overwrite or delete what is being read.
    case outputIsAnInput(String, String, inside: Bool)
    /// A PNG whose header declares more pixels than `ResourceLimits.imagePixels` allows.
    case imageTooLarge(path: String, width: Int, height: Int, limit: Int)
    /// An image output path (`--out`) that exists and is no PNG (or a directory).
    case notAnImageOutput(String, isDirectory: Bool)
    /// Shard directories that do not join into one run (another spec or split, one missing…).
    case shards(ShardProblem)
    /// `understudy reproduce` found no spec in this folder.
    case noSpecs(in: String)
    /// `understudy reproduce --seeds-directory` names no folder.
    case noSpecsDirectory(String)
    /// Two specs (the second path, then the first) would write the same report folder.
    case sameReportName(String, String, String)
    /// A cluster submission that cannot be written, submitted or waited for.
    case submission(SubmissionProblem)
    /// An error of another module, rendered as that module renders it.
    case other(String)

    // MARK: Differences

    /// `understudy verify` found this many differing, missing or unexpected files.
    case differences(count: Int)
    /// `understudy compare`: the two runs are not identical.
    case runsDiffer(String, String)

    /// True for differences found (exit 1); false for bad input (exit 2).
    public var isDifference: Bool {
        switch self {
        case .differences, .runsDiffer: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .spec(let e): e.description
        case .runDirectory(let problem): problem.description
        case .run(let e): e.description
        case .manifest(let e): Self.withoutPrefix(e.description)
        case .report(let e): Self.withoutPrefix(e.description)
        case .file(let e): e.description
        case .noRunDirectory(let path): "\(path): no such run directory (expected a directory written by `understudy run`)"
        case .noRunDirectories: "no run directories among the arguments"
        case .notAnImageOutput(let path, let isDirectory):
            "--out \(path) exists and is \(isDirectory ? "a directory" : "not a PNG") (expected a new path or an earlier diff image, which it would replace)"
        case .imageTooLarge(let path, let width, let height, let limit):
            "\(path): a \(width)×\(height) image is over the limit of \(limit) pixels (expected a smaller PNG; \(ResourceLimits.overrideHint))"
        case .outputIsAnInput(let out, let input, let inside):
            "--out \(out) is \(inside ? "inside the input \(input)" : "an input") (expected an output apart from the inputs it reads)"
        case .shards(let problem): problem.description
        case .noSpecs(let directory): "\(directory): no .toml specs found (expected seeds/*.toml)"
        case .noSpecsDirectory(let directory): "\(directory): no such directory (expected a folder of .toml specs, e.g. seeds)"
        case .sameReportName(let name, let path, let other):
            "\(path): name \"\(name)\" is also used by \(other) (expected one spec per report folder)"
        case .submission(let problem): problem.description
        case .other(let message): Self.withoutPrefix(message)
        case .differences(let count): "\(count) difference\(count == 1 ? "" : "s") found"
        case .runsDiffer(let a, let b): "\(a) and \(b) differ"
        }
    }

    /// Wraps an error of a library below the harness in the case that keeps its type.
    public init(_ error: any Error) {
        switch error {
        case let e as HarnessError: self = e
        case let e as SpecError: self = .spec(e)
        case let e as TOMLError: self = .spec(SpecError(e))
        case ExperimentError.spec(let e): self = .spec(e)
        case let e as ExperimentError: self = .run(e)
        case let e as DeterminismError: self = e.isManifestProblem ? .manifest(e) : .file(e)
        case let e as ReportError: self = .report(e)
        default: self = .other(HarnessError.oneLine(error))
        }
    }

    /// One line for an error no library typed: Foundation's file errors (creating a directory
    /// at "", a path too long, a file where a directory should be) name the path and the
    /// system's reason instead of dumping their domain, code and user info.
    public static func oneLine(_ error: any Error) -> String {
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else {
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
        let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path ?? ""
        return "\(path.isEmpty ? "\"\"" : path): \(SystemReason.of(error)) (expected a path that can be written)"
    }

    /// Runs `body`, wrapping what it throws (the boundary to untyped library calls).
    static func wrapping<T>(_ body: () throws -> T) throws(HarnessError) -> T {
        do { return try body() } catch { throw HarnessError(error) }
    }

    /// Some modules render `error: …` themselves; the CLI adds the prefix once.
    static func withoutPrefix(_ text: String) -> String {
        text.hasPrefix("error: ") ? String(text.dropFirst(7)) : text
    }
}

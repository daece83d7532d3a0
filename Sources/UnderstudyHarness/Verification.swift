import UnderstudyDeterminism
import UnderstudyExperiments
import UnderstudyGoldenImage
import Foundation

/// `understudy verify`: proves a run directory is what its spec gives. First its files are
/// checked against its MANIFEST.sha256 (edits, corruption, missing files); then its stored
/// spec.toml is re-run into a temporary directory and every file compared byte for byte.
public struct Verifier: Sendable {
    /// Worker threads for the re-runs.
    public var jobs: Int
    /// Only check files against MANIFEST.sha256; do not re-run.
    public var manifestOnly: Bool
    /// What a re-run may cost (`--allow-large`: `.unlimited`).
    public var limits: ResourceLimits

    public init(jobs: Int, manifestOnly: Bool = false, limits: ResourceLimits = .standard) {
        self.jobs = jobs
        self.manifestOnly = manifestOnly
        self.limits = limits
    }

    /// Checks one run directory and returns what differs (an empty report when nothing does).
    public func verify(_ run: String) throws(HarnessError) -> VerificationReport {
        let stored: Manifest
        do { stored = try Manifest.read(directory: run) } catch let error as DeterminismError {
            throw .manifest(error)
        } catch {
            throw .other("\(run)/\(Manifest.fileName): \(error)")
        }
        let onDisk = try HarnessError.wrapping { try Manifest.compute(directory: run) }
        var report = VerificationReport(run: run, fileCount: stored.entries.count, rerun: !manifestOnly)
        let local = stored.differences(from: onDisk)
        report.differences += local.changed.map { .edited($0) } + local.missing.map { .missing($0) }
            + local.unexpected.map { .notInManifest($0) }
        // An edited or missing spec.toml is itself the finding: re-running it would run something
        // else than the run did, or fail to read.
        if manifestOnly || local.changed.contains("spec.toml") || local.missing.contains("spec.toml") {
            report.rerun = false
            return report
        }

        let loaded = try Harness.loadSpec(run + "/spec.toml", limits: limits)
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(Verifier.temporaryPrefix)\(UUID().uuidString)-\(loaded.spec.name)").path
        try? FileManager.default.removeItem(atPath: temporary)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        try ExperimentRun(loaded, jobs: jobs).run(into: temporary)
        let fresh = try HarnessError.wrapping { try Manifest.read(directory: temporary) }
        let rerun = stored.differences(from: fresh)
        for path in rerun.changed {
            var pixels: VerificationReport.Pixels?
            if path.hasSuffix(".png"), (try? Harness.checkImageSizes([run + "/" + path])) != nil,
               let diff = try? diffImages(a: run + "/" + path, b: temporary + "/" + path, out: nil, threshold: 0.1, includeAA: false) {
                pixels = .init(differing: diff.differingPixels, total: diff.totalPixels)
            }
            report.differences.append(.differsFromRerun(path, pixels: pixels))
        }
        report.differences += rerun.missing.map { .notRerun($0) } + rerun.unexpected.map { .onlyInRerun($0) }
        return report
    }

    /// The verdict over all arguments: bad input when none was a run directory, a difference
    /// when any file differed.
    /// The start of this process's re-run directories' names (in the temporary directory).
    static var temporaryPrefix: String { "understudy-verify-\(getpid())-" }

    /// Removes this process's re-run directories: what an interrupted `verify` calls before it
    /// exits (a `defer` does not run when a signal ends the process).
    public static func removeTemporaryDirectories() {
        let base = FileManager.default.temporaryDirectory.path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where name.hasPrefix(temporaryPrefix) {
            try? FileManager.default.removeItem(atPath: base + "/" + name)
        }
    }

    public static func conclude(checked: Int, differences: Int) throws(HarnessError) {
        guard checked > 0 else { throw .noRunDirectories }
        if differences > 0 { throw .differences(count: differences) }
    }
}

/// What `Verifier` found in one run directory.
public struct VerificationReport: Sendable, Equatable {
    /// One file that is not what it should be.
    public enum Difference: Sendable, Equatable {
        /// Its bytes are not those MANIFEST.sha256 records (edited or corrupt).
        case edited(String)
        /// Listed in MANIFEST.sha256, but not on disk.
        case missing(String)
        /// On disk, but not listed in MANIFEST.sha256.
        case notInManifest(String)
        /// A re-run of the spec writes other bytes; for images, what a perceptual comparison
        /// (pixelmatch, threshold 0.1) found, when one could be made.
        case differsFromRerun(String, pixels: Pixels?)
        /// Listed in MANIFEST.sha256, but a re-run does not write it.
        case notRerun(String)
        /// A re-run writes it, but MANIFEST.sha256 does not list it.
        case onlyInRerun(String)

        /// The file's path inside the run directory.
        public var path: String {
            switch self {
            case .edited(let p), .missing(let p), .notInManifest(let p), .differsFromRerun(let p, _), .notRerun(let p), .onlyInRerun(let p): p
            }
        }

        var what: String {
            switch self {
            case .edited: "bytes differ from MANIFEST.sha256 (edited or corrupt)"
            case .missing: "missing"
            case .notInManifest: "not in MANIFEST.sha256"
            case .differsFromRerun(_, let pixels):
                "differs from a re-run of its spec" + (pixels.map { " (\($0.differing) of \($0.total) pixels differ perceptually)" } ?? "")
            case .notRerun: "not produced by a re-run of its spec"
            case .onlyInRerun: "produced by a re-run but not in MANIFEST.sha256"
            }
        }
    }

    /// How many pixels of an image differ perceptually from the re-run's.
    public struct Pixels: Sendable, Equatable {
        public var differing: Int
        public var total: Int
    }

    public var run: String
    /// How many files MANIFEST.sha256 lists.
    public var fileCount: Int
    /// Whether the spec was re-run (false with --manifest-only).
    public var rerun: Bool
    /// In order: the manifest check's findings, then the re-run's.
    public var differences: [Difference] = []

    /// The lines `understudy verify` prints: one per difference, or one saying all is well.
    public var lines: [String] {
        guard differences.isEmpty else { return differences.map { "\(run): \($0.path): \($0.what)" } }
        return rerun ? ["\(run): \(fileCount) files byte-identical to a re-run of its spec"]
            : ["\(run): \(fileCount) files match MANIFEST.sha256"]
    }
}

/// Sorting command-line arguments into run directories.
public enum RunArguments {
    /// True when `path` is a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// `path` as a run directory to check: true for a directory, false for a file to skip
    /// (such as reports/index.html among reports/*); nothing at all is bad input.
    public static func isRunDirectory(_ path: String) throws(HarnessError) -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { throw .noRunDirectory(path) }
        return isDirectory(path)
    }
}

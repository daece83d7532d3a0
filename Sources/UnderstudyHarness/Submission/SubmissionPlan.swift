import UnderstudyDeterminism
import UnderstudyExperiments
import Foundation

/// How a spec is split for a cluster and where it goes: the shard count, the run directory the
/// merge writes and the work directory (spec snapshot, job files, shards, logs).
public struct SubmissionPlan: Sendable {
    /// Without `--shards`: one shard per work unit, at most this many.
    public static let defaultShardCap = 64

    public var loaded: Study
    /// N: the number of shards.
    public var shards: Int
    /// The spec's work units (method × seed × sweep cell, with the expert's).
    public var units: Int
    /// The run directory the merge writes (default `reports/<name>`).
    public var out: String
    /// Default `<out>.work`.
    public var work: String

    /// Refuses more shards than units: a shard would run nothing.
    public init(_ loaded: Study, shards: Int? = nil, out: String? = nil, work: String? = nil) throws(HarnessError) {
        let units = Runner(study: loaded, jobs: 1).units.count
        let count = shards ?? min(units, Self.defaultShardCap)
        guard count <= units else {
            throw .submission(.tooManyShards(count, units: units))
        }
        self.loaded = loaded
        self.shards = count
        self.units = units
        self.out = out ?? "reports/\(loaded.spec.name)"
        self.work = work ?? self.out + ".work"
        // The jobs write both, so neither may be empty, too long, or a symbolic link (both checks
        // below start with `checkPath`). The run directory is checked as the merge job would
        // check it after every shard had run; the work folder takes the spec snapshot, the
        // scripts and the shards, so a folder of other files would get them mixed in.
        try RunDirectoryClaim.check(self.out, specText: loaded.canonicalText)
        try RunDirectoryClaim.checkOutputFolder(self.work, marker: "spec.toml", flag: "--work")
    }

    /// Writes the spec snapshot and the job files (scripts executable) into `work`, refusing a
    /// work directory that holds a submission of another spec.
    func writeWork(_ work: String, files: [(path: String, text: String)], directories: [String]) throws(HarnessError) {
        let snapshot = work + "/spec.toml"
        if let existing = try? AtomicFile.readText(snapshot), existing != loaded.canonicalText {
            throw .submission(.workDirectoryOfAnotherSpec(work))
        }
        // The file that failed and the system's reason, in one line (AtomicFile's own error
        // already names its file; a Foundation error is reduced to its reason).
        var current = snapshot
        do {
            try AtomicFile.write(loaded.canonicalText, to: snapshot)
            for (path, text) in files {
                current = path
                try AtomicFile.write(text, to: path)
                if path.hasSuffix(".sh") { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
            }
            for directory in directories {
                current = directory
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
        } catch {
            throw .submission(.cannotWrite(work: current, reason: SystemReason.of(error)))
        }
    }
}

/// `s` when `count` is not 1.
func plural(_ count: Int) -> String { count == 1 ? "" : "s" }

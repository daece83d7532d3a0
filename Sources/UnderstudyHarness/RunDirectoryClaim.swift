import UnderstudyDeterminism
import UnderstudyExperiments
import Foundation

/// A run directory taken for one spec: checked to hold nothing else, and locked while a run
/// writes into it. Release the lock when done (it is also released when dropped).
public struct RunDirectoryClaim: Sendable {
    public let directory: RunDirectory
    public let lock: RunLock

    /// Checks that `path` may take a run of this spec and takes its lock.
    /// - Parameter unitsFolder: `.units` for a run, `units` for a shard (kept for the merge).
    public init(_ path: String, for loaded: Study, unitsFolder: String = ".units") throws(HarnessError) {
        try Self.check(path, specText: loaded.canonicalText)
        let directory = RunDirectory(path: path, unitsFolder: unitsFolder)
        do { lock = try directory.lock() } catch ExperimentError.locked(let path, let pid) {
            throw .runDirectory(.inUse(path, pid: pid))
        } catch {
            throw HarnessError(error)
        }
        self.directory = directory
    }

    public func release() { lock.release() }

    /// Checks that `directory` is free for this spec: absent, empty, or holding a run (finished
    /// or interrupted) of exactly the same spec text — so a run never overwrites another's files.
    static func check(_ directory: String, specText: String) throws(HarnessError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw .runDirectory(.isAFile(directory)) }
        let specPath = directory + "/spec.toml"
        if FileManager.default.fileExists(atPath: specPath) {
            guard (try? AtomicFile.readText(specPath)) == specText else { throw .runDirectory(.holdsAnotherSpec(directory)) }
            return
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        if entries.contains(where: { !$0.hasPrefix(".") }) {
            throw .runDirectory(.holdsOtherFiles(directory))
        }
    }
}

/// Why a directory cannot take a run: each keeps a run from overwriting files it did not write.
public enum RunDirectoryProblem: Sendable, Equatable, CustomStringConvertible {
    /// The path is a file.
    case isAFile(String)
    /// It holds a run (finished or interrupted) of a different spec.
    case holdsAnotherSpec(String)
    /// It holds files but no spec.toml: not a run directory.
    case holdsOtherFiles(String)
    /// Another live process is running into it (its pid when known).
    case inUse(String, pid: Int32?)

    public var description: String {
        switch self {
        case .isAFile(let path): "\(path) is a file (expected a run directory)"
        case .holdsAnotherSpec(let path): ExperimentError.differentSpec(path: path).description
        case .holdsOtherFiles(let path):
            "\(path) is not empty and holds no spec.toml (expected an empty directory or a run of this spec; use --out)"
        case .inUse(let path, let pid): ExperimentError.locked(path: path, pid: pid).description
        }
    }
}

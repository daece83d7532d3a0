import UnderstudyDeterminism
import UnderstudyExperiments
import Foundation

/// A run directory taken for one spec: checked to hold nothing else, and locked while a run
/// writes into it. Release the lock when done (it is also released when dropped).
public struct RunDirectoryClaim: Sendable {
    public let directory: RunDirectory
    public let lock: RunLock

    /// Checks that `path` may take a run of this spec and takes its lock.
    /// - Parameters:
    ///   - path: The run directory (made when absent).
    ///   - loaded: The spec to run; an existing run there must be of the same spec text.
    ///   - unitsFolder: `.units` for a run, `units` for a shard (kept for the merge).
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
        try checkPath(directory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw .runDirectory(.isAFile(directory)) }
        try refuseSymlinks(in: directory)
        let specPath = directory + "/spec.toml"
        if FileManager.default.fileExists(atPath: specPath) {
            guard (try? AtomicFile.readText(specPath)) == specText else { throw .runDirectory(.holdsAnotherSpec(directory)) }
            try FinishedRun.refuseForeignFigures(in: directory)
            return
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        if entries.contains(where: { !$0.hasPrefix(".") }) {
            throw .runDirectory(.holdsOtherFiles(directory))
        }
    }
}

extension RunDirectoryClaim {
    /// Longest path component and path the system takes (Linux's NAME_MAX and PATH_MAX, less
    /// room for temporary names): checked before any directory is made, so a path that cannot
    /// be written leaves nothing behind.
    static let maxComponentBytes = 200
    static let maxPathBytes = 3_800

    /// Refuses an output path (given as `flag`) that is empty, too long for the file system,
    /// or a symbolic link: output is never written through a link, which could put it (and the
    /// stale files a run removes) anywhere.
    public static func checkPath(_ path: String, flag: String = "--out") throws(HarnessError) {
        guard !path.isEmpty else { throw .runDirectory(.unusablePath(path, "an empty path")) }
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK { throw .runDirectory(.symbolicLink(path, flag: flag)) }
        guard path.utf8.count <= maxPathBytes else {
            throw .runDirectory(.unusablePath(path, "\(path.utf8.count) bytes long, over the limit of \(maxPathBytes)"))
        }
        if let long = path.split(separator: "/").first(where: { $0.utf8.count > maxComponentBytes }) {
            throw .runDirectory(.unusablePath(path, "a name of \(long.utf8.count) bytes, over the limit of \(maxComponentBytes)"))
        }
        // A folder on the way that is a file (`notes.txt/run`) would fail at the first write.
        // (Split by hand: corelibs Foundation's deletingLastPathComponent traps on "A".)
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        for k in stride(from: components.count - 1, to: 0, by: -1) {
            let parent = components[0..<k].joined(separator: "/")
            guard !parent.isEmpty, parent != "." else { break }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue { throw .runDirectory(.unusablePath(path, "\(parent) is a file, not a folder")) }
            break
        }
    }

    /// Refuses `path` as the output folder of a command that leaves `marker` there (compare's
    /// comparison.json, a recording's episode_lengths.npy, a report's spec.toml): a file, or a
    /// folder that is not empty and holds no `marker`, belongs to someone else, and writing
    /// into it would replace or delete their files. Absent, empty, or an earlier output of the
    /// same command is fine.
    public static func checkOutputFolder(_ path: String, marker: String, flag: String = "--out") throws(HarnessError) {
        try checkPath(path, flag: flag)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw .runDirectory(.notADirectory(path, flag: flag)) }
        try refuseSymlinks(in: path)
        if FileManager.default.fileExists(atPath: path + "/" + marker) { return }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if entries.contains(where: { !$0.hasPrefix(".") }) {
            throw .runDirectory(.holdsForeignFiles(path, marker: marker, flag: flag))
        }
    }

    /// Refuses a run directory holding a symbolic link (e.g. `figures` → elsewhere): writing
    /// or deleting through it would touch files outside the run directory.
    static func refuseSymlinks(in directory: String) throws(HarnessError) {
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            let path = directory + "/" + entry
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil {
                throw .runDirectory(.holdsASymlink(path))
            }
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
    /// The path cannot be a directory (empty, too long); the second string says why.
    case unusablePath(String, String)
    /// An entry of the run directory is a symbolic link (its path).
    case holdsASymlink(String)
    /// The output path given as `flag` is itself a symbolic link.
    case symbolicLink(String, flag: String)
    /// The folder given as `flag` is a file.
    case notADirectory(String, flag: String)
    /// `figures/` holds a figure the run's manifest does not list (a user's own file).
    case holdsForeignFigure(String)
    /// An output folder (given as `flag`) holds files but not the `marker` its command leaves.
    case holdsForeignFiles(String, marker: String, flag: String)

    public var description: String {
        switch self {
        case .isAFile(let path): "\(path) is a file (expected a run directory)"
        case .holdsAnotherSpec(let path): ExperimentError.differentSpec(path: path).description
        case .holdsOtherFiles(let path):
            "\(path) is not empty and holds no spec.toml (expected an empty directory or a run of this spec; use --out)"
        case .inUse(let path, let pid): ExperimentError.locked(path: path, pid: pid).description
        case .unusablePath(let path, let why):
            "--out \"\(path.count > 60 ? path.prefix(60) + "…" : path)\": \(why) (expected a directory path the file system takes)"
        case .holdsASymlink(let path): "\(path) is a symbolic link (expected a run directory whose files are its own)"
        case .symbolicLink(let path, let flag):
            "\(flag) \(path) is a symbolic link (expected a path of its own; output is never written through a link)"
        case .notADirectory(let path, let flag): "\(flag) \(path) is a file (expected a directory)"
        case .holdsForeignFiles(let path, let marker, let flag):
            "\(path) is not empty and holds no \(marker) (expected an empty directory or this command's earlier output; choose another \(flag) or move the files)"
        case .holdsForeignFigure(let path):
            "\(path) is not listed in the run's MANIFEST.sha256 (expected only figures understudy drew; move it elsewhere, the report would replace it)"
        }
    }
}

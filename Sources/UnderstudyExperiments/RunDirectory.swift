import UnderstudyDeterminism
import Foundation

/// A run's output directory: an exclusive lock while a run writes into it, a store of finished
/// work units (so a killed run resumes where it stopped), and the final files.
///
/// Work units are kept under `.units/` (hidden, so the manifest never lists them) as canonical
/// JSON; the final results are always assembled from the stored units, so a resumed run and
/// an uninterrupted one write the same bytes.
public struct RunDirectory: Sendable {
    public let path: String
    /// Where finished units are kept: `.units` (hidden, dropped when the run completes) or, for
    /// a shard, `units` (kept, for `understudy merge`).
    public let unitsFolder: String

    public init(path: String, unitsFolder: String = ".units") {
        self.path = path
        self.unitsFolder = unitsFolder
    }

    public var unitsPath: String { path + "/" + unitsFolder }
    var lockPath: String { path + "/.lock" }

    /// Takes the directory's lock, or fails if another live process holds it.
    /// A lock left by a process that no longer exists (a killed run) is taken over.
    public func lock() throws -> RunLock {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for _ in 0..<2 {
            let fd = open(lockPath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if fd >= 0 {
                let text = Array("\(getpid())\n".utf8)
                _ = text.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
                close(fd)
                return RunLock(path: lockPath)
            }
            let holder = (try? AtomicFile.readText(lockPath)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if let pid = holder, pid != getpid(), kill(pid, 0) == 0 || errno == EPERM {
                throw ExperimentError.locked(path: path, pid: pid)
            }
            unlink(lockPath) // stale: its process is gone
        }
        throw ExperimentError.locked(path: path, pid: nil)
    }

    /// The stored result of a finished unit, if any.
    public func storedUnit(_ id: String) -> [UInt8]? {
        try? AtomicFile.read(unitsPath + "/" + RunDirectory.fileName(forUnit: id))
    }

    /// Stores a finished unit atomically.
    public func storeUnit(_ id: String, _ bytes: [UInt8]) throws {
        try AtomicFile.write(bytes, to: unitsPath + "/" + RunDirectory.fileName(forUnit: id))
    }

    /// Records how long a unit took to compute (wall-clock seconds), beside the unit: a
    /// measurement of this machine, never part of the results.
    public func storeUnitSeconds(_ id: String, _ seconds: Double) throws {
        try AtomicFile.write("\(seconds)\n", to: unitsPath + "/" + RunDirectory.fileName(forUnit: id, suffix: ".seconds"))
    }

    /// The wall-clock seconds a stored unit took, when this directory's runs measured it.
    public func storedUnitSeconds(_ id: String) -> Double? {
        (try? AtomicFile.readText(unitsPath + "/" + RunDirectory.fileName(forUnit: id, suffix: ".seconds")))
            .flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            .flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
    }

    /// Deletes temporary files a killed writer left behind (`.<name>.tmp-<pid>`, see AtomicFile).
    public func removeTemporaryFiles() {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return }
        var leftovers: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = relative.split(separator: "/").last.map(String.init) ?? relative
            if name.hasPrefix("."), name.contains(".tmp-") { leftovers.append(relative) }
        }
        for relative in leftovers.sorted() { try? FileManager.default.removeItem(atPath: path + "/" + relative) }
    }

    /// Drops the unit store once the run's files are complete.
    public func removeUnits() {
        try? FileManager.default.removeItem(atPath: unitsPath)
    }

    /// Unit ids are paths like `BC/seed=3`; stored flat with `/` spelled `~`.
    static func fileName(forUnit id: String, suffix: String = ".json") -> String {
        id.replacingOccurrences(of: "/", with: "~") + suffix
    }
}

/// Held while a run writes; releasing it removes the lock file.
public final class RunLock: Sendable {
    let path: String
    init(path: String) { self.path = path }
    public func release() { unlink(path) }
    deinit { unlink(path) }
}

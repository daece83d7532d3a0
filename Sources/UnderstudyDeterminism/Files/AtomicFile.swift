import Foundation

/// Files written so that readers see either the old content or the new, never a half-written
/// file: write to a temporary name in the same directory, flush, then rename over the target.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically, creating parent directories as needed.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
            throw DeterminismError.cannotWrite(path)
        }
        let fd = open(temporary.path, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw DeterminismError.cannotWrite(path)
        }
    }

    /// Writes the UTF-8 bytes of `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// The bytes of the file at `path`.
    public static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw DeterminismError.cannotRead(path) }
        return [UInt8](data)
    }

    /// The UTF-8 text of the file at `path`.
    public static func readText(_ path: String) throws -> String {
        let bytes = try read(path)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw DeterminismError.notUTF8(path) }
        return text
    }
}


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
        do { try Data(bytes).write(to: temporary) } catch {
            // A disk that is full leaves part of the temporary file: remove it, and say why.
            try? FileManager.default.removeItem(at: temporary)
            let posix = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0 : nil }
            throw DeterminismError.cannotWrite(posix.map { "\(path) (\(String(cString: strerror(Int32($0.code)))))" } ?? path)
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


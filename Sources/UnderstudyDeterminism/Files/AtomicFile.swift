import Foundation

/// Files written so that readers see either the old content or the new, never a half-written
/// file: write to a temporary name in the same directory, flush, then rename over the target.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically, creating parent directories as needed.
    ///
    /// Every failure — a parent that cannot be made, a full disk, a rename refused — is one
    /// `DeterminismError.cannotWrite(path, reason:)` with the system's reason, and leaves
    /// nothing behind: the temporary file is removed and `path` keeps its old content.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw DeterminismError.cannotWrite(path, reason: SystemReason.of(error))
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
        unlink(temporary)  // a crashed earlier process of the same id
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw DeterminismError.cannotWrite(path, reason: SystemReason.last) }
        do {
            try writeAll(bytes, to: fd, path: path)
            // Some file systems report a full disk only when the data reaches it.
            guard fsync(fd) == 0 || errno == EINVAL else { throw DeterminismError.cannotWrite(path, reason: SystemReason.last) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard close(fd) == 0, rename(temporary, url.path) == 0 else {
            let reason = SystemReason.last
            unlink(temporary)
            throw DeterminismError.cannotWrite(path, reason: reason)
        }
    }

    /// Writes all of `bytes` to the open file `descriptor` (retrying short writes and
    /// interruptions); a failure is `cannotWrite(path, reason:)` with the system's reason.
    /// The one loop every file this module writes goes through.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(DeterminismError) {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in systemWrite(descriptor, buffer.baseAddress! + written, buffer.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite(path, reason: SystemReason.last)
            }
            written += n
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


/// The C library's `write(2)`, named apart from `AtomicFile.write`, which hides it inside the enum.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

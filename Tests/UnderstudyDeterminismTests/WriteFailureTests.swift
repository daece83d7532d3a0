import Foundation
import XCTest
@testable import UnderstudyDeterminism

/// Write failures for real: a full disk must read as one line naming the file and the
/// system's reason, and leave nothing behind — no temporary file, no half-written target, the
/// old content of a file that was being replaced kept.
final class WriteFailureTests: XCTestCase {
    /// `/dev/full` fails every write with ENOSPC: the lowest-level writer says so in one line.
    func testDevFullGivesOneLineWithTheReason() throws {
        let fd = open("/dev/full", O_WRONLY)
        guard fd >= 0 else { throw XCTSkip("/dev/full is not available here") }
        defer { close(fd) }
        XCTAssertThrowsError(try AtomicFile.writeAll(Array(repeating: 7, count: 4096), to: fd, path: "/dev/full")) { error in
            XCTAssertEqual(error as? DeterminismError, .cannotWrite("/dev/full", reason: "No space left on device"))
            XCTAssertEqual("\(error)", "/dev/full: cannot write (No space left on device)")
        }
    }

    /// A 64 KiB tmpfs (needs root and permission to mount; skipped otherwise): a file larger
    /// than the disk fails with ENOSPC, leaves no temporary file, and keeps the old content.
    func testFullFileSystemLeavesNothingBehind() throws {
        let disk = try FullDisk(kilobytes: 64)
        defer { disk.remove() }
        let target = disk.path + "/results.json"
        try AtomicFile.write("old content\n", to: target)
        XCTAssertThrowsError(try AtomicFile.write(Array(repeating: 0x20, count: 256 * 1024), to: target)) { error in
            XCTAssertEqual("\(error)", "\(target): cannot write (No space left on device)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: disk.path), ["results.json"])
        XCTAssertEqual(try AtomicFile.readText(target), "old content\n")
        // A new file in a new folder: the folder may stay (it is empty), no file appears.
        XCTAssertThrowsError(try AtomicFile.write(Array(repeating: 0x20, count: 256 * 1024), to: disk.path + "/figures/a.png"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: disk.path + "/figures"), [])
    }
}

/// A small tmpfs mounted for one test, so a full disk is real and nothing else fills up.
struct FullDisk {
    let path: String

    init(kilobytes: Int) throws {
        guard geteuid() == 0 else { throw XCTSkip("mounting a tmpfs needs root") }
        path = NSTemporaryDirectory() + "understudy-full-disk-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path]
        mount.standardError = FileHandle.nullDevice
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw XCTSkip("mount -t tmpfs is not permitted here")
        }
    }

    func remove() {
        let umount = Process()
        umount.executableURL = URL(fileURLWithPath: "/bin/umount")
        umount.arguments = [path]
        try? umount.run()
        umount.waitUntilExit()
        try? FileManager.default.removeItem(atPath: path)
    }
}

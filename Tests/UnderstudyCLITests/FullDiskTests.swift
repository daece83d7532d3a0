import Foundation
import XCTest

/// A full disk through the binary: `demos record` and `report` onto a 64 KiB tmpfs (needs root
/// and permission to mount; skipped otherwise). Each must exit 2 with one `error:` line that
/// names the file and the system's reason — not "cannot write (cannot write …)" — and leave no
/// temporary or partial file behind.
final class FullDiskTests: XCTestCase {
    func test_demosRecordOntoAFullDisk_saysNoSpaceInOneLine_andLeavesNothing() throws {
        let disk = try FullDisk(kilobytes: 64)
        defer { disk.remove() }
        let out = disk.path + "/demos.json"
        let result = try CLI.run(["demos", "record", "--env", "CartPole-v1", "--episodes", "40", "--seed", "1", "--out", out])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stderr, "error: \(out): cannot write (No space left on device)\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: disk.path), [])
    }

    func test_reportOntoAFullDisk_saysNoSpaceInOneLine_andKeepsTheOldReport() throws {
        // A finished run copied onto a disk it nearly fills, then filled: redrawing the report
        // must fail on its first file and leave every old file as it was.
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-full-disk-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: source) }
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        try HostileInputCorpusTests.tiny.write(to: source.appendingPathComponent("tiny.toml"), atomically: true, encoding: .utf8)
        let made = try CLI.run(["run", "tiny.toml", "--out", "A", "--jobs", "1"], directory: source)
        XCTAssertEqual(made.status, 0, made.stderr)
        let size = try FileManager.default.subpathsOfDirectory(atPath: source.path + "/A").reduce(0) { total, name in
            total + ((try? FileManager.default.attributesOfItem(atPath: source.path + "/A/" + name)[.size] as? Int) ?? 0)
        }
        let disk = try FullDisk(kilobytes: size / 1024 + 256)
        defer { disk.remove() }
        let run = disk.path + "/A"
        try FileManager.default.copyItem(atPath: source.path + "/A", toPath: run)
        try disk.fill()
        let before = try HostileInputCorpusTests.snapshot(URL(fileURLWithPath: run))
        let result = try CLI.run(["report", run])
        XCTAssertEqual(result.status, 2, result.stderr)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.stderr)
        XCTAssertTrue(lines.first?.hasPrefix("error: \(run)/") ?? false, result.stderr)
        XCTAssertTrue(lines.first?.hasSuffix(": cannot write (No space left on device)") ?? false, result.stderr)
        XCTAssertEqual(try HostileInputCorpusTests.snapshot(URL(fileURLWithPath: run)), before)
    }
}

/// A small tmpfs mounted for one test, so a full disk is real and nothing else fills up.
struct FullDisk {
    let path: String

    init(kilobytes: Int) throws {
        guard geteuid() == 0 else { throw XCTSkip("mounting a tmpfs needs root") }
        path = NSTemporaryDirectory() + "understudy-full-disk-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard Self.system("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path]) == 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw XCTSkip("mount -t tmpfs is not permitted here")
        }
    }

    /// Fills the disk with one file outside any run directory, to its last byte.
    func fill() throws {
        let fd = open(path + "/filler", O_WRONLY | O_CREAT, 0o644)
        guard fd >= 0 else { throw XCTSkip("cannot fill \(path)") }
        defer { close(fd) }
        let block = [UInt8](repeating: 0, count: 4096)
        while block.withUnsafeBytes({ write(fd, $0.baseAddress!, $0.count) }) > 0 {}
    }

    func remove() {
        _ = Self.system("/bin/umount", [path])
        try? FileManager.default.removeItem(atPath: path)
    }

    static func system(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

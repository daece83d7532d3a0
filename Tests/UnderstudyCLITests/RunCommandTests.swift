import Foundation
import XCTest
import UnderstudyDeterminism

/// End-to-end behaviour of `understudy run`, `merge` and `verify` that users rely on.
final class RunCommandTests: XCTestCase {
    static let spec = """
    name  = "tiny"
    title = "Tiny driving loop"
    seed  = 11
    seeds = 2

    [env]
    id = "driving-loop"
    laps = 0.5

    [demonstrations]
    laps = 0.5

    [labels]
    bias = [0.01]
    spread = [0.01]

    [[method]]
    name = "BC"
    algorithm = "bc"

    [[method]]
    name = "DAgger"
    algorithm = "dagger"
    iterations = 3

    """

    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try Self.spec.write(to: scratch.appendingPathComponent("tiny.toml"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    func path(_ name: String) -> String { scratch.appendingPathComponent(name).path }

    func manifest(_ dir: String) throws -> String { try String(contentsOfFile: dir + "/MANIFEST.sha256", encoding: .utf8) }

    func run(_ args: [String]) throws -> CLI.Output { try CLI.run(args, directory: scratch) }

    func test_run_isByteIdentical_forAnyJobCount_andTwice() throws {
        let a = try run(["run", "tiny.toml", "--out", "a", "--jobs", "1"])
        let b = try run(["run", "tiny.toml", "--out", "b", "--jobs", "2"])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(b.status, 0, b.stderr)
        XCTAssertEqual(try manifest(path("a")), try manifest(path("b")))
        XCTAssertTrue(try manifest(path("a")).contains("results.json"))
        // Running again into the same directory resumes/rewrites the same bytes.
        let again = try run(["run", "tiny.toml", "--out", "a", "--jobs", "2"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try manifest(path("a")), try manifest(path("b")))
    }

    func test_gail_isByteIdentical_forAnyJobCount() throws {
        let spec = Self.spec + """

        [[method]]
        name = "GAIL"
        algorithm = "gail"
        iterations = 2

        [method.gail]
        population = 4
        generations_per_update = 2
        discriminator_steps = 5

        """
        try spec.write(to: scratch.appendingPathComponent("gail.toml"), atomically: true, encoding: .utf8)
        let a = try run(["run", "gail.toml", "--out", "g1", "--jobs", "1"])
        let b = try run(["run", "gail.toml", "--out", "g2", "--jobs", "2"])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(b.status, 0, b.stderr)
        XCTAssertEqual(try manifest(path("g1")), try manifest(path("g2")))
        XCTAssertTrue(try manifest(path("g1")).contains("figures/gail-discriminator.png"))
    }

    func test_shards_mergeToTheUnshardedBytes_forSeveralSplits() throws {
        XCTAssertEqual(try run(["run", "tiny.toml", "--out", "full"]).status, 0)
        for n in [1, 2, 3, 7] {
            var dirs: [String] = []
            for i in 1...n {
                let out = "s\(n)-\(i)"
                let r = try run(["run", "tiny.toml", "--shard", "\(i)/\(n)", "--out", out])
                XCTAssertEqual(r.status, 0, r.stderr)
                dirs.append(out)
            }
            let merged = try run(["merge"] + dirs + ["--out", "merged\(n)"])
            XCTAssertEqual(merged.status, 0, merged.stderr)
            XCTAssertEqual(try manifest(path("merged\(n)")), try manifest(path("full")), "N = \(n)")
        }
        // A missing shard is named, and nothing is written.
        let partial = try run(["merge", "s3-1", "s3-3", "--out", "bad"])
        XCTAssertEqual(partial.status, 2)
        XCTAssertTrue(partial.stderr.contains("missing shard 2/3"), partial.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("bad")))
    }

    func test_badSpec_exits2_writesNothing_andKeepsExistingResults() throws {
        XCTAssertEqual(try run(["run", "tiny.toml", "--out", "kept"]).status, 0)
        let before = try manifest(path("kept"))
        try Self.spec.replacingOccurrences(of: "seeds = 2", with: "seeds = -1")
            .write(to: scratch.appendingPathComponent("bad.toml"), atomically: true, encoding: .utf8)
        for out in ["kept", "fresh"] {
            let r = try run(["run", "bad.toml", "--out", out])
            XCTAssertEqual(r.status, 2)
            XCTAssertTrue(r.stderr.hasPrefix("error: bad.toml:4:9: "), r.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("fresh")))
        XCTAssertEqual(try manifest(path("kept")), before)
        // A different spec never overwrites an existing run.
        try Self.spec.replacingOccurrences(of: "seed  = 11", with: "seed  = 12")
            .write(to: scratch.appendingPathComponent("other.toml"), atomically: true, encoding: .utf8)
        let other = try run(["run", "other.toml", "--out", "kept"])
        XCTAssertEqual(other.status, 2)
        XCTAssertTrue(other.stderr.contains("different spec"), other.stderr)
        XCTAssertEqual(try manifest(path("kept")), before)
    }

    func test_verify_passesOnARun_andNamesAFlippedByte() throws {
        XCTAssertEqual(try run(["run", "tiny.toml", "--out", "v"]).status, 0)
        let ok = try run(["verify", "v"])
        XCTAssertEqual(ok.status, 0, ok.stdout.isEmpty ? ok.stderr : ok.text)
        let csv = path("v") + "/results.csv"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: csv))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: csv))
        for args in [["verify", "--manifest-only", "v"], ["verify", "v"]] {
            let r = try run(args)
            XCTAssertEqual(r.status, 1, "\(args)")
            XCTAssertTrue(r.text.contains("results.csv"), r.text)
        }
        // A malformed manifest is bad input, not a difference.
        try "not a manifest line\n".write(toFile: path("v") + "/MANIFEST.sha256", atomically: true, encoding: .utf8)
        let bad = try run(["verify", "--manifest-only", "v"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("MANIFEST.sha256:1:1"), bad.stderr)
    }

    /// A run gives the same bytes (results and figures) on a CPU without
    /// AVX/FMA, where glibc's libm would take other code paths.
    func test_run_isByteIdentical_underQemuNehalem() throws {
        guard let qemu = CLI.which("qemu-x86_64") else {
            if CLI.isCI { XCTFail("qemu-x86_64 is missing (apt-get install qemu-user)") }
            throw XCTSkip("qemu-x86_64 not installed (apt-get install qemu-user)")
        }
        let spec = Self.spec.replacingOccurrences(of: "seeds = 2", with: "seeds = 1")
        try spec.write(to: scratch.appendingPathComponent("one.toml"), atomically: true, encoding: .utf8)
        let native = try run(["run", "one.toml", "--out", "native", "--jobs", "1"])
        let emulated = try CLI.run(["run", "one.toml", "--out", "nehalem", "--jobs", "1"], launcher: [qemu, "-cpu", "Nehalem"], directory: scratch)
        XCTAssertEqual(native.status, 0, native.stderr)
        XCTAssertEqual(emulated.status, 0, emulated.stderr)
        XCTAssertEqual(try manifest(path("native")), try manifest(path("nehalem")))
    }

    /// A run killed at any point and started again ends with the bytes of an uninterrupted run.
    func test_killAndResume_atTwentyPoints_givesTheUninterruptedBytes() throws {
        let start = Date()
        XCTAssertEqual(try run(["run", "tiny.toml", "--out", "reference", "--jobs", "2"]).status, 0)
        let duration = Date().timeIntervalSince(start)
        let expected = try manifest(path("reference"))
        var delays = RandomStream(seed: 1, path: "tests/kill-points")
        for k in 0..<20 {
            let out = "killed\(k)"
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["run", "tiny.toml", "--out", out, "--jobs", "2"]
            process.currentDirectoryURL = scratch
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(delays.nextUniform() * duration * 1e6))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let resumed = try run(["run", "tiny.toml", "--out", out, "--jobs", "2"])
            XCTAssertEqual(resumed.status, 0, "kill point \(k): \(resumed.stderr)")
            XCTAssertEqual(try manifest(path(out)), expected, "kill point \(k)")
        }
    }
}

import Foundation
import XCTest
import UnderstudyDeterminism

final class RandomCommandTests: XCTestCase {
    /// The same numbers on a CPU without AVX/FMA, where glibc's libm would
    /// take other code paths. The normal draws go through our own log/cos.
    func test_normals_areBitIdentical_underQemuNehalem() throws {
        guard let qemu = CLI.which("qemu-x86_64") else {
            if CLI.isCI { XCTFail("qemu-x86_64 is missing (apt-get install qemu-user)") }
            throw XCTSkip("qemu-x86_64 not installed (apt-get install qemu-user)")
        }
        let args = ["random", "--seed", "20261124", "--stream", "cross-cpu/normal", "--kind", "normal", "--count", "100000"]
        let native = try CLI.run(args)
        let emulated = try CLI.run(args, launcher: [qemu, "-cpu", "Nehalem"])
        XCTAssertEqual(native.status, 0, native.stderr)
        XCTAssertEqual(emulated.status, 0, emulated.stderr)
        XCTAssertEqual(native.text.split(separator: "\n").count, 100_000)
        XCTAssertEqual(Digest.sha256Hex(Array(native.stdout)), Digest.sha256Hex(Array(emulated.stdout)))
    }

    func test_block_printsRandom123KnownAnswer() throws {
        let out = try CLI.run(["random", "block", "--key", "0x0,0", "--counter", "0,0,0,0"])
        XCTAssertEqual(out.status, 0)
        XCTAssertEqual(out.text, "6627e8d5 e169c58d bc57ac4c 9b00dbd8\n")
    }

    func test_badValues_exit2_withOneErrorLine() throws {
        for args in [["random", "--seed", "x", "--stream", "a"],
                     ["random", "--seed", "1"],
                     ["random", "--seed", "1", "--stream", "a", "--kind", "gaussian"],
                     ["random", "--seed", "1", "--stream", "a", "--count", "-3"],
                     ["random", "block", "--key", "0,0", "--counter", "0,0,0"],
                     ["random", "block", "--key", "0,zz", "--counter", "0,0,0,0"]] {
            let out = try CLI.run(args)
            XCTAssertEqual(out.status, 2, "\(args)")
            XCTAssertTrue(out.stderr.hasPrefix("error: "), "\(args): \(out.stderr)")
            XCTAssertTrue(out.stdout.isEmpty, "\(args)")
        }
    }

    func test_sameStream_samePrintedValues_rawAndUniform() throws {
        let a = try CLI.run(["random", "--seed", "5", "--stream", "x/y", "--kind", "raw", "--count", "4"])
        XCTAssertEqual(a.text.split(separator: "\n").map(String.init),
                       { var s = RandomStream(seed: 5, path: "x/y"); return (0..<4).map { _ in String(format: "%08x", s.nextUInt32()) } }())
        let u = try CLI.run(["random", "--seed", "5", "--stream", "x/y", "--count", "3"])
        var s = RandomStream(seed: 5, path: "x/y")
        XCTAssertEqual(u.text, (0..<3).map { _ in "\(s.nextUniform())\n" }.joined())
    }
}

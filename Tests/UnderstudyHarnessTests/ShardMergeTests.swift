import Foundation
import XCTest
import UnderstudyDeterminism
@testable import UnderstudyHarness

/// Shards and their merge, in-process: the merged run is the unsharded one byte for byte, and
/// shards that do not belong together are refused before anything is written.
final class ShardMergeTests: XCTestCase {
    var scratch: Scratch!

    override func setUpWithError() throws { scratch = try Scratch() }
    override func tearDown() { scratch.remove() }

    func test_shardText_isParsedAsIOfN() {
        let table: [(String, Shard?)] = [
            ("1/1", Shard(index: 1, count: 1)), ("2/3", Shard(index: 2, count: 3)), ("10000/10000", Shard(index: 10000, count: 10000)),
            ("0/3", nil), ("4/3", nil), ("1/0", nil), ("1/10001", nil), ("2", nil), ("1/2/3", nil), ("a/b", nil), ("", nil), ("-1/2", nil),
        ]
        for (text, expected) in table { XCTAssertEqual(Shard(text), expected, text) }
        XCTAssertEqual(Shard(index: 2, count: 3).defaultDirectory(for: "tiny"), "reports/tiny.shard-2-of-3")
    }

    func test_mergedShards_areTheUnshardedRun_byteForByte() throws {
        let loaded = try scratch.loadSpec()
        try ExperimentRun(loaded, jobs: 2).run(into: scratch.path("full"))
        let run = ExperimentRun(loaded, jobs: 1)
        try run.run(Shard(index: 2, count: 2), into: scratch.path("s2"))
        try run.run(Shard(index: 1, count: 2), into: scratch.path("s1"))
        let info = try ShardInfo.read(directory: scratch.path("s1"))
        XCTAssertEqual(info.version, Harness.version)
        XCTAssertEqual(info.units, ["BC/seed=0"])
        let written = try ShardMerge([scratch.path("s2"), scratch.path("s1")]).write(into: scratch.path("merged"))
        XCTAssertEqual(written, scratch.path("merged"))
        XCTAssertEqual(try scratch.manifest(scratch.path("merged")), try scratch.manifest(scratch.path("full")))
        XCTAssertEqual(try AtomicFile.readText(scratch.path("merged/provenance.json")),
                       try AtomicFile.readText(scratch.path("full/provenance.json")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("merged/.units")), "the unit store is dropped")
    }

    func test_merge_refusesAShardOfAnotherMasterSeed() throws {
        try ExperimentRun(try scratch.loadSpec(seed: 11), jobs: 1).run(Shard(index: 1, count: 2), into: scratch.path("a"))
        try ExperimentRun(try scratch.loadSpec(seed: 12), jobs: 1).run(Shard(index: 2, count: 2), into: scratch.path("b"))
        XCTAssertThrows(.shards("\(scratch.path("b")) is a shard of a different spec than \(scratch.path("a")) (expected shards of one spec)")) {
            try ShardMerge([scratch.path("a"), scratch.path("b")])
        }
    }

    func test_merge_namesMissingShards_andWritesNothing() throws {
        let run = ExperimentRun(try scratch.loadSpec(), jobs: 1)
        try run.run(Shard(index: 1, count: 2), into: scratch.path("s1"))
        XCTAssertThrows(.shards("missing shard 2/2 (expected all 2 shards)")) { try ShardMerge([scratch.path("s1")]) }
        XCTAssertThrows(.shards("shard 1/2 given twice: \(scratch.path("s1")) and \(scratch.path("s1"))")) {
            try ShardMerge([scratch.path("s1"), scratch.path("s1")])
        }
        XCTAssertThrows(.shards("no shard directories given (expected DIR...)")) { try ShardMerge([]) }
    }

    func test_merge_refusesShardsOfAnotherSplitOrVersion_andUnfinishedShards() throws {
        let run = ExperimentRun(try scratch.loadSpec(), jobs: 1)
        try run.run(Shard(index: 1, count: 2), into: scratch.path("half"))
        try run.run(Shard(index: 1, count: 1), into: scratch.path("whole"))
        XCTAssertThrows(.shards("\(scratch.path("whole")) is shard 1/1 but \(scratch.path("half")) is 1/2 (expected one split)")) {
            try ShardMerge([scratch.path("half"), scratch.path("whole")])
        }
        XCTAssertThrows(.shards("\(scratch.path("whole")) was made by understudy \(Harness.version), this is 9.9.9 (expected the same code version)")) {
            try ShardMerge([scratch.path("whole")], version: "9.9.9")
        }
        try FileManager.default.removeItem(atPath: scratch.path("whole/shard.json"))
        let marker = scratch.path("whole/shard.json")
        XCTAssertThrows(.shards("\(marker): missing (expected a finished shard directory written by `understudy run --shard I/N`)")) {
            try ShardMerge([scratch.path("whole")])
        }
    }

    func test_aRunDirectory_takesOnlyItsOwnSpec() throws {
        try ExperimentRun(try scratch.loadSpec(seed: 11), jobs: 1).run(into: scratch.path("run"))
        XCTAssertThrows(.runDirectory(.holdsAnotherSpec(scratch.path("run")))) {
            try ExperimentRun(try scratch.loadSpec(seed: 12), jobs: 1).run(into: scratch.path("run"))
        }
        try scratch.write("busy/notes.txt", "mine")
        XCTAssertThrows(.runDirectory(.holdsOtherFiles(scratch.path("busy")))) {
            try ExperimentRun(try scratch.loadSpec(), jobs: 1).run(into: scratch.path("busy"))
        }
        try scratch.write("plain", "a file")
        XCTAssertThrows(.runDirectory(.isAFile(scratch.path("plain")))) {
            try ExperimentRun(try scratch.loadSpec(), jobs: 1).run(into: scratch.path("plain"))
        }
        // A lock held by a live process (pid 1 always is) keeps a second run out.
        try scratch.write("locked/.lock", "1\n")
        XCTAssertThrows(.runDirectory(.inUse(scratch.path("locked"), pid: 1))) {
            try ExperimentRun(try scratch.loadSpec(), jobs: 1).run(into: scratch.path("locked"))
        }
        XCTAssertEqual(HarnessError.runDirectory(.inUse("r", pid: 1)).description,
                       "r is in use by another run (process 1) (expected one run per directory; wait for it or use --out)")
    }
}

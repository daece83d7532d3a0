import Foundation
import XCTest
import UnderstudyDeterminism
import UnderstudyExperiments
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

    /// Wall time is a cost users compare methods by, but no rerun reproduces it: `timing.json`
    /// holds one measurement per unit (a merge keeps the shards'), outside the manifest.
    func test_wallTime_isMeasuredPerUnit_outsideTheManifest_andSurvivesAMerge() throws {
        let loaded = try scratch.loadSpec()
        let measured = try ExperimentRun(loaded, jobs: 1).run(into: scratch.path("full"))
        let ids = Runner(study: loaded, jobs: 1).units.map(Runner(study: loaded, jobs: 1).id)
        XCTAssertEqual(measured.units.keys.sorted(), ids.sorted())
        XCTAssertTrue(measured.units.values.allSatisfy { $0 >= 0 && $0.isFinite })
        XCTAssertEqual(measured.methods.map(\.method), loaded.spec.methods.map(\.name) + ["Expert"])
        XCTAssertEqual(measured.methods.map(\.units).reduce(0, +), ids.count)
        let json = try JSONParser.parse(try AtomicFile.readText(scratch.path("full/timing.json")))
        XCTAssertEqual(json, try JSONParser.parse(CanonicalJSON.string(measured.json)))
        XCTAssertNil(try Manifest.read(directory: scratch.path("full")).entries["timing.json"])

        let run = ExperimentRun(loaded, jobs: 1)
        try run.run(Shard(index: 1, count: 2), into: scratch.path("s1"))
        try run.run(Shard(index: 2, count: 2), into: scratch.path("s2"))
        try ShardMerge([scratch.path("s1"), scratch.path("s2")]).write(into: scratch.path("merged"))
        let merged = try JSONParser.parse(try AtomicFile.readText(scratch.path("merged/timing.json")))
        guard case .object(let top) = merged, case .object(let units)? = top["units"] else { return XCTFail("timing.json: \(merged)") }
        XCTAssertEqual(units.keys.sorted(), ids.sorted())
    }

    func test_merge_refusesAShardOfAnotherMasterSeed() throws {
        try ExperimentRun(try scratch.loadSpec(seed: 11), jobs: 1).run(Shard(index: 1, count: 2), into: scratch.path("a"))
        try ExperimentRun(try scratch.loadSpec(seed: 12), jobs: 1).run(Shard(index: 2, count: 2), into: scratch.path("b"))
        XCTAssertThrows(.shards(.anotherSpec(scratch.path("b"), first: scratch.path("a")))) {
            try ShardMerge([scratch.path("a"), scratch.path("b")])
        }
    }

    func test_merge_namesMissingShards_andWritesNothing() throws {
        let run = ExperimentRun(try scratch.loadSpec(), jobs: 1)
        try run.run(Shard(index: 1, count: 2), into: scratch.path("s1"))
        XCTAssertThrows(.shards(.missing([Shard(index: 2, count: 2)]))) { try ShardMerge([scratch.path("s1")]) }
        XCTAssertThrows(.shards(.givenTwice(Shard(index: 1, count: 2), scratch.path("s1"), scratch.path("s1")))) {
            try ShardMerge([scratch.path("s1"), scratch.path("s1")])
        }
        XCTAssertThrows(.shards(.noDirectories)) { try ShardMerge([]) }
    }

    func test_merge_refusesShardsOfAnotherSplitOrVersion_andUnfinishedShards() throws {
        let run = ExperimentRun(try scratch.loadSpec(), jobs: 1)
        try run.run(Shard(index: 1, count: 2), into: scratch.path("half"))
        try run.run(Shard(index: 1, count: 1), into: scratch.path("whole"))
        XCTAssertThrows(.shards(.anotherSplit(scratch.path("whole"), Shard(index: 1, count: 1), first: scratch.path("half"), Shard(index: 1, count: 2)))) {
            try ShardMerge([scratch.path("half"), scratch.path("whole")])
        }
        XCTAssertThrows(.shards(.anotherVersion(scratch.path("whole"), Harness.version, expected: "9.9.9"))) {
            try ShardMerge([scratch.path("whole")], version: "9.9.9")
        }
        try FileManager.default.removeItem(atPath: scratch.path("whole/shard.json"))
        let marker = scratch.path("whole/shard.json")
        XCTAssertThrows(.shards(.unfinished(marker: marker))) {
            try ShardMerge([scratch.path("whole")])
        }
    }

    func test_shardProblems_nameTheDirectoriesInvolved() {
        let table: [(ShardProblem, String)] = [
            (.noDirectories, "no shard directories given (expected DIR...)"),
            (.unfinished(marker: "s/shard.json"), "s/shard.json: missing (expected a finished shard directory written by `understudy run --shard I/N`)"),
            (.anotherSpec("b", first: "a"), "b is a shard of a different spec than a (expected shards of one spec)"),
            (.anotherSplit("b", Shard(index: 1, count: 1), first: "a", Shard(index: 1, count: 2)), "b is shard 1/1 but a is 1/2 (expected one split)"),
            (.anotherVersion("b", "0.0.9", expected: "0.1.0"), "b was made by understudy 0.0.9, this is 0.1.0 (expected the same code version)"),
            (.givenTwice(Shard(index: 1, count: 2), "a", "b"), "shard 1/2 given twice: a and b"),
            (.missing([Shard(index: 2, count: 3)]), "missing shard 2/3 (expected all 3 shards)"),
            (.missing([Shard(index: 1, count: 3), Shard(index: 3, count: 3)]), "missing shards 1/3, 3/3 (expected all 3 shards)"),
            (.otherUnits("a", Shard(index: 1, count: 2)), "a: shard 1/2 lists other units than this code would give (expected the same code version)"),
        ]
        for (problem, message) in table { XCTAssertEqual(HarnessError.shards(problem).description, message) }
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

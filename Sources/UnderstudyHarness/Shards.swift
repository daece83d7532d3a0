import UnderstudyDeterminism
import UnderstudyExperiments
import Foundation

/// `understudy merge`: joins the complete shards 1…N of one run into the run directory the
/// unsharded run writes, byte for byte — after checking they belong together.
public struct ShardMerge: Sendable {
    /// The spec the shards ran (read from the first shard's `spec.toml`).
    public let loaded: Study
    /// Every unit's stored result, from all shards.
    public let units: [Runner.Unit: UnitResult]

    /// Checks that `directories` are the complete shards 1…N of one spec and of this code
    /// version (`version`), and reads every unit they hold.
    public init(_ directories: [String], version: String = Harness.version, limits: ResourceLimits = .standard) throws(HarnessError) {
        guard !directories.isEmpty else { throw .shards(.noDirectories) }
        var infos: [(String, ShardInfo)] = []
        for d in directories { infos.append((d, try ShardInfo.read(directory: d))) }
        let (firstDir, first) = infos[0]
        let loaded = try Harness.loadSpec(firstDir + "/spec.toml", limits: limits)
        for (dir, info) in infos {
            guard info.specSHA256 == first.specSHA256, (try? AtomicFile.readText(dir + "/spec.toml")) == loaded.canonicalText else {
                throw .shards(.anotherSpec(dir, first: firstDir))
            }
            guard info.count == first.count else {
                throw .shards(.anotherSplit(dir, info.shard, first: firstDir, first.shard))
            }
            guard info.version == version else {
                throw .shards(.anotherVersion(dir, info.version, expected: version))
            }
        }
        var seen: [Int: String] = [:]
        for (dir, info) in infos {
            if let other = seen[info.index] { throw .shards(.givenTwice(info.shard, other, dir)) }
            seen[info.index] = dir
        }
        let missing = (1...first.count).filter { seen[$0] == nil }
        if !missing.isEmpty {
            throw .shards(.missing(missing.map { Shard(index: $0, count: first.count) }))
        }
        let runner = Runner(study: loaded, jobs: 1)
        var results: [Runner.Unit: UnitResult] = [:]
        for (dir, info) in infos.sorted(by: { $0.1.index < $1.1.index }) {
            let expected = runner.units(ofShard: info.index, of: info.count)
            guard info.units == expected.map(runner.id) else {
                throw .shards(.otherUnits(dir, info.shard))
            }
            let store = RunDirectory(path: dir, unitsFolder: "units")
            for (id, digest) in zip(info.units, info.unitSHA256) {
                guard let bytes = store.storedUnit(id) else { throw .shards(.missingUnit(dir, unit: id)) }
                guard ShardInfo.unitDigest(specSHA256: first.specSHA256, id: id, bytes: bytes) == digest else {
                    throw .shards(.alteredUnit(dir, unit: id))
                }
            }
            let part = try HarnessError.wrapping { try runner.read(expected, from: store) }
            results.merge(part) { a, _ in a }
        }
        self.loaded = loaded
        self.units = results
        self.directories = directories
    }

    /// The shard directories, which the output may not be.
    private let directories: [String]

    /// Writes the run directory (default `reports/<name>`) and returns its path.
    @discardableResult
    public func write(into directory: String? = nil) throws(HarnessError) -> String {
        let out = directory ?? "reports/\(loaded.spec.name)"
        try Harness.requireApart(output: out, from: directories)
        let claim = try RunDirectoryClaim(directory ?? "reports/\(loaded.spec.name)", for: loaded)
        defer { claim.release() }
        let stores = directories.map { RunDirectory(path: $0, unitsFolder: "units") }
        try FinishedRun(loaded).write(units, into: claim.directory, wallTime: WallTime(runner: Runner(study: loaded, jobs: 1), stores: stores))
        return claim.directory.path
    }
}

extension ShardInfo {
    /// Reads `directory`'s `shard.json`; its absence means the shard never finished.
    public static func read(directory: String) throws(HarnessError) -> ShardInfo {
        let path = directory + "/" + fileName
        guard let text = try? AtomicFile.readText(path) else {
            throw .shards(.unfinished(marker: path))
        }
        do { return try ShardInfo(parsing: text, path: path) } catch { throw .shards(error) }
    }
}

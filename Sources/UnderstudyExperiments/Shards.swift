import UnderstudyDeterminism
import Foundation

/// A shard of a run (`understudy run SPEC --shard I/N`): a fixed subset of the work units in
/// its own directory, with `shard.json` naming what it is, `spec.toml`, and the finished units
/// under `units/`. `understudy merge` joins complete shards into the run directory the
/// unsharded run would have written, byte for byte.
public struct ShardInfo: Sendable, Hashable {
    public static let fileName = "shard.json"
    public var index: Int
    public var count: Int
    public var specSHA256: String
    public var version: String
    public var units: [String]

    public var json: JSONValue {
        .object(["format": .string("understudy-shard/1"), "index": .integer(index), "count": .integer(count),
                 "spec_sha256": .string(specSHA256), "version": .string(version), "units": .array(units.map(JSONValue.string))])
    }

    public init(index: Int, count: Int, specSHA256: String, version: String, units: [String]) {
        self.index = index
        self.count = count
        self.specSHA256 = specSHA256
        self.version = version
        self.units = units
    }

    public static func read(directory: String) throws -> ShardInfo {
        let path = directory + "/" + fileName
        guard let text = try? AtomicFile.readText(path) else {
            throw RunError.invalid("\(path): missing (expected a finished shard directory written by `understudy run --shard I/N`)")
        }
        let json: JSONValue
        do { json = try JSONParser.parse(text) } catch { throw RunError.invalid("\(path):\(error)") }
        let r = JSONReader(source: path)
        let o = try r.object(json, "")
        guard try r.string(o["format"], "format") == "understudy-shard/1" else { throw r.fail("format", "\"understudy-shard/1\"") }
        return ShardInfo(index: try r.int(o["index"], "index"), count: try r.int(o["count"], "count"),
                         specSHA256: try r.string(o["spec_sha256"], "spec_sha256"), version: try r.string(o["version"], "version"),
                         units: try r.array(o["units"], "units").enumerated().map { try r.string($1, "units[\($0)]") })
    }
}

public enum Shards {
    /// Parses `I/N` (1 ≤ I ≤ N).
    public static func parse(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 10_000, (1...n).contains(i) else { return nil }
        return (i, n)
    }

    /// Checks that `directories` are the complete shards 1…N of one spec and code version and
    /// returns the spec with every unit's stored result.
    public static func collect(_ directories: [String], version: String) throws -> (Experiment.Loaded, [Runner.Unit: UnitResult]) {
        guard !directories.isEmpty else { throw RunError.invalid("no shard directories given (expected DIR...)") }
        var infos: [(String, ShardInfo)] = []
        for d in directories { infos.append((d, try ShardInfo.read(directory: d))) }
        let (firstDir, first) = infos[0]
        let loaded = try Experiment.load(firstDir + "/spec.toml")
        for (dir, info) in infos {
            guard info.specSHA256 == first.specSHA256, (try? AtomicFile.readText(dir + "/spec.toml")) == loaded.canonicalText else {
                throw RunError.invalid("\(dir) is a shard of a different spec than \(firstDir) (expected shards of one spec)")
            }
            guard info.count == first.count else {
                throw RunError.invalid("\(dir) is shard \(info.index)/\(info.count) but \(firstDir) is \(first.index)/\(first.count) (expected one split)")
            }
            guard info.version == version else {
                throw RunError.invalid("\(dir) was made by understudy \(info.version), this is \(version) (expected the same code version)")
            }
        }
        var seen: [Int: String] = [:]
        for (dir, info) in infos {
            if let other = seen[info.index] { throw RunError.invalid("shard \(info.index)/\(info.count) given twice: \(other) and \(dir)") }
            seen[info.index] = dir
        }
        let missing = (1...first.count).filter { seen[$0] == nil }
        if !missing.isEmpty {
            throw RunError.invalid("missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(first.count)" }.joined(separator: ", ")) (expected all \(first.count) shards)")
        }
        let runner = Runner(study: loaded.study, jobs: 1)
        var results: [Runner.Unit: UnitResult] = [:]
        for (dir, info) in infos.sorted(by: { $0.1.index < $1.1.index }) {
            let expected = runner.units(ofShard: info.index, of: info.count)
            guard info.units == expected.map(runner.id) else {
                throw RunError.invalid("\(dir): shard \(info.index)/\(info.count) lists other units than this code would give (expected the same code version)")
            }
            let store = RunDirectory(path: dir, unitsFolder: "units")
            let part = try runner.read(expected, from: store)
            results.merge(part) { a, _ in a }
        }
        return (loaded, results)
    }
}

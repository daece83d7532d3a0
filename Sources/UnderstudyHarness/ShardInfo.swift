import UnderstudyDeterminism

// The shard metadata: what `--shard I/N` names and what `shard.json` holds, and why shards
// do not join. This file needs UnderstudyDeterminism alone, so Fuzz/run.sh can build the
// `shard` fuzz target from it without the rest of the harness.

/// Shard I of N of a run (`understudy run SPEC --shard I/N`): every N-th work unit of the
/// canonical order, starting at the I-th.
public struct Shard: Sendable, Hashable {
    /// I, 1-based.
    public var index: Int
    /// N.
    public var count: Int

    /// The most shards a run may be split into.
    public static let maxCount = 10_000

    /// Parses `I/N` (1 ≤ I ≤ N ≤ 10 000); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= Shard.maxCount, (1...n).contains(i) else { return nil }
        index = i
        count = n
    }

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// `I/N`, as `--shard` takes it.
    public var text: String { "\(index)/\(count)" }

    /// `reports/<name>.shard-I-of-N`: where a shard goes without `--out`.
    public func defaultDirectory(for name: String) -> String { "reports/\(name).shard-\(index)-of-\(count)" }
}

/// A shard directory's `shard.json`: which shard of which spec and code version it is, and
/// the units it holds (under `units/`). Written last, so its presence means the shard finished.
public struct ShardInfo: Sendable, Hashable {
    public static let fileName = "shard.json"
    public var index: Int
    public var count: Int
    public var specSHA256: String
    public var version: String
    public var units: [String]
    /// One digest per unit, in the order of `units`: `ShardInfo.unitDigest`, which binds the
    /// unit file's bytes to its path and to the spec (master seed included), so `merge`
    /// refuses a unit edited by hand or copied from a shard of another spec or master seed.
    public var unitSHA256: [String]

    public var json: JSONValue {
        .object(["format": .string("understudy-shard/2"), "index": .integer(index), "count": .integer(count),
                 "spec_sha256": .string(specSHA256), "version": .string(version), "units": .array(units.map(JSONValue.string)),
                 "unit_sha256": .array(unitSHA256.map(JSONValue.string))])
    }

    /// The digest of unit `id`'s stored `bytes` in a shard of the spec with digest `specSHA256`.
    public static func unitDigest(specSHA256: String, id: String, bytes: [UInt8]) -> String {
        Digest.sha256Hex(Array("\(specSHA256) \(id)\n".utf8) + bytes)
    }

    /// Which shard this is.
    public var shard: Shard { Shard(index: index, count: count) }

    public init(index: Int, count: Int, specSHA256: String, version: String, units: [String], unitSHA256: [String]) {
        self.index = index
        self.count = count
        self.specSHA256 = specSHA256
        self.version = version
        self.units = units
        self.unitSHA256 = unitSHA256
    }

    /// Parses the text of a `shard.json` (named `path` in errors). Every field is checked
    /// here, the split before anything is counted or allocated by it; `merge` then checks
    /// the units against the spec and their digests.
    public init(parsing text: String, path: String) throws(ShardProblem) {
        let json: JSONValue
        do { json = try JSONParser.parse(text) } catch { throw .malformed(path: path, "\(error)") }
        let r = ShardJSON(source: path)
        let o = try r.object(json, "")
        guard try r.string(o["format"], "format") == "understudy-shard/2" else { throw r.fail("format", "\"understudy-shard/2\"") }
        let count = try r.int(o["count"], "count")
        guard (1...Shard.maxCount).contains(count) else { throw r.fail("count", "a shard count from 1 to \(Shard.maxCount)") }
        let index = try r.int(o["index"], "index")
        guard (1...count).contains(index) else { throw r.fail("index", "a shard index from 1 to the count \(count)") }
        guard case .array(let units)? = o["units"] else { throw r.fail("units", "an array") }
        guard case .array(let digests)? = o["unit_sha256"], digests.count == units.count else {
            throw r.fail("unit_sha256", "an array of one digest per unit")
        }
        self.init(index: index, count: count,
                  specSHA256: try r.string(o["spec_sha256"], "spec_sha256"), version: try r.string(o["version"], "version"),
                  units: try units.enumerated().map { (i, unit) throws(ShardProblem) in try r.string(unit, "units[\(i)]") },
                  unitSHA256: try digests.enumerated().map { (i, d) throws(ShardProblem) in try r.string(d, "unit_sha256[\(i)]") })
    }
}

/// Why shard directories do not join into one run. Each renders the one-line message that
/// names the directories involved.
public enum ShardProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case noDirectories
    /// No `shard.json` (at `marker`): the shard never finished, or this is no shard directory.
    case unfinished(marker: String)
    /// `shard.json` at `path` is not what `understudy run --shard` writes; `detail` says where.
    case malformed(path: String, String)
    /// A shard of another spec (or master seed, or seed count) than the first directory's.
    case anotherSpec(String, first: String)
    /// A shard of another split (another N) than the first directory's.
    case anotherSplit(String, Shard, first: String, Shard)
    /// Made by another version of understudy.
    case anotherVersion(String, String, expected: String)
    case givenTwice(Shard, String, String)
    case missing([Shard])
    /// Its units are not those this code assigns to the shard.
    case otherUnits(String, Shard)
    /// A unit file whose digest is not the one `shard.json` lists: edited, or copied from
    /// another shard's run.
    case alteredUnit(String, unit: String)
    /// A unit that `shard.json` lists is not in the shard's `units/` folder.
    case missingUnit(String, unit: String)

    public var description: String {
        switch self {
        case .noDirectories: "no shard directories given (expected DIR...)"
        case .unfinished(let marker): "\(marker): missing (expected a finished shard directory written by `understudy run --shard I/N`)"
        case .malformed(let path, let detail): "\(path):\(detail)"
        case .anotherSpec(let dir, let first): "\(dir) is a shard of a different spec than \(first) (expected shards of one spec)"
        case .anotherSplit(let dir, let shard, let first, let firstShard):
            "\(dir) is shard \(shard.text) but \(first) is \(firstShard.text) (expected one split)"
        case .anotherVersion(let dir, let version, let expected):
            "\(dir) was made by understudy \(version), this is \(expected) (expected the same code version)"
        case .givenTwice(let shard, let a, let b): "shard \(shard.text) given twice: \(a) and \(b)"
        case .missing(let shards):
            "missing shard\(shards.count == 1 ? "" : "s") \(shards.map(\.text).joined(separator: ", ")) (expected all \(shards.first?.count ?? 0) shards)"
        case .otherUnits(let dir, let shard):
            "\(dir): shard \(shard.text) lists other units than this code would give (expected the same code version)"
        case .missingUnit(let dir, let unit):
            "\(dir)/units: unit \(unit) is missing (expected every unit shard.json lists; run the shard again)"
        case .alteredUnit(let dir, let unit):
            "\(dir)/units: unit \(unit) does not match the digest in shard.json (expected the unit this shard computed, unedited)"
        }
    }
}

/// Typed access to `shard.json` with errors that name the file and the key path (as the
/// unit reader of UnderstudyExperiments does, which is internal there).
private struct ShardJSON {
    var source: String

    func fail(_ path: String, _ expected: String) -> ShardProblem {
        .malformed(path: source, " \(path.isEmpty ? "top level" : path): unexpected value (expected \(expected))")
    }
    func object(_ v: JSONValue?, _ path: String) throws(ShardProblem) -> [String: JSONValue] {
        guard case .object(let o)? = v else { throw fail(path, "an object") }
        return o
    }
    func string(_ v: JSONValue?, _ path: String) throws(ShardProblem) -> String {
        guard case .string(let s)? = v else { throw fail(path, "a string") }
        return s
    }
    func int(_ v: JSONValue?, _ path: String) throws(ShardProblem) -> Int {
        guard case .integer(let i)? = v else { throw fail(path, "an integer") }
        return i
    }
}

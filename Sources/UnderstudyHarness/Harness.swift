import UnderstudyExperiments

/// The harness: what `understudy` does with specs and run directories, as a library — run,
/// shard and merge, verify, reproduce, compare, submit — so all of it can be tested in-process.
/// The CLI only parses, calls in here, and prints.
public enum Harness {
    /// The tool's version. It is written into provenance.json and shard.json, so changing it
    /// changes the bytes of every run (and `understudy merge` refuses shards of another one).
    public static let version = "0.1.0"

    /// Reads and validates the spec at `path`, with `--seed`/`--seeds` overrides.
    public static func loadSpec(_ path: String, seed: UInt64? = nil, seeds: Int? = nil) throws(HarnessError) -> Study {
        try HarnessError.wrapping { try Study.load(path, seed: seed, seeds: seeds) }
    }
}

/// Hears of each finished work unit: how many are done of how many, and the one just done.
public typealias RunProgress = @Sendable (_ done: Int, _ total: Int, _ unit: String) -> Void

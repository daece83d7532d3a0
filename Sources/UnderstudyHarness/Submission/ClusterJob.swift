// A sharded run as a cluster engine sees it, and the shell quoting its job files need.
// The job files (ClusterJob, Slurm, Kubernetes, YAML) are pure functions of their inputs — no
// clock, no environment — so the same submission always writes the same bytes.

/// One sharded run as a cluster sees it: which binary runs which spec snapshot into which
/// directories. Paths are as the jobs see them (absolute on a Slurm cluster's shared file
/// system; inside the pods for Kubernetes).
public struct ClusterJob: Sendable, Hashable {
    /// The spec's name (`[a-z0-9-]+`), used to name the jobs.
    public var name: String
    /// The `understudy` binary the jobs run.
    public var executable: String
    /// The spec snapshot every shard and the merge read.
    public var spec: String
    /// Holds `shards/shard-I` and `logs/`.
    public var work: String
    /// The run directory the merge writes.
    public var out: String
    /// N: shards 1…N, one array task / completion index each.
    public var shards: Int
    /// How many shards may run at once (nil: as many as the cluster allows).
    public var parallelism: Int?
    /// CPUs per shard; also the shard's `--jobs`.
    public var cpus: Int

    public init(name: String, executable: String, spec: String, work: String, out: String,
                shards: Int, parallelism: Int? = nil, cpus: Int = 1) {
        self.name = name
        self.executable = executable
        self.spec = spec
        self.work = work
        self.out = out
        self.shards = shards
        self.parallelism = parallelism
        self.cpus = cpus
    }

    public var shardsDirectory: String { work + "/shards" }
    public var logsDirectory: String { work + "/logs" }
    public func shardDirectory(_ index: Int) -> String { shardsDirectory + "/shard-\(index)" }

    /// The merge's command line: every shard directory in order, then the run directory.
    public var mergeCommand: String {
        ([Shell.quote(executable), "merge"] + (1...shards).map { Shell.quote(shardDirectory($0)) }
            + ["--out", Shell.quote(out)]).joined(separator: " ")
    }

    /// The shard command for a shard index held in a shell variable or expression (e.g.
    /// `${SLURM_ARRAY_TASK_ID}`), quoted so the index expands and nothing else does.
    public func shardCommand(index variable: String) -> String {
        [Shell.quote(executable), "run", Shell.quote(spec),
         "--shard", "\"\(variable)/\(shards)\"",
         "--out", Shell.quote(shardsDirectory + "/shard-") + "\"\(variable)\"",
         "--jobs", "\(cpus)"].joined(separator: " ")
    }

    /// Problems that make the job impossible to describe (one line each; empty when fine).
    public var problems: [String] {
        var found: [String] = []
        if shards < 1 { found.append("the number of shards must be ≥ 1 (got \(shards))") }
        if let parallelism, parallelism < 1 { found.append("the parallelism must be ≥ 1 (got \(parallelism))") }
        if cpus < 1 { found.append("the CPUs per shard must be ≥ 1 (got \(cpus))") }
        for (what, path) in [("binary", executable), ("spec", spec), ("work directory", work), ("run directory", out)]
        where path.isEmpty || path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            found.append("the \(what) path '\(path)' is empty or holds control characters")
        }
        return found
    }
}

/// POSIX shell quoting.
public enum Shell {
    /// `text` as one shell word: bare when it holds only characters the shell never
    /// interprets, else single-quoted.
    public static func quote(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { s in
            ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || "_./:=@%+,-".unicodeScalars.contains(s)
        }
        return plain ? text : "'" + text.replacingAll("'", with: "'\\''") + "'"
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free, so the cluster files stay pure).
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }

    /// Without leading and trailing scalars from `set`.
    func trimmed(of set: String) -> String {
        var scalars = Array(unicodeScalars)
        while let f = scalars.first, set.unicodeScalars.contains(f) { scalars.removeFirst() }
        while let l = scalars.last, set.unicodeScalars.contains(l) { scalars.removeLast() }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }
}

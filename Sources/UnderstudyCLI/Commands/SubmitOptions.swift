import ArgumentParser
import UnderstudyHarness

/// The flags of `understudy submit`: the engine, the split, and each engine's settings.
struct SubmitOptions: ParsableArguments {
    /// The most CPUs a shard may ask for: it becomes each shard's `--jobs` and the scheduler's
    /// request, and no node has more.
    static let maxCPUs = 1024

    @Flag(help: "Write (and with --now submit) Slurm batch scripts.")
    var slurm = false

    @Flag(help: "Write a Kubernetes manifest (Indexed Job + merge Job).")
    var kubernetes = false

    @Option(parsing: .unconditional, help: "Number of shards N (default: one per work unit, at most \(SubmissionPlan.defaultShardCap)).")
    var shards: Int?

    @Option(parsing: .unconditional, help: "Shards running at once (default: all; Slurm --array=1-N%P, Kubernetes parallelism).")
    var parallelism: Int?

    @Option(parsing: .unconditional, help: "CPUs per shard, also each shard's --jobs.")
    var cpus: Int = 1

    @Option(help: "Slurm partition (default: the cluster's default).")
    var partition: String?

    @Option(help: "Slurm time limit per job, e.g. 30 or 2:00:00 (default: the partition's).")
    var time: String?

    @Option(help: "Run directory the merge writes (default: reports/<name>).")
    var out: String?

    @Option(help: "Directory for the spec snapshot, scripts, shards and logs (default: RUN_DIR.work).")
    var work: String?

    @Option(help: "The understudy binary the jobs run (default: Slurm — this one; Kubernetes — `understudy` on the image's PATH).")
    var understudy: String?

    @Option(help: "Kubernetes: container image with understudy (default: \(Kubernetes.Options().image)).")
    var image: String?

    @Option(help: "Kubernetes: ReadWriteMany PersistentVolumeClaim for shards and results (default: \(Kubernetes.Options().persistentVolumeClaim)).")
    var pvc: String?

    @Flag(help: "Submit now: sbatch (Slurm) or kubectl apply (Kubernetes).")
    var now = false

    @Flag(help: "With --slurm --now: wait until the merge job has finished; exit 2 if a job failed.")
    var wait = false

    func validate() throws {
        guard slurm != kubernetes else { throw ValidationError("choose one engine: --slurm or --kubernetes") }
        if let shards, shards < 1 { throw ValidationError("--shards must be ≥ 1 (got \(shards))") }
        if let parallelism, parallelism < 1 { throw ValidationError("--parallelism must be ≥ 1 (got \(parallelism))") }
        guard (1...Self.maxCPUs).contains(cpus) else { throw ValidationError("--cpus must be in 1…\(Self.maxCPUs) (got \(cpus))") }
        if wait && !now { throw ValidationError("--wait needs --now") }
        if let time, !SubmitOptions.isSlurmTime(time) {
            throw ValidationError("--time '\(terminalLine(time, limit: 40))' is not a Slurm time (expected MINUTES, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)")
        }
        if let partition, partition.isEmpty || !partition.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.,-".unicodeScalars.contains($0) }) {
            throw ValidationError("--partition '\(terminalLine(partition, limit: 40))' is not a partition name (expected letters, digits, '_', '.', '-', ',')")
        }
        if kubernetes {
            if partition != nil || time != nil { throw ValidationError("--partition and --time are for --slurm") }
            if wait { throw ValidationError("--wait is for --slurm; with Kubernetes: kubectl wait --for=condition=complete job/<name>-merge") }
            for (flag, path) in [("--out", out), ("--work", work)] {
                guard let path else { continue }
                if path.hasPrefix("/") || path.split(separator: "/").contains("..") {
                    throw ValidationError("with --kubernetes, \(flag) is a path relative to the volume's root without '..' (the same locally and under /data)")
                }
            }
        } else if image != nil || pvc != nil {
            throw ValidationError("--image and --pvc are for --kubernetes")
        }
    }

    /// Slurm's time formats (sbatch --time): minutes, minutes:seconds, hours:minutes:seconds,
    /// days-hours, days-hours:minutes and days-hours:minutes:seconds. The value is written into
    /// job scripts, so nothing else may pass.
    static func isSlurmTime(_ text: String) -> Bool {
        func number(_ s: Substring) -> Bool { !s.isEmpty && s.count <= 6 && s.allSatisfy { ("0"..."9").contains($0) } }
        let dayParts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard dayParts.count <= 2 else { return false }
        if dayParts.count == 2 && !number(dayParts[0]) { return false }
        let clock = dayParts[dayParts.count - 1].split(separator: ":", omittingEmptySubsequences: false)
        return (1...3).contains(clock.count) && clock.allSatisfy(number)
    }

    var slurmOptions: Slurm.Options { Slurm.Options(partition: partition, time: time) }

    var kubernetesOptions: Kubernetes.Options {
        var options = Kubernetes.Options()
        if let image { options.image = image }
        if let pvc { options.persistentVolumeClaim = pvc }
        return options
    }
}

/// Slurm batch scripts: an array job with one task per shard, and a merge job submitted with
/// `--dependency=afterok:<array job id>` so it starts only when every task succeeded.
public enum Slurm {
    public struct Options: Sendable, Hashable {
        /// `--partition` (nil: the cluster's default).
        public var partition: String?
        /// `--time`, in any of Slurm's forms (`MM`, `HH:MM:SS`, `D-HH:MM`…; nil: the partition's default).
        public var time: String?

        public init(partition: String? = nil, time: String? = nil) {
            self.partition = partition
            self.time = time
        }
    }

    public static let arrayFileName = "slurm-array.sh"
    public static let mergeFileName = "slurm-merge.sh"
    public static let submitFileName = "slurm-submit.sh"

    /// The array job: task I runs `understudy run SPEC --shard I/N` into `shards/shard-I`.
    public static func arrayScript(_ job: ClusterJob, _ options: Options) -> String {
        let range = "1-\(job.shards)" + (job.parallelism.map { "%\($0)" } ?? "")
        var lines = [
            "#!/bin/sh",
            "# Written by `understudy submit --slurm`: shard I of \(job.shards) of the spec '\(job.name)' per array task.",
            "# Submit it, then \(mergeFileName) with --dependency=afterok:<this job's id> (\(submitFileName) does both).",
            "#SBATCH --job-name=\(jobName(job))",
            "#SBATCH --array=\(range)",
            "#SBATCH --cpus-per-task=\(job.cpus)",
        ]
        lines += optionLines(options)
        lines += [
            "#SBATCH --output=\(job.logsDirectory)/shard-%a.log",
            "set -eu",
            "exec " + job.shardCommand(index: "${SLURM_ARRAY_TASK_ID}"),
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The merge job: joins shards 1…N into the run directory.
    public static func mergeScript(_ job: ClusterJob, _ options: Options) -> String {
        var lines = [
            "#!/bin/sh",
            "# Written by `understudy submit --slurm`: joins the \(job.shards) shards of '\(job.name)' into its run directory.",
            "# Submit with --dependency=afterok:<the array job's id> so it runs only when every shard succeeded.",
            "#SBATCH --job-name=\(jobName(job))-merge",
            "#SBATCH --cpus-per-task=1",
            "#SBATCH --kill-on-invalid-dep=yes",
        ]
        lines += optionLines(options)
        lines += [
            "#SBATCH --output=\(job.logsDirectory)/merge.log",
            "set -eu",
            "exec " + job.mergeCommand,
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A script that submits the array job and then the merge job depending on it, and prints
    /// both job ids. `directory` is where the two job scripts are.
    public static func submitScript(_ job: ClusterJob, scriptsIn directory: String) -> String {
        let array = Shell.quote(directory + "/" + arrayFileName)
        let merge = Shell.quote(directory + "/" + mergeFileName)
        return [
            "#!/bin/sh",
            "# Written by `understudy submit --slurm`: submits the \(job.shards) shards of '\(job.name)', then their merge.",
            "set -eu",
            "array=$(sbatch --parsable \(array))",
            "array=${array%%;*}",
            "merge=$(sbatch --parsable --dependency=afterok:\"$array\" --kill-on-invalid-dep=yes \(merge))",
            "merge=${merge%%;*}",
            "echo \"submitted: shards = Slurm array job $array (tasks 1-\(job.shards)), merge = job $merge (afterok:$array)\"",
        ].joined(separator: "\n") + "\n"
    }

    /// The arguments of `sbatch` for the merge job once the array job's id is known.
    public static func mergeSubmission(afterArray arrayID: String, script: String) -> [String] {
        ["--parsable", "--dependency=afterok:\(arrayID)", "--kill-on-invalid-dep=yes", script]
    }

    /// `understudy-<name>`: the jobs' name in `squeue`.
    public static func jobName(_ job: ClusterJob) -> String { "understudy-" + job.name }

    /// Problems that keep the job out of `#SBATCH` lines, which sbatch splits at white space
    /// and where `%` starts a file-name pattern.
    public static func problems(_ job: ClusterJob, _ options: Options) -> [String] {
        var found = job.problems
        let unsafe: (String) -> Bool = { $0.unicodeScalars.contains { s in s.properties.isWhitespace || "\"'\\%#".unicodeScalars.contains(s) } }
        if unsafe(job.logsDirectory) {
            found.append("the work directory '\(job.work)' holds white space, quotes, '\\', '%' or '#', which #SBATCH --output cannot carry (choose another --work)")
        }
        if unsafe(job.name) { found.append("the spec name '\(job.name)' cannot name a Slurm job") }
        for (flag, value) in [("--partition", options.partition), ("--time", options.time)] {
            if let value, value.isEmpty || unsafe(value) || value.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                found.append("\(flag) '\(value)' must be one word without quotes, '\\', '%' or '#'")
            }
        }
        return found
    }

    /// The job id in `sbatch --parsable`'s output (`ID` or `ID;CLUSTER`), or nil.
    public static func parseJobID(_ output: String) -> String? {
        let line = output.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        let id = String(line.split(separator: ";", omittingEmptySubsequences: false).first ?? "")
            .trimmed(of: " \t\r")
        return !id.isEmpty && id.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) ? id : nil
    }

    /// A job's (or array task's) state in `scontrol -o show job ID` output: one line per job.
    public struct JobState: Sendable, Hashable {
        public var jobID: String
        /// The array task id (nil for a plain job, or a range while tasks are still pending).
        public var arrayTask: String?
        public var state: String

        /// Finished, one way or another: the state will not change any more.
        public var isFinal: Bool { !Self.running.contains(state) }
        public var succeeded: Bool { state == "COMPLETED" }

        static let running: Set<String> = ["PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED",
                                           "REQUEUE_FED", "REQUEUE_HOLD", "RESIZING", "RESV_DEL_HOLD", "SIGNALING",
                                           "STAGE_OUT", "STOPPED", "SPECIAL_EXIT"]
    }

    /// Parses `scontrol -o show job ID`: `Key=Value` fields separated by spaces, one job per line.
    public static func parseJobStates(_ output: String) -> [JobState] {
        output.split(whereSeparator: \.isNewline).compactMap { line in
            var fields: [String: String] = [:]
            for word in line.split(separator: " ") {
                let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else { continue }
                let key = String(parts[0])
                if fields[key] == nil { fields[key] = String(parts[1]) }
            }
            guard let id = fields["JobId"], let state = fields["JobState"] else { return nil }
            return JobState(jobID: id, arrayTask: fields["ArrayTaskId"], state: state)
        }
    }

    private static func optionLines(_ options: Options) -> [String] {
        (options.partition.map { ["#SBATCH --partition=\($0)"] } ?? []) + (options.time.map { ["#SBATCH --time=\($0)"] } ?? [])
    }
}

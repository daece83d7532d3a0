import UnderstudyDeterminism
import Foundation

/// `understudy submit --slurm`: writes the array, merge and submit scripts into the work
/// directory, submits them with sbatch (`--now`) and follows the jobs to the end (`--wait`).
///
/// Paths are absolute: the jobs run on other nodes, in other directories, and must find the
/// work and run directories on a file system every node sees.
public struct SlurmSubmission: Sendable {
    public var plan: SubmissionPlan
    public var options: Slurm.Options
    public var job: ClusterJob

    /// Checks that the job fits Slurm's scripts. `executable` is the binary the jobs run.
    public init(_ plan: SubmissionPlan, options: Slurm.Options, executable: String,
                parallelism: Int? = nil, cpus: Int = 1) throws(HarnessError) {
        var plan = plan
        plan.out = ExternalTool.absolute(plan.out)
        plan.work = ExternalTool.absolute(plan.work)
        job = ClusterJob(name: plan.loaded.spec.name, executable: executable, spec: plan.work + "/spec.toml",
                         work: plan.work, out: plan.out, shards: plan.shards, parallelism: parallelism, cpus: cpus)
        if let problem = Slurm.problems(job, options).first { throw .submission(.notDescribable(problem)) }
        self.plan = plan
        self.options = options
    }

    /// The binary the jobs run: `given` (a bare name is looked up on the nodes' PATH, a path is
    /// made absolute), else this very executable.
    public static func executable(given: String?) throws(HarnessError) -> String {
        if let given {
            guard given.contains("/") else { return given }
            // The jobs would fail on start; the cluster shares this file system.
            guard FileManager.default.isExecutableFile(atPath: given) else { throw .submission(.notExecutable(given)) }
            return ExternalTool.absolute(given)
        }
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        guard let first = CommandLine.arguments.first, first.contains("/") else {
            throw .submission(.executableUnknown)
        }
        return ExternalTool.absolute(first)
    }

    public var arrayPath: String { plan.work + "/" + Slurm.arrayFileName }
    public var mergePath: String { plan.work + "/" + Slurm.mergeFileName }
    public var submitPath: String { plan.work + "/" + Slurm.submitFileName }

    /// Writes the spec snapshot and the three scripts; returns what to tell the user.
    public func write() throws(HarnessError) -> [String] {
        try plan.writeWork(plan.work, files: [
            (arrayPath, Slurm.arrayScript(job, options)), (mergePath, Slurm.mergeScript(job, options)),
            (submitPath, Slurm.submitScript(job, scriptsIn: plan.work)),
        ], directories: [job.logsDirectory, job.shardsDirectory])
        return [
            "wrote \(arrayPath) (\(plan.shards) shard\(plural(plan.shards)) of \(plan.units) work units, \(job.cpus) CPU\(plural(job.cpus)) each)",
            "wrote \(mergePath) (merges into \(plan.out))",
        ]
    }

    /// How to submit the scripts by hand.
    public var instructions: String {
        """
        submit both with:
          sh \(Shell.quote(submitPath))
        or by hand:
          sbatch --parsable \(Shell.quote(arrayPath))          # prints the array's job id, ID
          sbatch --dependency=afterok:ID --kill-on-invalid-dep=yes \(Shell.quote(mergePath))
        """
    }

    /// Submits the array job, then the merge job depending on it.
    public func submit(with control: some SlurmControl) throws(HarnessError) -> SlurmJobs {
        let array = try sbatch(control, ["--parsable", arrayPath], what: "the shard array")
        let merge = try sbatch(control, Slurm.mergeSubmission(afterArray: array, script: mergePath), what: "the merge job")
        return SlurmJobs(array: array, merge: merge)
    }

    /// Submits one script with sbatch and returns its job id.
    private func sbatch(_ control: some SlurmControl, _ arguments: [String], what: String) throws(HarnessError) -> String {
        guard let result = try control.sbatch(arguments) else {
            throw .submission(.sbatchMissing(submitScript: submitPath))
        }
        guard result.status == 0, let id = Slurm.parseJobID(result.output) else {
            let detail = ToolResult.firstLine(result.errors) ?? ToolResult.firstLine(result.output) ?? "exit status \(result.status)"
            throw .submission(.sbatchRefused(what, detail: detail))
        }
        return id
    }

    /// Follows the jobs until the merge job has finished: returns when it completed, throws
    /// naming the failed shards (or the merge's log) otherwise. `progress` hears
    /// `shards: K/N finished` whenever K changes.
    public func wait(for jobs: SlurmJobs, with control: some SlurmControl, progress: (String) -> Void = { _ in }) throws(HarnessError) {
        var watch = SlurmWatch(job: job, jobs: jobs)
        var reported = -1
        while true {
            let shards = try watch.states(of: jobs.array, with: control) ?? []
            let finished = SlurmWatch.finishedShards(shards)
            if finished != reported {
                progress("shards: \(finished)/\(job.shards) finished")
                reported = finished
            }
            let merge = try watch.states(of: jobs.merge, with: control)
            let manifest = merge == nil && FileManager.default.fileExists(atPath: job.out + "/" + Manifest.fileName)
            switch watch.assess(shards: shards, merge: merge, manifestWritten: manifest) {
            case .waiting:
                control.sleep(seconds: watch.interval)
                watch.interval = min(5, watch.interval * 1.25)
            case .completed:
                return
            case .failed(let problem):
                throw .submission(problem)
            }
        }
    }
}

/// The ids of a submission's two Slurm jobs.
public struct SlurmJobs: Sendable, Hashable {
    /// The shard array job.
    public var array: String
    /// The merge job (afterok: the array).
    public var merge: String

    public init(array: String, merge: String) {
        self.array = array
        self.merge = merge
    }
}

/// The Slurm commands a submission runs, apart so a test can stand in for a cluster.
public protocol SlurmControl {
    /// `sbatch ARGUMENTS`, or nil when sbatch is not installed.
    func sbatch(_ arguments: [String]) throws(HarnessError) -> ToolResult?
    /// `scontrol -o show job ID`, or nil when scontrol is not installed.
    func showJob(_ id: String) throws(HarnessError) -> ToolResult?
    /// Pauses between polls.
    func sleep(seconds: Double)
}

/// The real cluster: sbatch and scontrol from PATH.
public struct SlurmCommands: SlurmControl, Sendable {
    public init() {}

    public func sbatch(_ arguments: [String]) throws(HarnessError) -> ToolResult? {
        guard let sbatch = ExternalTool.find("sbatch") else { return nil }
        return try ExternalTool.run(sbatch, arguments)
    }

    public func showJob(_ id: String) throws(HarnessError) -> ToolResult? {
        guard let scontrol = ExternalTool.find("scontrol") else { return nil }
        return try ExternalTool.run(scontrol, ["-o", "show", "job", id])
    }

    public func sleep(seconds: Double) { Thread.sleep(forTimeInterval: seconds) }
}

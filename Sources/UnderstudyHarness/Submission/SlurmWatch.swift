/// The state of following a Slurm submission: what `scontrol -o show job` said last, how often
/// it failed in a row, how long to wait before asking again. Polls scontrol, not sacct: a
/// cluster may have no accounting.
struct SlurmWatch {
    /// Where following the jobs stands after a poll.
    enum Outcome: Equatable {
        /// The merge job has not finished: poll again.
        case waiting
        /// The merge job completed: the run directory is written.
        case completed
        /// The merge job ended otherwise, or vanished unseen.
        case failed(SubmissionProblem)
    }

    let job: ClusterJob
    let jobs: SlurmJobs
    /// scontrol failures in a row (a controller restarting).
    var failures = 0
    /// Seconds until the next poll: from 1 s, growing by a quarter up to 5 s.
    var interval = 1.0

    init(job: ClusterJob, jobs: SlurmJobs) {
        self.job = job
        self.jobs = jobs
    }

    /// The states of job `id` (one per array task), or nil once Slurm has forgotten the job.
    mutating func states(of id: String, with control: some SlurmControl) throws(HarnessError) -> [Slurm.JobState]? {
        while true {
            guard let result = try control.showJob(id) else {
                throw .submission(.scontrolMissing(jobs))
            }
            if result.status == 0 { failures = 0; return Slurm.parseJobStates(result.output) }
            // Finished jobs leave scontrol's memory after MinJobAge (default 300 s).
            if (result.errors + result.output).contains("Invalid job id") { return nil }
            // scontrol already retries for MessageTimeout; allow a controller restart or two.
            failures += 1
            guard failures < 3 else {
                throw .submission(.scontrolFailed(job: id, detail: ToolResult.firstLine(result.errors) ?? "exit status \(result.status)", jobs))
            }
            control.sleep(seconds: 5)
        }
    }

    /// Decides from one poll: the shard array's task states, the merge job's (nil: forgotten)
    /// and whether the run directory's manifest exists (a forgotten merge that wrote it succeeded).
    func assess(shards: [Slurm.JobState], merge: [Slurm.JobState]?, manifestWritten: Bool) -> Outcome {
        guard let merge else {
            if manifestWritten { return .completed }
            return .failed(.mergeForgotten(job: jobs.merge, out: job.out))
        }
        if let state = merge.first, state.isFinal {
            if state.succeeded { return .completed }
            let failed = shards.filter { $0.isFinal && !$0.succeeded }
                .sorted { (Int($0.arrayTask ?? "") ?? 0) < (Int($1.arrayTask ?? "") ?? 0) }
                .compactMap { shard in shard.arrayTask.map { "shard \($0) \(shard.state) (\(job.logsDirectory)/shard-\($0).log)" } }
            let cause = failed.isEmpty ? "see \(job.logsDirectory)/merge.log" : failed.joined(separator: ", ")
            return .failed(.mergeEnded(job: jobs.merge, state: state.state, cause: cause))
        }
        return .waiting
    }

    /// How many array tasks have finished (a pending range such as `[3-8]` counts none).
    static func finishedShards(_ shards: [Slurm.JobState]) -> Int {
        shards.filter { $0.isFinal && Int($0.arrayTask ?? "") != nil }.count
    }
}

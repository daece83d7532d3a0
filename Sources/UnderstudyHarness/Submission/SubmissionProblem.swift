/// Why a cluster submission cannot be written, submitted or followed to its end. Each case
/// renders a one-line message that says what still can be done (the scripts are written, the
/// jobs may still run…).
public enum SubmissionProblem: Sendable, Equatable, CustomStringConvertible {
    /// More shards than the spec has work units: a shard would run nothing.
    case tooManyShards(Int, units: Int)
    /// The job cannot be put into the engine's files (the first of `Slurm.problems` /
    /// `Kubernetes.problems`).
    case notDescribable(String)
    /// The work directory holds a submission of another spec.
    case workDirectoryOfAnotherSpec(String)
    /// A file or folder of the work directory (`work`) that could not be written, and why.
    case cannotWrite(work: String, reason: String)
    /// This executable's path is unknown, so the jobs could not call it.
    case executableUnknown
    /// `--understudy PATH` names no executable file.
    case notExecutable(String)
    case cannotStart(String, reason: String)
    /// sbatch is not on PATH; the scripts are written (`submitScript` submits them).
    case sbatchMissing(submitScript: String)
    /// sbatch refused to submit `what` (the shard array, the merge job).
    case sbatchRefused(String, detail: String)
    /// scontrol is not on PATH, so `--wait` cannot follow the submitted jobs.
    case scontrolMissing(SlurmJobs)
    /// scontrol failed three times in a row asking about `job`.
    case scontrolFailed(job: String, detail: String, SlurmJobs)
    /// The merge job ended in `state` other than COMPLETED; `cause` names failed shards or the log.
    case mergeEnded(job: String, state: String, cause: String)
    /// Slurm forgot the merge job before it was seen to finish, and the run has no manifest.
    case mergeForgotten(job: String, out: String)
    /// kubectl is not on PATH; the manifest is written.
    case kubectlMissing(manifest: String)
    case kubectlFailed(String)

    public var description: String {
        switch self {
        case .tooManyShards(let count, let units):
            "--shards \(count) exceeds the spec's \(units) work units (a shard would run nothing; use at most \(units))"
        case .notDescribable(let problem): problem
        case .workDirectoryOfAnotherSpec(let work): "\(work) holds a submission of another spec (delete it or choose another --work)"
        case .cannotWrite(let work, let reason): "\(work): cannot write (\(reason))"
        case .executableUnknown: "cannot find this executable's path; give it with --understudy PATH"
        case .notExecutable(let path): "--understudy \(path): no executable file there (expected the understudy binary the jobs run)"
        case .cannotStart(let executable, let reason): "cannot start \(executable): \(reason)"
        case .sbatchMissing(let script): "sbatch not found on PATH (is this a Slurm submit host?); the scripts are written: sh \(Shell.quote(script))"
        case .sbatchRefused(let what, let detail): "sbatch refused \(what): \(detail)"
        case .scontrolMissing(let jobs): "scontrol not found on PATH (needed by --wait); the jobs are submitted: \(jobs.array), \(jobs.merge)"
        case .scontrolFailed(let job, let detail, let jobs):
            "scontrol show job \(job) failed: \(detail) (the jobs may still run: \(jobs.array), \(jobs.merge))"
        case .mergeEnded(let job, let state, let cause): "Slurm merge job \(job) ended \(state): \(cause)"
        case .mergeForgotten(let job, let out):
            "Slurm forgot merge job \(job) before it was seen to finish, and \(out) has no MANIFEST.sha256"
        case .kubectlMissing(let manifest): "kubectl not found on PATH; apply it with: kubectl apply -f \(Shell.quote(manifest))"
        case .kubectlFailed(let detail): "kubectl apply failed: \(detail)"
        }
    }
}

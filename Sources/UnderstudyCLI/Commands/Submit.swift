import ArgumentParser
import Foundation
import UnderstudyHarness

/// `understudy submit SPEC --slurm | --kubernetes`: run a spec's shards as a cluster job array
/// and merge them into the run directory.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Run a spec on a Slurm or Kubernetes cluster: one job per shard, then a merge.",
        discussion: """
        Writes into the work directory (default: RUN_DIR.work) a snapshot of the spec \
        (spec.toml) and the jobs that run it: shard I of N runs `understudy run spec.toml \
        --shard I/N` into shards/shard-I, and a merge job, started only once every shard has \
        succeeded, runs `understudy merge` into the run directory — byte for byte the directory \
        an unsharded `understudy run` writes. Nothing is written if the spec is invalid.

        --slurm writes slurm-array.sh (an array job, tasks 1-N, logs in logs/), slurm-merge.sh \
        (submitted with --dependency=afterok:<array job>) and slurm-submit.sh, which submits \
        both. The work and run directories must be on a file system every node sees; the jobs \
        call this binary by its absolute path (or --understudy). --now submits with sbatch and \
        prints the job ids; --wait then returns when the merge job has finished (exit 0 only if \
        it completed, 2 if a shard or the merge failed).

        --kubernetes writes kubernetes.yaml: a ConfigMap with the spec, an Indexed Job with one \
        completion per shard (shard = JOB_COMPLETION_INDEX + 1) and a merge Job that waits for \
        every shard's shard.json, then merges. The pods share a ReadWriteMany volume (--pvc, \
        mounted at /data); --out and --work are relative paths, the same locally and on the \
        volume. --image names an image with `understudy` on its PATH.

        --shards defaults to one shard per work unit (method × seed × sweep cell), at most 64; \
        more shards than units is refused. --cpus is each shard's CPUs and its --jobs.

        Examples:
          understudy submit seeds/driving-loop.toml --slurm --partition short --time 30
          sh reports/driving-loop.work/slurm-submit.sh     # submit what it wrote
          understudy submit seeds/cartpole.toml --slurm --cpus 4 --now --wait
          understudy submit seeds/cartpole.toml --kubernetes --image me/understudy:0.1
          kubectl apply -f reports/cartpole.work/kubernetes.yaml
        """
    )

    @Argument(help: "The experiment spec (a TOML file, e.g. seeds/driving-loop.toml).")
    var spec: String

    @OptionGroup var options: SubmitOptions

    @OptionGroup var overrides: SpecOverrides

    func run() throws {
        let plan = try SubmissionPlan(try overrides.load(spec), shards: options.shards, out: options.out, work: options.work)
        if options.slurm { try submitSlurm(plan) } else { try submitKubernetes(plan) }
    }

    private func submitSlurm(_ plan: SubmissionPlan) throws {
        let submission = try SlurmSubmission(plan, options: options.slurmOptions,
                                             executable: try SlurmSubmission.executable(given: options.understudy),
                                             parallelism: options.parallelism, cpus: options.cpus)
        try submission.write().forEach { print($0) }
        guard options.now else { return print(submission.instructions) }
        let jobs = try submission.submit(with: SlurmCommands())
        print("submitted: shards = Slurm array job \(jobs.array) (tasks 1-\(plan.shards)), merge = job \(jobs.merge) (afterok:\(jobs.array))")
        print("logs: \(submission.job.logsDirectory)/")
        guard options.wait else { return }
        fflush(nil)  // the lines above reach a piped log before the wait
        try submission.wait(for: jobs, with: SlurmCommands()) { writeError($0) }
        print(submission.plan.out)
    }

    private func submitKubernetes(_ plan: SubmissionPlan) throws {
        let submission = try KubernetesSubmission(plan, options: options.kubernetesOptions, executable: options.understudy,
                                                  parallelism: options.parallelism, cpus: options.cpus)
        try submission.write().forEach { print($0) }
        guard options.now else { return print(submission.instructions) }
        let output = try submission.apply()
        print(output, terminator: output.hasSuffix("\n") ? "" : "\n")
    }
}

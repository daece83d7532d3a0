import ArgumentParser
import UnderstudyDeterminism
import UnderstudyExperiments
import UnderstudyHarness
import Foundation

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

    @Flag(help: "Write (and with --now submit) Slurm batch scripts.")
    var slurm = false

    @Flag(help: "Write a Kubernetes manifest (Indexed Job + merge Job).")
    var kubernetes = false

    @Option(help: "Number of shards N (default: one per work unit, at most \(SubmitCommand.defaultShardCap)).")
    var shards: Int?

    @Option(help: "Shards running at once (default: all; Slurm --array=1-N%P, Kubernetes parallelism).")
    var parallelism: Int?

    @Option(help: "CPUs per shard, also each shard's --jobs.")
    var cpus: Int = 1

    @Option(help: "Slurm partition (default: the cluster's default).")
    var partition: String?

    @Option(help: "Slurm time limit per job, e.g. 30 or 2:00:00 (default: the partition's).")
    var time: String?

    @Option(help: "Run directory the merge writes (default: reports/<name>).")
    var out: String?

    @Option(help: "Directory for the spec snapshot, scripts, shards and logs (default: RUN_DIR.work).")
    var work: String?

    @OptionGroup var overrides: SpecOverrides

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

    static let defaultShardCap = 64

    func validate() throws {
        guard slurm != kubernetes else { throw ValidationError("choose one engine: --slurm or --kubernetes") }
        if let shards, shards < 1 { throw ValidationError("--shards must be ≥ 1 (got \(shards))") }
        if let parallelism, parallelism < 1 { throw ValidationError("--parallelism must be ≥ 1 (got \(parallelism))") }
        guard cpus >= 1 else { throw ValidationError("--cpus must be ≥ 1 (got \(cpus))") }
        if wait && !now { throw ValidationError("--wait needs --now") }
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

    func run() throws {
        let loaded = try overrides.load(spec)
        let units = Runner(study: loaded.study, jobs: 1).units.count
        let count = shards ?? min(units, Self.defaultShardCap)
        guard count <= units else {
            throw CommandError.badInput("--shards \(count) exceeds the spec's \(units) work units (a shard would run nothing; use at most \(units))")
        }
        let outPath = out ?? "reports/\(loaded.spec.name)"
        let workPath = work ?? outPath + ".work"
        if slurm {
            try submitSlurm(loaded, shards: count, units: units, out: absolute(outPath), work: absolute(workPath))
        } else {
            try submitKubernetes(loaded, shards: count, units: units, out: outPath, work: workPath)
        }
    }

    // MARK: Slurm

    private func submitSlurm(_ loaded: Experiment.Loaded, shards count: Int, units: Int, out: String, work: String) throws {
        let job = ClusterJob(name: loaded.spec.name, executable: try slurmExecutable(), spec: work + "/spec.toml",
                             work: work, out: out, shards: count, parallelism: parallelism, cpus: cpus)
        let options = Slurm.Options(partition: partition, time: time)
        if let problem = Slurm.problems(job, options).first { throw CommandError.badInput(problem) }
        let array = work + "/" + Slurm.arrayFileName, merge = work + "/" + Slurm.mergeFileName
        let submit = work + "/" + Slurm.submitFileName
        try writeWork(work, specText: loaded.canonicalText, files: [
            (array, Slurm.arrayScript(job, options)), (merge, Slurm.mergeScript(job, options)),
            (submit, Slurm.submitScript(job, scriptsIn: work)),
        ], directories: [job.logsDirectory, job.shardsDirectory])
        print("wrote \(array) (\(count) shard\(count == 1 ? "" : "s") of \(units) work units, \(cpus) CPU\(cpus == 1 ? "" : "s") each)")
        print("wrote \(merge) (merges into \(out))")
        guard now else {
            print("""
            submit both with:
              sh \(Shell.quote(submit))
            or by hand:
              sbatch --parsable \(Shell.quote(array))          # prints the array's job id, ID
              sbatch --dependency=afterok:ID --kill-on-invalid-dep=yes \(Shell.quote(merge))
            """)
            return
        }
        guard let sbatch = findExecutable("sbatch") else {
            throw CommandError.badInput("sbatch not found on PATH (is this a Slurm submit host?); the scripts are written: sh \(Shell.quote(submit))")
        }
        let arrayID = try sbatchJob(sbatch, ["--parsable", array], what: "the shard array")
        let mergeID = try sbatchJob(sbatch, Slurm.mergeSubmission(afterArray: arrayID, script: merge), what: "the merge job")
        print("submitted: shards = Slurm array job \(arrayID) (tasks 1-\(count)), merge = job \(mergeID) (afterok:\(arrayID))")
        print("logs: \(job.logsDirectory)/")
        guard wait else { return }
        fflush(nil)  // the lines above reach a piped log before the wait
        try waitForSlurm(arrayID: arrayID, mergeID: mergeID, job: job)
        print(out)
    }

    /// Submits one script with sbatch and returns its job id.
    private func sbatchJob(_ sbatch: String, _ arguments: [String], what: String) throws -> String {
        let result = try runTool(sbatch, arguments)
        guard result.status == 0, let id = Slurm.parseJobID(result.output) else {
            let detail = firstLine(result.errors) ?? firstLine(result.output) ?? "exit status \(result.status)"
            throw CommandError.badInput("sbatch refused \(what): \(detail)")
        }
        return id
    }

    /// Polls `scontrol -o show job` (there may be no accounting, hence no sacct) until the merge
    /// job has finished; reports shard progress on stderr.
    private func waitForSlurm(arrayID: String, mergeID: String, job: ClusterJob) throws {
        guard let scontrol = findExecutable("scontrol") else {
            throw CommandError.badInput("scontrol not found on PATH (needed by --wait); the jobs are submitted: \(arrayID), \(mergeID)")
        }
        var failures = 0
        func states(_ id: String) throws -> [Slurm.JobState]? {
            while true {
                let result = try runTool(scontrol, ["-o", "show", "job", id])
                if result.status == 0 { failures = 0; return Slurm.parseJobStates(result.output) }
                // Finished jobs leave scontrol's memory after MinJobAge (default 300 s).
                if (result.errors + result.output).contains("Invalid job id") { return nil }
                // scontrol already retries for MessageTimeout; allow a controller restart or two.
                failures += 1
                guard failures < 3 else {
                    throw CommandError.badInput("scontrol show job \(id) failed: \(firstLine(result.errors) ?? "exit status \(result.status)") (the jobs may still run: \(arrayID), \(mergeID))")
                }
                Thread.sleep(forTimeInterval: 5)
            }
        }
        var interval = 1.0
        var reported = -1
        while true {
            let shardStates = try states(arrayID) ?? []
            let finished = shardStates.filter { $0.isFinal && Int($0.arrayTask ?? "") != nil }.count
            if finished != reported {
                writeError("shards: \(finished)/\(job.shards) finished")
                reported = finished
            }
            guard let merge = try states(mergeID) else {
                if FileManager.default.fileExists(atPath: job.out + "/" + Manifest.fileName) { return }
                throw CommandError.badInput("Slurm forgot merge job \(mergeID) before it was seen to finish, and \(job.out) has no \(Manifest.fileName)")
            }
            if let state = merge.first, state.isFinal {
                if state.succeeded { return }
                let failed = shardStates.filter { $0.isFinal && !$0.succeeded }
                    .sorted { (Int($0.arrayTask ?? "") ?? 0) < (Int($1.arrayTask ?? "") ?? 0) }
                    .compactMap { shard in shard.arrayTask.map { "shard \($0) \(shard.state) (\(job.logsDirectory)/shard-\($0).log)" } }
                let cause = failed.isEmpty ? "see \(job.logsDirectory)/merge.log" : failed.joined(separator: ", ")
                throw CommandError.badInput("Slurm merge job \(mergeID) ended \(state.state): \(cause)")
            }
            Thread.sleep(forTimeInterval: interval)
            interval = min(5, interval * 1.25)
        }
    }

    private func slurmExecutable() throws -> String {
        // A bare name is looked up on the nodes' PATH; a path is made absolute.
        if let understudy { return understudy.contains("/") ? absolute(understudy) : understudy }
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        guard let first = CommandLine.arguments.first, first.contains("/") else {
            throw CommandError.badInput("cannot find this executable's path; give it with --understudy PATH")
        }
        return absolute(first)
    }

    // MARK: Kubernetes

    private func submitKubernetes(_ loaded: Experiment.Loaded, shards count: Int, units: Int, out: String, work: String) throws {
        var options = Kubernetes.Options()
        if let image { options.image = image }
        if let pvc { options.persistentVolumeClaim = pvc }
        let onVolume = { (path: String) in options.mountPath + "/" + path }
        let job = ClusterJob(name: loaded.spec.name, executable: understudy ?? "understudy", spec: Kubernetes.specPath,
                             work: onVolume(work), out: onVolume(out), shards: count, parallelism: parallelism, cpus: cpus)
        if let problem = Kubernetes.problems(job, options).first { throw CommandError.badInput(problem) }
        let manifest = work + "/" + Kubernetes.manifestFileName
        try writeWork(work, specText: loaded.canonicalText,
                      files: [(manifest, Kubernetes.manifest(job, options, specText: loaded.canonicalText))], directories: [])
        let base = Kubernetes.baseName(job)
        print("wrote \(manifest): ConfigMap \(base)-spec, Indexed Job \(base)-shards (\(count) of \(units) work units, "
              + "\(min(parallelism ?? count, count)) at a time), Job \(base)-merge")
        print("the run directory appears on the volume \(options.persistentVolumeClaim) at \(out) (\(job.out) in the pods)")
        guard now else {
            print("""
            apply with:
              kubectl apply -f \(Shell.quote(manifest))
              kubectl wait --for=condition=complete job/\(base)-merge --timeout=24h
            """)
            return
        }
        guard let kubectl = findExecutable("kubectl") else {
            throw CommandError.badInput("kubectl not found on PATH; apply it with: kubectl apply -f \(Shell.quote(manifest))")
        }
        let result = try runTool(kubectl, ["apply", "-f", manifest])
        guard result.status == 0 else {
            throw CommandError.badInput("kubectl apply failed: \(firstLine(result.errors) ?? "exit status \(result.status)")")
        }
        print(result.output, terminator: result.output.hasSuffix("\n") ? "" : "\n")
    }

    // MARK: Files and tools

    /// Writes the spec snapshot and the job files (scripts executable), refusing a work
    /// directory that holds a submission of another spec.
    private func writeWork(_ work: String, specText: String, files: [(String, String)], directories: [String]) throws {
        let snapshot = work + "/spec.toml"
        if let existing = try? AtomicFile.readText(snapshot), existing != specText {
            throw CommandError.badInput("\(work) holds a submission of another spec (delete it or choose another --work)")
        }
        do {
            try AtomicFile.write(specText, to: snapshot)
            for (path, text) in files {
                try AtomicFile.write(text, to: path)
                if path.hasSuffix(".sh") { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
            }
            for directory in directories { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        } catch {
            throw CommandError.badInput("cannot write into \(work): \(error)")
        }
    }

    private func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
            .standardizedFileURL.path
    }

    private func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { String($0) + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private func runTool(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw CommandError.badInput("cannot start \(executable): \(error)")
        }
        // Read both pipes before waiting so a chatty tool never blocks on a full pipe.
        let errorData = ErrorCollector(errors.fileHandleForReading)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData.data(), as: UTF8.self))
    }

    private func firstLine(_ text: String) -> String? {
        text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class ErrorCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var collected = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let data = handle.readDataToEndOfFile()
            lock.lock(); collected = data; lock.unlock()
            done.signal()
        }
    }

    func data() -> Data {
        done.wait()
        lock.lock(); defer { lock.unlock() }
        return collected
    }
}

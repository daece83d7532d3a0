import Foundation
import XCTest
@testable import UnderstudyHarness
import UnderstudyExperiments

/// The cluster job files of `understudy submit`: Slurm scripts that run every shard and merge
/// after them, and Kubernetes manifests, whose text a real validator checks against
/// Kubernetes' own schemas in CI (`.ci/kubernetes-validate.sh`; these tests write its input).
final class ClusterTests: XCTestCase {
    private let job = ClusterJob(name: "label-bias-sweep", executable: "/opt/understudy/bin/understudy",
                                 spec: "/shared/runs/sweep.work/spec.toml", work: "/shared/runs/sweep.work",
                                 out: "/shared/runs/sweep", shards: 3, cpus: 2)
    private let specText = "name = \"label-bias-sweep\"\ntitle = \"Bias: BC vs DAgger — 0.01 rad\"\nseed = 1\nseeds = 3\n"

    private var kubernetesJob: ClusterJob {
        ClusterJob(name: "label-bias-sweep", executable: "understudy", spec: Kubernetes.specPath,
                   work: "/data/reports/label-bias-sweep.work", out: "/data/reports/label-bias-sweep", shards: 5, parallelism: 2, cpus: 4)
    }

    // MARK: Slurm

    func test_slurmArrayScript_isExactlyTheDocumentedScript() {
        let script = Slurm.arrayScript(job, Slurm.Options(partition: "short", time: "30:00"))
        XCTAssertEqual(script, """
        #!/bin/sh
        # Written by `understudy submit --slurm`: shard I of 3 of the spec 'label-bias-sweep' per array task.
        # Submit it, then slurm-merge.sh with --dependency=afterok:<this job's id> (slurm-submit.sh does both).
        #SBATCH --job-name=understudy-label-bias-sweep
        #SBATCH --array=1-3
        #SBATCH --cpus-per-task=2
        #SBATCH --partition=short
        #SBATCH --time=30:00
        #SBATCH --output=/shared/runs/sweep.work/logs/shard-%a.log
        set -eu
        exec /opt/understudy/bin/understudy run /shared/runs/sweep.work/spec.toml --shard "${SLURM_ARRAY_TASK_ID}/3" --out /shared/runs/sweep.work/shards/shard-"${SLURM_ARRAY_TASK_ID}" --jobs 2

        """)
    }

    func test_slurmArrayTask_runsItsShardIntoItsOwnDirectory() throws {
        let script = Slurm.arrayScript(job, Slurm.Options())
        XCTAssertFalse(script.contains("--partition"), "no partition given: the cluster's default")
        XCTAssertFalse(script.contains("--time"))
        let exec = try XCTUnwrap(script.split(separator: "\n").first { $0.hasPrefix("exec ") })
        for task in 1...3 {
            let argv = try shellWords(String(exec.dropFirst(5)), environment: ["SLURM_ARRAY_TASK_ID": "\(task)"])
            XCTAssertEqual(argv, ["/opt/understudy/bin/understudy", "run", "/shared/runs/sweep.work/spec.toml",
                                  "--shard", "\(task)/3", "--out", "/shared/runs/sweep.work/shards/shard-\(task)", "--jobs", "2"])
        }
    }

    func test_slurmArray_limitsRunningTasksWithParallelism() {
        var limited = job
        limited.parallelism = 2
        XCTAssertTrue(Slurm.arrayScript(limited, Slurm.Options()).contains("\n#SBATCH --array=1-3%2\n"))
    }

    func test_slurmMergeScript_mergesEveryShardAndDiesWithAFailedDependency() throws {
        let script = Slurm.mergeScript(job, Slurm.Options(partition: "short"))
        XCTAssertTrue(script.contains("\n#SBATCH --kill-on-invalid-dep=yes\n"))
        XCTAssertTrue(script.contains("\n#SBATCH --job-name=understudy-label-bias-sweep-merge\n"))
        XCTAssertTrue(script.contains("\n#SBATCH --partition=short\n"))
        XCTAssertTrue(script.contains("\n#SBATCH --output=/shared/runs/sweep.work/logs/merge.log\n"))
        XCTAssertFalse(script.contains("--array"))
        let exec = try XCTUnwrap(script.split(separator: "\n").first { $0.hasPrefix("exec ") })
        XCTAssertEqual(try shellWords(String(exec.dropFirst(5))),
                       ["/opt/understudy/bin/understudy", "merge", "/shared/runs/sweep.work/shards/shard-1",
                        "/shared/runs/sweep.work/shards/shard-2", "/shared/runs/sweep.work/shards/shard-3",
                        "--out", "/shared/runs/sweep"])
    }

    func test_slurmSubmission_dependsOnTheArrayWithAfterok() {
        XCTAssertEqual(Slurm.mergeSubmission(afterArray: "4711", script: "/w/slurm-merge.sh"),
                       ["--parsable", "--dependency=afterok:4711", "--kill-on-invalid-dep=yes", "/w/slurm-merge.sh"])
        let submit = Slurm.submitScript(job, scriptsIn: "/shared/runs/sweep.work")
        XCTAssertTrue(submit.contains("array=$(sbatch --parsable /shared/runs/sweep.work/slurm-array.sh)\n"))
        XCTAssertTrue(submit.contains("--dependency=afterok:\"$array\" --kill-on-invalid-dep=yes /shared/runs/sweep.work/slurm-merge.sh"))
        XCTAssertLessThan(submit.range(of: "slurm-array.sh)")!.lowerBound, submit.range(of: "slurm-merge.sh)")!.lowerBound,
                          "the array is submitted first")
    }

    func test_slurmScripts_quoteAwkwardBinaryAndSpecPaths() throws {
        var odd = job
        odd.executable = "/opt/my tools/it's/understudy"
        odd.spec = "/shared/a b/spec \"x\".toml"
        odd.out = "/shared/run $HOME"
        let exec = try XCTUnwrap(Slurm.arrayScript(odd, Slurm.Options()).split(separator: "\n").first { $0.hasPrefix("exec ") })
        let argv = try shellWords(String(exec.dropFirst(5)), environment: ["SLURM_ARRAY_TASK_ID": "2"])
        XCTAssertEqual(Array(argv.prefix(3)), ["/opt/my tools/it's/understudy", "run", "/shared/a b/spec \"x\".toml"])
        let merge = try XCTUnwrap(Slurm.mergeScript(odd, Slurm.Options()).split(separator: "\n").first { $0.hasPrefix("exec ") })
        XCTAssertEqual(try shellWords(String(merge.dropFirst(5))).last, "/shared/run $HOME")
        XCTAssertEqual(Slurm.problems(odd, Slurm.Options()), [])
    }

    func test_slurmProblems_refuseWhatSbatchLinesCannotCarry() {
        var spaced = job
        spaced.work = "/shared/my runs/x.work"
        XCTAssertEqual(Slurm.problems(spaced, Slurm.Options()).count, 1)
        var percent = job
        percent.work = "/shared/100%/x.work"
        XCTAssertEqual(Slurm.problems(percent, Slurm.Options()).count, 1)
        XCTAssertEqual(Slurm.problems(job, Slurm.Options(partition: "a b", time: "")).count, 2)
        var none = job
        none.shards = 0
        XCTAssertFalse(Slurm.problems(none, Slurm.Options()).isEmpty)
        XCTAssertEqual(Slurm.problems(job, Slurm.Options(partition: "gpu-short", time: "1-00:00:00")), [])
    }

    func test_sbatchParsableOutput_givesTheJobID() {
        XCTAssertEqual(Slurm.parseJobID("4711\n"), "4711")
        XCTAssertEqual(Slurm.parseJobID("4711;cluster-a\n"), "4711")
        XCTAssertNil(Slurm.parseJobID("sbatch: error: Batch job submission failed: Invalid partition name specified\n"))
        XCTAssertNil(Slurm.parseJobID(""))
    }

    func test_scontrolOutput_givesEveryTasksState() {
        let output = """
        JobId=12 ArrayJobId=11 ArrayTaskId=1 ArrayTaskThrottle=0 JobName=understudy-x UserId=root(0) GroupId=root(0) Priority=1 JobState=COMPLETED Reason=None Dependency=(null) Command=/tmp/a b/slurm-array.sh
        JobId=13 ArrayJobId=11 ArrayTaskId=2 JobName=understudy-x JobState=FAILED Reason=NonZeroExitCode Dependency=(null)
        JobId=11 ArrayJobId=11 ArrayTaskId=3-4 JobName=understudy-x JobState=PENDING Reason=None
        """
        let states = Slurm.parseJobStates(output)
        XCTAssertEqual(states.map(\.jobID), ["12", "13", "11"])
        XCTAssertEqual(states.map(\.arrayTask), ["1", "2", "3-4"])
        XCTAssertEqual(states.map(\.state), ["COMPLETED", "FAILED", "PENDING"])
        XCTAssertEqual(states.map(\.isFinal), [true, true, false])
        XCTAssertEqual(states.map(\.succeeded), [true, false, false])
        let merge = Slurm.parseJobStates("JobId=14 JobName=understudy-x-merge JobState=CANCELLED Reason=DependencyNeverSatisfied Dependency=afterok:11_*(failed)\n")
        XCTAssertEqual(merge, [Slurm.JobState(jobID: "14", arrayTask: nil, state: "CANCELLED")])
        XCTAssertTrue(merge[0].isFinal)
    }

    // MARK: Kubernetes

    /// Writes the manifests that `.ci/kubernetes-validate.sh` checks with a real validator
    /// (PyPI's kubernetes-validate: Kubernetes' own OpenAPI schemas, unknown fields refused),
    /// into `$UNDERSTUDY_KUBERNETES_MANIFESTS`; skipped when that is unset.
    func test_kubernetesManifests_forTheRealValidator() throws {
        guard let directory = ProcessInfo.processInfo.environment["UNDERSTUDY_KUBERNETES_MANIFESTS"] else {
            throw XCTSkip("UNDERSTUDY_KUBERNETES_MANIFESTS is unset: .ci/kubernetes-validate.sh sets it")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var long = kubernetesJob
        long.name = String(repeating: "very-long-name-", count: 8)
        let options = Kubernetes.Options(image: "registry.example/understudy:0.1", persistentVolumeClaim: "sweeps")
        let manifests = [("sweep.yaml", Kubernetes.manifest(kubernetesJob, options, specText: specText)),
                         ("defaults.yaml", Kubernetes.manifest(kubernetesJob, Kubernetes.Options(), specText: specText)),
                         ("long-name.yaml", Kubernetes.manifest(long, Kubernetes.Options(), specText: specText)),
                         ("awkward-spec.yaml", Kubernetes.manifest(kubernetesJob, options, specText: Self.awkwardText))]
        for (name, text) in manifests {
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
        // What the ConfigMap of awkward-spec.yaml must read back as, byte for byte.
        try Self.awkwardText.write(toFile: directory + "/awkward-spec.expected", atomically: true, encoding: .utf8)
    }

    /// Strings a YAML writer gets wrong when it does not quote and escape: they travel in the
    /// ConfigMap, and the validator's YAML reader must give them back exactly.
    static let awkwardText = ["yes", "no", "null", "~", "1", "0x1F", "1e3", "", " lead", "trail ", "a: b", "# not a comment",
                              "- item", "{x}", "[1]", "'single'", "\"double\"", "back\\slash", "tab\there", "line\r\n",
                              "bell\u{7}", "del\u{7F}", "nel\u{85}", "ls\u{2028}ps\u{2029}", "bom\u{FEFF}",
                              "ünïcödé — 0.01 rad", "$((JOB_COMPLETION_INDEX+1))"].joined(separator: "\n")

    func test_kubernetesManifest_isAHeaderAndThreeDocuments() {
        let options = Kubernetes.Options(image: "registry.example/understudy:0.1", persistentVolumeClaim: "sweeps")
        let text = Kubernetes.manifest(kubernetesJob, options, specText: specText)
        XCTAssertEqual(text.components(separatedBy: "\n---\n").count, 4, "a header, then three documents: ConfigMap, shard Job, merge Job")
        XCTAssertTrue(text.hasPrefix("# Written by `understudy submit --kubernetes`"), "starts with a comment header")
    }

    func test_kubernetesShardJob_isIndexedWithOneCompletionPerShard() throws {
        let options = Kubernetes.Options(image: "registry.example/understudy:0.1", persistentVolumeClaim: "sweeps")
        let documents = Kubernetes.documents(kubernetesJob, options, specText: specText)
        let configMap = documents[0], shards = documents[1], merge = documents[2]
        XCTAssertEqual(configMap["kind"], "ConfigMap")
        XCTAssertEqual(configMap["data"]?["spec.toml"], .string(specText), "the spec travels with the manifest")

        XCTAssertEqual(shards["apiVersion"], "batch/v1")
        XCTAssertEqual(shards["kind"], "Job")
        XCTAssertEqual(shards["metadata"]?["name"], "understudy-label-bias-sweep-shards")
        XCTAssertEqual(shards["spec"]?["completionMode"], "Indexed")
        XCTAssertEqual(shards["spec"]?["completions"], 5)
        XCTAssertEqual(shards["spec"]?["parallelism"], 2)
        let pod = try XCTUnwrap(shards["spec"]?["template"]?["spec"])
        XCTAssertEqual(pod["restartPolicy"], "Never", "a Job's pods may not restart Always (the API server's rule, not the schema's)")
        guard case .list(let containers)? = pod["containers"], let container = containers.first else { return XCTFail("no containers") }
        XCTAssertEqual(container["name"], "shard")
        XCTAssertEqual(container["image"], "registry.example/understudy:0.1")
        XCTAssertEqual(container["resources"]?["requests"]?["cpu"], "4")
        guard case .list(let command)? = container["command"], command.count == 3, case .string(let script) = command[2] else {
            return XCTFail("command is not [sh, -c, SCRIPT]")
        }
        XCTAssertEqual(Array(command.prefix(2)), ["sh", "-c"])
        XCTAssertTrue(script.contains("JOB_COMPLETION_INDEX"))
        // Completion index k runs shard k+1 of 5 into shards/shard-(k+1).
        for index in 0..<5 {
            let exec = try XCTUnwrap(script.components(separatedBy: "; ").first { $0.hasPrefix("exec ") })
            let argv = try shellWords(String(exec.dropFirst(5)), environment: ["i": "\(index + 1)"])
            XCTAssertEqual(argv, ["understudy", "run", "/spec/spec.toml", "--shard", "\(index + 1)/5",
                                  "--out", "/data/reports/label-bias-sweep.work/shards/shard-\(index + 1)", "--jobs", "4"])
        }
        XCTAssertTrue(script.contains("i=$((JOB_COMPLETION_INDEX + 1))"))
        guard case .list(let env)? = container["env"] else { return XCTFail("no env") }
        XCTAssertEqual(env.first?["name"], "JOB_COMPLETION_INDEX")

        XCTAssertEqual(merge["kind"], "Job")
        XCTAssertEqual(merge["metadata"]?["name"], "understudy-label-bias-sweep-merge")
        XCTAssertNil(merge["spec"]?["completionMode"])
        XCTAssertEqual(merge["spec"]?["completions"], 1)
        guard case .list(let mergeContainers)? = merge["spec"]?["template"]?["spec"]?["containers"],
              case .list(let mergeCommand)? = mergeContainers.first?["command"], case .string(let mergeScript)? = mergeCommand.last else {
            return XCTFail("merge Job has no command")
        }
        for shard in 1...5 {
            XCTAssertTrue(mergeScript.contains("/data/reports/label-bias-sweep.work/shards/shard-\(shard)/shard.json"),
                          "the merge waits for shard \(shard)")
        }
        let exec = try XCTUnwrap(mergeScript.components(separatedBy: "; ").first { $0.hasPrefix("exec ") })
        XCTAssertEqual(try shellWords(String(exec.dropFirst(5))),
                       ["understudy", "merge"] + (1...5).map { "/data/reports/label-bias-sweep.work/shards/shard-\($0)" }
                        + ["--out", "/data/reports/label-bias-sweep"])
        // The volume names the ConfigMap the manifest holds (no schema can check a reference).
        guard case .list(let volumes)? = pod["volumes"] else { return XCTFail("no volumes") }
        let configMapNames = volumes.compactMap { volume -> YAML? in volume["configMap"]?["name"] }
        XCTAssertEqual(configMapNames, [try XCTUnwrap(configMap["metadata"]?["name"])])
    }

    func test_kubernetesNames_areDNSLabelsForAnySpecName() throws {
        XCTAssertEqual(Kubernetes.dnsLabel("Label_Bias--Sweep-"), "label-bias--sweep")
        XCTAssertEqual(Kubernetes.dnsLabel("---"), "x")
        var long = kubernetesJob
        long.name = String(repeating: "very-long-name-", count: 8)
        let documents = Kubernetes.documents(long, Kubernetes.Options(), specText: specText)
        var names: Set<String> = []
        for document in documents {
            guard case .string(let name)? = document["metadata"]?["name"] else { return XCTFail("no name") }
            // RFC 1123 label: lowercase letters, digits and '-', starting and ending alphanumeric.
            let allowed = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            XCTAssertTrue(allowed && name.first != "-" && name.last != "-", name)
            XCTAssertLessThanOrEqual(name.utf8.count, Kubernetes.maximumJobNameLength)
            XCTAssertTrue(names.insert(name).inserted, "two objects named \(name)")
        }
    }

    func test_kubernetesProblems_refuseWhatCannotRun() {
        XCTAssertEqual(Kubernetes.problems(kubernetesJob, Kubernetes.Options()), [])
        XCTAssertEqual(Kubernetes.problems(kubernetesJob, Kubernetes.Options(image: "a b", persistentVolumeClaim: "Sweeps_1")).count, 2)
        var offVolume = kubernetesJob
        offVolume.out = "/elsewhere/run"
        XCTAssertEqual(Kubernetes.problems(offVolume, Kubernetes.Options()).count, 1)
    }

    // MARK: Determinism

    func test_sameInputs_giveTheSameBytes() {
        let options = Slurm.Options(partition: "p", time: "5")
        let copy = ClusterJob(name: job.name, executable: job.executable, spec: job.spec, work: job.work, out: job.out,
                              shards: job.shards, parallelism: job.parallelism, cpus: job.cpus)
        XCTAssertEqual(Slurm.arrayScript(job, options), Slurm.arrayScript(copy, options))
        XCTAssertEqual(Slurm.mergeScript(job, options), Slurm.mergeScript(copy, options))
        XCTAssertEqual(Slurm.submitScript(job, scriptsIn: "/w"), Slurm.submitScript(copy, scriptsIn: "/w"))
        let k = Kubernetes.Options(image: "i:1", persistentVolumeClaim: "c")
        XCTAssertEqual(Kubernetes.manifest(kubernetesJob, k, specText: specText), Kubernetes.manifest(kubernetesJob, k, specText: specText))
        XCTAssertNotEqual(Kubernetes.manifest(kubernetesJob, k, specText: specText),
                          Kubernetes.manifest(kubernetesJob, k, specText: specText + "\n"), "the spec is part of the manifest")
    }
}

// MARK: - A tiny POSIX shell word splitter (quotes and ${VAR}/$VAR expansion, no globbing)

private struct ShellError: Error, CustomStringConvertible { var description: String }

private func shellWords(_ line: String, environment: [String: String] = [:]) throws -> [String] {
    var words: [String] = []
    var current = "", inWord = false
    var scalars = Array(line.unicodeScalars)[...]
    func expand() throws -> String {
        var name = ""
        if scalars.first == "{" {
            scalars.removeFirst()
            while let s = scalars.first, s != "}" { name.unicodeScalars.append(s); scalars.removeFirst() }
            guard scalars.popFirst() == "}" else { throw ShellError(description: "unclosed ${") }
        } else {
            while let s = scalars.first, s == "_" || s.properties.isAlphabetic || ("0"..."9").contains(s) {
                name.unicodeScalars.append(s); scalars.removeFirst()
            }
        }
        guard let value = environment[name] else { throw ShellError(description: "unset variable '\(name)' in: \(line)") }
        return value
    }
    while let s = scalars.popFirst() {
        switch s {
        case " ", "\t":
            if inWord { words.append(current); current = ""; inWord = false }
        case "'":
            inWord = true
            while let t = scalars.popFirst(), t != "'" { current.unicodeScalars.append(t) }
        case "\"":
            inWord = true
            var closed = false
            while let t = scalars.popFirst() {
                if t == "\"" { closed = true; break }
                if t == "$" { current += try expand() } else if t == "\\", let n = scalars.popFirst() {
                    if !"$`\"\\".unicodeScalars.contains(n) { current.unicodeScalars.append(t) }
                    current.unicodeScalars.append(n)
                } else { current.unicodeScalars.append(t) }
            }
            guard closed else { throw ShellError(description: "unclosed \" in: \(line)") }
        case "$":
            inWord = true
            current += try expand()
        case "\\":
            inWord = true
            if let n = scalars.popFirst() { current.unicodeScalars.append(n) }
        case ";", "&", "|", "<", ">", "(", ")", "`", "*", "?", "[":
            throw ShellError(description: "unexpected '\(s)' outside quotes in: \(line)")
        default:
            inWord = true
            current.unicodeScalars.append(s)
        }
    }
    if inWord { words.append(current) }
    return words
}

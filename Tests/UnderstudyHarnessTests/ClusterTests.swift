import XCTest
@testable import UnderstudyHarness
import UnderstudyExperiments

/// The cluster job files of `understudy submit`: Slurm scripts that run every shard and merge
/// after them, and a Kubernetes manifest checked against the API's schema the way
/// `kubectl apply --dry-run=client` would (CI has no kubectl), read back from its text.
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

    func test_kubernetesManifest_readsBackAsItsDocuments() throws {
        let options = Kubernetes.Options(image: "registry.example/understudy:0.1", persistentVolumeClaim: "sweeps")
        let text = Kubernetes.manifest(kubernetesJob, options, specText: specText)
        let parsed = try YAMLReader.documents(text)
        XCTAssertEqual(parsed, Kubernetes.documents(kubernetesJob, options, specText: specText))
        XCTAssertEqual(text.components(separatedBy: "\n---\n").count, 4, "a header, then three documents: ConfigMap, shard Job, merge Job")
    }

    func test_kubernetesManifest_passesTheSchemaCheck() throws {
        let options = Kubernetes.Options(image: "registry.example/understudy:0.1", persistentVolumeClaim: "sweeps")
        let documents = try YAMLReader.documents(Kubernetes.manifest(kubernetesJob, options, specText: specText))
        var problems: [String] = []
        for (i, document) in documents.enumerated() { problems += KubernetesSchema.problems(document, at: "document[\(i)]") }
        XCTAssertEqual(problems, [])
        problems = KubernetesSchema.crossReferences(documents)
        XCTAssertEqual(problems, [])
    }

    func test_schemaCheck_catchesWhatKubectlWouldRefuse() throws {
        let text = Kubernetes.manifest(kubernetesJob, Kubernetes.Options(), specText: specText)
        var renamed = text
        let configMapName = try XCTUnwrap(renamed.range(of: "name: \"understudy-label-bias-sweep-spec\""), "the ConfigMap comes first")
        renamed.replaceSubrange(configMapName, with: "name: \"Understudy_Spec\"")
        let broken = renamed.replacingOccurrences(of: "restartPolicy: \"Never\"", with: "restartPolicy: \"Always\"")
            .replacingOccurrences(of: "imagePullPolicy:", with: "imagePulPolicy:")
            .replacingOccurrences(of: "completions: 5", with: "completions: \"5\"")
        let documents = try YAMLReader.documents(broken)
        let problems = documents.enumerated().flatMap { KubernetesSchema.problems($0.element, at: "document[\($0.offset)]") }
            + KubernetesSchema.crossReferences(documents)
        for expected in ["document[1].spec.template.spec.restartPolicy must be Never or OnFailure",
                         "document[1].spec.template.spec.containers[0]: unknown field imagePulPolicy",
                         "document[1].spec.completions: wrong type", "document[1].spec: an Indexed Job needs completions",
                         "document[0].metadata.name 'Understudy_Spec' is not a DNS-1123 label",
                         "volume refers to a ConfigMap understudy-label-bias-sweep-spec"] {
            XCTAssertTrue(problems.contains { $0.hasPrefix(expected) }, "missing: \(expected) in \(problems)")
        }
        XCTAssertThrowsError(try YAMLReader.documents("---\nkind: Job\n"), "an unquoted string is refused")
    }

    func test_kubernetesShardJob_isIndexedWithOneCompletionPerShard() throws {
        let options = Kubernetes.Options(image: "registry.example/understudy:0.1", persistentVolumeClaim: "sweeps")
        let documents = try YAMLReader.documents(Kubernetes.manifest(kubernetesJob, options, specText: specText))
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
        XCTAssertEqual(pod["restartPolicy"], "Never")
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
    }

    func test_kubernetesNames_areDNSLabelsForAnySpecName() throws {
        XCTAssertEqual(Kubernetes.dnsLabel("Label_Bias--Sweep-"), "label-bias--sweep")
        XCTAssertEqual(Kubernetes.dnsLabel("---"), "x")
        var long = kubernetesJob
        long.name = String(repeating: "very-long-name-", count: 8)
        let documents = Kubernetes.documents(long, Kubernetes.Options(), specText: specText)
        for document in documents {
            guard case .string(let name)? = document["metadata"]?["name"] else { return XCTFail("no name") }
            XCTAssertTrue(KubernetesSchema.isDNSLabel(name), name)
            XCTAssertLessThanOrEqual(name.utf8.count, Kubernetes.maximumJobNameLength)
        }
        XCTAssertEqual(KubernetesSchema.crossReferences(documents), [])
    }

    func test_kubernetesProblems_refuseWhatCannotRun() {
        XCTAssertEqual(Kubernetes.problems(kubernetesJob, Kubernetes.Options()), [])
        XCTAssertEqual(Kubernetes.problems(kubernetesJob, Kubernetes.Options(image: "a b", persistentVolumeClaim: "Sweeps_1")).count, 2)
        var offVolume = kubernetesJob
        offVolume.out = "/elsewhere/run"
        XCTAssertEqual(Kubernetes.problems(offVolume, Kubernetes.Options()).count, 1)
    }

    func test_yamlStrings_readBackExactly() throws {
        let awkward = ["yes", "no", "null", "~", "1", "0x1F", "1e3", "", " lead", "trail ", "a: b", "# not a comment", "- item",
                       "{x}", "[1]", "'single'", "\"double\"", "back\\slash", "tab\there", "line\nbreak\r\n", "bell\u{7}",
                       "del\u{7F}", "nel\u{85}", "ls\u{2028}ps\u{2029}", "bom\u{FEFF}", "ünïcödé — 0.01 rad", "$((JOB_COMPLETION_INDEX+1))"]
        let value: YAML = .map([("strings", .list(awkward.map(YAML.string))), ("yes", .map(awkward.enumerated().map { ("k\($0.offset)", .string($0.element)) })),
                                ("empty", .list([])), ("nothing", .map([YAML.Entry]())), ("nested", .list([.list(["a", 1, true])])),
                                ("with space", -3), ("a:b", false)])
        XCTAssertEqual(try YAMLReader.documents("---\n" + value.text), [value])
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

// MARK: - A strict reader for the block YAML the manifests use

/// Reads `---`-separated documents of block maps and lists whose strings are all
/// double-quoted; anything else (an unquoted string, a tab, a stray indent) is an error —
/// so the test also checks that the emitter never leaves a value for YAML to guess.
private enum YAMLReader {
    struct Failure: Error, CustomStringConvertible { var description: String }

    private struct Line { var number: Int; var indent: Int; var text: String }

    static func documents(_ text: String) throws -> [YAML] {
        var documents: [[Line]] = []
        var current: [Line]? = nil
        for (i, raw) in text.components(separatedBy: "\n").enumerated() {
            if raw == "---" { if let current { documents.append(current) }; current = []; continue }
            if raw.isEmpty || raw.hasPrefix("#") { continue }
            guard current != nil else { throw Failure(description: "line \(i + 1): content before the first ---") }
            guard !raw.contains("\t") else { throw Failure(description: "line \(i + 1): tab") }
            let indent = raw.prefix { $0 == " " }.count
            current!.append(Line(number: i + 1, indent: indent, text: String(raw.dropFirst(indent))))
        }
        if let current { documents.append(current) }
        return try documents.map { lines in
            var position = 0
            guard let first = lines.first, first.indent == 0 else { throw Failure(description: "empty or indented document") }
            let value = try block(lines, &position, indent: 0)
            guard position == lines.count else { throw Failure(description: "line \(lines[position].number): unexpected indentation") }
            return value
        }
    }

    private static func block(_ lines: [Line], _ i: inout Int, indent: Int) throws -> YAML {
        if lines[i].text == "-" || lines[i].text.hasPrefix("- ") { return try list(lines, &i, indent: indent) }
        return try map(lines, &i, indent: indent)
    }

    private static func list(_ lines: [Line], _ i: inout Int, indent: Int) throws -> YAML {
        var items: [YAML] = []
        var lines = lines
        while i < lines.count, lines[i].indent == indent, lines[i].text == "-" || lines[i].text.hasPrefix("- ") {
            let line = lines[i]
            if line.text == "-" {
                i += 1
                guard i < lines.count, lines[i].indent > indent else { throw Failure(description: "line \(line.number): empty item") }
                items.append(try block(lines, &i, indent: lines[i].indent))
                continue
            }
            let rest = String(line.text.dropFirst(2))
            if rest.hasPrefix("\"") ? (try? scalar(rest, line: line.number)) == nil : rest.contains(": ") || rest.hasSuffix(":") {
                // A map item: its first entry sits on the dash's line, the others 2 deeper.
                lines[i] = Line(number: line.number, indent: indent + 2, text: rest)
                items.append(try map(lines, &i, indent: indent + 2))
            } else {
                items.append(try scalar(rest, line: line.number))
                i += 1
            }
        }
        return .list(items)
    }

    private static func map(_ lines: [Line], _ i: inout Int, indent: Int) throws -> YAML {
        var entries: [YAML.Entry] = []
        while i < lines.count, lines[i].indent == indent, !(lines[i].text == "-" || lines[i].text.hasPrefix("- ")) {
            let line = lines[i]
            let (key, rest) = try splitKey(line)
            guard !entries.contains(where: { $0.key == key }) else { throw Failure(description: "line \(line.number): duplicate key \(key)") }
            i += 1
            if rest.isEmpty {
                guard i < lines.count, lines[i].indent > indent || (lines[i].indent == indent && lines[i].text.hasPrefix("- ")) else {
                    throw Failure(description: "line \(line.number): \(key) has no value")
                }
                entries.append(YAML.Entry(key, try block(lines, &i, indent: lines[i].indent)))
            } else {
                entries.append(YAML.Entry(key, try scalar(rest, line: line.number)))
            }
        }
        if i < lines.count, lines[i].indent > indent { throw Failure(description: "line \(lines[i].number): unexpected indentation") }
        return .map(entries)
    }

    private static func splitKey(_ line: Line) throws -> (String, String) {
        let text = line.text
        if text.hasPrefix("\"") {
            let (key, end) = try quoted(Array(text.unicodeScalars), line: line.number)
            let after = String(String.UnicodeScalarView(Array(text.unicodeScalars)[end...]))
            if after == ":" { return (key, "") }
            guard after.hasPrefix(": ") else { throw Failure(description: "line \(line.number): expected ':' after the key") }
            return (key, String(after.dropFirst(2)))
        }
        if text.hasSuffix(":"), !text.dropLast().contains(": ") { return (String(text.dropLast()), "") }
        guard let range = text.range(of: ": ") else { throw Failure(description: "line \(line.number): expected 'key: value' in \(text)") }
        return (String(text[..<range.lowerBound]), String(text[range.upperBound...]))
    }

    private static func scalar(_ text: String, line: Int) throws -> YAML {
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "[]": return .list([])
        case "{}": return .map([YAML.Entry]())
        default: break
        }
        if let number = Int(text) { return .integer(number) }
        guard text.hasPrefix("\"") else { throw Failure(description: "line \(line): unquoted string \(text)") }
        let scalars = Array(text.unicodeScalars)
        let (value, end) = try quoted(scalars, line: line)
        guard end == scalars.count else { throw Failure(description: "line \(line): text after the string") }
        return .string(value)
    }

    /// A double-quoted string from scalars[0] = '"'; returns it and the index after the closing quote.
    private static func quoted(_ scalars: [Unicode.Scalar], line: Int) throws -> (String, Int) {
        var out = ""
        var i = 1
        func hex(_ count: Int) throws -> Unicode.Scalar {
            guard i + count <= scalars.count, let v = UInt32(String(String.UnicodeScalarView(scalars[i..<i + count])), radix: 16),
                  let s = Unicode.Scalar(v) else { throw Failure(description: "line \(line): bad escape") }
            i += count
            return s
        }
        while i < scalars.count {
            let s = scalars[i]; i += 1
            if s == "\"" { return (out, i) }
            guard s == "\\" else { out.unicodeScalars.append(s); continue }
            guard i < scalars.count else { break }
            let e = scalars[i]; i += 1
            switch e {
            case "\\": out += "\\"
            case "\"": out += "\""
            case "n": out += "\n"
            case "t": out += "\t"
            case "r": out += "\r"
            case "N": out += "\u{85}"
            case "L": out += "\u{2028}"
            case "P": out += "\u{2029}"
            case "x": out.unicodeScalars.append(try hex(2))
            case "u": out.unicodeScalars.append(try hex(4))
            default: throw Failure(description: "line \(line): unknown escape \\\(e)")
            }
        }
        throw Failure(description: "line \(line): unclosed string")
    }
}

// MARK: - The API schema of the objects the manifests use (what kubectl's validation checks)

private enum KubernetesSchema {
    /// The fields each object type may hold, with their types; unknown fields are errors, as
    /// with `kubectl apply --validate=strict`.
    indirect enum Kind: Sendable { case string, integer, bool, quantity, object(String), list(Kind), stringMap }

    static let types: [String: [String: Kind]] = [
        "ConfigMap": ["apiVersion": .string, "kind": .string, "metadata": .object("ObjectMeta"), "data": .stringMap, "immutable": .bool],
        "Job": ["apiVersion": .string, "kind": .string, "metadata": .object("ObjectMeta"), "spec": .object("JobSpec")],
        "ObjectMeta": ["name": .string, "namespace": .string, "labels": .stringMap, "annotations": .stringMap],
        "JobSpec": ["completionMode": .string, "completions": .integer, "parallelism": .integer, "backoffLimit": .integer,
                    "activeDeadlineSeconds": .integer, "ttlSecondsAfterFinished": .integer, "template": .object("PodTemplateSpec")],
        "TemplateMeta": ["labels": .stringMap, "annotations": .stringMap],
        "PodTemplateSpec": ["metadata": .object("TemplateMeta"), "spec": .object("PodSpec")],
        "PodSpec": ["restartPolicy": .string, "containers": .list(.object("Container")), "volumes": .list(.object("Volume"))],
        "Container": ["name": .string, "image": .string, "imagePullPolicy": .string, "command": .list(.string), "args": .list(.string),
                      "env": .list(.object("EnvVar")), "resources": .object("ResourceRequirements"),
                      "volumeMounts": .list(.object("VolumeMount")), "workingDir": .string],
        "EnvVar": ["name": .string, "value": .string, "valueFrom": .object("EnvVarSource")],
        "EnvVarSource": ["fieldRef": .object("ObjectFieldSelector")],
        "ObjectFieldSelector": ["fieldPath": .string, "apiVersion": .string],
        "ResourceRequirements": ["requests": .object("ResourceList"), "limits": .object("ResourceList")],
        "ResourceList": ["cpu": .quantity, "memory": .quantity],
        "VolumeMount": ["name": .string, "mountPath": .string, "readOnly": .bool, "subPath": .string],
        "Volume": ["name": .string, "persistentVolumeClaim": .object("PVCSource"), "configMap": .object("ConfigMapSource")],
        "PVCSource": ["claimName": .string, "readOnly": .bool],
        "ConfigMapSource": ["name": .string, "defaultMode": .integer],
    ]

    static let required: [String: [String]] = [
        "ConfigMap": ["apiVersion", "kind", "metadata"], "Job": ["apiVersion", "kind", "metadata", "spec"], "ObjectMeta": ["name"],
        "JobSpec": ["template"], "PodSpec": ["containers"], "Container": ["name", "image"], "EnvVar": ["name"],
        "VolumeMount": ["name", "mountPath"], "Volume": ["name"], "PVCSource": ["claimName"], "ObjectFieldSelector": ["fieldPath"],
    ]

    static func isDNSLabel(_ s: String) -> Bool {
        let scalars = Array(s.unicodeScalars)
        let allowed: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        guard let first = scalars.first, let last = scalars.last, scalars.count <= 63 else { return false }
        return allowed(first) && allowed(last) && scalars.allSatisfy { allowed($0) || $0 == "-" }
    }

    static func problems(_ document: YAML, at path: String) -> [String] {
        guard case .string(let kind)? = document["kind"], case .string(let api)? = document["apiVersion"] else {
            return ["\(path): apiVersion and kind are required strings"]
        }
        switch (api, kind) {
        case ("v1", "ConfigMap"), ("batch/v1", "Job"): break
        default: return ["\(path): unexpected \(api) \(kind)"]
        }
        var found = check(document, as: kind, at: path)
        if case .string(let name)? = document["metadata"]?["name"], !isDNSLabel(name) { found.append("\(path).metadata.name '\(name)' is not a DNS-1123 label") }
        if kind == "Job", let spec = document["spec"] { found += jobRules(spec, at: path + ".spec") }
        return found
    }

    private static func check(_ value: YAML, as type: String, at path: String) -> [String] {
        guard case .map(let entries) = value, let fields = types[type] else { return ["\(path): expected a \(type) object"] }
        var found: [String] = []
        for name in required[type] ?? [] where !entries.contains(where: { $0.key == name }) {
            found.append("\(path): missing required field \(name)")
        }
        for entry in entries {
            guard let kind = fields[entry.key] else { found.append("\(path): unknown field \(entry.key) in \(type)"); continue }
            found += check(entry.value, kind: kind, at: path + "." + entry.key)
        }
        return found
    }

    private static func check(_ value: YAML, kind: Kind, at path: String) -> [String] {
        switch (kind, value) {
        case (.string, .string), (.integer, .integer), (.bool, .bool): return []
        case (.quantity, .string(let s)):
            let number = s.hasSuffix("m") ? String(s.dropLast()) : s
            return Double(number).map { $0 > 0 } == true ? [] : ["\(path): '\(s)' is not a CPU quantity"]
        case (.object(let type), _): return check(value, as: type, at: path)
        case (.list(let item), .list(let items)):
            return items.enumerated().flatMap { check($0.element, kind: item, at: "\(path)[\($0.offset)]") }
        case (.stringMap, .map(let entries)):
            return entries.compactMap { if case .string = $0.value { return nil } else { return "\(path).\($0.key): expected a string" } }
        default: return ["\(path): wrong type \(value) (expected \(kind))"]
        }
    }

    private static func jobRules(_ spec: YAML, at path: String) -> [String] {
        var found: [String] = []
        let completions: Int? = { if case .integer(let n)? = spec["completions"] { return n } else { return nil } }()
        if case .string(let mode)? = spec["completionMode"] {
            if mode != "Indexed" && mode != "NonIndexed" { found.append("\(path).completionMode '\(mode)'") }
            if mode == "Indexed" && completions == nil { found.append("\(path): an Indexed Job needs completions") }
        }
        for field in ["completions", "parallelism"] {
            if case .integer(let n)? = spec[field], n < 1 { found.append("\(path).\(field) must be ≥ 1") }
        }
        let pod = spec["template"]?["spec"]
        guard case .string(let restart)? = pod?["restartPolicy"], ["Never", "OnFailure"].contains(restart) else {
            return found + ["\(path).template.spec.restartPolicy must be Never or OnFailure for a Job"]
        }
        guard case .list(let containers)? = pod?["containers"], !containers.isEmpty else { return found + ["\(path): no containers"] }
        var volumeNames: [String] = []
        if case .list(let volumes)? = pod?["volumes"] {
            for (i, volume) in volumes.enumerated() {
                guard case .map(let entries) = volume else { continue }
                if entries.filter({ $0.key != "name" }).count != 1 { found.append("\(path).template.spec.volumes[\(i)]: needs exactly one source") }
                if case .string(let name)? = volume["name"] { volumeNames.append(name) }
            }
        }
        for (c, container) in containers.enumerated() {
            let at = "\(path).template.spec.containers[\(c)]"
            if case .string(let name)? = container["name"], !isDNSLabel(name) { found.append("\(at).name '\(name)'") }
            if case .string(let image)? = container["image"], image.isEmpty { found.append("\(at).image is empty") }
            if case .list(let command)? = container["command"], command.isEmpty { found.append("\(at).command is empty") }
            if case .list(let mounts)? = container["volumeMounts"] {
                for mount in mounts {
                    if case .string(let name)? = mount["name"], !volumeNames.contains(name) { found.append("\(at): mount of unknown volume \(name)") }
                }
            }
            if case .list(let env)? = container["env"] {
                for variable in env where (variable["value"] == nil) == (variable["valueFrom"] == nil) {
                    found.append("\(at).env: \(variable["name"].map { "\($0)" } ?? "?") needs exactly one of value and valueFrom")
                }
            }
        }
        return found
    }

    /// Across documents: the volumes' ConfigMap exists, object names are unique per kind.
    static func crossReferences(_ documents: [YAML]) -> [String] {
        var names: [String: Set<String>] = [:]
        var found: [String] = []
        for document in documents {
            guard case .string(let kind)? = document["kind"], case .string(let name)? = document["metadata"]?["name"] else { continue }
            if !names[kind, default: []].insert(name).inserted { found.append("two \(kind)s named \(name)") }
        }
        for document in documents {
            guard case .list(let volumes)? = document["spec"]?["template"]?["spec"]?["volumes"] else { continue }
            for volume in volumes {
                if case .string(let name)? = volume["configMap"]?["name"], !(names["ConfigMap"]?.contains(name) ?? false) {
                    found.append("volume refers to a ConfigMap \(name) the manifest does not hold")
                }
            }
        }
        return found
    }
}

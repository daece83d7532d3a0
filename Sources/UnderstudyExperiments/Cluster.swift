/// Job scripts and manifests that run a spec's shards on a cluster engine and merge them
/// (`understudy submit`). Everything here is a pure function of its inputs — no clock, no
/// environment — so the same submission always writes the same bytes.

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

// MARK: - Slurm

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

// MARK: - Kubernetes

/// Kubernetes manifests: a ConfigMap holding the spec, an Indexed Job with one completion per
/// shard (shard I = `JOB_COMPLETION_INDEX` + 1) on a shared PersistentVolumeClaim, and a merge
/// Job that waits for every shard's `shard.json` on the volume, then merges.
public enum Kubernetes {
    public struct Options: Sendable, Hashable {
        /// The container image, with `understudy` in it.
        public var image: String
        /// The PersistentVolumeClaim (ReadWriteMany) that holds the shards and the run directory.
        public var persistentVolumeClaim: String
        /// Where the claim is mounted in the pods.
        public var mountPath: String
        /// How often the merge Job looks for finished shards, in seconds.
        public var pollSeconds: Int

        public init(image: String = "understudy:latest", persistentVolumeClaim: String = "understudy",
                    mountPath: String = "/data", pollSeconds: Int = 10) {
            self.image = image
            self.persistentVolumeClaim = persistentVolumeClaim
            self.mountPath = mountPath
            self.pollSeconds = pollSeconds
        }
    }

    public static let manifestFileName = "kubernetes.yaml"
    /// Where the ConfigMap with the spec is mounted in the pods.
    public static let specMountPath = "/spec"
    public static let specFileName = "spec.toml"
    /// The pods' path of the spec: give it as `ClusterJob.spec`.
    public static var specPath: String { specMountPath + "/" + specFileName }
    /// Object names are DNS-1123 labels; Job names leave room for the pods' `-<index>-xxxxx`.
    public static let maximumJobNameLength = 52

    /// The objects' base name: `understudy-<spec name>` as a DNS-1123 label.
    public static func baseName(_ job: ClusterJob) -> String {
        dnsLabel("understudy-" + job.name, maximumLength: maximumJobNameLength - "-shards".utf8.count)
    }

    /// The three documents: the spec's ConfigMap, the Indexed shard Job and the merge Job.
    public static func documents(_ job: ClusterJob, _ options: Options, specText: String) -> [YAML] {
        let base = baseName(job)
        let labels: YAML = .map([("app.kubernetes.io/name", "understudy"), ("app.kubernetes.io/instance", .string(base))])
        let volumes: YAML = .list([
            .map([("name", "work"), ("persistentVolumeClaim", .map([("claimName", .string(options.persistentVolumeClaim))]))]),
            .map([("name", "spec"), ("configMap", .map([("name", .string(base + "-spec"))]))]),
        ])
        let mounts: YAML = .list([
            .map([("name", "work"), ("mountPath", .string(options.mountPath))]),
            .map([("name", "spec"), ("mountPath", .string(specMountPath)), ("readOnly", true)]),
        ])
        func podTemplate(container: String, cpus: Int, script: String, env: [YAML]) -> YAML {
            var fields: [(String, YAML)] = [
                ("name", .string(container)), ("image", .string(options.image)), ("imagePullPolicy", "IfNotPresent"),
                ("command", .list(["sh", "-c", .string(script)])),
            ]
            if !env.isEmpty { fields.append(("env", .list(env))) }
            fields += [("resources", .map([("requests", .map([("cpu", .string("\(cpus)"))]))])), ("volumeMounts", mounts)]
            return .map([
                ("metadata", .map([("labels", labels)])),
                ("spec", .map([("restartPolicy", "Never"), ("containers", .list([.map(fields)])), ("volumes", volumes)])),
            ])
        }
        let configMap: YAML = .map([
            ("apiVersion", "v1"), ("kind", "ConfigMap"),
            ("metadata", .map([("name", .string(base + "-spec")), ("labels", labels)])),
            ("data", .map([(specFileName, .string(specText))])),
        ])
        // The controller sets JOB_COMPLETION_INDEX itself (Kubernetes ≥ 1.22); the explicit
        // annotation reference keeps older clusters working and documents where it comes from.
        let completionIndex: YAML = .map([
            ("name", "JOB_COMPLETION_INDEX"),
            ("valueFrom", .map([("fieldRef", .map([("fieldPath", "metadata.annotations['batch.kubernetes.io/job-completion-index']")]))])),
        ])
        let shardScript = "set -eu; i=$((JOB_COMPLETION_INDEX + 1)); exec " + job.shardCommand(index: "$i")
        let shardJob: YAML = .map([
            ("apiVersion", "batch/v1"), ("kind", "Job"),
            ("metadata", .map([("name", .string(base + "-shards")), ("labels", labels)])),
            ("spec", .map([
                ("completionMode", "Indexed"),
                ("completions", .integer(job.shards)),
                ("parallelism", .integer(job.parallelism.map { min($0, job.shards) } ?? job.shards)),
                // Retries count across all indexes: let every shard fail once (a node lost) and retry.
                ("backoffLimit", .integer(max(6, job.shards))),
                ("template", podTemplate(container: "shard", cpus: job.cpus, script: shardScript, env: [completionIndex])),
            ])),
        ])
        let markers = (1...job.shards).map { Shell.quote(job.shardDirectory($0) + "/" + ShardInfo.fileName) }.joined(separator: " ")
        let mergeScript = "set -eu; for f in \(markers); do while [ ! -f \"$f\" ]; do sleep \(options.pollSeconds); done; done; exec "
            + job.mergeCommand
        let mergeJob: YAML = .map([
            ("apiVersion", "batch/v1"), ("kind", "Job"),
            ("metadata", .map([("name", .string(base + "-merge")), ("labels", labels)])),
            ("spec", .map([
                ("completions", 1), ("parallelism", 1), ("backoffLimit", 2),
                ("template", podTemplate(container: "merge", cpus: 1, script: mergeScript, env: [])),
            ])),
        ])
        return [configMap, shardJob, mergeJob]
    }

    /// The manifest file: the documents as YAML, separated by `---`.
    public static func manifest(_ job: ClusterJob, _ options: Options, specText: String) -> String {
        "# Written by `understudy submit --kubernetes`: the \(job.shards) shards of '\(job.name)' as an Indexed Job,\n"
            + "# then their merge. Apply with: kubectl apply -f \(manifestFileName)\n"
            + documents(job, options, specText: specText).map { "---\n" + $0.text }.joined()
    }

    /// Problems that keep the job out of a manifest (one line each; empty when fine).
    public static func problems(_ job: ClusterJob, _ options: Options) -> [String] {
        var found = job.problems
        if options.image.isEmpty || options.image.unicodeScalars.contains(where: { $0.properties.isWhitespace }) {
            found.append("--image '\(options.image)' must be an image reference without white space (e.g. registry/understudy:1.0)")
        }
        if dnsLabel(options.persistentVolumeClaim, maximumLength: 253) != options.persistentVolumeClaim {
            found.append("--pvc '\(options.persistentVolumeClaim)' is not a Kubernetes object name (lowercase letters, digits and '-')")
        }
        if !options.mountPath.hasPrefix("/") { found.append("the mount path '\(options.mountPath)' must be absolute") }
        for (what, path) in [("work directory", job.work), ("run directory", job.out)] where !path.hasPrefix(options.mountPath + "/") {
            found.append("the \(what) '\(path)' must be on the volume, under \(options.mountPath)/")
        }
        if options.pollSeconds < 1 { found.append("the poll interval must be ≥ 1 s (got \(options.pollSeconds))") }
        return found
    }

    /// `text` as a DNS-1123 label: lowercase letters, digits and '-', starting and ending
    /// alphanumeric, at most `maximumLength` long ("x" when nothing is left).
    public static func dnsLabel(_ text: String, maximumLength: Int = 63) -> String {
        var scalars: [Unicode.Scalar] = text.lowercased().unicodeScalars.map { s in
            ("a"..."z").contains(s) || ("0"..."9").contains(s) ? s : "-"
        }
        func trim() {
            while scalars.first == "-" { scalars.removeFirst() }
            while scalars.last == "-" { scalars.removeLast() }
        }
        trim()
        if scalars.count > maximumLength { scalars.removeLast(scalars.count - maximumLength) }
        trim()
        var label = ""
        label.unicodeScalars.append(contentsOf: scalars)
        return label.isEmpty ? "x" : label
    }
}

// MARK: - YAML

/// A YAML value as Kubernetes manifests need it, emitted in block style with every string
/// double-quoted (so no value is ever read as a number, a boolean or null by accident) and map
/// keys in the order given.
public indirect enum YAML: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case list([YAML])
    case map([Entry])

    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: YAML
        public init(_ key: String, _ value: YAML) {
            self.key = key
            self.value = value
        }
    }

    public static func map(_ entries: [(String, YAML)]) -> YAML { .map(entries.map { Entry($0.0, $0.1) }) }

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    /// The value of `key` in a map (nil otherwise).
    public subscript(key: String) -> YAML? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The value as a YAML document (every line ends in a newline).
    public var text: String {
        switch self {
        case .map(let entries) where !entries.isEmpty: return Self.lines(self, indent: 0).joined(separator: "\n") + "\n"
        case .list(let items) where !items.isEmpty: return Self.lines(self, indent: 0).joined(separator: "\n") + "\n"
        default: return inline + "\n"
        }
    }

    /// Scalars and empty collections, as they appear after `key: ` or `- `.
    private var inline: String {
        switch self {
        case .string(let s): return Self.quoted(s)
        case .integer(let i): return "\(i)"
        case .bool(let b): return b ? "true" : "false"
        case .list: return "[]"
        case .map: return "{}"
        }
    }

    private var isBlock: Bool {
        switch self {
        case .list(let items): return !items.isEmpty
        case .map(let entries): return !entries.isEmpty
        default: return false
        }
    }

    private static func lines(_ value: YAML, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .map(let entries) where !entries.isEmpty:
            return entries.flatMap { entry -> [String] in
                let key = plainKey(entry.key) ? entry.key : quoted(entry.key)
                guard entry.value.isBlock else { return [pad + key + ": " + entry.value.inline] }
                return [pad + key + ":"] + lines(entry.value, indent: indent + 2)
            }
        case .list(let items) where !items.isEmpty:
            return items.flatMap { item -> [String] in
                switch item {
                case .map(let entries) where !entries.isEmpty:
                    var block = lines(item, indent: indent + 2)
                    block[0] = pad + "- " + block[0].dropFirst(indent + 2)
                    return block
                case .list(let inner) where !inner.isEmpty:
                    return [pad + "-"] + lines(item, indent: indent + 2)
                default:
                    return [pad + "- " + item.inline]
                }
            }
        default:
            return [pad + value.inline]
        }
    }

    /// Keys that read back as the same string without quotes.
    private static func plainKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) else { return false }
        let reserved: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
        return !reserved.contains(key.lowercased()) && key.unicodeScalars.allSatisfy { s in
            ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || "_.-/".unicodeScalars.contains(s)
        }
    }

    /// A double-quoted YAML string: `\` and `"` escaped, and every character YAML would fold or
    /// treat as a line break written as an escape.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            case "\u{FEFF}": out += "\\uFEFF"
            default:
                if s.value < 0x20 || s.value == 0x7F {
                    let hex = String(s.value, radix: 16, uppercase: true)
                    out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out + "\""
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }

    fileprivate func trimmed(of set: String) -> String {
        var scalars = Array(unicodeScalars)
        while let f = scalars.first, set.unicodeScalars.contains(f) { scalars.removeFirst() }
        while let l = scalars.last, set.unicodeScalars.contains(l) { scalars.removeLast() }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }
}

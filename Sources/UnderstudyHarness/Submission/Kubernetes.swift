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

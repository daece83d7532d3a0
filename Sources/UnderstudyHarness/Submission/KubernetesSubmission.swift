import Foundation

/// `understudy submit --kubernetes`: writes kubernetes.yaml (the spec's ConfigMap, an Indexed
/// Job of the shards, a merge Job) into the work directory, and applies it with kubectl.
///
/// The pods share a ReadWriteMany volume mounted at `options.mountPath`; the plan's `out` and
/// `work` are relative paths, the same locally and on the volume.
public struct KubernetesSubmission: Sendable {
    public var plan: SubmissionPlan
    public var options: Kubernetes.Options
    /// The job as the pods see it.
    public var job: ClusterJob

    /// Checks that the job can be described. `executable` is the binary the pods run
    /// (default `understudy` on the image's PATH).
    public init(_ plan: SubmissionPlan, options: Kubernetes.Options, executable: String? = nil,
                parallelism: Int? = nil, cpus: Int = 1) throws(HarnessError) {
        let onVolume = { (path: String) in options.mountPath + "/" + path }
        job = ClusterJob(name: plan.loaded.spec.name, executable: executable ?? "understudy", spec: Kubernetes.specPath,
                         work: onVolume(plan.work), out: onVolume(plan.out), shards: plan.shards, parallelism: parallelism, cpus: cpus)
        if let problem = Kubernetes.problems(job, options).first { throw .submission(.notDescribable(problem)) }
        self.plan = plan
        self.options = options
    }

    /// The manifest's local path.
    public var manifestPath: String { plan.work + "/" + Kubernetes.manifestFileName }

    /// Writes the spec snapshot and the manifest; returns what to tell the user.
    public func write() throws(HarnessError) -> [String] {
        let text = Kubernetes.manifest(job, options, specText: plan.loaded.canonicalText)
        try plan.writeWork(plan.work, files: [(manifestPath, text)], directories: [])
        let base = Kubernetes.baseName(job)
        return [
            "wrote \(manifestPath): ConfigMap \(base)-spec, Indexed Job \(base)-shards (\(plan.shards) of \(plan.units) work units, "
                + "\(min(job.parallelism ?? plan.shards, plan.shards)) at a time), Job \(base)-merge",
            "the run directory appears on the volume \(options.persistentVolumeClaim) at \(plan.out) (\(job.out) in the pods)",
        ]
    }

    /// How to apply the manifest by hand.
    public var instructions: String {
        """
        apply with:
          kubectl apply -f \(Shell.quote(manifestPath))
          kubectl wait --for=condition=complete job/\(Kubernetes.baseName(job))-merge --timeout=24h
        """
    }

    /// `kubectl apply -f kubernetes.yaml`; returns what kubectl printed.
    public func apply() throws(HarnessError) -> String {
        guard let kubectl = ExternalTool.find("kubectl") else {
            throw .submission(.kubectlMissing(manifest: manifestPath))
        }
        let result = try ExternalTool.run(kubectl, ["apply", "-f", manifestPath])
        guard result.status == 0 else {
            throw .submission(.kubectlFailed(ToolResult.firstLine(result.errors) ?? "exit status \(result.status)"))
        }
        return result.output
    }
}

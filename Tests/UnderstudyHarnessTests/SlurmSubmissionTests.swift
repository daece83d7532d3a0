import Foundation
import XCTest
import UnderstudyDeterminism
@testable import UnderstudyHarness

/// `understudy submit --slurm` in-process: the scripts it writes, and the submit-and-wait
/// state machine against a scripted stand-in for sbatch and scontrol.
final class SlurmSubmissionTests: XCTestCase {
    var scratch: Scratch!

    override func setUpWithError() throws { scratch = try Scratch() }
    override func tearDown() { scratch.remove() }

    func submission(shards: Int? = 2) throws -> SlurmSubmission {
        let plan = try SubmissionPlan(try scratch.loadSpec(), shards: shards, out: scratch.path("out"), work: scratch.path("out.work"))
        return try SlurmSubmission(plan, options: Slurm.Options(partition: "short"), executable: "/opt/understudy", cpus: 2)
    }

    // MARK: Files

    func test_write_putsTheSpecAndThreeExecutableScriptsIntoTheWorkDirectory() throws {
        let submission = try submission()
        XCTAssertEqual(try submission.write(), [
            "wrote \(scratch.path("out.work"))/slurm-array.sh (2 shards of 2 work units, 2 CPUs each)",
            "wrote \(scratch.path("out.work"))/slurm-merge.sh (merges into \(scratch.path("out")))",
        ])
        XCTAssertEqual(try AtomicFile.readText(submission.arrayPath), Slurm.arrayScript(submission.job, submission.options))
        XCTAssertEqual(try AtomicFile.readText(submission.mergePath), Slurm.mergeScript(submission.job, submission.options))
        XCTAssertEqual(try AtomicFile.readText(submission.submitPath), Slurm.submitScript(submission.job, scriptsIn: scratch.path("out.work")))
        XCTAssertEqual(try AtomicFile.readText(scratch.path("out.work/spec.toml")), submission.plan.loaded.canonicalText)
        for script in [submission.arrayPath, submission.mergePath, submission.submitPath] {
            XCTAssertTrue(FileManager.default.isExecutableFile(atPath: script), script)
        }
        for folder in ["logs", "shards"] { XCTAssertTrue(RunArguments.isDirectory(scratch.path("out.work/" + folder)), folder) }
        XCTAssertTrue(Slurm.arrayScript(submission.job, submission.options).contains("\n#SBATCH --array=1-2\n"))
    }

    func test_write_refusesAWorkDirectoryOfAnotherSpec() throws {
        try scratch.write("out.work/spec.toml", "name = \"other\"\n")
        XCTAssertThrows(.submission(.workDirectoryOfAnotherSpec(scratch.path("out.work")))) {
            try submission().write()
        }
    }

    func test_plan_defaultsToOneShardPerUnit_andRefusesMoreShardsThanUnits() throws {
        let loaded = try scratch.loadSpec()
        let plan = try SubmissionPlan(loaded)
        XCTAssertEqual([plan.shards, plan.units], [2, 2])
        XCTAssertEqual([plan.out, plan.work], ["reports/tiny", "reports/tiny.work"])
        XCTAssertThrows(.submission(.tooManyShards(3, units: 2))) {
            try SubmissionPlan(loaded, shards: 3)
        }
    }

    func test_kubernetes_writesOneManifest_withTheRunOnTheVolume() throws {
        let plan = try SubmissionPlan(try scratch.loadSpec(), out: "reports/tiny", work: scratch.path("k8s.work"))
        let submission = try KubernetesSubmission(plan, options: Kubernetes.Options(image: "me/understudy:0.1"), parallelism: 1)
        let lines = try submission.write()
        XCTAssertEqual(lines.first, "wrote \(scratch.path("k8s.work"))/kubernetes.yaml: ConfigMap understudy-tiny-spec, "
                       + "Indexed Job understudy-tiny-shards (2 of 2 work units, 1 at a time), Job understudy-tiny-merge")
        XCTAssertEqual(try AtomicFile.readText(submission.manifestPath),
                       Kubernetes.manifest(submission.job, submission.options, specText: plan.loaded.canonicalText))
        XCTAssertEqual(submission.job.out, "/data/reports/tiny")
        XCTAssertThrows(.submission(.notDescribable("--image 'a b' must be an image reference without white space (e.g. registry/understudy:1.0)"))) {
            try KubernetesSubmission(plan, options: Kubernetes.Options(image: "a b"))
        }
    }

    // MARK: Submitting

    func test_submit_sendsTheArray_thenTheMergeAfterIt() throws {
        let slurm = FakeSlurm(sbatch: [ToolResult(status: 0, output: "4711\n"), ToolResult(status: 0, output: "4712;cluster-a\n")])
        let submission = try submission()
        XCTAssertEqual(try submission.submit(with: slurm), SlurmJobs(array: "4711", merge: "4712"))
        XCTAssertEqual(slurm.sbatchCalls, [["--parsable", submission.arrayPath],
                                           ["--parsable", "--dependency=afterok:4711", "--kill-on-invalid-dep=yes", submission.mergePath]])
    }

    func test_submit_reportsARefusalOrAMissingSbatch() throws {
        let refused = FakeSlurm(sbatch: [ToolResult(status: 1, errors: "sbatch: error: Invalid partition name specified\n")])
        XCTAssertThrows(.submission(.sbatchRefused("the shard array", detail: "sbatch: error: Invalid partition name specified"))) {
            try submission().submit(with: refused)
        }
        XCTAssertThrows(.submission(.sbatchMissing(submitScript: scratch.path("out.work/slurm-submit.sh")))) {
            try submission().submit(with: FakeSlurm(installed: false))
        }
    }

    func test_submissionProblems_sayWhatCanStillBeDone() {
        let jobs = SlurmJobs(array: "11", merge: "14")
        let table: [(SubmissionProblem, String)] = [
            (.tooManyShards(3, units: 2), "--shards 3 exceeds the spec's 2 work units (a shard would run nothing; use at most 2)"),
            (.workDirectoryOfAnotherSpec("w"), "w holds a submission of another spec (delete it or choose another --work)"),
            (.sbatchMissing(submitScript: "/w x/slurm-submit.sh"),
             "sbatch not found on PATH (is this a Slurm submit host?); the scripts are written: sh '/w x/slurm-submit.sh'"),
            (.sbatchRefused("the merge job", detail: "bad"), "sbatch refused the merge job: bad"),
            (.scontrolMissing(jobs), "scontrol not found on PATH (needed by --wait); the jobs are submitted: 11, 14"),
            (.scontrolFailed(job: "11", detail: "down", jobs), "scontrol show job 11 failed: down (the jobs may still run: 11, 14)"),
            (.mergeEnded(job: "14", state: "FAILED", cause: "see w/logs/merge.log"), "Slurm merge job 14 ended FAILED: see w/logs/merge.log"),
            (.mergeForgotten(job: "14", out: "o"), "Slurm forgot merge job 14 before it was seen to finish, and o has no MANIFEST.sha256"),
            (.kubectlMissing(manifest: "w/kubernetes.yaml"), "kubectl not found on PATH; apply it with: kubectl apply -f w/kubernetes.yaml"),
            (.kubectlFailed("forbidden"), "kubectl apply failed: forbidden"),
            (.executableUnknown, "cannot find this executable's path; give it with --understudy PATH"),
        ]
        for (problem, message) in table {
            XCTAssertEqual(HarnessError.submission(problem).description, message)
            XCTAssertFalse(HarnessError.submission(problem).isDifference)
        }
    }

    // MARK: Waiting

    let jobs = SlurmJobs(array: "11", merge: "14")

    func test_wait_followsTheShards_untilTheMergeCompletes() throws {
        let slurm = FakeSlurm(jobs: [
            "11": [.show("JobId=11 ArrayJobId=11 ArrayTaskId=1-2 JobState=PENDING"),
                   .show("JobId=12 ArrayJobId=11 ArrayTaskId=1 JobState=COMPLETED\nJobId=11 ArrayJobId=11 ArrayTaskId=2 JobState=RUNNING"),
                   .show("JobId=12 ArrayJobId=11 ArrayTaskId=1 JobState=COMPLETED\nJobId=11 ArrayJobId=11 ArrayTaskId=2 JobState=COMPLETED")],
            "14": [.show("JobId=14 JobState=PENDING"), .show("JobId=14 JobState=PENDING"), .show("JobId=14 JobState=COMPLETED")],
        ])
        var heard: [String] = []
        try submission().wait(for: jobs, with: slurm) { heard.append($0) }
        XCTAssertEqual(heard, ["shards: 0/2 finished", "shards: 1/2 finished", "shards: 2/2 finished"])
        XCTAssertEqual(slurm.sleeps, [1.0, 1.25], "polls back off")
    }

    func test_wait_namesTheFailedShards_whenTheMergeNeverRuns() throws {
        let slurm = FakeSlurm(jobs: [
            "11": [.show("JobId=12 ArrayJobId=11 ArrayTaskId=1 JobState=COMPLETED\nJobId=13 ArrayJobId=11 ArrayTaskId=2 JobState=FAILED")],
            "14": [.show("JobId=14 JobState=CANCELLED Reason=DependencyNeverSatisfied")],
        ])
        let logs = scratch.path("out.work/logs")
        XCTAssertThrows(.submission(.mergeEnded(job: "14", state: "CANCELLED", cause: "shard 2 FAILED (\(logs)/shard-2.log)"))) {
            try submission().wait(for: jobs, with: slurm)
        }
        let mergeFailed = FakeSlurm(jobs: ["11": [.show("JobId=12 ArrayJobId=11 ArrayTaskId=1 JobState=COMPLETED")],
                                           "14": [.show("JobId=14 JobState=FAILED")]])
        XCTAssertThrows(.submission(.mergeEnded(job: "14", state: "FAILED", cause: "see \(logs)/merge.log"))) {
            try submission().wait(for: jobs, with: mergeFailed)
        }
    }

    func test_wait_trustsAForgottenMerge_onlyIfItWroteTheManifest() throws {
        let forgotten: [String: [FakeSlurm.Reply]] = ["11": [.forgotten], "14": [.forgotten]]
        XCTAssertThrows(.submission(.mergeForgotten(job: "14", out: scratch.path("out")))) {
            try submission().wait(for: jobs, with: FakeSlurm(jobs: forgotten))
        }
        let submitted = try submission()   // planned before the merge job writes `out`
        try scratch.write("out/MANIFEST.sha256", "")
        XCTAssertNoThrow(try submitted.wait(for: jobs, with: FakeSlurm(jobs: forgotten)))
    }

    func test_wait_ridesOutTwoScontrolFailures_butNotThree() throws {
        let flaky = FakeSlurm(jobs: ["11": [.failure, .failure, .show("JobId=12 ArrayJobId=11 ArrayTaskId=1 JobState=COMPLETED")],
                                     "14": [.show("JobId=14 JobState=COMPLETED")]])
        XCTAssertNoThrow(try submission().wait(for: jobs, with: flaky))
        XCTAssertEqual(flaky.sleeps, [5, 5])
        let down = FakeSlurm(jobs: ["11": [.failure, .failure, .failure]])
        XCTAssertThrows(.submission(.scontrolFailed(job: "11", detail: "slurm_load_jobs error: Unable to contact slurm controller", jobs))) {
            try submission().wait(for: jobs, with: down)
        }
        let error = harnessError { try submission().wait(for: jobs, with: FakeSlurm(installed: false)) }
        XCTAssertEqual(error, .submission(.scontrolMissing(jobs)))
    }
}

/// A scripted Slurm: sbatch answers from a queue, `scontrol show job ID` from a queue per job
/// (the last answer repeats), and sleeping is only recorded.
final class FakeSlurm: SlurmControl {
    enum Reply {
        case show(String)
        case forgotten
        case failure

        var result: ToolResult {
            switch self {
            case .show(let text): ToolResult(status: 0, output: text + "\n")
            case .forgotten: ToolResult(status: 1, errors: "slurm_load_jobs error: Invalid job id specified\n")
            case .failure: ToolResult(status: 1, errors: "slurm_load_jobs error: Unable to contact slurm controller\n")
            }
        }
    }

    var sbatchReplies: [ToolResult]
    var jobReplies: [String: [Reply]]
    let installed: Bool
    var sbatchCalls: [[String]] = []
    var sleeps: [Double] = []

    init(sbatch: [ToolResult] = [], jobs: [String: [Reply]] = [:], installed: Bool = true) {
        sbatchReplies = sbatch
        jobReplies = jobs
        self.installed = installed
    }

    func sbatch(_ arguments: [String]) throws(HarnessError) -> ToolResult? {
        guard installed else { return nil }
        sbatchCalls.append(arguments)
        return sbatchReplies.isEmpty ? ToolResult(status: 1, errors: "unexpected sbatch") : sbatchReplies.removeFirst()
    }

    func showJob(_ id: String) throws(HarnessError) -> ToolResult? {
        guard installed else { return nil }
        guard var replies = jobReplies[id], let first = replies.first else { return Reply.forgotten.result }
        if replies.count > 1 { replies.removeFirst() }
        jobReplies[id] = replies
        return first.result
    }

    func sleep(seconds: Double) { sleeps.append(seconds) }
}

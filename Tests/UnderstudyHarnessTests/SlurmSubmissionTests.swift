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
        XCTAssertThrows(.submission("\(scratch.path("out.work")) holds a submission of another spec (delete it or choose another --work)")) {
            try submission().write()
        }
    }

    func test_plan_defaultsToOneShardPerUnit_andRefusesMoreShardsThanUnits() throws {
        let loaded = try scratch.loadSpec()
        let plan = try SubmissionPlan(loaded)
        XCTAssertEqual([plan.shards, plan.units], [2, 2])
        XCTAssertEqual([plan.out, plan.work], ["reports/tiny", "reports/tiny.work"])
        XCTAssertThrows(.submission("--shards 3 exceeds the spec's 2 work units (a shard would run nothing; use at most 2)")) {
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
        XCTAssertThrows(.submission("--image 'a b' must be an image reference without white space (e.g. registry/understudy:1.0)")) {
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
        XCTAssertThrows(.submission("sbatch refused the shard array: sbatch: error: Invalid partition name specified")) {
            try submission().submit(with: refused)
        }
        let error = harnessError { try submission().submit(with: FakeSlurm(installed: false)) }
        XCTAssertTrue(error?.description.hasPrefix("sbatch not found on PATH") ?? false, "\(String(describing: error))")
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
        XCTAssertThrows(.submission("Slurm merge job 14 ended CANCELLED: shard 2 FAILED (\(logs)/shard-2.log)")) {
            try submission().wait(for: jobs, with: slurm)
        }
        let mergeFailed = FakeSlurm(jobs: ["11": [.show("JobId=12 ArrayJobId=11 ArrayTaskId=1 JobState=COMPLETED")],
                                           "14": [.show("JobId=14 JobState=FAILED")]])
        XCTAssertThrows(.submission("Slurm merge job 14 ended FAILED: see \(logs)/merge.log")) {
            try submission().wait(for: jobs, with: mergeFailed)
        }
    }

    func test_wait_trustsAForgottenMerge_onlyIfItWroteTheManifest() throws {
        let forgotten: [String: [FakeSlurm.Reply]] = ["11": [.forgotten], "14": [.forgotten]]
        XCTAssertThrows(.submission("Slurm forgot merge job 14 before it was seen to finish, and \(scratch.path("out")) has no MANIFEST.sha256")) {
            try submission().wait(for: jobs, with: FakeSlurm(jobs: forgotten))
        }
        try scratch.write("out/MANIFEST.sha256", "")
        XCTAssertNoThrow(try submission().wait(for: jobs, with: FakeSlurm(jobs: forgotten)))
    }

    func test_wait_ridesOutTwoScontrolFailures_butNotThree() throws {
        let flaky = FakeSlurm(jobs: ["11": [.failure, .failure, .show("JobId=12 ArrayJobId=11 ArrayTaskId=1 JobState=COMPLETED")],
                                     "14": [.show("JobId=14 JobState=COMPLETED")]])
        XCTAssertNoThrow(try submission().wait(for: jobs, with: flaky))
        XCTAssertEqual(flaky.sleeps, [5, 5])
        let down = FakeSlurm(jobs: ["11": [.failure, .failure, .failure]])
        XCTAssertThrows(.submission("scontrol show job 11 failed: slurm_load_jobs error: Unable to contact slurm controller (the jobs may still run: 11, 14)")) {
            try submission().wait(for: jobs, with: down)
        }
        let error = harnessError { try submission().wait(for: jobs, with: FakeSlurm(installed: false)) }
        XCTAssertEqual(error, .submission("scontrol not found on PATH (needed by --wait); the jobs are submitted: 11, 14"))
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

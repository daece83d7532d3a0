import ArgumentParser
import UnderstudyExperiments
import Foundation
import UnderstudyHarness

/// `understudy verify RUN_DIR...`: prove a run directory is what its spec gives.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-run each run from its stored spec and compare every file byte for byte.",
        discussion: """
        For each run directory: check its files against its MANIFEST.sha256 (edits, corruption, \
        missing files), then re-run its spec.toml into a temporary directory and compare every \
        file; differing images also get a perceptual difference (pixelmatch, threshold 0.1). \
        Exit 0 when everything is byte-identical, 1 when anything differs, 2 on bad input. \
        With --manifest-only, only the first check runs (fast; no re-run).

        Examples:
          understudy verify reports/driving-loop
          understudy verify --manifest-only reports/*
        """
    )

    @Argument(help: "Run directories (arguments that are not directories, such as reports/index.html, are skipped).")
    var runs: [String]

    @Flag(help: "Only check files against MANIFEST.sha256; do not re-run.")
    var manifestOnly = false

    @Option(parsing: .unconditional, help: "Worker threads for the re-runs.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Lift the resource limits (for a run made with --allow-large).")
    var allowLarge = false

    func validate() throws {
        guard !runs.isEmpty else { throw ValidationError("give at least one run directory, e.g. reports/driving-loop") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be ≥ 1 (got \(jobs))") }
    }

    func run() throws {
        let interruption = onInterrupt { Verifier.removeTemporaryDirectories() }
        defer { withExtendedLifetime(interruption) {} }
        let verifier = Verifier(jobs: jobs, manifestOnly: manifestOnly, limits: .allowing(large: allowLarge))
        // Sorted first, so that arguments holding no run directory at all are one error line
        // naming the first, not a note per file and then an error.
        var directories: [String] = []
        for run in runs where try RunArguments.isRunDirectory(run) { directories.append(run) }
        guard !directories.isEmpty else { throw HarnessError.noRunDirectory(runs[0]) }
        var checked = 0, differences = 0
        for run in runs {
            guard directories.contains(run) else { writeError("note: skipping \(run) (not a run directory)"); continue }
            let report = try verifier.verify(run)
            report.lines.forEach { print($0) }
            checked += 1
            differences += report.differences.count
        }
        try Verifier.conclude(checked: checked, differences: differences)
    }
}

import ArgumentParser
import UnderstudyDeterminism
import UnderstudyExperiments
import Foundation
import UnderstudyGoldenImage

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

    @Option(help: "Worker threads for the re-runs.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard !runs.isEmpty else { throw ValidationError("give at least one run directory, e.g. reports/driving-loop") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be ≥ 1 (got \(jobs))") }
    }

    func run() throws {
        var differences = 0
        var checked = 0
        for run in runs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: run, isDirectory: &isDirectory) else {
                throw CommandFailure.badInput("\(run): no such run directory (expected a directory written by `understudy run`)")
            }
            guard isDirectory.boolValue else { writeError("note: skipping \(run) (not a run directory)"); continue }
            checked += 1
            differences += try verify(run)
        }
        guard checked > 0 else { throw CommandFailure.badInput("no run directories among the arguments") }
        if differences > 0 {
            throw CommandFailure(message: "error: \(differences) difference\(differences == 1 ? "" : "s") found", code: 1)
        }
    }

    /// Prints and counts the differences of one run directory.
    func verify(_ run: String) throws -> Int {
        let stored: Manifest
        do { stored = try Manifest.read(directory: run) } catch {
            throw CommandFailure.badInput("\(error)".hasPrefix("error:") ? "\(error)" : "\(run)/\(Manifest.fileName): \(error)")
        }
        var count = 0
        let onDisk: Manifest
        do { onDisk = try Manifest.compute(directory: run) } catch { throw CommandFailure.badInput("\(error)") }
        let local = stored.differences(from: onDisk)
        for path in local.changed { print("\(run): \(path): bytes differ from MANIFEST.sha256 (edited or corrupt)"); count += 1 }
        for path in local.missing { print("\(run): \(path): missing"); count += 1 }
        for path in local.unexpected { print("\(run): \(path): not in MANIFEST.sha256"); count += 1 }
        if manifestOnly {
            if count == 0 { print("\(run): \(stored.entries.count) files match MANIFEST.sha256") }
            return count
        }

        // Re-run the stored spec into a temporary directory and compare.
        let loaded: Experiment.Loaded
        do { loaded = try Experiment.load(run + "/spec.toml") } catch { throw CommandFailure.badInput("\(error)") }
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-verify-\(getpid())-\(loaded.spec.name)").path
        try? FileManager.default.removeItem(atPath: temporary)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        try runExperiment(loaded, into: temporary, jobs: jobs, quiet: true)
        let fresh: Manifest
        do { fresh = try Manifest.read(directory: temporary) } catch { throw CommandFailure.badInput("\(error)") }
        let rerun = stored.differences(from: fresh)
        for path in rerun.changed {
            var line = "\(run): \(path): differs from a re-run of its spec"
            if path.hasSuffix(".png"), let diff = try? diffImages(a: run + "/" + path, b: temporary + "/" + path, out: nil, threshold: 0.1, includeAA: false) {
                line += " (\(diff.differingPixels) of \(diff.totalPixels) pixels differ perceptually)"
            }
            print(line)
            count += 1
        }
        for path in rerun.missing { print("\(run): \(path): not produced by a re-run of its spec"); count += 1 }
        for path in rerun.unexpected { print("\(run): \(path): produced by a re-run but not in MANIFEST.sha256"); count += 1 }
        if count == 0 { print("\(run): \(stored.entries.count) files byte-identical to a re-run of its spec") }
        return count
    }
}

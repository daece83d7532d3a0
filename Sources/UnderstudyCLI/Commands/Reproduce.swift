import ArgumentParser
import UnderstudyDeterminism
import UnderstudyExperiments
import Foundation
import UnderstudyReports

/// `understudy reproduce [SPEC...]`: regenerate reports/ from seeds/.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Run every spec in seeds/ (or those named) and rebuild reports/.",
        discussion: """
        Each spec runs into a fresh reports/<name>/ (an earlier report of that name is replaced \
        only once the new one is complete), then reports/index.html links them all. This is \
        what `make reproduce` calls; the committed reports/ is exactly what it writes.

        Examples:
          understudy reproduce
          understudy reproduce seeds/driving-loop.toml --jobs 2
        """
    )

    @Argument(help: "Specs to run (default: every seeds/*.toml).")
    var specs: [String] = []

    @Option(help: "Directory of specs used when none are named.")
    var seedsDirectory = "seeds"

    @Option(help: "Where reports go.")
    var reports = "reports"

    @Option(help: "Worker threads (never changes results).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be ≥ 1 (got \(jobs))") }
    }

    func run() throws {
        var paths = specs
        if paths.isEmpty {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: seedsDirectory)) ?? []
            paths = names.filter { $0.hasSuffix(".toml") }.sorted().map { seedsDirectory + "/" + $0 }
            guard !paths.isEmpty else { throw CommandFailure.badInput("\(seedsDirectory): no .toml specs found (expected seeds/*.toml)") }
        }
        // Validate everything first: a bad spec stops the job before anything is written.
        let loaded = try paths.map { try loadSpec($0) }
        var seen: [String: String] = [:]
        for (path, l) in zip(paths, loaded) {
            if let other = seen[l.spec.name] { throw CommandFailure.badInput("\(path): name \"\(l.spec.name)\" is also used by \(other) (expected one spec per report folder)") }
            seen[l.spec.name] = path
        }
        for (path, l) in zip(paths, loaded) {
            writeError("reproduce: \(path) → \(reports)/\(l.spec.name)")
            let final = reports + "/" + l.spec.name
            let staging = reports + "/.staging-" + l.spec.name
            if (try? AtomicFile.readText(staging + "/spec.toml")) != l.canonicalText {
                try? FileManager.default.removeItem(atPath: staging)   // a different spec's leftovers
            }
            try runExperiment(l, into: staging, jobs: jobs)
            let old = reports + "/.old-" + l.spec.name
            try? FileManager.default.removeItem(atPath: old)
            if FileManager.default.fileExists(atPath: final) { try FileManager.default.moveItem(atPath: final, toPath: old) }
            try FileManager.default.moveItem(atPath: staging, toPath: final)
            try? FileManager.default.removeItem(atPath: old)
        }
        do { try Report.writeIndex(reportsDirectory: reports) } catch { throw CommandFailure.badInput("\(error)") }
        print(reports + "/index.html")
    }
}


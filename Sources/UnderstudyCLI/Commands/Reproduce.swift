import ArgumentParser
import Foundation
import UnderstudyExperiments
import UnderstudyHarness

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
          understudy reproduce my-large-sweep.toml --allow-large
        """
    )

    @Argument(help: "Specs to run (default: every seeds/*.toml).")
    var specs: [String] = []

    @Option(help: "Directory of specs used when none are named.")
    var seedsDirectory = "seeds"

    @Option(help: "Where reports go.")
    var reports = "reports"

    @Option(parsing: .unconditional, help: "Worker threads (never changes results).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Lift the resource limits (sweep cells, work units, steps, training work and memory per unit) for specs you mean.")
    var allowLarge = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be ≥ 1 (got \(jobs))") }
    }

    func run() throws {
        let reproduction = Reproduction(reports: reports, jobs: jobs)
        try reproduction.checkReportsFolder()
        let paths = specs.isEmpty ? try Reproduction.specPaths(in: seedsDirectory) : specs
        let specs = try Reproduction.load(paths, limits: .allowing(large: allowLarge))
        try reproduction.checkReportDirectories(specs)
        for (path, loaded) in specs {
            writeError("reproduce: \(path) → \(reproduction.directory(for: loaded))")
            let bar = ProgressBar(label: loaded.spec.name)
            try reproduction.reproduce(loaded, progress: bar.progress)
            bar.finish()
        }
        print(try reproduction.writeIndex())
    }
}

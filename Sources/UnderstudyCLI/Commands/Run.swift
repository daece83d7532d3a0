import ArgumentParser
import Foundation
import UnderstudyHarness

/// `understudy run SPEC`: run an experiment into its run directory.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an experiment spec and write its results and report.",
        discussion: """
        Runs every method of the spec on every seed (in parallel on --jobs workers) and writes \
        a run directory: spec.toml, results.json, results.csv, trajectories.json, figures/, \
        index.html, report.pdf, provenance.json and MANIFEST.sha256. The same spec, seed and \
        code give the same bytes for any --jobs. A killed run resumes where it stopped when \
        started again with the same spec and --out.

        With --shard I/N only every N-th work unit (starting at the I-th) runs, into a shard \
        directory (default: reports/<name>.shard-I-of-N); `understudy merge` joins the N shard \
        directories into the run directory the unsharded run writes, byte for byte.

        Examples:
          understudy run seeds/driving-loop.toml
          understudy run seeds/driving-loop.toml --seeds 3 --out /tmp/quick --jobs 2
          understudy run seeds/driving-loop.toml --shard 2/3 --out /tmp/shard2
        """
    )

    @Argument(help: "The experiment spec (a TOML file, e.g. seeds/driving-loop.toml).")
    var spec: String

    @Option(help: "Run directory (default: reports/<name>).")
    var out: String?

    @Option(parsing: .unconditional, help: "Worker threads (default: the number of cores). Never changes results.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var overrides: SpecOverrides

    @Option(help: "Run only shard I of N (1-based), e.g. 2/3, for `understudy merge`.")
    var shard: String?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be ≥ 1 (got \(jobs))") }
        if let shard, Shard(shard) == nil { throw ValidationError("--shard '\(shard)' is not I/N with 1 ≤ I ≤ N (e.g. 2/3)") }
    }

    func run() throws {
        let run = ExperimentRun(try overrides.load(spec), jobs: jobs)
        let name = run.loaded.spec.name
        let shard = self.shard.flatMap(Shard.init)
        let directory = out ?? shard.map { $0.defaultDirectory(for: name) } ?? run.defaultDirectory
        let bar = ProgressBar(label: shard.map { "\(name) shard \($0.index)/\($0.count)" } ?? name)
        if let shard { try run.run(shard, into: directory, progress: bar.progress); bar.finish() } else {
            let wallTime = try run.run(into: directory, progress: bar.progress)
            bar.finish()
            if !wallTime.isEmpty { writeError(terminalLine("wall time per unit (\(directory)/timing.json):") + "\n  " + wallTime.summaryLines.map { terminalLine($0) }.joined(separator: "\n  ")) }
        }
        print(directory)
    }
}

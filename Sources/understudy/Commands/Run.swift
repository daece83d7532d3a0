import ArgumentParser
import Determinism
import Experiments
import Foundation

/// `understudy run SPEC`: run an experiment into its run directory.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an experiment spec and write its results and report.",
        discussion: """
        Runs every method of the spec on every seed (in parallel on --jobs workers) and writes
        a run directory: spec.toml, results.json, results.csv, trajectories.json, figures/,
        index.html, report.pdf, provenance.json and MANIFEST.sha256. The same spec, seed and
        code give the same bytes for any --jobs. A killed run resumes where it stopped when
        started again with the same spec and --out.

        Examples:
          understudy run seeds/driving-loop.toml
          understudy run seeds/driving-loop.toml --seeds 3 --out /tmp/quick --jobs 2
        """
    )

    @Argument(help: "The experiment spec (a TOML file, e.g. seeds/driving-loop.toml).")
    var spec: String

    @Option(help: "Run directory (default: reports/<name>).")
    var out: String?

    @Option(help: "Worker threads (default: the number of cores). Never changes results.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Override the spec's master seed.")
    var seed: UInt64?

    @Option(help: "Override the spec's number of seeds.")
    var seeds: Int?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be ≥ 1 (got \(jobs))") }
        if let seeds, !(1...1000).contains(seeds) { throw ValidationError("--seeds must be in 1…1000 (got \(seeds))") }
        if let seed, seed > UInt64(Int.max) { throw ValidationError("--seed must be < 2^63 (got \(seed))") }
    }

    func run() throws {
        let loaded = try loadSpec(spec, seed: seed, seeds: seeds)
        let directory = out ?? "reports/\(loaded.spec.name)"
        try runExperiment(loaded, into: directory, jobs: jobs)
        print(directory)
    }
}

/// Reads a spec, turning its problems into one `error:` line and exit status 2.
func loadSpec(_ path: String, seed: UInt64? = nil, seeds: Int? = nil) throws -> Experiment.Loaded {
    do {
        return try Experiment.load(path, seed: seed, seeds: seeds)
    } catch {
        throw CommandFailure.badInput("\(error)")
    }
}

/// Runs a loaded spec into `directory` and writes every file of the run, the manifest last.
func runExperiment(_ loaded: Experiment.Loaded, into directory: String, jobs: Int, quiet: Bool = false) throws {
    do {
        try Experiment.checkDirectory(directory, specText: loaded.canonicalText)
    } catch {
        throw CommandFailure.badInput("\(error)")
    }
    let runDirectory = RunDirectory(path: directory)
    let lock: RunLock
    do { lock = try runDirectory.lock() } catch { throw CommandFailure.badInput("\(error)") }
    defer { lock.release() }
    let runner = Runner(spec: loaded.spec, jobs: jobs)
    let bar = ProgressBar(label: loaded.spec.name, quiet: quiet)
    do {
        let units = try runner.run(in: runDirectory) { done, total, unit in bar.update(done: done, total: total, item: unit) }
        bar.finish()
        let results = try runner.assemble(units)
        try Experiment.writeData(results, specText: loaded.canonicalText, to: directory)
        try writeReport(results, to: directory)
        try AtomicFile.write(CanonicalJSON.string(Experiment.provenance(version: Understudy.version, spec: loaded.spec,
                                                                        specText: loaded.canonicalText), pretty: true),
                             to: directory + "/provenance.json")
        try Manifest.write(directory: directory)
        runDirectory.removeUnits()
    } catch let failure as CommandFailure {
        throw failure
    } catch {
        throw CommandFailure(message: "error: \(error)", code: 2)
    }
}

/// Progress on stderr: a redrawn bar on a terminal, plain lines otherwise.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let terminal: Bool
    private let quiet: Bool
    private var drawn = false

    init(label: String, quiet: Bool) {
        self.label = label
        self.quiet = quiet
        terminal = isatty(2) == 1
    }

    func update(done: Int, total: Int, item: String) {
        guard !quiet else { return }
        lock.lock(); defer { lock.unlock() }
        if terminal {
            let width = 30
            let filled = total == 0 ? width : done * width / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            writeError("\r\(label) [\(bar)] \(done)/\(total) \(item)\u{1B}[K", newline: false)
            drawn = true
        } else {
            writeError("\(label): \(done)/\(total) \(item) done")
        }
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { writeError("") ; drawn = false }
    }
}

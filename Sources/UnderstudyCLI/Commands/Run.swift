import ArgumentParser
import UnderstudyDeterminism
import UnderstudyExperiments
import Foundation

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

    @Option(help: "Worker threads (default: the number of cores). Never changes results.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var overrides: SpecOverrides

    @Option(help: "Run only shard I of N (1-based), e.g. 2/3, for `understudy merge`.")
    var shard: String?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be ≥ 1 (got \(jobs))") }
        if let shard, Shards.parse(shard) == nil { throw ValidationError("--shard '\(shard)' is not I/N with 1 ≤ I ≤ N (e.g. 2/3)") }
    }

    func run() throws {
        let loaded = try overrides.load(spec)
        if let shard, let (index, count) = Shards.parse(shard) {
            let directory = out ?? "reports/\(loaded.spec.name).shard-\(index)-of-\(count)"
            try runShard(loaded, index: index, count: count, into: directory, jobs: jobs)
            print(directory)
            return
        }
        let directory = out ?? "reports/\(loaded.spec.name)"
        try runExperiment(loaded, into: directory, jobs: jobs)
        print(directory)
    }
}

/// `--seed` / `--seeds`: the command-line overrides of a spec's master seed and seed count.
struct SpecOverrides: ParsableArguments {
    @Option(help: "Override the spec's master seed.")
    var seed: UInt64?

    @Option(help: "Override the spec's number of seeds.")
    var seeds: Int?

    func validate() throws {
        if let seeds, !(1...1000).contains(seeds) { throw ValidationError("--seeds must be in 1…1000 (got \(seeds))") }
        if let seed, seed > UInt64(Int.max) { throw ValidationError("--seed must be < 2^63 (got \(seed))") }
    }

    /// The spec at `path` with these overrides applied.
    func load(_ path: String) throws -> Experiment.Loaded { try loadSpec(path, seed: seed, seeds: seeds) }
}

/// Reads a spec, turning its problems into one `error:` line and exit status 2.
func loadSpec(_ path: String, seed: UInt64? = nil, seeds: Int? = nil) throws -> Experiment.Loaded {
    do {
        return try Experiment.load(path, seed: seed, seeds: seeds)
    } catch {
        throw CommandFailure.badInput("\(error)")
    }
}

/// Checks that `directory` may take a run of this spec and takes its lock (bad input: exit 2).
func openRunDirectory(_ directory: String, for loaded: Experiment.Loaded, unitsFolder: String = ".units") throws -> (RunDirectory, RunLock) {
    do {
        try Experiment.checkDirectory(directory, specText: loaded.canonicalText)
        let store = RunDirectory(path: directory, unitsFolder: unitsFolder)
        return (store, try store.lock())
    } catch {
        throw CommandFailure.badInput("\(error)")
    }
}

/// Runs a loaded spec into `directory` and writes every file of the run, the manifest last.
func runExperiment(_ loaded: Experiment.Loaded, into directory: String, jobs: Int, quiet: Bool = false) throws {
    let (runDirectory, lock) = try openRunDirectory(directory, for: loaded)
    defer { lock.release() }
    let runner = Runner(study: loaded.study, jobs: jobs)
    let bar = ProgressBar(label: loaded.spec.name, quiet: quiet)
    let units: [Runner.Unit: UnitResult]
    do {
        units = try runner.run(in: runDirectory) { done, total, unit in bar.update(done: done, total: total, item: unit) }
        bar.finish()
    } catch {
        throw CommandFailure.badInput("\(error)")
    }
    try finishRun(loaded, units, into: runDirectory)
}

/// Writes every file of a finished run from its units (the manifest last) and drops the unit store.
func finishRun(_ loaded: Experiment.Loaded, _ units: [Runner.Unit: UnitResult], into runDirectory: RunDirectory) throws {
    let directory = runDirectory.path
    do {
        let results = try Runner(study: loaded.study, jobs: 1).assemble(units)
        try Experiment.writeData(results, specText: loaded.canonicalText, to: directory)
        try writeReport(results, to: directory)
        try AtomicFile.write(CanonicalJSON.string(Experiment.provenance(version: Understudy.version, spec: loaded.spec,
                                                                        specText: loaded.canonicalText), pretty: true),
                             to: directory + "/provenance.json")
        try Manifest.write(directory: directory)
        if runDirectory.unitsFolder == ".units" { runDirectory.removeUnits() }
        runDirectory.removeTemporaryFiles()
    } catch let failure as CommandFailure {
        throw failure
    } catch {
        throw CommandFailure.badInput("\(error)")
    }
}

/// Runs one shard's units into its own directory (resumable, like a whole run).
func runShard(_ loaded: Experiment.Loaded, index: Int, count: Int, into directory: String, jobs: Int) throws {
    let (store, lock) = try openRunDirectory(directory, for: loaded, unitsFolder: "units")
    defer { lock.release() }
    let runner = Runner(study: loaded.study, jobs: jobs)
    let selected = runner.units(ofShard: index, of: count)
    let bar = ProgressBar(label: "\(loaded.spec.name) shard \(index)/\(count)", quiet: false)
    do {
        try AtomicFile.write(loaded.canonicalText, to: directory + "/spec.toml")
        _ = try runner.run(in: store, selected: selected) { done, total, unit in bar.update(done: done, total: total, item: unit) }
        bar.finish()
        let info = ShardInfo(index: index, count: count, specSHA256: Digest.sha256Hex(loaded.canonicalText),
                             version: Understudy.version, units: selected.map(runner.id))
        try AtomicFile.write(CanonicalJSON.string(info.json, pretty: true), to: directory + "/" + ShardInfo.fileName)
    } catch {
        throw CommandFailure.badInput("\(error)")
    }
}

/// `understudy merge DIR...`: join complete shards into one run directory.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard directories of one run into its run directory.",
        discussion: """
        Checks that the directories are shards 1…N of the same spec, seed and code version, each \
        complete, then writes the run directory exactly as the unsharded run would.

        Example:
          understudy run seeds/driving-loop.toml --shard 1/2 --out /tmp/s1
          understudy run seeds/driving-loop.toml --shard 2/2 --out /tmp/s2
          understudy merge /tmp/s1 /tmp/s2 --out reports/driving-loop
        """
    )

    @Argument(help: "Shard directories written by `understudy run --shard I/N`.")
    var shards: [String]

    @Option(help: "Run directory to write (default: reports/<name>).")
    var out: String?

    func run() throws {
        let loaded: Experiment.Loaded
        let units: [Runner.Unit: UnitResult]
        do { (loaded, units) = try Shards.collect(shards, version: Understudy.version) } catch {
            throw CommandFailure.badInput("\(error)")
        }
        let (store, lock) = try openRunDirectory(out ?? "reports/\(loaded.spec.name)", for: loaded)
        defer { lock.release() }
        try finishRun(loaded, units, into: store)
        print(store.path)
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

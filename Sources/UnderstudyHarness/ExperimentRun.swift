import Foundation
import UnderstudyDeterminism
import UnderstudyExperiments
import UnderstudyReports

/// One spec run into a run directory, whole or as a shard: the runner computes the work
/// units, then every file of the run is written from the stored units — results, figures,
/// report, provenance and, last, the manifest — so a resumed, sharded or re-run run writes
/// the same bytes as an uninterrupted one.
public struct ExperimentRun: Sendable {
    public var loaded: Study
    /// Worker threads; never changes a byte.
    public var jobs: Int

    public init(_ loaded: Study, jobs: Int) {
        self.loaded = loaded
        self.jobs = max(1, jobs)
    }

    /// `reports/<name>`: where a run goes without `--out`.
    public var defaultDirectory: String { "reports/\(loaded.spec.name)" }

    /// Runs every unit missing from `directory` and writes the finished run into it.
    /// - Returns: how long the units took (also written to `timing.json`).
    @discardableResult
    public func run(into directory: String, progress: RunProgress? = nil) throws(HarnessError) -> WallTime {
        let claim = try RunDirectoryClaim(directory, for: loaded)
        defer { claim.release() }
        let runner = Runner(study: loaded, jobs: jobs)
        let units = try HarnessError.wrapping { try runner.run(in: claim.directory, progress: progress) }
        let wallTime = WallTime(runner: runner, stores: [claim.directory])
        try FinishedRun(loaded).write(units, into: claim.directory, wallTime: wallTime)
        return wallTime
    }

    /// Runs the units of `shard` into `directory` (resumable, like a whole run) and marks the
    /// shard finished with its `shard.json`.
    public func run(_ shard: Shard, into directory: String, progress: RunProgress? = nil) throws(HarnessError) {
        let claim = try RunDirectoryClaim(directory, for: loaded, unitsFolder: "units")
        defer { claim.release() }
        let runner = Runner(study: loaded, jobs: jobs)
        let selected = runner.units(ofShard: shard.index, of: shard.count)
        try HarnessError.wrapping {
            try AtomicFile.write(loaded.canonicalText, to: directory + "/spec.toml")
            _ = try runner.run(in: claim.directory, selected: selected, progress: progress)
            let specSHA256 = Digest.sha256Hex(loaded.canonicalText)
            let ids = selected.map(runner.id)
            let digests = ids.map { ShardInfo.unitDigest(specSHA256: specSHA256, id: $0, bytes: claim.directory.storedUnit($0) ?? []) }
            let info = ShardInfo(index: shard.index, count: shard.count, specSHA256: specSHA256,
                                 version: Harness.version, units: ids, unitSHA256: digests)
            try AtomicFile.write(CanonicalJSON.string(info.json, pretty: true), to: directory + "/" + ShardInfo.fileName)
        }
    }
}

/// Writes every file of a finished run from its units — the data, the report, provenance.json
/// and, last, MANIFEST.sha256 — then `timing.json` (outside the manifest), and drops the unit
/// store and a killed writer's leftovers.
public struct FinishedRun: Sendable {
    public var loaded: Study

    public init(_ loaded: Study) { self.loaded = loaded }

    public func write(_ units: [Runner.Unit: UnitResult], into runDirectory: RunDirectory, wallTime: WallTime? = nil) throws(HarnessError) {
        let directory = runDirectory.path
        try HarnessError.wrapping {
            let results = try Runner(study: loaded, jobs: 1).assemble(units)
            try Self.writeData(results, specText: loaded.canonicalText, to: directory)
            try Report.write(runDirectory: directory)
            try AtomicFile.write(CanonicalJSON.string(Self.provenance(spec: loaded.spec, specText: loaded.canonicalText), pretty: true),
                                 to: directory + "/provenance.json")
            try Manifest.write(directory: directory)
            let timing = directory + "/" + WallTime.fileName
            if let wallTime, !wallTime.isEmpty {
                try AtomicFile.write(CanonicalJSON.string(wallTime.json, pretty: true), to: timing)
            } else if FileManager.default.fileExists(atPath: timing) {
                try FileManager.default.removeItem(atPath: timing)   // an earlier run's, not these units'
            }
        }
        if runDirectory.unitsFolder == ".units" { runDirectory.removeUnits() }
        runDirectory.removeTemporaryFiles()
    }

    /// Redraws the report of a stored run (nothing is re-run) and rewrites its manifest.
    /// - Returns: the figures drawn, in report order.
    public static func redrawReport(in directory: String) throws(HarnessError) -> [ReportFigure] {
        guard RunArguments.isDirectory(directory) else { throw .noRunDirectory(directory) }
        try RunDirectoryClaim.refuseSymlinks(in: directory)
        try refuseForeignFigures(in: directory)
        return try HarnessError.wrapping {
            let figures = try Report.write(runDirectory: directory)
            try Manifest.write(directory: directory)
            return figures
        }
    }

    /// Refuses to redraw over figures a user put into `figures/`: the report replaces the
    /// figures it drew and deletes stale ones, so a PNG or SVG there that the run's manifest
    /// does not list (not written by understudy) would be lost. Without a manifest (an
    /// interrupted run) every figure is the run's own.
    static func refuseForeignFigures(in directory: String) throws(HarnessError) {
        guard let manifest = try? Manifest.read(directory: directory) else { return }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/figures")) ?? []
        for name in names.sorted() where (name.hasSuffix(".png") || name.hasSuffix(".svg")) && manifest.entries["figures/" + name] == nil {
            throw .runDirectory(.holdsForeignFigure(directory + "/figures/" + name))
        }
    }

    /// The data files of a run: `spec.toml`, `results.json`, `results.csv`, `trajectories.json`.
    static func writeData(_ results: RunResults, specText: String, to directory: String) throws {
        try AtomicFile.write(specText, to: directory + "/spec.toml")
        try AtomicFile.write(CanonicalJSON.string(results.json(), pretty: true), to: directory + "/results.json")
        try AtomicFile.write(results.csv().text(), to: directory + "/results.csv")
        try AtomicFile.write(CanonicalJSON.string(results.trajectoriesJSON()), to: directory + "/trajectories.json")
    }

    /// `provenance.json`: how the run was made. Outside the manifest; no time or host name,
    /// so a rerun on the same platform writes the same bytes.
    public static func provenance(spec: ExperimentSpec, specText: String, version: String = Harness.version) -> JSONValue {
        #if arch(x86_64)
        let arch = "x86_64"
        #elseif arch(arm64)
        let arch = "arm64"
        #else
        let arch = "unknown"
        #endif
        #if os(Linux)
        let os = "linux"
        #elseif os(macOS)
        let os = "macos"
        #else
        let os = "unknown"
        #endif
        return .object([
            "tool": .string("understudy"),
            "version": .string(version),
            "platform": .string("\(os)-\(arch)"),
            "spec_sha256": .string(Digest.sha256Hex(specText)),
            "experiment": .string(spec.name),
        ])
    }
}

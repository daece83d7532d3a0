import UnderstudyDeterminism
import UnderstudyExperiments
import UnderstudyReports
import Foundation

/// `understudy reproduce`: runs every spec of seeds/ (or those named) into reports/ and links
/// them from reports/index.html — what `make reproduce` calls; the committed reports/ is
/// exactly what it writes.
///
/// Each spec runs into `reports/.staging-<name>` and replaces `reports/<name>` only once it is
/// complete, so an interrupted reproduce never leaves a half-written report where a good one
/// was (and resumes in the staging directory when started again).
public struct Reproduction: Sendable {
    /// Where the reports go.
    public var reports: String
    /// Worker threads; never changes a byte.
    public var jobs: Int

    public init(reports: String = "reports", jobs: Int) {
        self.reports = reports
        self.jobs = jobs
    }

    /// Every `*.toml` in `directory`, sorted.
    public static func specPaths(in directory: String) throws(HarnessError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .noSpecsDirectory(directory)
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let paths = names.filter { $0.hasSuffix(".toml") }.sorted().map { directory + "/" + $0 }
        guard !paths.isEmpty else { throw .noSpecs(in: directory) }
        return paths
    }

    /// Reads every spec first — a bad one, or one over `limits`, stops the job before
    /// anything is written — and refuses two specs that would write the same report folder.
    public static func load(_ paths: [String], limits: ResourceLimits = .standard) throws(HarnessError) -> [(path: String, loaded: Study)] {
        var specs: [(path: String, loaded: Study)] = []
        var seen: [String: String] = [:]
        for path in paths { specs.append((path, try Harness.loadSpec(path, limits: limits))) }
        for (path, loaded) in specs {
            let name = loaded.spec.name
            if let other = seen[name] { throw .sameReportName(name, path, other) }
            seen[name] = path
        }
        return specs
    }

    /// Refuses a reports folder that cannot take reports — a file, a symbolic link, a path
    /// the file system does not take — before any spec runs or any progress is printed.
    public func checkReportsFolder() throws(HarnessError) {
        try RunDirectoryClaim.checkPath(reports, flag: "--reports")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: reports, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw .runDirectory(.notADirectory(reports, flag: "--reports"))
        }
    }

    /// Refuses to start when a spec's `reports/<name>` is a file or a folder that holds no run
    /// (no spec.toml): reproduce replaces a report, never someone's other files.
    public func checkReportDirectories(_ specs: [(path: String, loaded: Study)]) throws(HarnessError) {
        for (_, loaded) in specs {
            try RunDirectoryClaim.checkOutputFolder(directory(for: loaded), marker: "spec.toml", flag: "--reports")
        }
    }

    /// `reports/<name>`: where a spec's report ends up.
    public func directory(for loaded: Study) -> String { reports + "/" + loaded.spec.name }

    /// `reports/.staging-<name>`: where it is written first.
    public func stagingDirectory(for loaded: Study) -> String { reports + "/.staging-" + loaded.spec.name }

    /// Runs one spec into its staging directory, then swaps it in for the old report.
    public func reproduce(_ loaded: Study, progress: RunProgress? = nil) throws(HarnessError) {
        let final = directory(for: loaded)
        let staging = stagingDirectory(for: loaded)
        if (try? AtomicFile.readText(staging + "/spec.toml")) != loaded.canonicalText {
            try? FileManager.default.removeItem(atPath: staging)   // a different spec's leftovers
        }
        try ExperimentRun(loaded, jobs: jobs).run(into: staging, progress: progress)
        let old = reports + "/.old-" + loaded.spec.name
        try? FileManager.default.removeItem(atPath: old)
        try HarnessError.wrapping {
            if FileManager.default.fileExists(atPath: final) { try FileManager.default.moveItem(atPath: final, toPath: old) }
            try FileManager.default.moveItem(atPath: staging, toPath: final)
        }
        try? FileManager.default.removeItem(atPath: old)
    }

    /// Writes `reports/index.html`, linking every report; returns its path.
    @discardableResult
    public func writeIndex() throws(HarnessError) -> String {
        try HarnessError.wrapping { try Report.writeIndex(reportsDirectory: reports) }
        return reports + "/index.html"
    }
}

import Foundation
import UnderstudyReports

/// `understudy compare`: a side-by-side report of two stored runs (nothing is re-run).
public struct RunComparison: Sendable {
    public var runA: String
    public var runB: String

    public init(_ runA: String, _ runB: String) {
        self.runA = runA
        self.runB = runB
    }

    /// `compare-<last path component of A>-vs-<of B>`, e.g. compare-driving-loop-vs-rerun.
    public var defaultDirectory: String {
        func name(_ path: String) -> String {
            let trimmed = path.split(separator: "/").last.map(String.init) ?? "run"
            return trimmed == "." || trimmed == ".." || trimmed.isEmpty ? "run" : trimmed
        }
        return "compare-\(name(runA))-vs-\(name(runB))"
    }

    /// Writes the comparison report into `directory` (default: `defaultDirectory`) and returns
    /// its summary; whether the runs differ is the summary's `identical`, not an error.
    public func write(into directory: String? = nil) throws(HarnessError) -> ComparisonSummary {
        for run in [runA, runB] where !RunArguments.isDirectory(run) { throw .noRunDirectory(run) }
        try RunDirectoryClaim.checkPath(directory ?? defaultDirectory)
        try Harness.requireApart(output: directory ?? defaultDirectory, from: [runA, runB])
        try RunDirectoryClaim.checkOutputFolder(directory ?? defaultDirectory, marker: "comparison.json")
        let figures = [runA, runB].flatMap { run in
            ((try? FileManager.default.contentsOfDirectory(atPath: run + "/figures")) ?? []).map { run + "/figures/" + $0 }
        }
        try Harness.checkImageSizes(figures.filter { $0.hasSuffix(".png") })
        return try HarnessError.wrapping { try Comparison.write(runA: runA, runB: runB, out: directory ?? defaultDirectory) }
    }

    /// Throws the difference (exit 1) when `summary` says the runs are not identical.
    public func requireIdentical(_ summary: ComparisonSummary) throws(HarnessError) {
        if !summary.identical { throw .runsDiffer(runA, runB) }
    }
}

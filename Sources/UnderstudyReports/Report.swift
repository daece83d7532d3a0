import UnderstudyDeterminism
import UnderstudyExperiments
import Foundation
import UnderstudyPlotting

/// The visual report of a run directory: `figures/<name>.png` (2×) and `.svg`, `index.html`
/// and `report.pdf` (a summary page, each figure with its caption, the spec), drawn from the stored `spec.toml`, `results.json`
/// and `trajectories.json` alone — so `understudy report` can redraw a report without
/// re-running anything, and the same data always gives the same bytes.
public enum Report {
    /// Draws every figure the run supports and writes the report's files atomically.
    ///
    /// Figures a previous report wrote that this one no longer draws (`figures/*.png|svg`) are
    /// removed, so the directory's manifest lists only the current report.
    /// - Returns: the figures written, in report order.
    @discardableResult
    public static func write(runDirectory directory: String) throws -> [ReportFigure] {
        let specPath = directory + "/spec.toml"
        if let loaded = try? Study.load(specPath), loaded.isSweep {
            return try SweepReport.write(directory, loaded: loaded, specText: (try? AtomicFile.readText(specPath)) ?? loaded.canonicalText)
        }
        let run = try StoredRun.load(directory)
        let figures = try Report.figures(run)
        try publish(page(run, figures: figures), to: directory)
        return figures
    }

    /// The figures of the run stored in `directory`, in report order, without writing anything.
    public static func figures(runDirectory directory: String) throws -> [ReportFigure] {
        try figures(try StoredRun.load(directory))
    }

    // MARK: - Implementation details

    static func figures(_ run: StoredRun) throws -> [ReportFigure] {
        var out: [ReportFigure] = []
        if run.spec.environment.id == "driving-loop" {
            out += try DrivingLoopFigures.figures(run)
            out += try TransferFigures.figures(run)
        } else if run.spec.environment.id == "gridworld" {
            out += GridworldFigures.figures(run)
        } else {
            out += PhasePortraits.figures(run)
        }
        out += CurveFigures.figures(run)
        return out
    }

    /// Rendered bytes for `path`, a drawing failure reported against it.
    static func render(_ path: String, _ body: () throws -> [UInt8]) throws -> [UInt8] {
        do { return try body() } catch {
            throw ReportError.cannotWrite(path: path, what: "\(error)")
        }
    }

    /// Writes a report file; a failure is one `cannotWrite` naming `path` and the system's
    /// reason (AtomicFile's own error is unwrapped, not quoted inside another).
    static func write(_ bytes: [UInt8], to path: String) throws {
        do { try AtomicFile.write(bytes, to: path) } catch {
            throw ReportError.cannotWrite(path: path, what: SystemReason.of(error))
        }
    }

    static func removeStaleFigures(in directory: String, keeping names: Set<String>) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for entry in entries.sorted() where entry.hasSuffix(".png") || entry.hasSuffix(".svg") {
            let stem = String(entry.dropLast(4))
            if !names.contains(stem) { try? FileManager.default.removeItem(atPath: directory + "/" + entry) }
        }
    }

    /// The page of one experiment: its summary table with what it shows, and its figures.
    static func page(_ run: StoredRun, figures: [ReportFigure]) -> ReportPage {
        let spec = run.spec
        let summary = SummaryTable(run)
        let description = "Experiment \(spec.name) on \(spec.environment.id), master seed \(spec.seed), "
            + "\(spec.seeds) seed\(spec.seeds == 1 ? "" : "s"); methods: "
            + spec.methods.map { "\($0.name) (\($0.algorithm.rawValue))" }.joined(separator: ", ") + "."
        var page = ReportPage(title: spec.title, description: description, summaryHeading: "Summary", summary: summary,
                              findings: summary.findings(), figures: figures, specText: run.specText)
        if !spec.transfer.isEmpty {
            page.extraHeading = "In the changed cars (reward transfer)"
            page.extraTables = TransferFigures.tables(run)
            page.extraFindings = TransferFigures.findings(run)
        }
        return page
    }
}

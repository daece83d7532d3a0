import ArgumentParser
import UnderstudyDeterminism
import UnderstudyExperiments
import Foundation
import UnderstudyReports

/// Draws a run's figures, index.html and report.pdf from the data files `run` has just written.
func writeReport(_ results: RunResults, to directory: String) throws {
    try Report.write(runDirectory: directory)
}

/// `understudy report RUN_DIR`: redraw a run's report from its stored results.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Redraw a run's figures, index.html and report.pdf from its stored results.",
        discussion: """
        Reads spec.toml, results.json and trajectories.json of a run directory (nothing is \
        re-run), writes figures/*.png and *.svg, index.html and report.pdf, removes figures the \
        report no longer draws, and rewrites MANIFEST.sha256. The same data and code give the \
        same bytes.

        Example:
          understudy report reports/driving-loop
        """
    )

    @Argument(help: "A run directory written by `understudy run`.")
    var runDirectory: String

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: runDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure.badInput("\(runDirectory): no such run directory (expected a directory written by `understudy run`)")
        }
        let figures: [ReportFigure]
        do {
            figures = try Report.write(runDirectory: runDirectory)
            try Manifest.write(directory: runDirectory)
        } catch {
            throw CommandFailure.badInput("\(error)")
        }
        print("\(runDirectory)/index.html (\(figures.count) figure\(figures.count == 1 ? "" : "s"))")
    }
}

import ArgumentParser
import UnderstudyHarness

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
        let figures = try FinishedRun.redrawReport(in: runDirectory)
        print("\(runDirectory)/index.html (\(figures.count) figure\(figures.count == 1 ? "" : "s"))")
    }
}

import ArgumentParser
import UnderstudyHarness

/// `understudy compare RUN_A RUN_B [--out DIR]`: a side-by-side report of two runs.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two runs: metric deltas, the first diverging step, image diffs.",
        discussion: """
        Reads both run directories (nothing is re-run) and writes a comparison report to --out \
        (default: compare-<A>-vs-<B> in the current directory, named after the two directories):
        index.html with every metric of every method in both runs (means, 95 % CIs and B − A), \
        the first step where seed 0's trajectories differ, an overlay of both runs' trajectories, \
        and pixel diffs of the figures both runs drew; comparison.json holds the same numbers. \
        Exit 0 when the runs are identical, 1 when they differ, 2 on bad input.

        Example:
          understudy compare reports/driving-loop /tmp/driving-loop-rerun
          /tmp/driving-loop-rerun … identical
        """
    )

    @Argument(help: "The first run directory (A).")
    var runA: String

    @Argument(help: "The second run directory (B).")
    var runB: String

    @Option(help: "Where to write the comparison (default: compare-<A>-vs-<B>).")
    var out: String?

    func run() throws {
        let comparison = RunComparison(runA, runB)
        let summary = try comparison.write(into: out)
        print(summary.text)
        print("report: \(out ?? comparison.defaultDirectory)/index.html")
        try comparison.requireIdentical(summary)
    }
}

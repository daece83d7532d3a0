import Experiments

/// Draws a run's figures, index.html and report.pdf (filled in by the Reports module).
func writeReport(_ results: RunResults, to directory: String) throws {}

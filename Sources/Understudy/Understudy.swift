// The umbrella module: `import Understudy` brings every library module of the package, as
// swift-numerics' `Numerics` does for its modules. Import the single modules to depend on less.
@_exported import UnderstudyDeterminism
@_exported import UnderstudyEnvironments
@_exported import UnderstudyExperiments
@_exported import UnderstudyGoldenImage
@_exported import UnderstudyHarness
@_exported import UnderstudyImitation
@_exported import UnderstudyLearning
@_exported import UnderstudyPNG
@_exported import UnderstudyPlotting
@_exported import UnderstudyReports
@_exported import UnderstudyTOML

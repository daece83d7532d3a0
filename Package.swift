// swift-tools-version: 6.0
import PackageDescription

// Every target and product name starts with `Understudy` (C modules with `CUnderstudy`):
// SwiftPM needs target names to be unique across a whole package graph, so a user package
// with its own `Plotting` target can still depend on us. docs/ARCHITECTURE.md draws the graph.
let package = Package(
    name: "Understudy",
    // Synchronization.Atomic (UnderstudyDeterminism's parallelMap) needs macOS 15.
    platforms: [.macOS(.v15)],
    products: [
        // Everything at once, re-exported (as swift-numerics' `Numerics`).
        .library(name: "Understudy", targets: ["Understudy"]),
        .library(name: "UnderstudyDeterminism", targets: ["UnderstudyDeterminism"]),
        .library(name: "UnderstudyEnvironments", targets: ["UnderstudyEnvironments"]),
        .library(name: "UnderstudyLearning", targets: ["UnderstudyLearning"]),
        .library(name: "UnderstudyImitation", targets: ["UnderstudyImitation"]),
        .library(name: "UnderstudyTOML", targets: ["UnderstudyTOML"]),
        .library(name: "UnderstudyExperiments", targets: ["UnderstudyExperiments"]),
        .library(name: "UnderstudyPlotting", targets: ["UnderstudyPlotting"]),
        .library(name: "UnderstudyReports", targets: ["UnderstudyReports"]),
        .library(name: "UnderstudyHarness", targets: ["UnderstudyHarness"]),
        .library(name: "UnderstudyPNG", targets: ["UnderstudyPNG"]),
        .library(name: "UnderstudyGoldenImage", targets: ["UnderstudyGoldenImage"]),
        // The golden-image assertions, one product per test framework.
        .library(name: "UnderstudyGoldenImageXCTest", targets: ["UnderstudyGoldenImageXCTest"]),
        .library(name: "UnderstudyGoldenImageSwiftTesting", targets: ["UnderstudyGoldenImageSwiftTesting"]),
        .executable(name: "understudy", targets: ["UnderstudyCLI"]),
        .executable(name: "understudy-bench", targets: ["understudy-bench"]),
        .executable(name: "understudy-mathcheck", targets: ["UnderstudyMathCheck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `swift package generate-documentation`: the DocC catalogs in Sources/*/*.docc.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CUnderstudyCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"]), .brew(["cairo"])]
        ),
        // zlib alone, for PNG encoding and decoding: comparing images needs no cairo.
        .systemLibrary(name: "CUnderstudyZlib", providers: [.apt(["zlib1g-dev"])]),
        // The glibc-compatible math kernels in C, built for the fma instruction and without it.
        .target(name: "CUnderstudyMath"),
        .target(name: "UnderstudyDeterminism", dependencies: ["CUnderstudyMath"]),
        .target(name: "UnderstudyEnvironments", dependencies: ["UnderstudyDeterminism"]),
        .target(name: "UnderstudyLearning", dependencies: ["UnderstudyDeterminism", "CUnderstudyMath"]),
        .target(name: "UnderstudyImitation", dependencies: ["UnderstudyDeterminism", "UnderstudyEnvironments", "UnderstudyLearning"]),
        // TOML 1.0 with positions, and its canonical writer: what specs are written in, no more.
        .target(name: "UnderstudyTOML"),
        .target(name: "UnderstudyExperiments",
                dependencies: ["UnderstudyDeterminism", "UnderstudyEnvironments", "UnderstudyLearning", "UnderstudyImitation",
                               "UnderstudyTOML"]),
        // Plotting's pixel loops in C, for SSE2 (see include/).
        .target(name: "CUnderstudyPlotting"),
        .target(name: "UnderstudyPlotting",
                dependencies: ["UnderstudyDeterminism", "CUnderstudyCairo", "CUnderstudyPlotting", "UnderstudyPNG"]),
        // The one PNG encoder (figures and golden-image diffs), its Adler-32 in C for SSE2.
        .target(name: "CUnderstudyPNG"),
        .target(name: "UnderstudyPNG", dependencies: ["UnderstudyDeterminism", "CUnderstudyZlib", "CUnderstudyPNG"]),
        .target(name: "UnderstudyReports",
                dependencies: ["UnderstudyDeterminism", "UnderstudyEnvironments", "UnderstudyImitation", "UnderstudyTOML",
                               "UnderstudyExperiments", "UnderstudyPlotting", "UnderstudyGoldenImage"]),
        .target(name: "UnderstudyGoldenImage", dependencies: ["CUnderstudyZlib", "UnderstudyPNG"]),
        // What the CLI does — run, shard and merge, verify, reproduce, compare, submit — as a
        // library above Experiments and Reports, so it can be tested in-process.
        .target(name: "UnderstudyHarness",
                dependencies: ["UnderstudyDeterminism", "UnderstudyTOML", "UnderstudyExperiments", "UnderstudyReports",
                               "UnderstudyGoldenImage", "UnderstudyPNG"]),
        // The assertions for XCTest and for Swift Testing, apart so the CLI never links a test framework.
        .target(name: "UnderstudyGoldenImageXCTest", dependencies: ["UnderstudyGoldenImage"]),
        .target(name: "UnderstudyGoldenImageSwiftTesting", dependencies: ["UnderstudyGoldenImage"]),
        .target(name: "Understudy",
                dependencies: ["UnderstudyDeterminism", "UnderstudyEnvironments", "UnderstudyLearning", "UnderstudyImitation",
                               "UnderstudyTOML", "UnderstudyExperiments", "UnderstudyPlotting", "UnderstudyReports",
                               "UnderstudyPNG", "UnderstudyGoldenImage", "UnderstudyHarness"]),
        .executableTarget(
            name: "UnderstudyCLI",
            dependencies: [
                "UnderstudyDeterminism", "UnderstudyEnvironments", "UnderstudyExperiments", "UnderstudyGoldenImage",
                "UnderstudyHarness",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "understudy-bench",
            dependencies: ["UnderstudyDeterminism", "UnderstudyEnvironments", "UnderstudyLearning", "UnderstudyImitation",
                           "UnderstudyPlotting", "UnderstudyReports", "UnderstudyGoldenImage", "UnderstudyHarness", "CUnderstudyCairo"],
            path: "Benchmarks/understudy-bench"
        ),
        // The long bit-for-bit check of PortableMath (new scalar == frozen old scalar, array ==
        // scalar on 10^8 inputs a function), natively and under qemu; see docs/ARCHITECTURE.md.
        .executableTarget(
            name: "UnderstudyMathCheck",
            dependencies: ["UnderstudyDeterminism"],
            path: "Benchmarks/understudy-mathcheck",
            exclude: ["Frozen/README.md"]
        ),
        .testTarget(name: "UnderstudyDeterminismTests", dependencies: ["UnderstudyDeterminism", "CUnderstudyMath"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "UnderstudyEnvironmentsTests", dependencies: ["UnderstudyEnvironments", "UnderstudyDeterminism"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "UnderstudyLearningTests", dependencies: ["UnderstudyLearning", "UnderstudyDeterminism", "CUnderstudyMath"]),
        .testTarget(name: "UnderstudyImitationTests",
                    dependencies: ["UnderstudyImitation", "UnderstudyEnvironments", "UnderstudyLearning", "UnderstudyDeterminism"]),
        .testTarget(name: "UnderstudyTOMLTests", dependencies: ["UnderstudyTOML"]),
        .testTarget(name: "UnderstudyExperimentsTests", dependencies: ["UnderstudyExperiments", "UnderstudyTOML"]),
        .testTarget(name: "UnderstudyPlottingTests",
                    dependencies: ["UnderstudyPlotting", "UnderstudyDeterminism", "CUnderstudyCairo", "UnderstudyGoldenImage"]),
        .testTarget(name: "UnderstudyReportsTests",
                    dependencies: ["UnderstudyReports", "UnderstudyEnvironments", "UnderstudyDeterminism", "UnderstudyGoldenImage",
                                   "UnderstudyGoldenImageXCTest"],
                    resources: [.copy("__Goldens__")]),
        .testTarget(name: "UnderstudyPNGTests", dependencies: ["UnderstudyPNG", "UnderstudyGoldenImage", "CUnderstudyZlib"]),
        .testTarget(name: "UnderstudyGoldenImageTests",
                    dependencies: ["UnderstudyGoldenImage", "UnderstudyGoldenImageXCTest", "UnderstudyGoldenImageSwiftTesting",
                                   "CUnderstudyZlib", "CUnderstudyCairo"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "UnderstudyHarnessTests",
                    dependencies: ["UnderstudyHarness", "UnderstudyExperiments", "UnderstudyTOML", "UnderstudyReports", "UnderstudyDeterminism"]),
        // Reads Sources/ from #filePath: platform modules only inside their #if, doc comments on public symbols.
        .testTarget(name: "UnderstudySourceTreeTests"),
        .testTarget(name: "UnderstudyCLITests", dependencies: ["UnderstudyCLI", "UnderstudyDeterminism"]),
    ],
    swiftLanguageModes: [.v6]
)

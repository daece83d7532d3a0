// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Understudy",
    products: [
        .library(name: "Determinism", targets: ["Determinism"]),
        .library(name: "Environments", targets: ["Environments"]),
        .library(name: "Learning", targets: ["Learning"]),
        .library(name: "Imitation", targets: ["Imitation"]),
        .library(name: "Experiments", targets: ["Experiments"]),
        .library(name: "Plotting", targets: ["Plotting"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "GoldenImage", targets: ["GoldenImage"]),
        .library(name: "GoldenImageXCTest", targets: ["GoldenImageXCTest"]),
        .executable(name: "understudy", targets: ["understudy"]),
        .executable(name: "understudy-bench", targets: ["understudy-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]
        ),
        .target(name: "Determinism"),
        .target(name: "Environments", dependencies: ["Determinism"]),
        .target(name: "Learning", dependencies: ["Determinism"]),
        .target(name: "Imitation", dependencies: ["Determinism", "Environments", "Learning"]),
        // Plotting's pixel loops in C, for SSE2 (see include/).
        .target(name: "CPlotting"),
        .target(name: "Plotting", dependencies: ["Determinism", "CCairo", "CPlotting"]),
        .target(name: "Reports", dependencies: ["Determinism", "Environments", "Experiments", "Plotting", "GoldenImage"]),
        .target(name: "GoldenImage", dependencies: ["CCairo"]),
        // XCTest / Swift Testing assertions, apart so the CLI never links XCTest.
        .target(name: "GoldenImageXCTest", dependencies: ["GoldenImage"]),
        .target(name: "Experiments", dependencies: ["Determinism", "Environments", "Learning", "Imitation"]),
        .executableTarget(
            name: "understudy",
            dependencies: [
                "Determinism", "Environments", "Learning", "Imitation", "Experiments", "Reports", "GoldenImage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "understudy-bench",
            dependencies: ["Determinism", "Environments", "Learning", "Imitation", "Plotting", "Reports", "GoldenImage", "CCairo"],
            path: "Benchmarks/understudy-bench"
        ),
        .testTarget(name: "DeterminismTests", dependencies: ["Determinism"], resources: [.copy("Fixtures")]),
        .testTarget(name: "EnvironmentsTests", dependencies: ["Environments", "Determinism"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "Determinism"]),
        .testTarget(name: "ImitationTests", dependencies: ["Imitation", "Environments", "Learning", "Determinism"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Environments", "Determinism"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "Determinism", "CCairo", "GoldenImage"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Experiments", "Determinism", "GoldenImage", "GoldenImageXCTest"],
                    resources: [.copy("__Goldens__")]),
        .testTarget(name: "GoldenImageTests", dependencies: ["GoldenImage", "GoldenImageXCTest", "CCairo"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "CLITests", dependencies: ["understudy", "Determinism"]),
    ],
    swiftLanguageModes: [.v6]
)

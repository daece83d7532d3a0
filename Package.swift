// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Understudy",
    products: [
        .library(name: "Determinism", targets: ["Determinism"]),
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
        .executableTarget(
            name: "understudy",
            dependencies: [
                "Determinism",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "understudy-bench",
            dependencies: ["Determinism"],
            path: "Benchmarks/understudy-bench"
        ),
        .testTarget(name: "DeterminismTests", dependencies: ["Determinism"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version: 6.0
import Foundation
import PackageDescription

// A package that uses Understudy as a user's would: BC and DAgger from code on the driving
// loop, and a golden-image test of the student's trajectory. `Examples/test.sh` builds and
// tests it (`make test` runs that).
//
// A user writes `.package(url: "https://github.com/…/understudy", from: "…")` and names the
// package `understudy`. Here it is the checkout two folders up, and SwiftPM names a path
// dependency after its folder, which is whatever the clone is called: hence `understudy`.
let understudyPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().standardizedFileURL
let understudy = understudyPath.lastPathComponent.lowercased()

let package = Package(
    name: "DrivingLoopExample",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: understudyPath.path),
    ],
    targets: [
        .target(name: "DrivingLoopExample", dependencies: [
            .product(name: "UnderstudyImitation", package: understudy),
            .product(name: "UnderstudyEnvironments", package: understudy),
            .product(name: "UnderstudyLearning", package: understudy),
            .product(name: "UnderstudyDeterminism", package: understudy),
            .product(name: "UnderstudyGoldenImage", package: understudy),
        ]),
        .testTarget(name: "DrivingLoopExampleTests",
                    dependencies: ["DrivingLoopExample",
                                   .product(name: "UnderstudyGoldenImageSwiftTesting", package: understudy)],
                    // Goldens are recorded by the tests themselves; SwiftPM must not treat them as sources.
                    exclude: ["__Goldens__"]),
    ],
    swiftLanguageModes: [.v6]
)

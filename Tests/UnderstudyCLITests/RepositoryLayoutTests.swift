import Foundation
import XCTest

/// What a new contributor relies on in the repository itself: target names that cannot clash
/// with a user's, thin commands, and a design document that names every module and is the
/// one the code cites.
final class RepositoryLayoutTests: XCTestCase {
    /// The package root, found from this file's path (Tests/UnderstudyCLITests/…).
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func text(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    /// Every `name: "…"` of a target declaration in Package.swift.
    func targetNames() throws -> [String] {
        let manifest = try text("Package.swift")
        let pattern = try NSRegularExpression(pattern: #"\.(?:target|executableTarget|testTarget|systemLibrary)\(\s*name:\s*"([^"]+)""#)
        let range = NSRange(manifest.startIndex..., in: manifest)
        return pattern.matches(in: manifest, range: range).map { String(manifest[Range($0.range(at: 1), in: manifest)!]) }
    }

    /// Swift files below `directory`, relative to the root.
    func swiftFiles(under directory: String) -> [String] {
        let base = root.appendingPathComponent(directory)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted().map { directory + "/" + $0 }
    }

    func test_targetNames_areUniqueToUs() throws {
        let names = try targetNames()
        XCTAssertGreaterThan(names.count, 10)
        let plain: Set = ["Plotting", "Learning", "Environments", "Determinism", "Imitation", "Reports", "Experiments",
                          "GoldenImage", "CCairo", "CPlotting", "TOML", "PNG", "Harness"]
        for name in names where name != "understudy-bench" {
            XCTAssertFalse(plain.contains(name), "target \(name) could clash with a user's target of the same name")
            XCTAssertTrue(name.hasPrefix("Understudy") || name.hasPrefix("CUnderstudy"), "target \(name) lacks the Understudy prefix")
        }
    }

    func test_architectureDocument_namesEveryTarget() throws {
        let architecture = try text("docs/ARCHITECTURE.md")
        for name in try targetNames() where !name.hasSuffix("Tests") {
            XCTAssertTrue(architecture.contains("`\(name)`") || architecture.contains(name), "docs/ARCHITECTURE.md does not name \(name)")
        }
    }

    func test_commands_areThinAdapters() throws {
        let commands = swiftFiles(under: "Sources/UnderstudyCLI")
        XCTAssertFalse(commands.isEmpty)
        for file in commands {
            let lines = try text(file).split(separator: "\n", omittingEmptySubsequences: false).count
            XCTAssertLessThanOrEqual(lines, 120, "\(file) has \(lines) lines: move the work into UnderstudyHarness")
        }
    }

    func test_sources_citeOnlyDocumentsInTheRepository() throws {
        for file in swiftFiles(under: "Sources") + swiftFiles(under: "Benchmarks") {
            XCTAssertFalse(try text(file).contains("DESIGN.md"), "\(file) cites DESIGN.md, which is not in the repository")
        }
    }
}

import Foundation
import XCTest

/// macOS cannot be built here, so this is the check that stands in for it: every use of a
/// platform C module (`Glibc`, `Musl`, `Darwin`) in `Sources/` sits inside an `#if` that names
/// it (`canImport(Glibc)`) or its operating system (`os(Linux)`, `os(macOS)`, …). A bare
/// `Glibc.read` compiles on Linux and breaks every Mac build.
final class PlatformModuleGuardTests: XCTestCase {
    /// The package root, found from this file's path (Tests/UnderstudySourceTreeTests/…).
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func test_platformModules_areUsedOnlyInsideTheirGuards() throws {
        let files = swiftFiles(under: "Sources")
        XCTAssertGreaterThan(files.count, 50)
        XCTAssertTrue(files.contains { $0.hasPrefix("Sources/UnderstudyCLI/") }, "the command line is checked too")
        XCTAssertEqual(try unguardedUses(in: files), [], "platform modules used outside their #if canImport(…)/#if os(…)")
    }

    func unguardedUses(in files: [String]) throws -> [String] {
        var unguarded: [String] = []
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            unguarded += PlatformGuard.unguardedUses(in: text).map { "\(file):\($0.line): \($0.module)" }
        }
        return unguarded
    }

    /// The checker itself, on the cases that matter.
    func test_checker_findsBareUsesAndAcceptsGuardedOnes() {
        let guarded = """
        #if canImport(Glibc)
        import Glibc
        #elseif canImport(Darwin)
        import Darwin
        #endif
        func f() {
            #if os(Linux)
            Glibc.exit(0)
            #endif
            // Glibc in a comment is fine, and so is GlibcSinCosKernel.
            GlibcSinCosKernel.sin(1, 0)
        }
        """
        XCTAssertEqual(PlatformGuard.unguardedUses(in: guarded).count, 0)
        let bare = """
        #if canImport(Glibc)
        import Glibc
        #else
        let x = Darwin.read
        #endif
        let y = Glibc.read
        """
        XCTAssertEqual(PlatformGuard.unguardedUses(in: bare).map(\.line), [4, 6])
    }

    /// Swift files below `directory`, relative to the root.
    func swiftFiles(under directory: String) -> [String] {
        let base = root.appendingPathComponent(directory)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted().map { directory + "/" + $0 }
    }
}

/// A line-based reading of Swift's `#if` blocks: enough for import guards, not a parser.
enum PlatformGuard {
    static let modules = ["Glibc", "Musl", "Darwin"]
    /// The `os(…)` names under which each module exists.
    static let systems = ["Glibc": ["Linux"], "Musl": ["Linux"],
                          "Darwin": ["macOS", "iOS", "tvOS", "watchOS", "visionOS"]]

    /// Each (line, module) where a platform module is named outside a branch that guards it.
    static func unguardedUses(in text: String) -> [(line: Int, module: String)] {
        var branches: [String] = []     // the condition of each open #if branch; "" for #else
        var found: [(line: Int, module: String)] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.range(of: "//").map { String(rawLine[..<$0.lowerBound]) } ?? String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#if ") { branches.append(String(trimmed.dropFirst(4))); continue }
            if trimmed.hasPrefix("#elseif ") { branches[branches.count - 1] = String(trimmed.dropFirst(8)); continue }
            if trimmed.hasPrefix("#else") { branches[branches.count - 1] = ""; continue }
            if trimmed.hasPrefix("#endif") { branches.removeLast(); continue }
            for module in modules where names(module, in: line) && !isGuarded(module, by: branches) {
                found.append((index + 1, module))
            }
        }
        return found
    }

    /// Whether `line` holds `module` as a whole identifier (not `GlibcPowKernel`).
    static func names(_ module: String, in line: String) -> Bool {
        let characters = Array(line), word = Array(module)
        guard characters.count >= word.count else { return false }
        for start in 0...(characters.count - word.count) where Array(characters[start..<start + word.count]) == word {
            let before = start == 0 ? " " : characters[start - 1]
            let after = start + word.count == characters.count ? " " : characters[start + word.count]
            if !isIdentifier(before) && !isIdentifier(after) { return true }
        }
        return false
    }

    static func isIdentifier(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    static func isGuarded(_ module: String, by branches: [String]) -> Bool {
        let guards = ["canImport(\(module))"] + systems[module, default: []].map { "os(\($0))" }
        return branches.contains { condition in guards.contains { condition.contains($0) } }
    }
}

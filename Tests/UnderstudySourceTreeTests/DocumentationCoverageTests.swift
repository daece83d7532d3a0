import Foundation
import XCTest

/// Every public declaration of the libraries users start from carries a doc comment (`///`
/// directly above it or above its attributes), so DocC and Quick Help have something to say.
final class DocumentationCoverageTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let modules = ["UnderstudyImitation", "UnderstudyGoldenImage", "UnderstudyEnvironments",
                          "UnderstudyGoldenImageXCTest", "UnderstudyGoldenImageSwiftTesting"]

    func test_everyPublicDeclaration_hasADocComment() throws {
        var undocumented: [String] = []
        for module in Self.modules {
            let directory = root.appendingPathComponent("Sources/" + module)
            let files = (FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix(".swift") }.sorted()
            XCTAssertFalse(files.isEmpty, module)
            for file in files {
                let lines = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                    .split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                for (index, line) in lines.enumerated() where Self.isPublicDeclaration(line) {
                    var above = index - 1
                    while above >= 0 && lines[above].hasPrefix("@") { above -= 1 }
                    if above < 0 || !(lines[above].hasPrefix("///") || lines[above].hasSuffix("*/")) {
                        undocumented.append("Sources/\(module)/\(file):\(index + 1): \(line.prefix(80))")
                    }
                }
            }
        }
        XCTAssertEqual(undocumented, [], "public declarations without a doc comment")
    }

    /// `public …` (after attributes), but not `public extension` or `public import`.
    static func isPublicDeclaration(_ line: String) -> Bool {
        var rest = Substring(line)
        while rest.hasPrefix("@"), let space = rest.firstIndex(of: " ") {
            rest = rest[rest.index(after: space)...].drop { $0 == " " }
        }
        guard rest.hasPrefix("public ") || rest.hasPrefix("open ") else { return false }
        return !rest.hasPrefix("public extension") && !rest.hasPrefix("public import")
    }
}

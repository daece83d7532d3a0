import Foundation
import XCTest
import UnderstudyDeterminism

final class SweepTests: XCTestCase {
    static func spec(_ values: String) -> String {
        RunCommandTests.spec.replacingOccurrences(of: "[[method]]\nname = \"BC\"", with: """
        [sweep]
        "labels.bias" = \(values)

        [[method]]
        name = "BC"
        """)
    }

    /// Every cell is named by its values, so adding a value to the grid leaves the cells that
    /// were already there exactly as they were.
    func test_addingAValue_leavesExistingCellsUnchanged() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Self.spec("[0.0, 0.02]").write(to: scratch.appendingPathComponent("small.toml"), atomically: true, encoding: .utf8)
        try Self.spec("[0.0, 0.01, 0.02]").write(to: scratch.appendingPathComponent("large.toml"), atomically: true, encoding: .utf8)
        for name in ["small", "large"] {
            let r = try CLI.run(["run", "\(name).toml", "--out", name], directory: scratch)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        func cells(_ run: String) throws -> [String: JSONValue] {
            let text = try String(contentsOf: scratch.appendingPathComponent("\(run)/results.json"), encoding: .utf8)
            guard case .object(let top) = try JSONParser.parse(text), case .array(let cells)? = top["cells"] else { return [:] }
            var out: [String: JSONValue] = [:]
            for case .object(let c) in cells { if case .string(let id)? = c["id"] { out[id] = .object(c) } }
            return out
        }
        let small = try cells("small"), large = try cells("large")
        XCTAssertEqual(Set(small.keys), ["labels.bias=0.0", "labels.bias=0.02"])
        XCTAssertEqual(large.count, 3)
        for (id, cell) in small { XCTAssertEqual(cell, large[id], id) }
        // …and the sweep figure is drawn.
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("large/figures/on-road-fraction-vs-sweep.png").path))
    }
}

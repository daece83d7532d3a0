import Foundation
import XCTest
import UnderstudyDeterminism
import UnderstudyExperiments
@testable import UnderstudyHarness

/// A temporary directory for one test, with the smallest spec that still runs the whole
/// pipeline (a driving loop, one method, one seed: two work units — BC and the expert).
struct Scratch {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("understudy-harness-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    func path(_ name: String) -> String { root + "/" + name }

    /// The tiny spec, named `name`, with master seed `seed`.
    static func spec(name: String = "tiny", seed: Int = 11) -> String {
        """
        name  = "\(name)"
        title = "Tiny driving loop"
        seed  = \(seed)
        seeds = 1

        [env]
        id = "driving-loop"
        laps = 0.5

        [demonstrations]
        laps = 0.5

        [labels]
        bias = [0.01]
        spread = [0.01]

        [[method]]
        name = "BC"
        algorithm = "bc"

        """
    }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path(name)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicFile.write(text, to: file)
        return file
    }

    /// The tiny spec written to `name.toml` and loaded.
    func loadSpec(name: String = "tiny", seed: Int = 11) throws -> Study {
        try Harness.loadSpec(try write("\(name)-\(seed).toml", Self.spec(name: name, seed: seed)))
    }

    func manifest(_ directory: String) throws -> String { try AtomicFile.readText(directory + "/" + Manifest.fileName) }
}

/// Asserts that `body` throws exactly `expected`. (Closures infer `throws(any Error)` in
/// Swift 6, so the type is checked here rather than by the compiler.)
func XCTAssertThrows<T>(_ expected: HarnessError, _ body: () throws -> T,
                        file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(harnessError(body, file: file, line: line), expected, file: file, line: line)
}

/// The `HarnessError` that `body` throws (failing the test when it throws none or another).
func harnessError<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> HarnessError? {
    do {
        _ = try body()
        XCTFail("no error", file: file, line: line)
        return nil
    } catch let error as HarnessError {
        return error
    } catch {
        XCTFail("\(error) is not a HarnessError", file: file, line: line)
        return nil
    }
}

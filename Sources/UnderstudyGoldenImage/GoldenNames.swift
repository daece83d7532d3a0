import Synchronization

// MARK: - Public API

/// Automatic golden names, as swift-snapshot-testing's: the test's name and a counter, so the
/// first image of `test_overlay()` is `test_overlay.1.png`, the second `test_overlay.2.png`.
public enum GoldenNames {
    /// The next automatic golden path for the test `function` in `testFile`:
    /// `goldenPath("<test name>.<n>", testFile:)` with n counting from 1 per file and test
    /// in this process (in call order, so keep a test's images in a fixed order).
    public static func next(testFile: StaticString, function: String) -> String {
        let name = testName(function)
        let key = "\(testFile)#\(name)"
        let n = counters.withLock { counters in
            counters[key, default: 0] += 1
            return counters[key]!
        }
        return goldenPath("\(name).\(n)", testFile: testFile)
    }

    /// `test_foo()` → `test_foo`: the form `swift test --filter` takes and file names use.
    public static func testName(_ function: String) -> String {
        if let paren = function.firstIndex(of: "(") { return String(function[..<paren]) }
        return function
    }

    // MARK: - Implementation details

    /// How many automatic names each (file, test) has used.
    private static let counters = Mutex<[String: Int]>([:])
}

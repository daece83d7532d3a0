import Foundation
import UnderstudyGoldenImage

/// Paths of the committed fixtures (copied into the test bundle as `Fixtures/`).
enum Fixture {
    static func path(_ name: String) -> String {
        Bundle.module.path(forResource: name, ofType: nil, inDirectory: "Fixtures")!
    }
    static func image(_ name: String) throws -> RGBAImage {
        try RGBAImage(contentsOfPNG: path(name))
    }
}

/// A fresh empty directory under the system temporary directory.
func makeTemporaryDirectory() throws -> String {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("GoldenImageTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

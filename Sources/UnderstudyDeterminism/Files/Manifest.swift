import Foundation

/// `MANIFEST.sha256` of a run directory, so anyone can check its bytes: `sha256sum` format
/// (`<64 hex>  <relative path>`), one line per file, sorted by path (byte order), covering every
/// file except the manifest itself, `provenance.json` and `timing.json` (wall-clock times,
/// which no rerun reproduces).
public struct Manifest: Sendable, Hashable {
    public static let fileName = "MANIFEST.sha256"
    /// Files the manifest never lists.
    public static let excluded: Set<String> = [fileName, "provenance.json", "timing.json"]

    /// Relative path → SHA-256 hex.
    public var entries: [String: String]

    public init(entries: [String: String]) { self.entries = entries }

    /// The manifest text: sorted lines in `sha256sum` format.
    public var text: String {
        entries.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
            .map { "\(entries[$0]!)  \($0)\n" }.joined()
    }

    /// The manifest of every regular file under `directory` (hidden files — names starting with
    /// `.`, such as temporary and lock files — are skipped).
    public static func compute(directory: String) throws -> Manifest {
        var entries: [String: String] = [:]
        for path in try regularFiles(under: directory) where !excluded.contains(path) {
            entries[path] = Digest.sha256Hex(try AtomicFile.read(directory + "/" + path))
        }
        return Manifest(entries: entries)
    }

    /// Computes the manifest of `directory` and writes it there atomically.
    @discardableResult
    public static func write(directory: String) throws -> Manifest {
        let manifest = try compute(directory: directory)
        try AtomicFile.write(manifest.text, to: directory + "/" + fileName)
        return manifest
    }

    /// Parses manifest text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> Manifest {
        var entries: [String: String] = [:]
        var lineNumber = 0
        // "\r\n" is one Character in Swift: a manifest saved with CRLF line ends (by an editor
        // or a checkout) splits on it too, and its lines lose the "\r".
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            if line.isEmpty { continue }
            let chars = Array(line.utf8)
            let hexDigits = Set("0123456789abcdef".utf8)
            guard chars.count > 66, chars[0..<64].allSatisfy(hexDigits.contains), chars[64] == 32, chars[65] == 32 else {
                throw DeterminismError.malformedManifestLine(file: file, line: lineNumber)
            }
            let path = String(decoding: chars[66...], as: UTF8.self)
            if path.hasPrefix("/") || path.split(separator: "/").contains("..") {
                throw DeterminismError.unsafeManifestPath(file: file, line: lineNumber, path: path)
            }
            if entries[path] != nil { throw DeterminismError.duplicateManifestPath(file: file, line: lineNumber, path: path) }
            entries[path] = String(decoding: chars[0..<64], as: UTF8.self)
        }
        return Manifest(entries: entries)
    }

    /// Reads `directory/MANIFEST.sha256`.
    public static func read(directory: String) throws -> Manifest {
        let path = directory + "/" + fileName
        return try parse(try AtomicFile.readText(path), file: path)
    }

    /// How `actual` differs from this manifest, as sorted lists of paths.
    public func differences(from actual: Manifest) -> ManifestDifferences {
        let sortedKeys = { (d: [String: String]) in d.keys.sorted() }
        return ManifestDifferences(
            changed: sortedKeys(entries).filter { actual.entries[$0] != nil && actual.entries[$0] != entries[$0] },
            missing: sortedKeys(entries).filter { actual.entries[$0] == nil },
            unexpected: sortedKeys(actual.entries).filter { entries[$0] == nil })
    }

    /// Relative paths of the regular files under `directory`, sorted, skipping hidden entries.
    public static func regularFiles(under directory: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw DeterminismError.cannotRead(directory)
        }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                paths.append(path)
            }
        }
        return paths.sorted()
    }
}

/// What a comparison of two manifests found.
public struct ManifestDifferences: Sendable, Hashable {
    public var changed: [String]
    public var missing: [String]
    public var unexpected: [String]
    public var isEmpty: Bool { changed.isEmpty && missing.isEmpty && unexpected.isEmpty }
}

